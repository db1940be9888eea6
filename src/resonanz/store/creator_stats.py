"""Reads behind the creator directory: the content of creators' accounts and what hangs off it.

A post belongs to an account when ``posts.platform`` equals the account's platform and
``posts.author_id`` equals its ``native_id`` or ``posts.author_handle`` its ``handle``.
A creator's *content* is such a post that is not a comment or reply; the *comments*
under it are the posts of the same platform whose ``thread_id`` is the content's
``native_id`` (the content itself excluded). The period bounds the content's
``created_at`` (start inclusive, end exclusive); comments count whenever they came.

Every function returns plain rows; :mod:`resonanz.creators.figures` turns them into
figures. The queries aggregate in the database where they can, so the directory of a
thousand creators reads a few thousand rows, not every comment.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    JSON,
    ColumnElement,
    Connection,
    and_,
    case,
    distinct,
    exists,
    func,
    literal,
    select,
    type_coerce,
    union,
)

from resonanz.store.creators_schema import creator_accounts as ca
from resonanz.store.schema import post_analysis, post_brand_sentiment, post_mentions, posts

#: post kinds that answer other posts: never a creator's content
ANSWER_KINDS = ("comment", "reply")
#: a comment with at least this spam score counts as spam (as everywhere in Resonanz)
SPAM_LIMIT = 0.5
#: a commenter under at least this many different posts of one creator is a repeat commenter
REPEAT_POSTS = 3


@dataclass(frozen=True, slots=True)
class Scope:
    """Which creators (``None``: all) and which period of their content."""

    creator_ids: Collection[int] | None = None
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class ContentRow:
    creator_id: int
    post_id: int
    platform: str
    native_id: str
    kind: str
    url: str | None
    title: str | None
    text: str
    created_at: datetime
    views: int | None
    likes: int | None
    score: int | None
    replies: int | None
    author_followers: int | None
    disclosure: str | None
    disclosure_evidence: Any


@dataclass(frozen=True, slots=True)
class CommentTotals:
    """The stored comments under one piece of content."""

    creator_id: int
    post_id: int
    comments: int
    spam: int
    spam_known: int
    positive: int
    negative: int
    neutral: int


@dataclass(frozen=True, slots=True)
class CommenterTotals:
    """Distinct commenters under one creator's content, and how many came back often."""

    creator_id: int
    commenters: int
    repeat: int


@dataclass(frozen=True, slots=True)
class MentionRow:
    """A brand named in a piece of content, with the polarity toward it where known."""

    creator_id: int
    post_id: int
    brand: str
    polarity: str | None


def content_cte(scope: Scope, only: ColumnElement[bool] | None = None) -> CTE:
    """``(creator_id, post_id)`` of every piece of content in ``scope`` (and ``only``, a
    condition on ``posts``, when given)."""

    def authored(match: ColumnElement[bool]) -> Any:
        query = (
            select(ca.c.creator_id, posts.c.id.label("post_id"))
            .select_from(posts.join(ca, and_(posts.c.platform == ca.c.platform, match)))
            .where(posts.c.kind.not_in(ANSWER_KINDS))
        )
        if scope.creator_ids is not None:
            query = query.where(ca.c.creator_id.in_(list(scope.creator_ids)))
        if scope.start is not None:
            query = query.where(posts.c.created_at >= scope.start)
        if scope.end is not None:
            query = query.where(posts.c.created_at < scope.end)
        if only is not None:
            query = query.where(only)
        return query

    by_id = authored(posts.c.author_id == ca.c.native_id)
    by_handle = authored(and_(ca.c.handle.is_not(None), posts.c.author_handle == ca.c.handle))
    return union(by_id, by_handle).cte("creator_content")


#: verdicts of the sponsorship stage whose evidence the disclosure record shows
COMMERCIAL_VERDICTS = ("disclosed", "undisclosed_commercial")


