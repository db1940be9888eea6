"""Rollup tables: post counts per day and dimension, kept exact at analysis time.

Two tables hold the counts the aggregate insights need (see ``schema.py``):

* ``rollup_posts``: posts per brand × product × day × platform × language ×
  sentiment × spam flag;
* ``rollup_aspects``: posts per brand × product × day × platform × language ×
  aspect × polarity × spam flag;
* ``rollup_quality``: analysed posts per day × platform × detected language
  (``"unknown"`` when none) × spam × toxic × toxicity scored × language unsupported,
  once per post whatever it mentions (the data quality figures).

How a post is counted (the raw-table queries in :mod:`resonanz.insights.counts`
follow exactly the same rules, and a test checks that they agree):

* only analysed posts (with a ``post_analysis`` row) are counted;
* a post counts once for every distinct brand it mentions, under product ``""``
  ("the brand as a whole"), and once more for every distinct product of that brand
  it names; a post that mentions no brand counts once under brand ``""``
  (unattributed), so the total volume stays visible;
* ``day`` is the UTC calendar day of ``created_at`` (``YYYY-MM-DD``);
  ``language`` and ``sentiment`` come from the analysis (``""`` when unknown);
  ``spam`` is ``post_analysis.spam >= SPAM_THRESHOLD``;
* per post and aspect one polarity: ``mixed`` when the post has both a positive
  and a negative mention of the aspect, otherwise positive, negative, neutral or
  ``""`` in that order of precedence;
* per brand, the polarity toward that brand (``post_brand_sentiment``, aspect
  ``""``) replaces the post's sentiment, and the polarity of an aspect toward the
  brand (same table, that aspect) replaces the aspect's polarity; without such a
  row the post's sentiment and aspect polarity count. Product rows take the
  polarity toward their brand; unattributed posts their post sentiment.

:func:`write_analysis` calls :func:`contributions` for the posts of a batch
before it deletes their old annotations and again after writing the new ones,
then :func:`apply_change` adds the difference, all in the caller's transaction,
so re-analysis never counts a post twice. A post whose ``created_at`` changes by
re-import without re-analysis keeps its old day until it is analysed again;
:func:`rebuild` recomputes everything from the raw tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, func, inspect, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from resonanz.store.schema import (
    post_analysis,
    post_aspects,
    post_brand_sentiment,
    post_mentions,
    posts,
    rollup_aspects,
    rollup_posts,
    rollup_quality,
)

#: A post with a spam score at or above this is flagged spam.
SPAM_THRESHOLD = 0.5
#: A post with a toxicity probability at or above this counts as toxic in the data
#: quality figures (the analysis' ``REPORT_THRESHOLD``; a test keeps them equal).
TOXIC_THRESHOLD = 0.6
#: Language of an analysed post none was detected for (data quality).
UNKNOWN_LANGUAGE = "unknown"
#: Brand of posts that mention no catalog brand.
UNATTRIBUTED = ""
#: Product value of the "whole brand" rows.
ALL_PRODUCTS = ""

#: (brand, product, day, platform, language, sentiment, spam)
PostKey = tuple[str, str, str, str, str, str, bool]
#: (brand, product, day, platform, language, aspect, polarity, spam)
AspectKey = tuple[str, str, str, str, str, str, str, bool]
#: (day, platform, language, spam, toxic, toxicity scored, language unsupported)
QualityKey = tuple[str, str, str, bool, bool, bool, bool]

_CHUNK = 500  # ids per IN (...) list


class Contributions:
    """What a set of posts adds to the two rollup tables."""

    __slots__ = ("aspects", "posts", "quality")

    def __init__(self) -> None:
        self.posts: Counter[PostKey] = Counter()
        self.aspects: Counter[AspectKey] = Counter()
        self.quality: Counter[QualityKey] = Counter()


def day_key(created_at: datetime) -> str:
    """The UTC calendar day of an aware timestamp as ``YYYY-MM-DD``."""
    return created_at.date().isoformat()


def is_spam(score: float | None) -> bool:
    """Whether a spam score counts as spam."""
    return score is not None and score >= SPAM_THRESHOLD


def collapse_polarity(polarities: Iterable[str | None]) -> str:
    """One polarity for all mentions of an aspect in a post (see the module doc)."""
    seen = set(polarities)
    if "positive" in seen and "negative" in seen:
        return "mixed"
    for polarity in ("positive", "negative", "neutral"):
        if polarity in seen:
            return polarity
    return ""


def brand_keys(mentions: Iterable[tuple[str, str | None]]) -> set[tuple[str, str]]:
    """The (brand, product) rows a post counts under, given its (brand, product) mentions."""
    keys: set[tuple[str, str]] = set()
    for brand, product in mentions:
        keys.add((brand, ALL_PRODUCTS))
        if product:
            keys.add((brand, product))
    return keys or {(UNATTRIBUTED, ALL_PRODUCTS)}


def add_post(
    into: Contributions,
    brands: set[tuple[str, str]],
    day: str,
    platform: str,
    language: str,
    sentiment: str,
    spam: bool,
    aspects: dict[str, str],
    toward: Mapping[tuple[str, str], str] | None = None,
) -> None:
    """Count one post under each of its brand keys (aspects: aspect -> collapsed polarity).

    ``toward`` maps (brand, aspect) to the polarity toward that brand (aspect ``""``:
    the brand as a whole); it overrides ``sentiment`` and ``aspects`` for that brand.
    """
    toward = toward or {}
    for brand, product in brands:
        felt = toward.get((brand, ""), sentiment)
        into.posts[(brand, product, day, platform, language, felt, spam)] += 1
        for aspect, polarity in aspects.items():
            polarity = toward.get((brand, aspect), polarity)
            into.aspects[(brand, product, day, platform, language, aspect, polarity, spam)] += 1


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def contributions(
    conn: Connection, post_ids: Sequence[int], brand_sentiment: bool = True
) -> Contributions:
    """What the stored annotations of ``post_ids`` contribute to the rollups right now.

    ``brand_sentiment=False`` ignores per-brand polarities (for migrations that run
    before the ``post_brand_sentiment`` table exists).
    """
    out = Contributions()
    for chunk in _chunks(sorted(set(post_ids))):
        base = conn.execute(
            select(
                posts.c.id,
                posts.c.platform,
                posts.c.created_at,
                post_analysis.c.language,
                post_analysis.c.sentiment,
                post_analysis.c.spam,
                post_analysis.c.toxic,
                post_analysis.c.lang_supported,
            )
            .join(post_analysis, post_analysis.c.post_id == posts.c.id)
            .where(posts.c.id.in_(chunk))
        ).all()
        if not base:
            continue
        mentions: dict[int, list[tuple[str, str | None]]] = {}
        for pid, brand, product in conn.execute(
            select(post_mentions.c.post_id, post_mentions.c.brand, post_mentions.c.product).where(
                post_mentions.c.post_id.in_(chunk)
            )
        ):
            mentions.setdefault(pid, []).append((brand, product))
        polarities: dict[int, dict[str, list[str | None]]] = {}
        for pid, aspect, polarity in conn.execute(
            select(post_aspects.c.post_id, post_aspects.c.aspect, post_aspects.c.polarity).where(
                post_aspects.c.post_id.in_(chunk)
            )
        ):
            polarities.setdefault(pid, {}).setdefault(aspect, []).append(polarity)
        toward: dict[int, dict[tuple[str, str], str]] = {}
        pbs = post_brand_sentiment.c
        rows: Sequence[Any] = (
            conn.execute(
                select(pbs.post_id, pbs.brand, pbs.aspect, pbs.polarity).where(
                    pbs.post_id.in_(chunk)
                )
            ).all()
            if brand_sentiment
            else []
        )
        for pid, brand, aspect, polarity in rows:
            toward.setdefault(pid, {})[(brand, aspect)] = polarity
        for pid, platform, created_at, language, sentiment, spam, toxic, supported in base:
            day = day_key(created_at)
            scored = toxic is not None
            out.quality[
                (
                    day,
                    platform,
                    UNKNOWN_LANGUAGE if language is None else language,
                    is_spam(spam),
                    scored and toxic >= TOXIC_THRESHOLD,
                    scored,
                    supported is False,
                )
            ] += 1
            add_post(
                out,
                brand_keys(mentions.get(pid, ())),
                day,
                platform,
                language or "",
                sentiment or "",
                is_spam(spam),
                {a: collapse_polarity(p) for a, p in polarities.get(pid, {}).items()},
                toward.get(pid),
            )
    return out


def _upsert(conn: Connection, table: Any, dims: Sequence[str], delta: Counter[Any]) -> None:
    rows = [
        {**dict(zip(dims, key, strict=True)), "n": n}
        for key, n in sorted(delta.items())  # a fixed order keeps concurrent writers deadlock-free
        if n
    ]
    if not rows:
        return
    maker = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = maker(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c[d] for d in dims], set_={"n": table.c.n + stmt.excluded.n}
    )
    conn.execute(stmt, rows)
    shrunk = [row for row in rows if row["n"] < 0]
    if shrunk:  # drop rows that fell to zero, so the tables only hold live combinations
        match = [table.c[d] == bindparam(f"k_{d}") for d in dims]
        conn.execute(
            delete(table).where(*match, table.c.n == 0),
            [{f"k_{d}": row[d] for d in dims} for row in shrunk],
        )


POST_DIMS = ("brand", "product", "day", "platform", "language", "sentiment", "spam")
ASPECT_DIMS = ("brand", "product", "day", "platform", "language", "aspect", "polarity", "spam")
QUALITY_DIMS = ("day", "platform", "language", "spam", "toxic", "scored", "unsupported")


def add_counts(conn: Connection, counts: Contributions) -> None:
    """Add ``counts`` to the rollup tables (upserts; negative counts subtract)."""
    _upsert(conn, rollup_posts, POST_DIMS, counts.posts)
    _upsert(conn, rollup_aspects, ASPECT_DIMS, counts.aspects)
    _upsert(conn, rollup_quality, QUALITY_DIMS, counts.quality)


def apply_change(conn: Connection, before: Contributions, after: Contributions) -> None:
    """Move the rollups from ``before`` to ``after`` (only keys whose count changed)."""
    delta = Contributions()
    delta.posts.update(after.posts)
    delta.posts.subtract(before.posts)
    delta.aspects.update(after.aspects)
    delta.aspects.subtract(before.aspects)
    delta.quality.update(after.quality)
    delta.quality.subtract(before.quality)
    add_counts(conn, delta)


def rebuild(conn: Connection, batch: int = 20_000, brand_sentiment: bool = True) -> int:
    """Recompute both rollup tables from the raw tables; returns the posts counted
    (``brand_sentiment``: see :func:`contributions`)."""
    conn.execute(delete(rollup_posts))
    conn.execute(delete(rollup_aspects))
    # migrations older than scale_indexes rebuild before rollup_quality exists (0018 fills it)
    quality = inspect(conn).has_table(rollup_quality.name)
    if quality:
        conn.execute(delete(rollup_quality))
    total = Contributions()
    last = 0
    counted = 0
    while True:
        ids = list(
            conn.execute(
                select(post_analysis.c.post_id)
                .where(post_analysis.c.post_id > last)
                .order_by(post_analysis.c.post_id)
                .limit(batch)
            ).scalars()
        )
        if not ids:
            break
        last = ids[-1]
        counted += len(ids)
        part = contributions(conn, ids, brand_sentiment)
        total.posts.update(part.posts)
        total.aspects.update(part.aspects)
        if quality:
            total.quality.update(part.quality)
    add_counts(conn, total)
    return counted


def latest_day(engine: Engine, brand: str) -> str | None:
    """The brand's latest day with posts (``YYYY-MM-DD``), read from the primary key."""
    with engine.connect() as conn:
        latest = conn.execute(
            select(func.max(rollup_posts.c.day)).where(rollup_posts.c.brand == brand)
        ).scalar_one_or_none()
    return str(latest) if latest else None


