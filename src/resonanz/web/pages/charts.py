"""Plotly figures for the pages, built by the report's chart code (never a second copy).

The report's builders read a :class:`~resonanz.report.data.ReportData`; the pages
compute only the insights a page shows, so :func:`partial_report` fills the rest
with empty values. Labels come from the report's own German/English catalog.
"""

from __future__ import annotations

from typing import Any

from resonanz.service.insights import (
    BUILDERS,
    AspectScore,
    DataQuality,
    Filters,
    ReportData,
    SentimentPoint,
    ShareOfVoice,
    Topic,
    VolumePoint,
    messages,
)


def partial_report(
    filters: Filters,
    *,
    volume: tuple[VolumePoint, ...] = (),
    share_of_voice: ShareOfVoice | None = None,
    sentiment: tuple[SentimentPoint, ...] = (),
    aspects: tuple[AspectScore, ...] = (),
    topics: tuple[Topic, ...] = (),
) -> ReportData:
    """A :class:`ReportData` holding just what the chart builders read."""
    from datetime import UTC, datetime

    return ReportData(
        filters=filters,
        previous=None,
        generated_at=datetime.now(UTC),
        figures=(),
        volume=volume,
        share_of_voice=share_of_voice or ShareOfVoice((), {}),
        sentiment=sentiment,
        aspects=aspects,
        topics=topics,
        open_items=(),
        open_total=0,
        voices=(),
        transparency=(),
        quality=DataQuality(0, 0, 0.0, 0.0),
    )


def build(data: ReportData, lang: str, names: tuple[str, ...]) -> dict[str, Any]:
    """Element id -> chart spec for the named report charts that have data."""
    t = messages.translator(lang if lang in messages.LANGUAGES else "en")
    separators = ",." if lang == "de" else ".,"
    out: dict[str, Any] = {}
    for name in names:
        chart = BUILDERS[name](data, t)
        if chart is None:
            continue
        chart["layout"]["separators"] = separators
        chart["config"] = {"displayModeBar": False, "responsive": True}
        out[name] = chart
    return out
