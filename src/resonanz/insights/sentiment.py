"""Net sentiment over time, with the counts behind it.

Posts whose sentiment is unknown are left out; spam is left out.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, Engine

from resonanz.insights.common import as_date, bucket, connection, period_range
from resonanz.insights.counts import Source, post_counts
from resonanz.insights.types import Filters, SentimentPoint

LABELS = ("positive", "negative", "neutral")


def sentiment_trend(
    source: Engine | Connection, filters: Filters, tables: Source = "auto"
) -> tuple[SentimentPoint, ...]:
    """Positive, negative and neutral posts about the brand per day or week."""
    with connection(source) as conn:
        rows = post_counts(conn, filters, [filters.brand], ("day", "sentiment"), tables)
    per: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LABELS, 0))
    for day, label, n in rows:
        if label in LABELS:
            per[bucket(as_date(day), filters.granularity)][label] += n
    periods = period_range(filters, (as_date(d) for d, _, _ in rows))
    return tuple(
        SentimentPoint(
            period=p,
            positive=per[p]["positive"],
            negative=per[p]["negative"],
            neutral=per[p]["neutral"],
        )
        for p in periods
    )
