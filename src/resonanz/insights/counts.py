"""Grouped post counts, answered from the rollup tables or from the raw tables.

Both paths count by the rules written down in :mod:`resonanz.store.rollups` and
return the same rows, so the aggregate insights can use the cheap rollups and a
test (and ``bench/insights.py``) can check them against the raw tables.

The rollups only know whole UTC days: with ``source="auto"`` they are used when
the period starts and ends at midnight UTC (or is open), otherwise the raw
tables answer exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, time
from typing import Any, Literal

from sqlalchemy import (
    Connection,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import Subquery

from resonanz.insights.common import as_utc
from resonanz.insights.types import Filters
from resonanz.store.queries import day_of
from resonanz.store.rollups import ALL_PRODUCTS, SPAM_THRESHOLD, UNATTRIBUTED
from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_brand_sentiment,
    post_mentions,
    posts,
    rollup_aspects,
    rollup_posts,
)

Source = Literal["auto", "rollup", "raw"]
POST_DIMS = ("day", "brand", "platform", "language", "sentiment")
ASPECT_DIMS = ("day", "brand", "platform", "language", "aspect", "polarity")


def _midnight(moment: datetime | None) -> bool:
    return moment is None or as_utc(moment).time() == time(0)


def resolve(source: Source, filters: Filters) -> Literal["rollup", "raw"]:
    """Which tables answer: the rollups when the period is whole days, else raw."""
    if source == "auto":
        return "rollup" if _midnight(filters.start) and _midnight(filters.end) else "raw"
    return source


def _rollup_where(table: Any, filters: Filters, brands: Sequence[str], spam: bool) -> list[Any]:
    where = [
        table.c.brand.in_(list(brands)),
        table.c.product == (filters.product or ALL_PRODUCTS),
        table.c.n > 0,
    ]
    if filters.start is not None:
        where.append(table.c.day >= as_utc(filters.start).date().isoformat())
    if filters.end is not None:
        where.append(table.c.day < as_utc(filters.end).date().isoformat())
    if filters.platforms:
        where.append(table.c.platform.in_(list(filters.platforms)))
    if filters.languages:
        where.append(table.c.language.in_(list(filters.languages)))
    if not spam and not filters.include_spam:
        where.append(table.c.spam.is_(False))
    return where


def attributed(filters: Filters, brands: Sequence[str]) -> Subquery:
    """Distinct ``(post_id, brand)`` pairs of the posts counted under ``brands``.

    With a product filter only posts naming that product count; brand ``""``
    stands for posts without any brand mention.
    """
    named = [b for b in brands if b != UNATTRIBUTED]
    parts: list[Select[Any]] = []
    if named:
        where: list[ColumnElement[bool]] = [post_mentions.c.brand.in_(named)]
        if filters.product:
            where.append(post_mentions.c.product == filters.product)
        parts.append(
            select(post_mentions.c.post_id, post_mentions.c.brand).where(*where).distinct()
        )
    if UNATTRIBUTED in brands and not filters.product:
        none = ~exists().where(post_mentions.c.post_id == posts.c.id)
        parts.append(
            select(posts.c.id.label("post_id"), literal(UNATTRIBUTED).label("brand")).where(none)
        )
    if not parts:  # nothing can match; keep the query valid
        parts.append(select(post_mentions.c.post_id, post_mentions.c.brand).where(literal(False)))
    return (parts[0] if len(parts) == 1 else union_all(*parts)).subquery("attributed")


def brand_condition(filters: Filters) -> ColumnElement[bool]:
    """Condition on ``posts``: the post counts for ``filters.brand`` (and product).

    Used by the single-brand queries: the database can then walk the period on
    ``posts.created_at`` and probe the mentions of each post by index.
    """
    if filters.brand == UNATTRIBUTED:
        if filters.product:  # a post naming a product is never unattributed
            return false()
        return ~exists().where(post_mentions.c.post_id == posts.c.id)
    where = [post_mentions.c.post_id == posts.c.id, post_mentions.c.brand == filters.brand]
    if filters.product:
        where.append(post_mentions.c.product == filters.product)
    return exists().where(*where)


def newest_posts(filters: Filters, limit: int) -> Select[Any]:
    """Ids of the brand's ``limit`` newest non-spam posts that ``filters`` select: the
    database walks the time index from the end of the period and probes each post's
    mentions by index, so the work is bounded by ``limit``, not by the store."""
    return (
        select(posts.c.id)
        .select_from(posts.join(post_analysis, post_analysis.c.post_id == posts.c.id))
        .where(brand_condition(filters), *raw_where(filters, spam=False))
        .order_by(posts.c.created_at.desc(), posts.c.id.desc())
        .limit(limit)
    )


def raw_where(filters: Filters, spam: bool) -> list[ColumnElement[bool]]:
    """Period, platform, language and spam conditions on ``posts``/``post_analysis``.

    Spam is left out unless ``spam`` or ``filters.include_spam`` is true.
    """
    where: list[ColumnElement[bool]] = []
    if filters.start is not None:
        where.append(posts.c.created_at >= filters.start)
    if filters.end is not None:
        where.append(posts.c.created_at < filters.end)
    if filters.platforms:
        where.append(posts.c.platform.in_(list(filters.platforms)))
    if filters.languages:
        where.append(func.coalesce(post_analysis.c.language, "").in_(list(filters.languages)))
    if not spam and not filters.include_spam:
        # = coalesce(spam, 0) < threshold, spelt so the planner can use the column's
        # statistics (it took a third of the rows for the coalesce, not nearly all)
        spam_score = post_analysis.c.spam
        where.append(or_(spam_score < SPAM_THRESHOLD, spam_score.is_(None)))
    return where


class _RawSource:
    """Where the raw queries read from: the attributed pairs for several brands, or for
    one brand just ``posts`` with an EXISTS test on its mentions (walks the period)."""

    def __init__(self, conn: Connection, filters: Filters, brands: Sequence[str]) -> None:
        if len(brands) == 1:
            self.brand: ColumnElement[Any] = literal(brands[0])
            self.joined: Any = posts.join(post_analysis, post_analysis.c.post_id == posts.c.id)
            self.where = [brand_condition(replace(filters, brand=brands[0]))]
        else:
            keyed = attributed(filters, brands)
            self.brand = keyed.c.brand
            self.joined = keyed.join(posts, posts.c.id == keyed.c.post_id).join(
                post_analysis, post_analysis.c.post_id == posts.c.id
            )
            self.where = []
        # the polarity toward the counted brand replaces the post's sentiment
        self.toward = post_brand_sentiment.alias("toward")
        self.joined = self.joined.outerjoin(
            self.toward,
            and_(
                self.toward.c.post_id == posts.c.id,
                self.toward.c.brand == self.brand,
                self.toward.c.aspect == "",
            ),
        )
        self.dims: dict[str, ColumnElement[Any]] = {
            "day": day_of(posts.c.created_at, conn.dialect.name),
            "brand": self.brand,
            "platform": posts.c.platform,
            "language": func.coalesce(post_analysis.c.language, ""),
            "sentiment": func.coalesce(self.toward.c.polarity, post_analysis.c.sentiment, ""),
        }


def _rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    return [(*row[:-1], int(row[-1])) for row in conn.execute(stmt)]


def post_counts(
    conn: Connection,
    filters: Filters,
    brands: Sequence[str],
    by: Sequence[str],
    source: Source = "auto",
    spam: bool = False,
) -> list[tuple[Any, ...]]:
    """Posts per combination of the dimensions ``by`` (each row: values..., count).

    ``spam=False`` leaves posts flagged as spam out.
    """
    unknown = set(by) - set(POST_DIMS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}")
    if resolve(source, filters) == "rollup":
        t = rollup_posts
        cols: list[Any] = [t.c[d] for d in by]
        stmt = select(*cols, func.sum(t.c.n)).where(*_rollup_where(t, filters, brands, spam))
        return _rows(conn, stmt.group_by(*cols).order_by(*cols))
    raw = _RawSource(conn, filters, brands)
    cols = [raw.dims[d].label(d) for d in by]
    stmt = (
        select(*cols, func.count())
        .select_from(raw.joined)
        .where(*raw.where, *raw_where(filters, spam))
    )
    return _rows(conn, stmt.group_by(*cols).order_by(*cols))


def aspect_counts(
    conn: Connection,
    filters: Filters,
    brands: Sequence[str],
    by: Sequence[str],
    source: Source = "auto",
    spam: bool = False,
) -> list[tuple[Any, ...]]:
    """Posts per combination of aspect dimensions (each row: values..., count)."""
    unknown = set(by) - set(ASPECT_DIMS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}")
    if resolve(source, filters) == "rollup":
        t = rollup_aspects
        cols: list[Any] = [t.c[d] for d in by]
        stmt = select(*cols, func.sum(t.c.n)).where(*_rollup_where(t, filters, brands, spam))
        return _rows(conn, stmt.group_by(*cols).order_by(*cols))
    raw = _RawSource(conn, filters, brands)
    base = raw.dims
    # the aspect's polarity toward the counted brand replaces the post-level one
    aspect_toward = post_brand_sentiment.alias("aspect_toward")
    pol = func.coalesce(aspect_toward.c.polarity, post_aspects.c.polarity)

    def has(value: str) -> ColumnElement[Any]:
        return func.max(case((pol == value, 1), else_=0)).label(value)

    keep = [d for d in by if d not in ("aspect", "polarity")]
    inner_cols = [base[d].label(d) for d in keep]
    per_post = (  # one row per (brand, post, aspect), as the rollup counts it
        select(
            *inner_cols,
            post_aspects.c.aspect,
            has("positive"),
            has("negative"),
            has("neutral"),
        )
        .select_from(
            raw.joined.join(post_aspects, post_aspects.c.post_id == posts.c.id).outerjoin(
                aspect_toward,
                and_(
                    aspect_toward.c.post_id == posts.c.id,
                    aspect_toward.c.brand == raw.brand,
                    aspect_toward.c.aspect == post_aspects.c.aspect,
                ),
            )
        )
        .where(*raw.where, *raw_where(filters, spam))
        .group_by(raw.brand, posts.c.id, post_aspects.c.aspect, *inner_cols)
        .subquery("per_post")
    )
    p = per_post.c
    polarity = case(
        (and_(p.positive == 1, p.negative == 1), "mixed"),
        (p.positive == 1, "positive"),
        (p.negative == 1, "negative"),
        (p.neutral == 1, "neutral"),
        else_="",
    )
    outer = {**{d: p[d] for d in keep}, "aspect": p.aspect, "polarity": polarity}
    cols = [outer[d].label(d) for d in by]
    stmt = select(*cols, func.count()).select_from(per_post)
    return _rows(conn, stmt.group_by(*cols).order_by(*cols))