def brand_totals(engine: Engine, brands: Sequence[str]) -> dict[str, int]:
    """Posts per brand of ``brands`` (brands without any are left out)."""
    total = func.sum(rollup_posts.c.n)
    with engine.connect() as conn:
        return {
            str(brand): int(n or 0)
            for brand, n in conn.execute(
                select(rollup_posts.c.brand, total)
                .where(rollup_posts.c.brand.in_(list(brands)))
                .group_by(rollup_posts.c.brand)
            )
        }


_QUALITY_FILL = """
INSERT INTO rollup_quality (day, platform, language, spam, toxic, scored, unsupported, n)
SELECT {day}, p.platform, coalesce(a.language, 'unknown'), coalesce(a.spam >= :spam, false),
  coalesce(a.toxic >= :toxic, false), a.toxic IS NOT NULL,
  coalesce(a.lang_supported = false, false), count(*)
FROM posts p JOIN post_analysis a ON a.post_id = p.id
GROUP BY 1, 2, 3, 4, 5, 6, 7
"""
_DAY = {
    "postgresql": "to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
    "sqlite": "substr(p.created_at, 1, 10)",  # the fixed-width ISO text UTCDateTime stores
}


def fill_quality(conn: Connection) -> None:
    """Count every stored analysis into the empty ``rollup_quality`` with one set-based
    query (migration scale_indexes, the benchmark store); the same rules as
    :func:`contributions`."""
    day = _DAY.get(conn.dialect.name, _DAY["sqlite"])
    conn.execute(
        text(_QUALITY_FILL.format(day=day)), {"spam": SPAM_THRESHOLD, "toxic": TOXIC_THRESHOLD}
    )
