"""Alembic environment: always run programmatically with a connection supplied.

:func:`resonanz.store.engine.migrate` puts an open connection into
``config.attributes["connection"]``; there is no ``alembic.ini`` and no offline mode.
"""

from __future__ import annotations

from alembic import context

from resonanz.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through resonanz.store.engine.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
