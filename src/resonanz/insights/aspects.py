"""Aspect scorecard: per aspect, how often and how favourably it is discussed.

Counts come from :func:`~resonanz.insights.counts.aspect_counts` (one polarity per
post and aspect; a post praising and criticising the same aspect is ``mixed`` and
counts toward both shares). Change figures compare with the period of equal
length just before (``None`` when that period has no mention of the aspect or the
filter has no closed period). Quotes are read from the raw tables: spam left out,
the most confident first, near-duplicates skipped.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Connection, Engine, func, select

from resonanz.insights.common import QUOTE_COLUMNS, connection, diverse, quote_from
from resonanz.insights.counts import Source, aspect_counts, attributed, raw_where
from resonanz.insights.types import AspectScore, Filters, Quote
from resonanz.store.schema import post_analysis, post_aspects, posts

#: Candidates read per aspect and side before picking diverse quotes.
CANDIDATES = 40


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
    conn: Connection, filters: Filters, aspect: str, polarity: str, k: int = 3
) -> tuple[Quote, ...]:
    """Up to ``k`` diverse, confident, non-spam posts with a ``polarity`` mention of ``aspect``."""
    keyed = attributed(filters, [filters.brand])
    confidence = func.coalesce(post_aspects.c.score, 0.0)
    stmt = (
        select(*QUOTE_COLUMNS, func.max(confidence).label("confidence"))
        .select_from(
            keyed.join(posts, posts.c.id == keyed.c.post_id)
            .join(post_analysis, post_analysis.c.post_id == posts.c.id)
            .join(post_aspects, post_aspects.c.post_id == posts.c.id)
        )
        .where(
            post_aspects.c.aspect == aspect,
            post_aspects.c.polarity == polarity,
            *raw_where(filters, spam=False),
        )
        .group_by(posts.c.id)  # the other columns depend on the key
        .order_by(func.max(confidence).desc(), posts.c.id)
        .limit(CANDIDATES)
    )
    return diverse((quote_from(row, float(row.confidence)) for row in conn.execute(stmt)), k)


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
                    positive_quotes=aspect_quotes(conn, filters, aspect, "positive", quotes)
                    if quotes
                    else (),
                    negative_quotes=aspect_quotes(conn, filters, aspect, "negative", quotes)
                    if quotes
                    else (),
                )
            )
    return tuple(out)
