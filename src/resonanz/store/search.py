"""Listing, full-text search and thread trees over the stored posts.

The query functions the web pages and the REST API share (never written twice in
route modules). Full-text search differs per database and lives outside the
SQLAlchemy metadata (created by migration 0003):

* SQLite: the FTS5 table ``posts_fts`` (external content, kept in step with
  ``posts`` by triggers); every word of the query must occur, as a word prefix,
  diacritics ignored (``Akku`` finds ``Akkulaufzeit``, ``cafe`` finds ``Café``).
* PostgreSQL: ``to_tsvector`` with the ``german`` or the ``english`` configuration
  (a GIN index for each); every word must occur as a prefix of a stemmed word.

Only letters and digits of the query are used, so the query language of neither
engine is exposed to user input. Pages are cut by an opaque cursor that encodes
the last row's sort key and id (keyset pagination: stable and O(page) at any depth).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
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
from resonanz.store.annotations import read_analysis
from resonanz.store.rollups import SPAM_THRESHOLD
from resonanz.store.schema import post_analysis, post_aspects, post_mentions, posts

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_THREAD = 2000
MAX_QUERY_WORDS = 16
Sort = Literal["newest", "oldest"]
_WORD = re.compile(r"\w+", re.UNICODE)
_LABEL = re.compile(r"^[\w.:-]{1,64}$", re.UNICODE)

#: Database objects of full-text search that are not part of the SQLAlchemy metadata.
FTS_PREFIXES = ("posts_fts", "ix_posts_fts_")


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
class PostSummary:
    """One post as listed: raw (attacker-controlled) text, escape it when rendering."""

    id: int
    platform: str
    native_id: str
    kind: str
    url: str | None
    title: str | None
    text: str
    language: str | None
    created_at: datetime
    author_handle: str | None
    author_name: str | None
    author_is_own: bool
    thread_id: str | None
    parent_id: str | None
    views: int | None
    likes: int | None
    replies: int | None
    shares: int | None
    sentiment: str | None
    intent: str | None
    spam: float | None
    disclosure: str | None
    brands: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PostPage:
    items: tuple[PostSummary, ...]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class MentionOut:
    brand: str
    product: str | None
    alias: str | None
    start: int | None
    end: int | None
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class AspectOut:
    aspect: str
    polarity: str | None
    score: float | None
    evidence: str | None


@dataclass(frozen=True, slots=True)
class PostDetail:
    """A post with every annotation and the evidence behind them."""

    post: PostSummary
    author_id: str | None
    author_followers: int | None
    score: int | None
    links: tuple[str, ...]
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    analyzed_at: datetime | None
    relevance: float | None = None
    sentiment_score: float | None = None
    needs_reply: bool | None = None
    reply_reason: str | None = None
    toxic: float | None = None
    engaging: float | None = None
    fact_claiming: float | None = None
    disclosure_evidence: Any = None
    analyzer_versions: dict[str, str] = field(default_factory=dict)
    brand_mentions: tuple[MentionOut, ...] = ()
    aspects: tuple[AspectOut, ...] = ()


@dataclass(frozen=True, slots=True)
class ThreadEntry:
    """A post in a conversation, in reading order: ``depth`` 0 is a root."""

    post: PostSummary
    depth: int
    parent_native_id: str | None


@dataclass(frozen=True, slots=True)
class ThreadView:
    platform: str
    thread_id: str | None
    focus_id: int
    entries: tuple[ThreadEntry, ...]
    truncated: bool = False


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
        document = func.coalesce(posts.c.title, "") + " " + posts.c.text
        tsquery = " & ".join(f"{w.lower()}:*" for w in words)
        checks = [
            func.to_tsvector(_config(config), document).op("@@")(
                func.to_tsquery(_config(config), tsquery)
            )
            for config in ("german", "english")
        ]
        return or_(*checks)
    # Any other database: a plain, slow substring match on every word.
    return and_(*[posts.c.text.ilike(f"%{w}%") for w in words])


def _config(config: str) -> ColumnElement[Any]:
    """A text-search configuration name as PostgreSQL's index expression spells it."""
    if config not in ("german", "english"):
        raise ValueError(config)
    return literal_column(f"'{config}'::regconfig")


