"""The report's insights as one tidy table (one number per row).

Every row names the ``insight`` it belongs to, an optional ``dimension`` (a
platform, or ``all``), the ``item`` it describes (a day, brand, aspect, topic,
author...), the ``metric`` and its numeric ``value`` (empty when unknown), plus
the brand and the period. That shape fits every format, sorts and filters well in
a spreadsheet and loads straight into pandas or a BI tool. In XLSX each insight
gets its own sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from resonanz.exports.writers import Batch, Schema
from resonanz.insights.types import DataQuality
from resonanz.report.data import ReportData

INSIGHT_SCHEMA: Schema = [
    ("brand", "str"),
    ("period_start", "time"),
    ("period_end", "time"),
    ("insight", "str"),
    ("dimension", "str"),
    ("item", "str"),
    ("metric", "str"),
    ("value", "float"),
]


def _num(value: Any) -> float | None:
    if value is None:
        return None
    return float(value)


def _rows(data: ReportData) -> Iterator[tuple[str, str, str, str, Any]]:
    """``(insight, dimension, item, metric, value)`` for everything the report shows."""
    for fig in data.figures:
        name = fig.key.removeprefix("fig_")
        yield "summary", "all", name, "value", fig.value
        yield "summary", "all", name, "previous", fig.previous
        yield "summary", "all", name, "change", fig.change
    for point in data.volume:
        day = point.period.isoformat()
        yield "volume", "all", day, "posts", point.count
        yield "volume", "all", day, "baseline", point.baseline
        yield "volume", "all", day, "spike", int(point.spike)
    groups = [("all", data.share_of_voice.overall), *data.share_of_voice.by_platform.items()]
    for dimension, rows in groups:
        for row in rows:
            yield "share_of_voice", dimension, row.brand, "mentions", row.mentions
            yield "share_of_voice", dimension, row.brand, "share", row.share
    for s in data.sentiment:
        day = s.period.isoformat()
        for metric in ("positive", "neutral", "negative"):
            yield "sentiment", "all", day, metric, getattr(s, metric)
        yield "sentiment", "all", day, "net", s.net if s.n else None
    for a in data.aspects:
        for metric in (
            "mentions",
            "positive_share",
            "negative_share",
            "previous_mentions",
            "positive_change",
            "negative_change",
        ):
            yield "aspects", "all", a.aspect, metric, getattr(a, metric)
    for topic in data.topics:
        for metric in ("size", "share", "previous_share", "growth"):
            yield "topics", "all", topic.label, metric, getattr(topic, metric)
    for item in data.open_items:
        quote = item.quote
        key = quote.url or quote.native_id
        yield "open_items", quote.platform, key, "age_hours", item.age_hours
    for v in data.voices:
        for metric in ("posts", "reach", "interactions", "engagement_rate", "net_sentiment"):
            yield "top_voices", v.platform, v.author, metric, getattr(v, metric)
    for t in data.transparency:
        for metric in ("commercial_posts", "disclosed", "self_promotion", "undisclosed", "weak"):
            yield "transparency", t.platform, t.creator, metric, getattr(t, metric)
    yield from quality_rows(data.quality)


def quality_rows(q: DataQuality) -> Iterator[tuple[str, str, str, str, Any]]:
    """The data-quality rows of the insight export."""
    for metric in ("posts", "analyzed", "spam_share", "unsupported_share"):
        yield "data_quality", "all", "all", metric, getattr(q, metric)
    # toxicity is scored for German only: a language (or a data set) without a score is
    # exported as "not measured" (no value), never as a toxic share of 0
    if q.toxic_scored:
        yield "data_quality", "all", "all", "toxic_share", q.toxic_share
    else:
        yield "data_quality", "all", "all", "toxic_share_not_measured", None
    for lang, share in q.toxic_by_language.items():
        metric = "toxic_share" if share is not None else "toxic_share_not_measured"
        yield "data_quality", "toxicity_language", lang, metric, share
    for lang, n in q.languages.items():
        yield "data_quality", "language", lang, "posts", n


def insight_records(data: ReportData) -> list[dict[str, Any]]:
    """All insight rows of ``data`` as records of :data:`INSIGHT_SCHEMA`."""
    f = data.filters
    start: datetime | None = f.start
    end: datetime | None = f.end
    return [
        {
            "brand": f.brand,
            "period_start": start,
            "period_end": end,
            "insight": insight,
            "dimension": dimension,
            "item": item,
            "metric": metric,
            "value": _num(value),
        }
        for insight, dimension, item, metric, value in _rows(data)
    ]


def insight_sheets(data: ReportData) -> list[tuple[str, Batch]]:
    """The records grouped by insight, in report order (one XLSX sheet each)."""
    groups: dict[str, Batch] = {}
    for record in insight_records(data):
        groups.setdefault(record["insight"], []).append(record)
    return list(groups.items())
