"""Listing, full-text search and thread trees over the stored posts.

The query functions the web pages and the REST API share (never written twice in
route modules). Full-text search differs per database and lives outside the
SQLAlchemy metadata (created by migration 0003):

* SQLite: the FTS5 table ``posts_fts`` (external content, kept in step with
  ``posts`` by triggers); every word of the query must occur, as a word prefix,
  diacritics ignored (``Akku`` finds ``Akkulaufzeit``, ``cafe`` finds ``Café``).
* PostgreSQL: the stored column ``posts_fts_vector`` holds the post's stems by the
  ``german`` and the ``english`` configuration together (one GIN index); every word
  must occur as a prefix of a stem of either language.

Only letters and digits of the query are used, so the query language of neither
engine is exposed to user input. Pages are cut by an opaque cursor that encodes
the last row's sort key and id (keyset pagination: stable and O(page) at any depth).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Select,
    and_,
    column,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.sql.elements import ColumnElement

from resonanz.errors import UsageError
from resonanz.store.post_views import (
    MAX_THREAD,
    SUMMARY_COLUMNS,
    AspectOut,
    MentionOut,
    PostDetail,
    PostSummary,
    ThreadEntry,
    ThreadView,
    base,
    brands_of,
    get_post,
    get_thread,
    summary,
)
from resonanz.store.rollups import SPAM_THRESHOLD
from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_brand_sentiment,
    post_mentions,
    posts,
)

#: the polarity toward the brand a listing is filtered by (see :func:`_source`)
_TOWARD = post_brand_sentiment.alias("toward")

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_QUERY_WORDS = 16
Sort = Literal["newest", "oldest"]
_WORD = re.compile(r"\w+", re.UNICODE)
_LABEL = re.compile(r"^[\w.:-]{1,64}$", re.UNICODE)

#: PostgreSQL's stored full-text vector of a post (a generated column, migration scale_indexes).
PG_VECTOR: ColumnElement[Any] = literal_column("posts.posts_fts_vector")

#: Database objects of full-text search that are not part of the SQLAlchemy metadata.
FTS_PREFIXES = ("posts_fts", "ix_posts_fts_")

#: One post, its thread: defined in post_views, importable from here too.
__all__ = [
    "DEFAULT_LIMIT",
    "FEW_HITS",
    "MAX_LIMIT",
    "MAX_THREAD",
    "AspectOut",
    "MentionOut",
    "PostDetail",
    "PostPage",
    "PostQuery",
    "PostSummary",
    "ThreadEntry",
    "ThreadView",
    "count_posts",
    "decode_cursor",
    "encode_cursor",
    "get_post",
    "get_thread",
    "include_name",
    "list_posts",
    "query_words",
]


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic ``include_name`` hook: skip the full-text objects the metadata does not know."""
    return not (name or "").startswith(FTS_PREFIXES)


@dataclass(frozen=True, slots=True)
class PostQuery:
    """Which posts to list. Every field is optional; ``spam=None`` keeps spam too."""

    brand: str | None = None
    product: str | None = None
    platforms: tuple[str, ...] = ()
    language: str | None = None
    sentiment: str | None = None
    aspect: str | None = None
    intent: str | None = None
    spam: bool | None = None
    disclosure: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    q: str | None = None
    sort: Sort = "newest"
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


@dataclass(frozen=True, slots=True)
class PostPage:
    items: tuple[PostSummary, ...]
    next_cursor: str | None


# --- cursors ----------------------------------------------------------------------------


def encode_cursor(sort: Sort, created_at: datetime, post_id: int) -> str:
    payload = orjson.dumps([sort[0], created_at.isoformat(), post_id])
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: Sort) -> tuple[datetime, int]:
    """The ``(created_at, id)`` a cursor points after; :class:`UsageError` if it is bad."""
    bad = UsageError("invalid cursor", hint="pass back next_cursor exactly as it was returned")
    if len(cursor) > 200:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        kind, stamp, post_id = orjson.loads(raw)
        moment = datetime.fromisoformat(stamp)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise bad from None
    if kind != sort[0] or not isinstance(post_id, int) or moment.tzinfo is None:
        raise bad
    return moment, post_id


# --- full text --------------------------------------------------------------------------


def query_words(q: str | None) -> list[str]:
    """The searchable words of a user query (letters and digits only, at most 16)."""
    return _WORD.findall(q or "")[:MAX_QUERY_WORDS]


