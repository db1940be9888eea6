"""The creator directory's figures read from the people rollups instead of the raw tables.

Each function answers what its namesake in :mod:`resonanz.store.creator_stats` answers,
summed per creator: the rows of :mod:`resonanz.store.people_schema` that the creator's
accounts match (``author_id = native_id`` or ``author_handle = handle``; a row matched by
two accounts of one creator counts once) in the period. The rollups know whole UTC days
only: :func:`usable` says whether a scope can be answered from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import Connection, Table, and_, case, distinct, exists, func, select, union_all

from resonanz.store.creator_stats import (
    REPEAT_POSTS,
    CommenterTotals,
    Scope,
    largest_per_account,
)
from resonanz.store.creators_schema import creator_accounts as ca
from resonanz.store.people_schema import (
    CONTENT_COUNTS,
    rollup_people_brands,
    rollup_people_commenters,
    rollup_people_content,
    rollup_people_followers,
)


@dataclass(frozen=True, slots=True)
class PlatformTotals:
    """One creator's content on one platform in the period, and the comments under it
    (fields as :data:`~resonanz.store.people_schema.CONTENT_COUNTS`)."""

    creator_id: int
    platform: str
    posts: int
    viewed: int
    views: int
    likes: int
    likes_viewed: int
    engaged: int
    engaged_viewed: int
    comments: int
    spam: int
    spam_known: int
    positive: int
    negative: int
    neutral: int
    clear: int
    weak: int
    undisclosed: int


def _midnight(moment: datetime | None) -> bool:
    if moment is None:
        return True
    return moment.utcoffset() is not None and moment.astimezone(UTC).time() == time(0)


def usable(scope: Scope) -> bool:
    """Whether the period starts and ends at midnight UTC (or is open)."""
    return _midnight(scope.start) and _midnight(scope.end)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def _matched(table: Table, scope: Scope) -> Any:
    """``(creator_id, <every column of table>)`` for the rows the creators' accounts
    match in the period, each row once per creator.

    ``UNION ALL`` of two index-friendly joins, no sort to remove duplicates: a row counts
    by handle only when no account of the same creator matches it by id, and the handle
    match goes through the distinct ``(creator, platform, handle)`` of the accounts."""
    t = table

    def dated(query: Any) -> Any:
        if scope.start is not None:
            query = query.where(t.c.day >= _day(scope.start))
        if scope.end is not None:
            query = query.where(t.c.day < _day(scope.end))
        return query

    def mine(query: Any, creator: Any) -> Any:
        if scope.creator_ids is not None:
            query = query.where(creator.in_(list(scope.creator_ids)))
        return query

    by_id = select(ca.c.creator_id, *t.c).select_from(
        t.join(ca, and_(t.c.platform == ca.c.platform, t.c.author_id == ca.c.native_id))
    )
    handles = (
        mine(select(ca.c.creator_id, ca.c.platform, ca.c.handle), ca.c.creator_id)
        .where(ca.c.handle.is_not(None), ca.c.handle != "")
        .distinct()
        .subquery("handles")
    )
    same = ca.alias("same_creator")
    by_handle = (
        select(handles.c.creator_id, *t.c)
        .select_from(
            t.join(
                handles,
                and_(t.c.platform == handles.c.platform, t.c.author_handle == handles.c.handle),
            )
        )
        .where(
            ~exists().where(
                same.c.creator_id == handles.c.creator_id,
                same.c.platform == t.c.platform,
                same.c.native_id == t.c.author_id,
            )
        )
    )
    return union_all(dated(mine(by_id, ca.c.creator_id)), dated(by_handle)).subquery("matched")


def content_totals(conn: Connection, scope: Scope) -> list[PlatformTotals]:
    """Per creator and platform: content, views, likes and comments in the period."""
    m = _matched(rollup_people_content, scope)
    rows = conn.execute(
        select(m.c.creator_id, m.c.platform, *(func.sum(m.c[n]) for n in CONTENT_COUNTS))
        .group_by(m.c.creator_id, m.c.platform)
        .order_by(m.c.creator_id, m.c.platform)
    )
    return [
        PlatformTotals(int(row[0]), str(row[1]), *(int(x or 0) for x in row[2:])) for row in rows
    ]


def commenter_totals(conn: Connection, scope: Scope) -> list[CommenterTotals]:
    """Per creator: distinct commenters, and those under :data:`REPEAT_POSTS`+ posts
    (exact: one rollup row per piece of content and commenter)."""
    m = _matched(rollup_people_commenters, scope)
    per = (
        select(m.c.creator_id, func.count(distinct(m.c.content_id)).label("n"))
        .group_by(m.c.creator_id, m.c.commenter)
        .subquery("per_commenter")
    )
    repeat = func.sum(case((per.c.n >= REPEAT_POSTS, 1), else_=0))
    rows = conn.execute(select(per.c.creator_id, func.count(), repeat).group_by(per.c.creator_id))
    return [CommenterTotals(int(a), int(b), int(n or 0)) for a, b, n in rows]


def brand_totals(conn: Connection, scope: Scope) -> dict[int, dict[str, dict[str, int]]]:
    """Per creator: brand -> polarity (``""``: unknown) -> content naming the brand."""
    m = _matched(rollup_people_brands, scope)
    rows = conn.execute(
        select(m.c.creator_id, m.c.brand, m.c.polarity, func.sum(m.c.n)).group_by(
            m.c.creator_id, m.c.brand, m.c.polarity
        )
    )
    out: dict[int, dict[str, dict[str, int]]] = {}
    for creator_id, brand, polarity, n in rows:
        out.setdefault(int(creator_id), {}).setdefault(str(brand), {})[str(polarity)] = int(n)
    return out


def followers_seen(conn: Connection, scope: Scope) -> dict[int, int]:
    """Per account id: the largest ``author_followers`` its posts carried (any period)."""
    t = rollup_people_followers
    return largest_per_account(conn, scope, t, t.c.followers, t.c.n > 0)