def content(
    conn: Connection,
    scope: Scope,
    *,
    text: bool = False,
    only: ColumnElement[bool] | None = None,
) -> list[ContentRow]:
    """The content of the creators in ``scope`` (and ``only``), newest first.

    The disclosure evidence is read for commercial verdicts only; the post text only
    when ``text`` is set (the detail page shows it, the directory does not need it).
    """
    cte = content_cte(scope, only)
    p = posts
    pa = post_analysis
    evidence = case(
        (pa.c.disclosure.in_(COMMERCIAL_VERDICTS), pa.c.disclosure_evidence), else_=None
    )
    rows = conn.execute(
        select(
            cte.c.creator_id,
            p.c.id,
            p.c.platform,
            p.c.native_id,
            p.c.kind,
            p.c.url,
            p.c.title,
            p.c.text if text else literal(""),
            p.c.created_at,
            p.c.views,
            p.c.likes,
            p.c.score,
            p.c.replies,
            p.c.author_followers,
            pa.c.disclosure,
            type_coerce(evidence, JSON),
        )
        .select_from(cte.join(p, p.c.id == cte.c.post_id).outerjoin(pa, pa.c.post_id == p.c.id))
        .order_by(p.c.created_at.desc(), p.c.id)
    )
    return [ContentRow(*values) for values in map(tuple, rows)]


def _comments_of(cte: CTE) -> Any:
    """``content -> its post -> the comments under it`` as a FROM clause.

    The creator's own replies in the thread are not comments of the audience: a post by
    the content's author is left out (spam share, commenters and audience sentiment).
    """
    v = posts.alias("content_post")
    c = posts.alias("comment")
    by_author = func.coalesce(c.c.author_id, c.c.author_handle, "") == func.coalesce(
        v.c.author_id, v.c.author_handle, ""
    )
    joined = cte.join(v, v.c.id == cte.c.post_id).join(
        c,
        and_(
            c.c.platform == v.c.platform,
            c.c.thread_id == v.c.native_id,
            c.c.id != v.c.id,
            ~by_author,
        ),
    )
    return joined, v, c