#: Below this many full-text hits SQLite looks the hits up by id and sorts them; above
#: it, it walks the ``created_at`` index and stops at the first page (see below).
FEW_HITS = 2000


def _fts_condition(conn: Connection, words: Sequence[str]) -> ColumnElement[bool]:
    dialect = conn.dialect.name
    if dialect == "sqlite":
        match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
        hits = text("SELECT rowid FROM posts_fts WHERE posts_fts MATCH :fts_match").bindparams(
            fts_match=match
        )
        found = conn.execute(
            text(
                "SELECT count(*) FROM (SELECT rowid FROM posts_fts "
                "WHERE posts_fts MATCH :fts_match LIMIT :cap)"
            ),
            {"fts_match": match, "cap": FEW_HITS},
        ).scalar_one()
        rowids = hits.columns(column("rowid", Integer))
        if found < FEW_HITS:
            return posts.c.id.in_(rowids)
        # Many hits: "id + 0" keeps SQLite from driving the query by id lookups (and
        # then sorting every hit); it scans posts in created_at order instead and
        # stops once a page is full, checking each against the list of hits.
        return (posts.c.id + 0).in_(rowids)
    if dialect == "postgresql":
        # one stored vector of German and English stems (migration scale_indexes, GIN)
        tsquery = " & ".join(f"{w.lower()}:*" for w in words)
        either = func.to_tsquery(_config("german"), tsquery).op("||")(
            func.to_tsquery(_config("english"), tsquery)
        )
        return PG_VECTOR.op("@@")(either)
    # Any other database: a plain, slow substring match on every word.
    return and_(*[posts.c.text.ilike(f"%{w}%") for w in words])


def _config(config: str) -> ColumnElement[Any]:
    """A text-search configuration name as PostgreSQL's index expression spells it."""
    if config not in ("german", "english"):
        raise ValueError(config)
    return literal_column(f"'{config}'::regconfig")


# --- listing ----------------------------------------------------------------------------


