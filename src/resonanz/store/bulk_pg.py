"""Bulk loading on PostgreSQL: build the full-text and secondary indexes after the load.

The GIN index over the stored vector ``posts_fts_vector`` (German and English stems of
title and text, migration 0018_scale_indexes; before it, two GIN indexes of migration
0003) costs more server time than the rest of an upsert together when posts arrive
row by row: every new row touches hundreds of GIN pages. For a load that is large
beside the table, dropping it (and the
secondary B-tree indexes) and building them once at the end is several times
cheaper; the unique key on ``(platform, native_id)`` stays, so the upserts stay
correct.

Only one such load runs at a time per database: it holds the session-level advisory
lock :data:`BULK_LOCK` on a connection of its own from dropping the indexes until they
are back. The server releases the lock when that connection ends, also when the
importing process is killed with ``kill -9``; the next workspace that opens the
database then finds the lock free and the indexes missing, and creates them again
(:func:`create_fts_indexes`, called by :func:`resonanz.store.bulk.ensure_indexes`).
Searching while the indexes are away still works, only without the index.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, func, select, text

#: the GIN index over the stored full-text vector (migration 0018_scale_indexes)
FTS_INDEX = "ix_posts_fts_vector"
#: the stored (generated) column it indexes: German and English stems of title and text
FTS_COLUMN = "posts_fts_vector"
#: advisory lock key of a bulk load ("rzbulk" in ASCII)
BULK_LOCK = 0x727A62756C6B
#: working memory for building the indexes after a load (per statement, server side)
BUILD_MEMORY = "256MB"


def _has_fts_column(conn: Connection) -> bool:
    found = conn.execute(
        text(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = 'posts' AND column_name = :column"
        ),
        {"column": FTS_COLUMN},
    ).scalar()
    return found is not None


def create_fts_indexes(conn: Connection) -> None:
    """Create the full-text index if it is missing (a no-op when it exists, or on a store
    from before the stored vector)."""
    if conn.execute(select(func.to_regclass(FTS_INDEX))).scalar() is not None:
        return
    if not _has_fts_column(conn):
        return
    conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    conn.exec_driver_sql(
        f"CREATE INDEX IF NOT EXISTS {FTS_INDEX} ON posts USING gin ({FTS_COLUMN})"
    )


def drop_fts_indexes(conn: Connection) -> None:
    conn.exec_driver_sql(f"DROP INDEX IF EXISTS {FTS_INDEX}")


@contextmanager
def advisory_lock(engine: Engine) -> Iterator[bool]:
    """Hold :data:`BULK_LOCK` if no other session does; yields whether it was got."""
    with engine.connect() as conn:
        got = bool(conn.execute(select(func.pg_try_advisory_lock(BULK_LOCK))).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(select(func.pg_advisory_unlock(BULK_LOCK)))
                conn.commit()
