"""Bulk writes of rows: PostgreSQL ``COPY`` into a staging table, then one upsert.

The bulk import (:mod:`resonanz.service.bulk`) hands over rows in
:data:`~resonanz.models.ROW_FIELDS` order, thousands per transaction. On SQLite
they go through :func:`resonanz.store.posts.upsert_rows` (``executemany``). On
PostgreSQL each batch is

1. copied with ``COPY ... FROM STDIN`` into a temporary table that empties itself
   at commit (``ON COMMIT DELETE ROWS``; a killed process leaves nothing behind);
2. moved into ``posts`` by one ``INSERT ... SELECT ... ON CONFLICT (platform,
   native_id) DO UPDATE ... WHERE content_hash`` differs, whose ``RETURNING (xmax =
   0)`` tells new rows from updated ones (counted on the server: the statement is a
   CTE answering with one row); rows not returned were unchanged.

The counts are those of :func:`resonanz.store.posts.upsert_posts`: a key repeated in
one batch is applied in order (its second occurrence in a second round, and so on),
so duplicates count against their previous occurrence and the last one wins. An
update resets ``analyzed_at`` when text or title changed. Erased posts stay erased.

The transaction commits with ``synchronous_commit = off``: should the *server* crash
right after, the last batches may be lost whole (each with its run counts, so a
rerun imports them again), never half; a killed importing process loses nothing
committed.

The ``COPY`` statement names only the fixed staging table and the ``posts``
columns; every value travels as data of the copy stream.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    MetaData,
    Table,
    and_,
    case,
    delete,
    func,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.schema import CreateTable

from resonanz.models import Row
from resonanz.store import people_rollups
from resonanz.store.erased import erased_among, has_tombstones
from resonanz.store.posts import (
    COLUMNS,
    WRITTEN,
    UpsertCounts,
    _digest,
    _driver_row,
    _existing,
    upsert_rows,
)
from resonanz.store.schema import posts

_stage_meta = MetaData()
stage = Table(
    "resonanz_posts_stage",
    _stage_meta,
    *(Column(c.name, c.type) for c in posts.columns if c.name in COLUMNS),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def _upsert_statement() -> Any:
    stmt = pg_insert(posts).from_select(list(COLUMNS), select(*(stage.c[n] for n in COLUMNS)))
    excluded = stmt.excluded
    same_text = and_(
        posts.c.text == excluded.text, posts.c.title.is_not_distinct_from(excluded.title)
    )
    return stmt.on_conflict_do_update(
        index_elements=[posts.c.platform, posts.c.native_id],
        set_={
            **{name: excluded[name] for name in WRITTEN},
            "analyzed_at": case((same_text, posts.c.analyzed_at), else_=None),
        },
        where=posts.c.content_hash != excluded.content_hash,
    ).returning(literal_column("(xmax = 0)", Boolean).label("fresh"))


def _counting_statement() -> Any:
    """The upsert as a CTE, answering with one row: ``(new, written)``."""
    written = _upsert_statement().cte("written")
    fresh = written.c.fresh
    return select(func.count().filter(fresh), func.count()).select_from(written)


_UPSERT = _counting_statement()


@lru_cache(maxsize=1)
def _copy_statement() -> Any:
    """``COPY <stage> (<columns>) FROM STDIN`` (psycopg is only there with PostgreSQL)."""
    from psycopg import sql

    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(stage.name), sql.SQL(", ").join(sql.Identifier(n) for n in COLUMNS)
    )


def write_rows(
    conn: Connection, rows: Sequence[Row], run_id: int | None, now: datetime | None = None
) -> UpsertCounts:
    """Store ``rows`` within the caller's transaction; counts as :func:`upsert_posts`."""
    if conn.dialect.name != "postgresql":
        return upsert_rows(conn, rows, run_id, now)
    if not rows:
        return UpsertCounts()
    with people_rollups.track(conn, {(row[0], row[1]) for row in rows}):
        return _write_staged(conn, rows, run_id, now)


def _write_staged(
    conn: Connection, rows: Sequence[Row], run_id: int | None, now: datetime | None
) -> UpsertCounts:
    stamp = now or datetime.now(UTC)
    rows, erased = _without_erased(conn, rows)
    conn.exec_driver_sql("SET LOCAL synchronous_commit = off")
    conn.execute(CreateTable(stage, if_not_exists=True))
    total = UpsertCounts(unchanged=erased)
    for n, generation in enumerate(_generations(rows)):
        if n:  # the previous round's rows are still staged until commit
            conn.execute(delete(stage))
        total = total + _copy_and_upsert(conn, generation, run_id, stamp)
    return total


def _generations(rows: Sequence[Row]) -> list[list[Row]]:
    """Rows split so that no key repeats within a part: first occurrences, then second..."""
    seen: dict[tuple[str, str], int] = {}
    parts: list[list[Row]] = []
    for row in rows:
        key = (row[0], row[1])
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n == len(parts):
            parts.append([])
        parts[n].append(row)
    return parts


def _without_erased(conn: Connection, rows: Sequence[Row]) -> tuple[Sequence[Row], int]:
    if not has_tombstones(conn):
        return rows, 0
    keys = {(row[0], row[1]) for row in rows}
    gone = erased_among(conn, keys)
    gone -= set(_existing(conn, gone))  # stored again since: an ordinary post
    if not gone:
        return rows, 0
    kept = [row for row in rows if (row[0], row[1]) not in gone]
    return kept, len(rows) - len(kept)


def _copy_and_upsert(
    conn: Connection, rows: list[Row], run_id: int | None, stamp: datetime
) -> UpsertCounts:
    driver: Any = conn.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(_copy_statement()) as copy:
        for row in rows:
            copy.write_row(_driver_row(row, _digest(row[2:23]), run_id, stamp, False))
    new, written = conn.execute(_UPSERT).one()
    return UpsertCounts(new, written - new, len(rows) - written)