# --- listing ----------------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    posts.c.id,
    posts.c.platform,
    posts.c.native_id,
    posts.c.kind,
    posts.c.url,
    posts.c.title,
    posts.c.text,
    func.coalesce(post_analysis.c.language, posts.c.language).label("language"),
    posts.c.created_at,
    posts.c.author_handle,
    posts.c.author_name,
    posts.c.author_is_own,
    posts.c.thread_id,
    posts.c.parent_id,
    posts.c.views,
    posts.c.likes,
    posts.c.replies,
    posts.c.shares,
    post_analysis.c.sentiment,
    post_analysis.c.intent,
    post_analysis.c.spam,
    post_analysis.c.disclosure,
)


def _label(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    if not _LABEL.match(value):
        raise UsageError(f"invalid {what} {value[:40]!r}", hint=f"a {what} is a short name")
    return value


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
        where.append(func.coalesce(pa.language, posts.c.language) == language)
    if sentiment := _label(query.sentiment, "sentiment"):
        where.append(pa.sentiment == sentiment)
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
        where.append(func.coalesce(pa.spam, 0.0) < SPAM_THRESHOLD)
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


def _summary(row: Any, brands: Sequence[str] = ()) -> PostSummary:
    return PostSummary(
        id=int(row.id),
        platform=row.platform,
        native_id=row.native_id,
        kind=row.kind,
        url=row.url,
        title=row.title,
        text=row.text,
        language=row.language,
        created_at=row.created_at,
        author_handle=row.author_handle,
        author_name=row.author_name,
        author_is_own=bool(row.author_is_own),
        thread_id=row.thread_id,
        parent_id=row.parent_id,
        views=row.views,
        likes=row.likes,
        replies=row.replies,
        shares=row.shares,
        sentiment=row.sentiment,
        intent=row.intent,
        spam=row.spam,
        disclosure=row.disclosure,
        brands=tuple(brands),
    )


def _brands_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    stmt = (
        select(post_mentions.c.post_id, post_mentions.c.brand)
        .where(post_mentions.c.post_id.in_(list(ids)))
        .distinct()
        .order_by(post_mentions.c.post_id, post_mentions.c.brand)
    )
    for post_id, brand in conn.execute(stmt):
        found[int(post_id)].append(brand)
    return found


def _base() -> Any:
    return posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id)


def list_posts(engine: Engine, query: PostQuery) -> PostPage:
    """One page of posts matching ``query``, newest (or oldest) first, with a next cursor."""
    if not 1 <= query.limit <= MAX_LIMIT:
        raise UsageError(f"limit must be between 1 and {MAX_LIMIT}", hint="use a smaller page")
    if query.sort not in ("newest", "oldest"):
        raise UsageError(f"unknown sort {query.sort!r}", hint="use newest or oldest")
    with engine.connect() as conn:
        where = _conditions(query, conn)
        if query.cursor:
            moment, last_id = decode_cursor(query.cursor, query.sort)
            if query.sort == "newest":
                where.append(
                    or_(
                        posts.c.created_at < moment,
                        and_(posts.c.created_at == moment, posts.c.id < last_id),
                    )
                )
            else:
                where.append(
                    or_(
                        posts.c.created_at > moment,
                        and_(posts.c.created_at == moment, posts.c.id > last_id),
                    )
                )
        order = (
            (posts.c.created_at.desc(), posts.c.id.desc())
            if query.sort == "newest"
            else (posts.c.created_at.asc(), posts.c.id.asc())
        )
        stmt = (
            select(*_SUMMARY_COLUMNS)
            .select_from(_base())
            .where(*where)
            .order_by(*order)
            .limit(query.limit + 1)
        )
        rows = conn.execute(stmt).all()
        more = len(rows) > query.limit
        rows = rows[: query.limit]
        brands = _brands_of(conn, [int(r.id) for r in rows])
    items = tuple(_summary(r, brands.get(int(r.id), ())) for r in rows)
    cursor = None
    if more and items:
        last = items[-1]
        cursor = encode_cursor(query.sort, last.created_at, last.id)
    return PostPage(items=items, next_cursor=cursor)


def count_posts(engine: Engine, query: PostQuery) -> int:
    """How many posts match ``query`` (cursor, sort and limit ignored)."""
    with engine.connect() as conn:
        where = _conditions(query, conn)
        stmt = select(func.count()).select_from(_base()).where(*where)
        return int(conn.execute(stmt).scalar_one())


# --- one post, one thread ---------------------------------------------------------------


