"""Volume over time with spikes flagged against a robust baseline.

A period's baseline is the median of the ``WINDOW`` periods before it; its spread
is the median absolute deviation (MAD) of those periods, scaled by 1.4826 so it
estimates a standard deviation, and never taken below 1 post. A period is a spike
when it has at least ``MIN_HISTORY`` earlier periods and its count exceeds
``baseline + THRESHOLD * spread``. Medians ignore a single earlier spike, which a
mean and standard deviation would not.
"""

from __future__ import annotations

from collections import Counter
from statistics import median

from sqlalchemy import Connection, Engine

from resonanz.insights.common import as_date, bucket, connection, period_range
from resonanz.insights.counts import Source, post_counts
from resonanz.insights.types import Filters, VolumePoint

WINDOW = 7
MIN_HISTORY = 3
THRESHOLD = 3.0
MAD_SCALE = 1.4826


def flag_spikes(counts: list[int]) -> list[tuple[float, bool]]:
    """(baseline, spike) for each count in a series, by the rule of the module doc."""
    out: list[tuple[float, bool]] = []
    for i, count in enumerate(counts):
        window = counts[max(0, i - WINDOW) : i]
        if not window:
            out.append((float(count), False))
            continue
        base = float(median(window))
        spread = max(MAD_SCALE * float(median(abs(x - base) for x in window)), 1.0)
        out.append((base, len(window) >= MIN_HISTORY and count > base + THRESHOLD * spread))
    return out


def volume(
    source: Engine | Connection, filters: Filters, tables: Source = "auto"
) -> tuple[VolumePoint, ...]:
    """Posts about ``filters.brand`` per day or week (spam left out), empty periods as 0."""
    with connection(source) as conn:
        rows = post_counts(conn, filters, [filters.brand], ("day",), tables)
    per: Counter[object] = Counter()
    for day, n in rows:
        per[bucket(as_date(day), filters.granularity)] += n
    periods = period_range(filters, (as_date(d) for d, _ in rows))
    counts = [per[p] for p in periods]
    return tuple(
        VolumePoint(period=p, count=c, baseline=b, spike=s)
        for p, c, (b, s) in zip(periods, counts, flag_spikes(counts), strict=True)
    )
