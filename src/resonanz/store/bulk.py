"""Bulk loading on SQLite: build secondary indexes once instead of row by row.

Maintaining the ``posts`` indexes on thread, creation time and author handle costs
a B-tree insert each per row; for a big import into a comparatively small table it
is cheaper to drop them, load, and build them again from sorted data. The unique
key on ``(platform, native_id)`` is never dropped, so upserts stay correct.

If the process dies while they are dropped, :func:`ensure_indexes` (run whenever
a workspace is opened) puts them back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select

from resonanz.store.schema import posts

#: Imports expected to be smaller than this keep the indexes in place.
BULK_MIN_ROWS = 50_000


def ensure_indexes(engine: Engine) -> None:
    """Create any missing index of ``posts`` (a no-op when all are there)."""
    with engine.begin() as conn:
        for index in posts.indexes:
            index.create(conn, checkfirst=True)


def _worth_it(engine: Engine, expected_rows: int) -> bool:
    if engine.dialect.name != "sqlite" or expected_rows < BULK_MIN_ROWS:
        return False
    with engine.connect() as conn:
        stored = conn.execute(select(func.max(posts.c.id))).scalar() or 0
    return expected_rows >= stored


@contextmanager
def deferred_indexes(engine: Engine, expected_rows: int) -> Iterator[bool]:
    """Drop the secondary ``posts`` indexes for a large SQLite import, rebuild after.

    Yields whether the indexes were dropped. They are rebuilt however the block
    ends (normally, by an exception or an interrupt).
    """
    if not _worth_it(engine, expected_rows):
        yield False
        return
    with engine.begin() as conn:
        for index in posts.indexes:
            index.drop(conn, checkfirst=True)
    try:
        yield True
    finally:
        ensure_indexes(engine)
