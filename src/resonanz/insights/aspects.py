"""Aspect scorecard: per aspect, how often and how favourably it is discussed.

Counts come from :func:`~resonanz.insights.counts.aspect_counts` (one polarity per
post and aspect; a post praising and criticising the same aspect is ``mixed`` and
counts toward both shares). Change figures compare with the period of equal
length just before (``None`` when that period has no mention of the aspect or the
filter has no closed period). Polarities are those toward the brand (see
:mod:`resonanz.store.rollups`). Quotes are read from the raw tables: spam left out,
the most confident first, near-duplicates skipped, chosen among the aspect mentions
of the brand's ``POOL`` newest posts in the period (so a quote costs the same at ten
million posts as at ten thousand).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select

from resonanz.insights.common import QUOTE_COLUMNS, connection, diverse, quote_from
from resonanz.insights.counts import Source, aspect_counts, newest_posts
from resonanz.insights.types import AspectScore, Filters, Quote
from resonanz.store.schema import post_analysis, post_aspects, post_brand_sentiment, posts

#: Candidates read per aspect and side before picking diverse quotes.
CANDIDATES = 40
#: The brand's newest posts of the period whose aspect mentions quotes are chosen from.
POOL = 2000
SIDES = ("positive", "negative")


def _tally(rows: list[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for aspect, polarity, n in rows:
        out[aspect][polarity] += n
    return out


def _shares(counts: dict[str, int]) -> tuple[int, float, float]:
    total = sum(counts.values())
    if not total:
        return 0, 0.0, 0.0
    pos = counts.get("positive", 0) + counts.get("mixed", 0)
    neg = counts.get("negative", 0) + counts.get("mixed", 0)
    return total, pos / total, neg / total


def aspect_quotes(
    conn: Connection, filters: Filters, aspects: Sequence[str], k: int = 3
) -> dict[tuple[str, str], tuple[Quote, ...]]:
    """Up to ``k`` diverse, confident, non-spam quotes per (aspect, "positive"/"negative").

    One query reads the aspect mentions of all ``aspects`` in the brand's ``POOL``
    newest posts of the period (walking the time index newest first, so the work
    is bounded however large the store is); a post's confidence
    for an aspect and side is its best score there. A second query reads the texts
    of the ``CANDIDATES`` most confident per aspect and side.
    """
    if not aspects or k <= 0:
        return {}
    toward = post_brand_sentiment.alias("aspect_toward")
    polarity = func.coalesce(toward.c.polarity, post_aspects.c.polarity)
    stmt = (
        select(post_aspects.c.aspect, polarity, posts.c.id, post_aspects.c.score)
        .select_from(
            posts.join(post_analysis, post_analysis.c.post_id == posts.c.id)
            .join(post_aspects, post_aspects.c.post_id == posts.c.id)
            .outerjoin(
                toward,
                and_(
                    toward.c.post_id == posts.c.id,
                    toward.c.brand == filters.brand,
                    toward.c.aspect == post_aspects.c.aspect,
                ),
            )
        )
        .where(
            posts.c.id.in_(newest_posts(filters, POOL).scalar_subquery()),
            post_aspects.c.aspect.in_(list(aspects)),
            polarity.in_(SIDES),
        )
    )
    confidence: dict[tuple[str, str, int], float] = {}
    for aspect, side, post_id, score in conn.execute(stmt):
        key = (str(aspect), str(side), int(post_id))
        confidence[key] = max(confidence.get(key, 0.0), float(score or 0.0))
    ranked: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for (aspect, side, post_id), score in confidence.items():
        ranked[(aspect, side)].append((-score, post_id))
    best = {key: sorted(found)[:CANDIDATES] for key, found in ranked.items()}
    wanted = sorted({pid for found in best.values() for _, pid in found})
    rows: dict[int, Any] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in conn.execute(select(*QUOTE_COLUMNS).where(posts.c.id.in_(chunk))):
            rows[int(row.id)] = row
    return {
        key: diverse((quote_from(rows[pid], -neg) for neg, pid in found if pid in rows), k)
        for key, found in best.items()
    }


def aspect_scorecard(
    source: Engine | Connection,
    filters: Filters,
    tables: Source = "auto",
    limit: int = 12,
    quotes: int = 3,
) -> tuple[AspectScore, ...]:
    """The ``limit`` most discussed aspects of the brand, most mentioned first."""
    with connection(source) as conn:
        current = _tally(
            aspect_counts(conn, filters, [filters.brand], ("aspect", "polarity"), tables)
        )
        previous: dict[str, dict[str, int]] = {}
        if filters.start is not None and filters.end is not None:
            previous = _tally(
                aspect_counts(
                    conn, filters.previous(), [filters.brand], ("aspect", "polarity"), tables
                )
            )
        ranked = sorted(current, key=lambda a: (-sum(current[a].values()), a))[:limit]
        picked = aspect_quotes(conn, filters, ranked, quotes)
        out = []
        for aspect in ranked:
            mentions, pos, neg = _shares(current[aspect])
            before, prev_pos, prev_neg = _shares(previous.get(aspect, {}))
            out.append(
                AspectScore(
                    aspect=aspect,
                    mentions=mentions,
                    positive_share=pos,
                    negative_share=neg,
                    previous_mentions=before,
                    positive_change=pos - prev_pos if before else None,
                    negative_change=neg - prev_neg if before else None,
                    positive_quotes=picked.get((aspect, "positive"), ()),
                    negative_quotes=picked.get((aspect, "negative"), ()),
                )
            )
    return tuple(out)
