"""The insights facade: the numbers the pages, the API and the report show.

Everything here reads the store; faces call these and never the insight,
report or store modules themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Engine

from resonanz.analysis.taxonomies.labels import aspect_label
from resonanz.insights import (
    aspect_scorecard,
    data_quality,
    emerging_topics,
    open_items,
    sentiment_trend,
    share_of_voice,
    spam_left_out,
    top_voices,
    transparency,
    volume,
    without_author,
)
from resonanz.insights.open_items import open_inbox_items
from resonanz.insights.transparency import describe
from resonanz.insights.types import (
    AspectScore,
    DataQuality,
    Filters,
    OpenItem,
    SentimentPoint,
    ShareOfVoice,
    Topic,
    TransparencyRow,
    Voice,
    VolumePoint,
)
from resonanz.report import messages
from resonanz.report.charts import BUILDERS, script_json
from resonanz.report.data import ReportData, default_period
from resonanz.store import rollups
from resonanz.store.rollups import SPAM_THRESHOLD

__all__ = [
    "BUILDERS",
    "SPAM_THRESHOLD",
    "AspectScore",
    "DataQuality",
    "Filters",
    "OpenItem",
    "ReportData",
    "SentimentPoint",
    "ShareOfVoice",
    "Topic",
    "TransparencyRow",
    "Voice",
    "VolumePoint",
    "aspect_label",
    "aspect_scorecard",
    "brand_with_data",
    "data_quality",
    "default_period",
    "describe",
    "emerging_topics",
    "messages",
    "open_inbox_items",
    "open_items",
    "recent_period",
    "script_json",
    "sentiment_trend",
    "share_of_voice",
    "spam_left_out",
    "top_voices",
    "transparency",
    "volume",
    "without_author",
]


def recent_period(engine: Engine, brand: str, days: int) -> tuple[datetime, datetime]:
    """The ``days`` whole UTC days ending with the brand's latest day of posts.

    Read from the rollup table's primary key (one index probe); without rollups
    for the brand, the report's :func:`~resonanz.report.data.default_period` decides.
    """
    latest = rollups.latest_day(engine, brand)
    try:
        day = date.fromisoformat(latest.strip()[:10]) if latest else None
    except ValueError:
        day = None
    if day is None or not 1900 <= day.year <= 2199:
        return default_period(engine, brand, days)
    end = datetime.combine(day, time(0), tzinfo=UTC) + timedelta(days=1)
    return end - timedelta(days=days), end


def brand_with_data(engine: Engine, brands: Sequence[str]) -> str | None:
    """The catalog brand with the most posts (the first in catalog order among equals);
    the first brand of the catalog when none has any. Read from the rollup table."""
    if not brands:
        return None
    counts = rollups.brand_totals(engine, brands)
    return max(brands, key=lambda b: counts.get(b, 0))  # max keeps the first of equals