def get_post(engine: Engine, post_id: int) -> PostDetail | None:
    """A post with its annotations, brand mentions, aspects and disclosure evidence."""
    extra = (
        posts.c.author_id,
        posts.c.author_followers,
        posts.c.score,
        posts.c.links,
        posts.c.hashtags,
        posts.c.mentions,
        posts.c.analyzed_at,
    )
    with engine.connect() as conn:
        row = conn.execute(
            select(*_SUMMARY_COLUMNS, *extra).select_from(_base()).where(posts.c.id == post_id)
        ).first()
        if row is None:
            return None
        analysis = read_analysis(conn, post_id)
        brands = _brands_of(conn, [post_id])
    summary = _summary(row, brands.get(post_id, ()))
    detail = PostDetail(
        post=summary,
        author_id=row.author_id,
        author_followers=row.author_followers,
        score=row.score,
        links=tuple(row.links or ()),
        hashtags=tuple(row.hashtags or ()),
        mentions=tuple(row.mentions or ()),
        analyzed_at=row.analyzed_at,
    )
    if analysis is None:
        return detail
    return PostDetail(
        **{
            **{name: getattr(detail, name) for name in PostDetail.__dataclass_fields__},
            "relevance": analysis.relevance,
            "sentiment_score": analysis.sentiment_score,
            "needs_reply": analysis.needs_reply,
            "reply_reason": analysis.reply_reason,
            "toxic": analysis.toxic,
            "engaging": analysis.engaging,
            "fact_claiming": analysis.fact_claiming,
            "disclosure_evidence": analysis.disclosure_evidence,
            "analyzer_versions": dict(analysis.analyzer_versions),
            "brand_mentions": tuple(
                MentionOut(m.brand, m.product, m.alias, m.start, m.end, m.fuzzy)
                for m in analysis.mentions
            ),
            "aspects": tuple(
                AspectOut(a.aspect, a.polarity, a.score, a.evidence) for a in analysis.aspects
            ),
        }
    )


def get_thread(engine: Engine, post_id: int) -> ThreadView | None:
    """The conversation ``post_id`` belongs to, as a tree in reading order.

    Posts whose parent is not stored become roots of their own; replies are
    ordered by time under their parent. Cycles in bad data cannot loop: every
    post is placed once.
    """
    with engine.connect() as conn:
        focus = conn.execute(
            select(posts.c.platform, posts.c.thread_id).where(posts.c.id == post_id)
        ).first()
        if focus is None:
            return None
        platform, thread_id = focus.platform, focus.thread_id
        where = (
            [posts.c.platform == platform, posts.c.thread_id == thread_id]
            if thread_id is not None
            else [posts.c.id == post_id]
        )
        stmt = (
            select(*_SUMMARY_COLUMNS)
            .select_from(_base())
            .where(*where)
            .order_by(posts.c.created_at, posts.c.id)
            .limit(MAX_THREAD + 1)
        )
        rows = conn.execute(stmt).all()
        truncated = len(rows) > MAX_THREAD
        rows = rows[:MAX_THREAD]
        brands = _brands_of(conn, [int(r.id) for r in rows])
    found = [_summary(r, brands.get(int(r.id), ())) for r in rows]
    if truncated and all(p.id != post_id for p in found):
        with engine.connect() as conn:
            extra = conn.execute(
                select(*_SUMMARY_COLUMNS).select_from(_base()).where(posts.c.id == post_id)
            ).one()
        found.append(_summary(extra))
    return ThreadView(
        platform=platform,
        thread_id=thread_id,
        focus_id=post_id,
        entries=tuple(_tree(found)),
        truncated=truncated,
    )


def _tree(found: Sequence[PostSummary]) -> list[ThreadEntry]:
    by_native = {p.native_id: p for p in found}
    children: dict[str, list[PostSummary]] = defaultdict(list)
    roots: list[PostSummary] = []
    for post in found:
        parent = post.parent_id
        if parent and parent in by_native and parent != post.native_id:
            children[parent].append(post)
        else:
            roots.append(post)
    out: list[ThreadEntry] = []
    placed: set[int] = set()

    def walk(post: PostSummary, depth: int, parent: str | None) -> None:
        stack = [(post, depth, parent)]
        while stack:
            node, level, up = stack.pop()
            if node.id in placed:
                continue
            placed.add(node.id)
            out.append(ThreadEntry(node, level, up))
            for child in reversed(children.get(node.native_id, [])):
                stack.append((child, level + 1, node.native_id))

    for root in roots:
        walk(root, 0, None)
    for post in found:  # members of a parent cycle: no root leads to them
        walk(post, 0, None)
    return out
