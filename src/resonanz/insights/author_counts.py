"""Top voices and transparency totals read from ``rollup_authors`` instead of the posts.

The rollup holds the analysed posts per brand (and product), day, platform, language,
spam flag, author, follower count and disclosure verdict (see
:mod:`resonanz.store.people_rollups`), counted by the same rules as the raw queries of
:mod:`resonanz.insights.voices` and :mod:`resonanz.insights.transparency`; tests compare
both. Like the other rollups it knows whole UTC days only (:func:`counts.resolve`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, case, func, literal, select

from resonanz.insights.counts import resolve
from resonanz.insights.types import Filters
from resonanz.store.people_schema import rollup_authors as ra
from resonanz.store.rollups import ALL_PRODUCTS

__all__ = ["resolve", "transparency_totals", "voice_rows"]


def _where(filters: Filters) -> list[Any]:
    from resonanz.insights.common import as_utc

    where = [ra.c.brand == filters.brand, ra.c.product == (filters.product or ALL_PRODUCTS)]
    if filters.start is not None:
        where.append(ra.c.day >= as_utc(filters.start).date().isoformat())
    if filters.end is not None:
        where.append(ra.c.day < as_utc(filters.end).date().isoformat())
    if filters.platforms:
        where.append(ra.c.platform.in_(list(filters.platforms)))
    if filters.languages:
        where.append(ra.c.language.in_(list(filters.languages)))
    if not filters.include_spam:
        where.append(ra.c.spam.is_(False))
    return where


def voice_rows(conn: Connection, filters: Filters, limit: int) -> list[Any]:
    """Rows as :func:`resonanz.insights.voices.top_voices` reads them from the posts."""
    followers = func.max(case((ra.c.followers >= 0, ra.c.followers), else_=None))
    views = case((func.sum(ra.c.views_known) > 0, func.sum(ra.c.views)), else_=None)
    reach = func.coalesce(followers, views)
    stmt = (
        select(
            ra.c.platform,
            ra.c.author.label("author"),
            func.sum(ra.c.posts).label("posts"),
            followers.label("followers"),
            views.label("views"),
            func.sum(ra.c.interactions).label("interactions"),
            func.sum(ra.c.interactions_viewed).label("viewed"),
            func.sum(ra.c.positive).label("positive"),
            func.sum(ra.c.negative).label("negative"),
            func.max(case((ra.c.own > 0, 1), else_=0)).label("own"),
        )
        .where(*_where(filters), ra.c.author != literal(""))
        .group_by(ra.c.platform, ra.c.author)
        .order_by(
            case((reach.is_(None), 1), else_=0),
            reach.desc(),
            func.sum(ra.c.interactions).desc(),
            ra.c.author,
            ra.c.platform,
        )
        .limit(limit)
    )
    return list(conn.execute(stmt).all())


def transparency_totals(
    conn: Connection, filters: Filters, limit: int, commercial: tuple[str, ...]
) -> list[tuple[str, str, int, int, int]]:
    """``(platform, creator, commercial, undisclosed, self_promotion)`` as the raw
    totals query of :func:`resonanz.insights.transparency.transparency` orders them."""
    count = func.sum(ra.c.posts)
    undisclosed = func.sum(case((ra.c.verdict == "undisclosed_commercial", ra.c.posts), else_=0))
    own = func.sum(case((ra.c.verdict == "self_promotion", ra.c.posts), else_=0))
    stmt = (
        select(ra.c.platform, ra.c.author, count, undisclosed, own)
        .where(*_where(filters), ra.c.verdict.in_(list(commercial)))
        .group_by(ra.c.platform, ra.c.author)
        .order_by(undisclosed.desc(), count.desc(), ra.c.author, ra.c.platform)
        .limit(limit)
    )
    return [(str(p), str(c), int(n), int(u), int(s)) for p, c, n, u, s in conn.execute(stmt)]
