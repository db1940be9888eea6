"""Top voices: the authors who reach most people when they talk about the brand.

Per author (platform + handle, falling back to the author id) over the brand's
non-spam posts in the period:

* ``reach``: the largest follower count seen, else the summed views of the
  posts where views are known, else unknown;
* ``interactions``: likes + replies + shares summed (unknown counts as 0);
* ``engagement_rate``: interactions on posts with known views divided by those
  views when views are known; otherwise interactions per post divided by the
  follower count; unknown when neither is known (or is 0);
* ``net_sentiment``: (positive - negative) / posts, by the polarity toward the brand
  (``post_brand_sentiment``), else the post's sentiment.

Ordered by reach (unknown last), then interactions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, case, func, select

from resonanz.insights.author_counts import voice_rows
from resonanz.insights.common import connection
from resonanz.insights.counts import Source, brand_condition, raw_where, resolve
from resonanz.insights.types import Filters, Voice
from resonanz.store.schema import post_analysis, post_brand_sentiment, posts


def _rate(
    interactions_viewed: int, views: int | None, per_post: float, followers: int | None
) -> float | None:
    if views:
        return interactions_viewed / views
    if followers:
        return per_post / followers
    return None


def without_author(source: Engine | Connection, filters: Filters) -> int:
    """How many of the brand's non-spam posts in the period carry no author at all (the
    source had no author column or left it empty): they can be nobody's voice."""
    stmt = (
        select(func.count())
        .select_from(posts.join(post_analysis, post_analysis.c.post_id == posts.c.id))
        .where(
            posts.c.author_handle.is_(None),
            posts.c.author_id.is_(None),
            brand_condition(filters),
            *raw_where(filters, spam=False),
        )
    )
    with connection(source) as conn:
        return int(conn.execute(stmt).scalar_one())


def top_voices(
    source: Engine | Connection, filters: Filters, limit: int = 20, tables: Source = "auto"
) -> tuple[Voice, ...]:
    """The ``limit`` authors with the widest reach among the brand's posts.

    ``tables``: ``"rollup"`` reads ``rollup_authors``, ``"raw"`` the posts; ``"auto"`` the
    rollup when the period is whole UTC days (same rows either way)."""
    if resolve(tables, filters) == "rollup":
        with connection(source) as conn:
            return _voices(voice_rows(conn, filters, limit))
    author = func.coalesce(posts.c.author_handle, posts.c.author_id)
    interactions = (
        func.coalesce(posts.c.likes, 0)
        + func.coalesce(posts.c.replies, 0)
        + func.coalesce(posts.c.shares, 0)
    )
    toward = post_brand_sentiment.alias("toward")
    sentiment = func.coalesce(toward.c.polarity, post_analysis.c.sentiment)
    reach = func.coalesce(func.max(posts.c.author_followers), func.sum(posts.c.views))
    stmt = (
        select(
            posts.c.platform,
            author.label("author"),
            func.count().label("posts"),
            func.max(posts.c.author_followers).label("followers"),
            func.sum(posts.c.views).label("views"),
            func.sum(interactions).label("interactions"),
            func.sum(case((posts.c.views.is_not(None), interactions), else_=0)).label("viewed"),
            func.sum(case((sentiment == "positive", 1), else_=0)).label("positive"),
            func.sum(case((sentiment == "negative", 1), else_=0)).label("negative"),
            func.max(case((posts.c.author_is_own.is_(True), 1), else_=0)).label("own"),
        )
        .select_from(
            posts.join(post_analysis, post_analysis.c.post_id == posts.c.id).outerjoin(
                toward,
                and_(
                    toward.c.post_id == posts.c.id,
                    toward.c.brand == filters.brand,
                    toward.c.aspect == "",
                ),
            )
        )
        .where(author.is_not(None), brand_condition(filters), *raw_where(filters, spam=False))
        .group_by(posts.c.platform, author)
        .order_by(
            case((reach.is_(None), 1), else_=0),
            reach.desc(),
            func.sum(interactions).desc(),
            author,
            posts.c.platform,
        )
        .limit(limit)
    )
    with connection(source) as conn:
        rows = conn.execute(stmt).all()
    return _voices(rows)


def _voices(rows: Sequence[Any]) -> tuple[Voice, ...]:
    voices = []
    for row in rows:
        n = int(row.posts)
        followers = int(row.followers) if row.followers is not None else None
        views = int(row.views) if row.views is not None else None
        total = int(row.interactions or 0)
        voices.append(
            Voice(
                platform=row.platform,
                author=str(row.author),
                posts=n,
                reach=followers if followers is not None else views,
                interactions=total,
                engagement_rate=_rate(int(row.viewed or 0), views, total / n, followers),
                net_sentiment=(int(row.positive) - int(row.negative)) / n,
                is_own=bool(row.own),
            )
        )
    return tuple(voices)
