"""Writing posts: batched, idempotent upserts keyed by ``(platform, native_id)``.

How a batch is counted (the same as if every record were applied one by one):

* the first time a key is seen it is ``new`` (not in the store) or, when it is
  already stored, ``unchanged``/``updated`` depending on its content hash;
* a key repeated later in the same input is compared with its previous
  occurrence, so an exact duplicate counts as ``unchanged`` and a changed one as
  ``updated``; the last occurrence is what ends up stored ("last wins").

So ``new + updated + unchanged`` always equals the number of posts given.
Only changed rows are written; when text or title changes, ``analyzed_at`` is
reset to NULL so the analysis pipeline picks the post up again.

The insert path is the hot loop of every import, so rows are built as plain
tuples and handed to the driver's ``executemany`` through a statement that
SQLAlchemy compiled once per dialect (still fully parameterised).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import Connection, and_, bindparam, case, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect

from resonanz.models import ROW_FIELDS, Post, Row
from resonanz.store import people_rollups
from resonanz.store.erased import erased_among, has_tombstones
from resonanz.store.raw import compress_raw
from resonanz.store.schema import posts
from resonanz.store.types import UTCDateTime

#: Posts per transaction used by the import service.
BATCH_SIZE = 2000
#: Keys per look-up query (bound parameters stay far below every driver's limit).
_LOOKUP_CHUNK = 5000

#: Columns that make up a post's content; their digest is ``content_hash``: a row's
#: fields between its key (platform, native id) and ``raw``.
MAPPED = ROW_FIELDS[2:-1]
_KEY = ("platform", "native_id")
#: Columns rewritten when a stored post changes (never id, first_seen_run, imported_at).
WRITTEN = (*MAPPED, "raw", "content_hash", "last_run", "updated_at")
#: Column order of the INSERT parameters (the table's order).
COLUMNS: tuple[str, ...] = (*_KEY, *MAPPED, "raw", "content_hash", "first_seen_run", "last_run")
COLUMNS += ("imported_at", "updated_at")
assert tuple(c.name for c in posts.columns if c.name not in ("id", "analyzed_at")) == COLUMNS


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    """How many of the given posts were new, changed, or already stored as they are."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.new + other.new,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


def normalize_account(value: str) -> str:
    """Canonical form of an account id or handle for own-account matching."""
    return value.strip().lstrip("@").casefold()


def _clean(value: str | None) -> str | None:
    if value is not None and "\x00" in value:
        return value.replace("\x00", "")
    return value


def _is_own(post: Post, own: Collection[tuple[str, str]]) -> bool:
    author = post.author
    if author.is_own:
        return True
    if not own:
        return False
    for value in (author.id, author.handle):
        if value and (post.platform, normalize_account(value)) in own:
            return True
    return False


def _mapped(post: Post, own: Collection[tuple[str, str]]) -> tuple[Any, ...]:
    """The content columns of ``post`` (:data:`MAPPED` order) as Python values."""
    author = post.author
    metrics = post.metrics
    return (
        post.kind,
        post.thread_id,
        post.parent_id,
        _clean(post.url),
        _clean(post.title),
        _clean(post.text) or "",
        post.language,
        post.created_at,
        _clean(author.id),
        _clean(author.handle),
        _clean(author.display_name),
        author.followers,
        _is_own(post, own),
        metrics.views,
        metrics.likes,
        metrics.replies,
        metrics.shares,
        metrics.score,
        post.links,
        post.hashtags,
        post.mentions,
    )


def _digest(mapped: tuple[Any, ...]) -> int:
    raw = hashlib.blake2b(orjson.dumps(mapped), digest_size=8).digest()
    return int.from_bytes(raw, "big", signed=True)


def _json(value: tuple[str, ...]) -> str:
    return orjson.dumps(value).decode() if value else "[]"


@lru_cache(maxsize=8)
def _insert_sql(dialect: Dialect) -> tuple[str, tuple[str, ...] | None]:
    """Compiled INSERT for ``dialect`` and, if positional, its parameter order.

    If another writer stored the same key meanwhile, the conflict clause turns the
    insert into an update, so concurrent imports never fail on the unique key.
    """
    stmt: Any
    if dialect.name == "postgresql":
        stmt = pg_insert(posts)
    elif dialect.name == "sqlite":
        stmt = sqlite_insert(posts)
    else:
        stmt = None
    if stmt is not None:
        stmt = stmt.on_conflict_do_update(
            index_elements=[posts.c.platform, posts.c.native_id],
            set_={name: stmt.excluded[name] for name in WRITTEN},
        )
    else:
        stmt = insert(posts)
    compiled = stmt.compile(dialect=dialect, column_keys=list(COLUMNS))
    order = tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
    return str(compiled), order


def _driver_row(
    row: Row, digest: int, run_id: int | None, now: Any, sqlite: bool
) -> tuple[Any, ...]:
    """Driver parameters for the INSERT, in :data:`COLUMNS` order.

    JSON columns are serialised here; on SQLite timestamps become the ISO strings
    that :class:`UTCDateTime` would produce (``now`` is already converted).
    """
    created = row[9]
    return (
        *row[:9],
        created.isoformat(timespec="microseconds") if sqlite else created,
        *row[10:20],
        _json(row[20]),
        _json(row[21]),
        _json(row[22]),
        compress_raw(row[23]),
        digest,
        run_id,
        run_id,
        now,
        now,
    )


_UPDATE = (
    update(posts)
    .where(posts.c.id == bindparam("b_id"))
    .values(
        analyzed_at=case(
            (
                and_(
                    posts.c.text == bindparam("b_text"),
                    posts.c.title.is_not_distinct_from(bindparam("b_title")),
                ),
                posts.c.analyzed_at,
            ),
            else_=None,
        )
    )
)