def _label(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not _LABEL.match(value):
        raise UsageError(f"invalid {what} {value[:40]!r}", hint=f"a {what} is a short name")
    return value


def _source(query: PostQuery) -> Any:
    """Posts with their analysis; with a brand filter also the polarity toward that brand."""
    if not query.brand:
        return base()
    return base().outerjoin(
        _TOWARD,
        and_(
            _TOWARD.c.post_id == posts.c.id,
            _TOWARD.c.brand == query.brand,
            _TOWARD.c.aspect == "",
        ),
    )


def _conditions(query: PostQuery, conn: Connection) -> list[ColumnElement[bool]]:
    pa = post_analysis.c
    where: list[ColumnElement[bool]] = []
    brand, product = query.brand or None, query.product or None
    if brand or product:
        named = [post_mentions.c.post_id == posts.c.id]
        if brand:
            named.append(post_mentions.c.brand == brand)
        if product:
            named.append(post_mentions.c.product == product)
        where.append(exists().where(*named))
    if query.platforms:
        where.append(posts.c.platform.in_(list(query.platforms)))
    if language := _label(query.language, "language"):
        # = coalesce(analysis language, post language), spelt so the planner can use the
        # statistics of both columns (a coalesce() has none: it guessed 0.5 % of rows)
        where.append(
            or_(pa.language == language, and_(pa.language.is_(None), posts.c.language == language))
        )
    if sentiment := _label(query.sentiment, "sentiment"):
        # with a brand: the polarity toward it (the post's sentiment where none is stored)
        felt = func.coalesce(_TOWARD.c.polarity, pa.sentiment) if brand else pa.sentiment
        where.append(felt == sentiment)
    if disclosure := _label(query.disclosure, "disclosure verdict"):
        where.append(pa.disclosure == disclosure)
    if intent := _label(query.intent, "intent"):
        padded = literal(" ") + func.replace(
            func.replace(func.replace(pa.intent, ",", " "), ";", " "), "|", " "
        )
        where.append((padded + literal(" ")).contains(f" {intent} ", autoescape=True))
    if aspect := _label(query.aspect, "aspect"):
        where.append(
            exists().where(post_aspects.c.post_id == posts.c.id, post_aspects.c.aspect == aspect)
        )
    if query.spam is True:
        where.append(pa.spam >= SPAM_THRESHOLD)
    elif query.spam is False:
        where.append(or_(pa.spam < SPAM_THRESHOLD, pa.spam.is_(None)))
    if query.since is not None:
        where.append(posts.c.created_at >= query.since)
    if query.until is not None:
        where.append(posts.c.created_at < query.until)
    words = query_words(query.q)
    if words:
        where.append(_fts_condition(conn, words))
    elif query.q and query.q.strip():
        where.append(literal(False))  # only punctuation: nothing can match
    return where


def _after(query: PostQuery) -> list[ColumnElement[bool]]:
    """The keyset condition of ``query.cursor`` (empty on the first page)."""
    if not query.cursor:
        return []
    moment, last_id = decode_cursor(query.cursor, query.sort)
    if query.sort == "newest":
        return [
            or_(
                posts.c.created_at < moment,
                and_(posts.c.created_at == moment, posts.c.id < last_id),
            )
        ]
    return [
        or_(posts.c.created_at > moment, and_(posts.c.created_at == moment, posts.c.id > last_id))
    ]


#: PostgreSQL searches the newest (oldest) this many posts first (see :func:`_search_rows`).
RECENT_WINDOW = 20_000


def _search_rows(conn: Connection, stmt: Select[Any], query: PostQuery) -> Sequence[Any]:
    """A full-text page on PostgreSQL, without letting one plan fit every word.

    A common word fills a page among the newest posts: the first query checks only
    the posts from the ``RECENT_WINDOW``-th newest one on (after the cursor; the
    time of that post is read from the time index, so the planner knows how few
    rows the window has), and if it finds a full page that page is exact (every
    match sorting before the last one lies in the window). Otherwise the word is
    rare (here): the second query sorts by an expression the time index cannot
    deliver, so PostgreSQL gathers the matches from the GIN index and sorts only
    those, instead of walking the whole table in time order (the statistics cannot
    tell a rare word prefix from a common one).
    """
    newest = query.sort == "newest"
    edge = conn.execute(
        select(posts.c.created_at)
        .where(*_after(query))
        .order_by(posts.c.created_at.desc() if newest else posts.c.created_at.asc())
        .offset(RECENT_WINDOW)
        .limit(1)
    ).scalar_one_or_none()
    if edge is None:  # fewer posts than the window is long: one walk covers them all
        return conn.execute(stmt).all()
    inside = posts.c.created_at >= edge if newest else posts.c.created_at <= edge
    rows = conn.execute(stmt.where(inside)).all()
    if len(rows) > query.limit:
        return rows
    shifted = posts.c.created_at + literal_column("interval '0 seconds'")
    key = (shifted.desc(), posts.c.id.desc()) if newest else (shifted.asc(), posts.c.id.asc())
    return conn.execute(stmt.order_by(None).order_by(*key)).all()


def list_posts(engine: Engine, query: PostQuery) -> PostPage:
    """One page of posts matching ``query``, newest (or oldest) first, with a next cursor."""
    if not 1 <= query.limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}", hint="use a smaller page")
    if query.sort not in ("newest", "oldest"):
        raise UsageError(f"unknown sort {query.sort!r}", hint="use newest or oldest")
    with engine.connect() as conn:
        where = [*_conditions(query, conn), *_after(query)]
        order = (
            (posts.c.created_at.desc(), posts.c.id.desc())
            if query.sort == "newest"
            else (posts.c.created_at.asc(), posts.c.id.asc())
        )
        toward = (_TOWARD.c.polarity.label("brand_sentiment"),) if query.brand else ()
        stmt = (
            select(*SUMMARY_COLUMNS, *toward)
            .select_from(_source(query))
            .where(*where)
            .order_by(*order)
            .limit(query.limit + 1)
        )
        rows: Sequence[Any] = (
            _search_rows(conn, stmt, query)
            if query_words(query.q) and conn.dialect.name == "postgresql"
            else conn.execute(stmt).all()
        )
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        brands = brands_of(conn, [int(r.id) for r in rows])
    items = tuple(summary(r, brands.get(int(r.id), ())) for r in rows)
    cursor = None
    if more and items:
        last = items[-1]
        cursor = encode_cursor(query.sort, last.created_at, last.id)
    return PostPage(items=items, next_cursor=cursor)


def count_posts(engine: Engine, query: PostQuery) -> int:
    """How many posts match ``query`` (cursor, sort and limit ignored)."""
    with engine.connect() as conn:
        where = _conditions(query, conn)
        stmt = select(func.count()).select_from(_source(query)).where(*where)
        return int(conn.execute(stmt).scalar_one())