def comment_totals(conn: Connection, scope: Scope) -> list[CommentTotals]:
    """Per piece of content: stored comments, spam, sentiment of the comments."""
    cte = content_cte(scope)
    joined, _v, c = _comments_of(cte)
    pa = post_analysis

    def count_if(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    rows = conn.execute(
        select(
            cte.c.creator_id,
            cte.c.post_id,
            func.count(c.c.id),
            count_if(pa.c.spam >= SPAM_LIMIT),
            count_if(pa.c.spam.is_not(None)),
            count_if(pa.c.sentiment == "positive"),
            count_if(pa.c.sentiment == "negative"),
            count_if(pa.c.sentiment == "neutral"),
        )
        .select_from(joined.outerjoin(pa, pa.c.post_id == c.c.id))
        .group_by(cte.c.creator_id, cte.c.post_id)
    )
    return [CommentTotals(*(int(x) for x in row)) for row in rows]


def commenter_totals(conn: Connection, scope: Scope) -> list[CommenterTotals]:
    """Per creator: distinct commenters, and those under :data:`REPEAT_POSTS`+ posts."""
    cte = content_cte(scope)
    joined, v, c = _comments_of(cte)
    author = func.coalesce(c.c.author_id, c.c.author_handle)
    per_author = (
        select(
            cte.c.creator_id.label("creator_id"),
            func.count(distinct(v.c.id)).label("n"),
        )
        .select_from(joined)
        .where(author.is_not(None))
        .group_by(cte.c.creator_id, author)
        .subquery()
    )
    rows = conn.execute(
        select(
            per_author.c.creator_id,
            func.count(),
            func.coalesce(func.sum(case((per_author.c.n >= REPEAT_POSTS, 1), else_=0)), 0),
        ).group_by(per_author.c.creator_id)
    )
    return [CommenterTotals(int(a), int(b), int(n)) for a, b, n in rows]


def commercial_verdict() -> ColumnElement[bool]:
    """Condition on ``posts``: the sponsorship stage gave a commercial verdict."""
    pa = post_analysis
    return posts.c.id.in_(select(pa.c.post_id).where(pa.c.disclosure.in_(COMMERCIAL_VERDICTS)))


def names_a_brand() -> ColumnElement[bool]:
    """Condition on ``posts``: the post names a catalog brand."""
    return exists().where(post_mentions.c.post_id == posts.c.id)


def mentions(
    conn: Connection, scope: Scope, only: ColumnElement[bool] | None = None
) -> list[MentionRow]:
    """Brands named in the content: one row per (creator, post, brand).

    The polarity is the post's stance toward that brand (``post_brand_sentiment``, whole
    brand), else the post's overall sentiment.
    """
    cte = content_cte(scope, only)
    pm = post_mentions
    bs = post_brand_sentiment
    pa = post_analysis
    polarity = func.coalesce(bs.c.polarity, pa.c.sentiment)
    rows = conn.execute(
        select(cte.c.creator_id, cte.c.post_id, pm.c.brand, func.max(polarity))
        .select_from(
            cte.join(pm, pm.c.post_id == cte.c.post_id)
            .outerjoin(
                bs,
                and_(bs.c.post_id == pm.c.post_id, bs.c.brand == pm.c.brand, bs.c.aspect == ""),
            )
            .outerjoin(pa, pa.c.post_id == pm.c.post_id)
        )
        .group_by(cte.c.creator_id, cte.c.post_id, pm.c.brand)
    )
    return [MentionRow(int(a), int(b), str(brand), pol) for a, b, brand, pol in rows]


def followers_seen(conn: Connection, scope: Scope) -> dict[int, int]:
    """Per account id: the largest ``author_followers`` its posts carried (any period).

    Two index-friendly queries (by id, by handle) instead of one join on an OR."""
    return largest_per_account(
        conn, scope, posts, posts.c.author_followers, posts.c.author_followers.is_not(None)
    )


def largest_per_account(
    conn: Connection, scope: Scope, table: Any, value: Any, where: ColumnElement[bool]
) -> dict[int, int]:
    """Per account id: the largest ``value`` of the ``table`` rows of its author
    (``table`` has ``platform``, ``author_id`` and ``author_handle``) meeting ``where``."""
    found: dict[int, int] = {}
    for match in (
        table.c.author_id == ca.c.native_id,
        and_(ca.c.handle.is_not(None), ca.c.handle != "", table.c.author_handle == ca.c.handle),
    ):
        query = (
            select(ca.c.id, func.max(value))
            .select_from(ca.join(table, and_(table.c.platform == ca.c.platform, match)))
            .where(where)
            .group_by(ca.c.id)
        )
        if scope.creator_ids is not None:
            query = query.where(ca.c.creator_id.in_(list(scope.creator_ids)))
        for account_id, n in conn.execute(query):
            found[int(account_id)] = max(int(n), found.get(int(account_id), 0))
    return found


def data_version(conn: Connection) -> tuple[Any, ...]:
    """A fingerprint that changes whenever a directory figure may change: posts imported,
    updated or erased, analyses written, creators, accounts or partnerships changed, the
    catalog replaced. Cheap (a few aggregates) so a cached directory can be checked on
    every request."""
    from resonanz.store.creators_schema import creators, partnerships
    from resonanz.store.schema import brands, import_runs

    def one(*columns: Any) -> Any:
        return select(*columns).scalar_subquery()

    row = conn.execute(
        select(
            one(func.count(posts.c.id)),
            one(func.max(posts.c.id)),
            one(func.max(import_runs.c.id)),
            one(func.max(import_runs.c.heartbeat_at)),
            one(func.max(post_analysis.c.analyzed_at)),
            one(func.count(post_analysis.c.post_id)),
            one(func.max(creators.c.updated_at)),
            one(func.count(creators.c.id)),
            one(func.count(ca.c.id)),
            one(func.max(ca.c.id)),
            one(func.max(ca.c.fetched_at)),
            one(func.sum(ca.c.creator_id)),
            one(func.count(partnerships.c.id)),
            one(func.max(partnerships.c.id)),
            one(func.max(brands.c.updated_at)),
        )
    ).one()
    return tuple(row)
