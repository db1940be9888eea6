"""Bulk loading on PostgreSQL: build the full-text and secondary indexes after the load.

The two GIN indexes over ``to_tsvector('german' | 'english', title || text)`` (created
by migration 0003) cost more server time than the rest of an upsert together when
posts arrive row by row: every new row parses its text twice and touches hundreds of
GIN pages. For a load that is large beside the table, dropping them (and the
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

from sqlalchemy import Connection, Engine, func, select

#: the text search configurations with a GIN index each (see migration 0003)
FTS_CONFIGS = ("german", "english")
#: advisory lock key of a bulk load ("rzbulk" in ASCII)
BULK_LOCK = 0x727A62756C6B
#: working memory for building the indexes after a load (per statement, server side)
BUILD_MEMORY = "256MB"


def fts_index_name(config: str) -> str:
    return f"ix_posts_fts_{config}"


def _create_fts_sql(config: str) -> str:
    # config is one of FTS_CONFIGS, never input; the expression is the one search uses
    return (
        f"CREATE INDEX IF NOT EXISTS {fts_index_name(config)} ON posts USING gin "
        f"(to_tsvector('{config}'::regconfig, coalesce(title, '') || ' ' || text))"
    )


def create_fts_indexes(conn: Connection) -> None:
    """Create the full-text indexes that are missing (a no-op when both exist)."""
    missing = [
        config
        for config in FTS_CONFIGS
        if conn.execute(select(func.to_regclass(fts_index_name(config)))).scalar() is None
    ]
    if missing:
        conn.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    for config in missing:
        conn.exec_driver_sql(_create_fts_sql(config))


def drop_fts_indexes(conn: Connection) -> None:
    for config in FTS_CONFIGS:
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {fts_index_name(config)}")


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
