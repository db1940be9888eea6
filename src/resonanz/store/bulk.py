"""Bulk loading: build secondary structures once instead of row by row.

For a big import into a comparatively small table it is cheaper to drop the
secondary ``posts`` indexes, load, and build them again from sorted data. The
same holds for the full-text index: a per-row trigger feeds ``posts_fts`` (see
:mod:`resonanz.store.search`), and one ``INSERT ... SELECT`` after the load costs
a fraction of it. The unique key on ``(platform, native_id)`` is never dropped, so
upserts stay correct. The update/delete triggers of the full-text index stay, but
fire only for rows indexed before the load: asking an external-content FTS5 table
to forget text it never held (a row loaded meanwhile, then updated by a later
duplicate or another import) corrupts it ("database disk image is malformed").

Only one bulk load runs at a time per database file: it holds an exclusive lock on
``<database>.bulk-lock`` (``flock``) from dropping the indexes until they are back.
Another import meanwhile neither repairs indexes (they are not broken, only
deferred) nor starts a second bulk load: it runs in normal mode and its batches
wait for the database like any other writer.

A suspended insert trigger (and the original update/delete triggers) is written
down, in the transaction that changes them, in the table ``resonanz_bulk_pending``; if the process dies mid-import,
:func:`ensure_indexes` (run whenever a workspace is opened) catches the full-text
index up, restores the trigger and the indexes.

On PostgreSQL the bulk path (``bulk=True``) defers the secondary indexes and the two
full-text GIN indexes under the same rule; the lock is an advisory lock there and a
missing index is simply created again (:mod:`resonanz.store.bulk_pg`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    MetaData,
    Table,
    Text,
    column,
    func,
    insert,
    inspect,
    select,
    table,
    text,
)
from sqlalchemy.schema import CreateIndex, DropIndex

from resonanz.store.bulk_pg import advisory_lock, create_fts_indexes, drop_fts_indexes
from resonanz.store.engine import file_lock
from resonanz.store.schema import posts

#: Indexes a load keeps: the people rollups look up, for every batch, the posts that
#: answer the batch's posts (:func:`resonanz.store.people_rollups.affected`); without
#: this index each look-up reads the whole table, and a load grows quadratic.
KEPT_DURING_LOAD = frozenset({"ix_posts_platform_thread_id"})
#: Imports expected to be smaller than this keep indexes and triggers in place.
BULK_MIN_ROWS = 50_000

#: The insert trigger of the full-text index, in the form we know how to replay.
FTS_TRIGGER = "posts_fts_insert"
_FTS_BODY = re.compile(
    r"INSERT\s+INTO\s+(\w+)\s*\(\s*rowid\s*,\s*(\w+(?:\s*,\s*\w+)*)\s*\)\s*"
    r"VALUES\s*\(\s*new\.id\s*,\s*(new\.\w+(?:\s*,\s*new\.\w+)*)\s*\)",
    re.IGNORECASE,
)

#: Triggers that make the full-text index forget old text; guarded during a bulk load.
FTS_GUARDED = ("posts_fts_update", "posts_fts_delete")
_GUARDABLE = re.compile(r"(\bON\s+\"?posts\"?)\s+BEGIN\b", re.IGNORECASE)
_GUARD = (
    "WHEN old.id <= (SELECT after_id FROM resonanz_bulk_pending "
    f"WHERE trigger_name = '{FTS_TRIGGER}')"
)

_pending_meta = MetaData()
pending = Table(
    "resonanz_bulk_pending",
    _pending_meta,
    Column("trigger_name", Text, primary_key=True),
    Column("trigger_sql", Text, nullable=False),
    Column("fts_table", Text, nullable=False),
    Column("fts_columns", Text, nullable=False),  # comma-separated
    Column("after_id", BigInteger, nullable=False),
)


def _fts_target(trigger_sql: str) -> tuple[str, list[str]] | None:
    """``(fts table, columns)`` if the trigger only copies ``new`` columns into an index."""
    match = _FTS_BODY.search(trigger_sql)
    if match is None:
        return None
    columns = [c.strip() for c in match.group(2).split(",")]
    sources = [c.strip()[len("new.") :] for c in match.group(3).split(",")]
    if columns != sources or not set(columns) <= set(posts.c.keys()):
        return None
    return match.group(1), columns


def _trigger_sql(conn: Connection, name: str) -> str | None:
    found = conn.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = :name"),
        {"name": name},
    ).scalar()
    return None if found is None else str(found)


def _guarded(trigger_sql: str) -> str | None:
    """``trigger_sql`` firing only for rows the full-text index already holds (else None)."""
    if _GUARDABLE.search(trigger_sql) is None:
        return None
    return _GUARDABLE.sub(lambda m: f"{m.group(1)} {_GUARD} BEGIN", trigger_sql, count=1)


def _suspend_fts_trigger(conn: Connection) -> None:
    found = _trigger_sql(conn, FTS_TRIGGER)
    target = _fts_target(found) if found else None
    if found is None or target is None:
        return  # no full-text trigger, or one we could not replay: leave it alone
    # The update and delete triggers tell the index to forget a row's old text; for a
    # row loaded meanwhile the index never had it, and that corrupts an external-
    # content FTS5 table. So, while suspended, they only fire for rows indexed before.
    others = {name: _trigger_sql(conn, name) for name in FTS_GUARDED}
    guarded = {name: _guarded(sql) for name, sql in others.items() if sql is not None}
    if any(sql is None for sql in guarded.values()):
        return  # a trigger of a shape we cannot guard: keep indexing row by row
    after = conn.execute(select(func.coalesce(func.max(posts.c.id), 0))).scalar_one()
    pending.create(conn, checkfirst=True)
    rows = [(FTS_TRIGGER, found, target[0], ",".join(target[1]))]
    rows += [(name, str(others[name]), "", "") for name in guarded]
    conn.execute(
        insert(pending),
        [
            {
                "trigger_name": n,
                "trigger_sql": q,
                "fts_table": t,
                "fts_columns": c,
                "after_id": after,
            }
            for n, q, t, c in rows
        ],
    )
    conn.exec_driver_sql(f'DROP TRIGGER "{FTS_TRIGGER}"')
    for name, sql in guarded.items():
        conn.exec_driver_sql(f'DROP TRIGGER "{name}"')
        conn.exec_driver_sql(str(sql))


def _resume_triggers(conn: Connection) -> None:
    """Catch full-text indexes up with rows loaded meanwhile and restore their triggers."""
    if not inspect(conn).has_table(pending.name):
        return
    for row in conn.execute(select(pending)).all():
        if not row.fts_table:  # a guarded update/delete trigger: put the original back
            conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{row.trigger_name}"')
            conn.exec_driver_sql(row.trigger_sql)
            continue
        names = row.fts_columns.split(",")
        target = table(row.fts_table, column("rowid"), *(column(n) for n in names))
        source = select(posts.c.id, *(posts.c[n] for n in names)).where(posts.c.id > row.after_id)
        conn.execute(insert(target).from_select(["rowid", *names], source))
        conn.exec_driver_sql(row.trigger_sql)
    pending.drop(conn)


def bulk_lock(engine: Engine) -> AbstractContextManager[bool]:
    """Hold the database's bulk-load lock if nobody else does; yields whether it was got.

    On PostgreSQL it is an advisory lock (:func:`resonanz.store.bulk_pg.advisory_lock`).
    Always ``True`` where no lock file applies (in-memory SQLite) or the platform has
    no ``flock``.
    """
    if engine.dialect.name == "postgresql":
        return advisory_lock(engine)
    return file_lock(engine, ".bulk-lock", wait=False)


def repair_indexes(engine: Engine) -> bool:
    """:func:`ensure_indexes` unless a bulk load is running right now; returns whether it ran."""
    with bulk_lock(engine) as free:
        if free:
            ensure_indexes(engine)
        return free


def ensure_indexes(engine: Engine) -> None:
    """Create missing ``posts`` indexes and restore suspended triggers (else a no-op)."""
    with engine.begin() as conn:
        for index in posts.indexes:
            # IF NOT EXISTS, not a look-up first: another process may create it in between
            conn.execute(CreateIndex(index, if_not_exists=True))
        if conn.dialect.name == "sqlite":
            _resume_triggers(conn)
        elif conn.dialect.name == "postgresql":
            create_fts_indexes(conn)


def _worth_it(engine: Engine, expected_rows: int, min_rows: int, bulk: bool) -> bool:
    pg = engine.dialect.name == "postgresql" and bulk
    if (engine.dialect.name != "sqlite" and not pg) or expected_rows < min_rows:
        return False
    with engine.connect() as conn:
        stored = conn.execute(select(func.max(posts.c.id))).scalar() or 0
    return expected_rows >= stored


@contextmanager
def deferred_indexes(
    engine: Engine, expected_rows: int, min_rows: int = BULK_MIN_ROWS, bulk: bool = False
) -> Iterator[bool]:
    """Defer secondary indexes and the full-text trigger for a large SQLite import.

    Applies when ``expected_rows`` reaches ``min_rows`` and at least matches the
    posts already stored. With ``bulk`` (the bulk import path) the full-text trigger
    is deferred whatever the sizes: catching the index up costs one statement for
    the rows added, however many are stored. On PostgreSQL only the bulk path defers,
    the full-text GIN indexes with the secondary ones. Yields whether anything was deferred.
    Everything is rebuilt however the block ends (normally, by an exception or an
    interrupt). While another process holds the bulk lock this import runs in
    normal mode.
    """
    drop = _worth_it(engine, expected_rows, min_rows, bulk)
    if not drop and not (bulk and engine.dialect.name == "sqlite"):
        yield False
        return
    with bulk_lock(engine) as mine:
        if not mine:
            yield False
            return
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                drop_fts_indexes(conn)
            elif not inspect(conn).has_table(pending.name):  # else a crashed load is pending
                _suspend_fts_trigger(conn)
            for index in posts.indexes if drop else ():
                if index.name not in KEPT_DURING_LOAD:
                    conn.execute(DropIndex(index, if_exists=True))
        try:
            yield True
        finally:
            ensure_indexes(engine)