def _existing(
    conn: Connection, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[int, int]]:
    """Map stored keys among ``keys`` to ``(id, content_hash)``, one query per platform."""
    by_platform: dict[str, list[str]] = {}
    for platform, native_id in keys:
        by_platform.setdefault(platform, []).append(native_id)
    found: dict[tuple[str, str], tuple[int, int]] = {}
    stmt = select(posts.c.id, posts.c.native_id, posts.c.content_hash).where(
        posts.c.platform == bindparam("platform"),
        posts.c.native_id.in_(bindparam("ids", expanding=True)),
    )
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            part = {"platform": platform, "ids": ids[start : start + _LOOKUP_CHUNK]}
            for pid, native_id, digest in conn.execute(stmt, part):
                found[(platform, native_id)] = (pid, digest)
    return found


def own_row(row: Row, own: Collection[tuple[str, str]]) -> Row:
    """``row`` with ``author_is_own`` set when its author is one of the ``own`` accounts."""
    if row[14] or not own:
        return row
    for value in (row[10], row[11]):
        if value and (row[0], normalize_account(value)) in own:
            return (*row[:14], True, *row[15:])
    return row


def upsert_posts(
    conn: Connection,
    batch: Sequence[Post],
    run_id: int | None,
    own: Collection[tuple[str, str]] = (),
    now: datetime | None = None,
) -> UpsertCounts:
    """Insert new posts and update changed ones, within the caller's transaction.

    ``own`` holds ``(platform, normalize_account(id_or_handle))`` pairs; matching
    authors are stored with ``author_is_own = True``.
    """
    rows = [(p.platform, p.native_id, *_mapped(p, own), p.raw) for p in batch]
    return upsert_rows(conn, rows, run_id, now)


def count_sequence(
    rows: Iterable[Row], stored: Mapping[tuple[str, str], int]
) -> tuple[UpsertCounts, dict[tuple[str, str], tuple[Row, int]]]:
    """Count ``rows`` as if applied one by one; also the last row of each key and its digest.

    ``stored`` maps the keys already in the store to their content hash.
    """
    latest_in_batch: dict[tuple[str, str], tuple[Row, int]] = {}
    latest: dict[tuple[str, str], int] = dict(stored)
    new = updated = unchanged = 0
    for row in rows:
        digest = _digest(row[2:23])
        key = (row[0], row[1])
        latest_in_batch[key] = (row, digest)  # last occurrence wins
        previous = latest.get(key)
        if previous is None:
            new += 1
        elif previous == digest:
            unchanged += 1
        else:
            updated += 1
        latest[key] = digest
    return UpsertCounts(new, updated, unchanged), latest_in_batch


def upsert_rows(
    conn: Connection,
    rows: Sequence[Row],
    run_id: int | None,
    now: datetime | None = None,
) -> UpsertCounts:
    """:func:`upsert_posts` for rows in :data:`~resonanz.models.ROW_FIELDS` order.

    Rows are taken as given: own accounts already marked (:func:`own_row`), values
    checked (:func:`resonanz.store.validate.check_row`). The people rollups move with
    the posts (:func:`resonanz.store.people_rollups.track`).
    """
    if not rows:
        return UpsertCounts()
    with people_rollups.track(conn, {(row[0], row[1]) for row in rows}):
        return _upsert_rows(conn, rows, run_id, now)


def _upsert_rows(
    conn: Connection, rows: Sequence[Row], run_id: int | None, now: datetime | None
) -> UpsertCounts:
    stamp = now or datetime.now(UTC)
    sqlite = conn.dialect.name == "sqlite"
    driver_now: Any = UTCDateTime().process_bind_param(stamp, conn.dialect)
    sql, order = _insert_sql(conn.dialect)
    stored = _existing(conn, {(row[0], row[1]) for row in rows})
    gone = (
        erased_among(conn, [(r[0], r[1]) for r in rows if (r[0], r[1]) not in stored])
        if len(stored) < len(rows) and has_tombstones(conn)
        else set()
    )
    erased = 0
    if gone:  # erased at the author's request: they stay erased (counted as unchanged)
        kept = [row for row in rows if (row[0], row[1]) not in gone]
        erased, rows = len(rows) - len(kept), kept
    counts, latest_in_batch = count_sequence(rows, {k: v[1] for k, v in stored.items()})
    if len(stored) < len(latest_in_batch):
        inserts: list[Any] = [
            _driver_row(row, digest, run_id, driver_now, sqlite)
            for key, (row, digest) in latest_in_batch.items()
            if key not in stored
        ]
        if order is None:  # named parameters
            inserts = [dict(zip(COLUMNS, row, strict=True)) for row in inserts]
        elif order != COLUMNS:
            pick = itemgetter(*(COLUMNS.index(name) for name in order))
            inserts = [pick(row) for row in inserts]
        conn.exec_driver_sql(sql, inserts)
    changes = []
    for key, (pid, old_digest) in stored.items():
        row, digest = latest_in_batch[key]
        if old_digest != digest:
            change: dict[str, Any] = dict(zip(MAPPED, row[2:23], strict=True))
            change.update(
                raw=compress_raw(row[23]),
                content_hash=digest,
                last_run=run_id,
                updated_at=stamp,
                b_id=pid,
                b_text=change["text"],
                b_title=change["title"],
            )
            changes.append(change)
    if changes:
        conn.execute(_UPDATE, changes)
    return UpsertCounts(counts.new, counts.updated, counts.unchanged + erased)
