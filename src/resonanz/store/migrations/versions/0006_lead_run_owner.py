"""Import runs know their process: ``import_runs.owner`` and ``import_runs.heartbeat_at``.

Revision ID: 0006_lead_runs
Revises: 0005
Create Date: 2026-12-02

A run killed with ``kill -9`` never reached its ``finally`` and stayed ``running``
for ever. Each run now records the process that owns it (host name, process id
and the process's start time, so a reused pid is not mistaken for the owner) and
a heartbeat written with every batch; the next import or listing marks runs
whose process is gone as ``interrupted`` (see ``store.runs.reap_dead_runs``).
Adding nullable columns needs no table copy on SQLite.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from resonanz.store.types import UTCDateTime

revision = "0006_lead_runs"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("import_runs", sa.Column("owner", sa.String(255), nullable=True))
    op.add_column("import_runs", sa.Column("heartbeat_at", UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_runs") as batch:
        batch.drop_column("heartbeat_at")
        batch.drop_column("owner")
