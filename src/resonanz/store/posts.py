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
from collections.abc import Callable, Collection, Iterable, Sequence
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

from resonanz.models import Post
from resonanz.store.raw import compress_raw
from resonanz.store.schema import posts

#: Posts per transaction used by the import service.
BATCH_SIZE = 2000

#: Columns that make up a post's content; their digest is ``content_hash``.
MAPPED = (
    "kind",
    "thread_id",
    "parent_id",
    "url",
    "title",
    "text",
    "language",
    "created_at",
    "author_id",
    "author_handle",
    "author_name",
    "author_followers",
    "author_is_own",
    "views",
    "likes",
    "replies",
    "shares",
    "score",
    "links",
    "hashtags",
    "mentions",
)
_KEY = ("platform", "native_id")
#: Columns rewritten when a stored post changes (never id, first_seen_run, imported_at).
WRITTEN = (*MAPPED, "raw", "content_hash", "last_run", "updated_at")
#: Column order of the tuples built by :func:`post_values` (the table's order).
COLUMNS: tuple[str, ...] = (*_KEY, *MAPPED, "raw", "content_hash", "first_seen_run", "last_run")
COLUMNS += ("imported_at", "updated_at")
_CREATED = COLUMNS.index("created_at")
_JSON = tuple(COLUMNS.index(name) for name in ("links", "hashtags", "mentions"))
_TIMES = tuple(COLUMNS.index(name) for name in ("updated_at", "imported_at"))
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


def post_values(
    post: Post, run_id: int | None, now: datetime, own: Collection[tuple[str, str]] = ()
) -> tuple[Any, ...]:
    """The ``posts`` row for ``post`` as Python values, in :data:`COLUMNS` order."""
    author = post.author
    metrics = post.metrics
    mapped = (
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
    digest = hashlib.blake2b(orjson.dumps(mapped), digest_size=8).digest()
    return (
        post.platform,
        post.native_id,
        *mapped,
        compress_raw(post.raw),
        int.from_bytes(digest, "big", signed=True),
        run_id,
        run_id,
        now,
        now,
    )


def _iso(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


def _json(value: tuple[str, ...]) -> str:
    return orjson.dumps(value).decode()


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


def _encoder(dialect: Dialect) -> Callable[[tuple[Any, ...]], Any]:
    """Turn a :func:`post_values` tuple into driver parameters for ``dialect``."""
    order = _insert_sql(dialect)[1]
    sqlite = dialect.name == "sqlite"
    links, hashtags, mentions = _JSON
    updated_at, imported_at = _TIMES

    def encode_values(values: tuple[Any, ...]) -> list[Any]:
        out = list(values)
        out[links] = _json(out[links])
        out[hashtags] = _json(out[hashtags])
        out[mentions] = _json(out[mentions])
        if sqlite:
            out[_CREATED] = _iso(out[_CREATED])
            out[updated_at] = out[imported_at] = _iso(out[imported_at])
        return out

    if order is None:
        return lambda values: dict(zip(COLUMNS, encode_values(values), strict=True))
    if order == COLUMNS:
        return lambda values: tuple(encode_values(values))
    pick = itemgetter(*(COLUMNS.index(name) for name in order))
    return lambda values: pick(encode_values(values))


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
_WRITTEN_INDEX = tuple(COLUMNS.index(name) for name in WRITTEN)
_TEXT = COLUMNS.index("text")
_TITLE = COLUMNS.index("title")
_HASH = COLUMNS.index("content_hash")


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
        for pid, native_id, digest in conn.execute(stmt, {"platform": platform, "ids": ids}):
            found[(platform, native_id)] = (pid, digest)
    return found


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
    if not batch:
        return UpsertCounts()
    stamp = now or datetime.now(UTC)
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    order: list[tuple[tuple[str, str], int]] = []
    for post in batch:
        values = post_values(post, run_id, stamp, own)
        key = (post.platform, post.native_id)
        rows[key] = values  # last occurrence wins
        order.append((key, values[_HASH]))
    stored = _existing(conn, rows.keys())
    new = updated = unchanged = 0
    latest: dict[tuple[str, str], int] = {k: v[1] for k, v in stored.items()}
    for key, digest in order:
        previous = latest.get(key)
        if previous is None:
            new += 1
        elif previous == digest:
            unchanged += 1
        else:
            updated += 1
        latest[key] = digest
    if len(stored) < len(rows):
        encode = _encoder(conn.dialect)
        sql, _ = _insert_sql(conn.dialect)
        inserts = [encode(values) for key, values in rows.items() if key not in stored]
        conn.exec_driver_sql(sql, inserts)
    changes = []
    for key, hit in stored.items():
        values = rows[key]
        if hit[1] != values[_HASH]:
            change = {name: values[i] for name, i in zip(WRITTEN, _WRITTEN_INDEX, strict=True)}
            change["b_id"] = hit[0]
            change["b_text"] = values[_TEXT]
            change["b_title"] = values[_TITLE]
            changes.append(change)
    if changes:
        conn.execute(_UPDATE, changes)
    return UpsertCounts(new, updated, unchanged)
