"""Posts as the faces show them: summaries, one post with its evidence, thread trees.

The row shapes and the read functions shared by :mod:`resonanz.store.search` (lists
and full-text search) and by the pages and API. Texts, names and URLs in these
records are raw, attacker-controlled input: escape them when rendering.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from resonanz.store.annotations import read_analysis
from resonanz.store.schema import post_analysis, post_mentions, posts

MAX_THREAD = 2000


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
    #: the polarity toward the brand the listing was filtered by (None: none stored)
    brand_sentiment: str | None = None


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
class BrandSentimentOut:
    """The polarity of the post toward one brand it names (``aspect`` "": the brand)."""

    brand: str
    aspect: str
    polarity: str
    score: float | None
    method: str | None
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
    brand_sentiments: tuple[BrandSentimentOut, ...] = ()


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


SUMMARY_COLUMNS = (
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


def summary(row: Any, brands: Sequence[str] = ()) -> PostSummary:
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
        brand_sentiment=getattr(row, "brand_sentiment", None),
    )


def brands_of(conn: Connection, ids: Sequence[int]) -> dict[int, list[str]]:
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


def base() -> Any:
    return posts.outerjoin(post_analysis, post_analysis.c.post_id == posts.c.id)


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
            select(*SUMMARY_COLUMNS, *extra).select_from(base()).where(posts.c.id == post_id)
        ).first()
        if row is None:
            return None
        analysis = read_analysis(conn, post_id)
        brands = brands_of(conn, [post_id])
    detail = PostDetail(
        post=summary(row, brands.get(post_id, ())),
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
            "brand_sentiments": tuple(
                BrandSentimentOut(b.brand, b.aspect, b.polarity, b.score, b.method, b.evidence)
                for b in analysis.brand_sentiments
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
            select(*SUMMARY_COLUMNS)
            .select_from(base())
            .where(*where)
            .order_by(posts.c.created_at, posts.c.id)
            .limit(MAX_THREAD + 1)
        )
        rows = conn.execute(stmt).all()
        truncated = len(rows) > MAX_THREAD
        rows = rows[:MAX_THREAD]
        brands = brands_of(conn, [int(r.id) for r in rows])
    found = [summary(r, brands.get(int(r.id), ())) for r in rows]
    if truncated and all(p.id != post_id for p in found):
        with engine.connect() as conn:
            extra = conn.execute(
                select(*SUMMARY_COLUMNS).select_from(base()).where(posts.c.id == post_id)
            ).one()
        found.append(summary(extra))
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
