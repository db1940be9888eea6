"""Plotly chart specifications for the report, as plain JSON-ready dicts.

The report embeds plotly.js from the installed ``plotly`` package (so the file
opens offline) and one JSON block holding every chart's ``data`` and ``layout``;
a tiny script draws them. Nothing here runs plotly's Python figure machinery.

Plotly reads a few HTML-like tags inside label strings, so every string that
comes from data (brand, aspect and topic names) passes through :func:`plain`,
which turns angle brackets into look-alike quotation marks. The JSON itself is
made safe for a ``<script>`` block by :func:`script_json`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import Any

from resonanz.analysis.taxonomies.labels import aspect_label
from resonanz.report.data import ReportData

POSITIVE = "#2a9d8f"
NEGATIVE = "#e76f51"
NEUTRAL = "#8d99ae"
FOCUS = "#264653"
OTHER = "#a8b5c4"
SPIKE = "#e9c46a"

Chart = dict[str, Any]


@cache
def plotly_js() -> str:
    """The minified plotly.js bundled with the installed ``plotly`` package."""
    source = files("plotly") / "package_data" / "plotly.min.js"
    return source.read_text(encoding="utf-8")


def plain(text: str) -> str:
    """A label without the characters plotly would read as markup."""
    return text.replace("<", "‹").replace(">", "›")


def script_json(value: Any) -> str:
    """JSON that cannot end or confuse the ``<script>`` element it is embedded in."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def _layout(title: str, **extra: Any) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": plain(title), "font": {"size": 15}},
        "margin": {"l": 60, "r": 20, "t": 45, "b": 45},
        "height": 320,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.2},
    }
    layout.update(extra)
    return layout


def _time_axis(
    data: ReportData, periods: list[str], t: Callable[..., str], **extra: Any
) -> dict[str, Any]:
    """A date axis in the report's date style, one tick per period when there are few."""
    axis: dict[str, Any] = {"type": "date", "tickformat": t("chart_date"), **extra}
    if periods and len(periods) <= 16:
        axis["dtick"] = 86_400_000 * (7 if data.filters.granularity == "week" else 1)
        axis["tick0"] = periods[0]
    return axis


def share_chart(data: ReportData, t: Callable[..., str]) -> Chart | None:
    rows = [r for r in data.share_of_voice.overall if r.mentions]
    if not rows:
        return None
    rows.reverse()  # plotly draws horizontal bars bottom-up
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [round(r.share * 100, 2) for r in rows],
                "y": [plain(r.brand) for r in rows],
                "text": [f"{r.mentions}" for r in rows],
                "marker": {"color": [FOCUS if r.is_focus else OTHER for r in rows]},
                "hovertemplate": "%{y}: %{x:.1f} % (%{text})<extra></extra>",
            }
        ],
        "layout": _layout(
            t("share_of_voice"),
            xaxis={"ticksuffix": " %", "rangemode": "tozero"},
            yaxis={"automargin": True},
            margin={"l": 20, "r": 20, "t": 45, "b": 40},
            height=max(220, 60 + 36 * len(rows)),
        ),
    }


def sentiment_chart(data: ReportData, t: Callable[..., str]) -> Chart | None:
    points = [p for p in data.sentiment if p.n]
    if not points:
        return None
    days = [p.period.isoformat() for p in data.sentiment]
    traces: list[dict[str, Any]] = [
        {
            "type": "bar",
            "name": t(label),
            "x": days,
            "y": [getattr(p, label) for p in data.sentiment],
            "marker": {"color": color},
            "yaxis": "y2",
            "opacity": 0.55,
        }
        for label, color in (("positive", POSITIVE), ("neutral", NEUTRAL), ("negative", NEGATIVE))
    ]
    traces.append(
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": t("net"),
            "x": days,
            "y": [round(p.net * 100, 1) if p.n else None for p in data.sentiment],
            "line": {"color": FOCUS, "width": 3},
            "connectgaps": False,
        }
    )
    return {
        "data": traces,
        "layout": _layout(
            t("sentiment"),
            barmode="stack",
            xaxis=_time_axis(data, days, t),
            yaxis={
                "title": {"text": t("net")},
                "ticksuffix": " %",
                "range": [-100, 100],
                "domain": [0.45, 1.0],
            },
            yaxis2={"title": {"text": t("posts")}, "rangemode": "tozero", "domain": [0.0, 0.35]},
            height=420,
        ),
    }


def volume_chart(data: ReportData, t: Callable[..., str]) -> Chart | None:
    if not any(p.count for p in data.volume):
        return None
    days = [p.period.isoformat() for p in data.volume]
    return {
        "data": [
            {
                "type": "bar",
                "name": t("posts"),
                "x": days,
                "y": [None if p.spike else p.count for p in data.volume],
                "marker": {"color": FOCUS},
            },
            *(
                [
                    {
                        "type": "bar",
                        "name": t("spike_days"),
                        "x": days,
                        "y": [p.count if p.spike else None for p in data.volume],
                        "marker": {"color": SPIKE},
                    }
                ]
                if any(p.spike for p in data.volume)
                else []
            ),
            {
                "type": "scatter",
                "mode": "lines",
                "name": t("baseline"),
                "x": days,
                "y": [round(p.baseline, 2) for p in data.volume],
                "line": {"color": NEUTRAL, "dash": "dot"},
            },
        ],
        "layout": _layout(
            t("volume"),
            barmode="overlay",
            xaxis=_time_axis(data, days, t),
            yaxis={"rangemode": "tozero", "title": {"text": t("posts")}},
        ),
    }


def aspect_chart(data: ReportData, t: Callable[..., str]) -> Chart | None:
    """Posts per aspect, split into positive, negative and the rest (stacked counts)."""
    rows = list(reversed(data.aspects))
    if not rows:
        return None
    names = [plain(aspect_label(a.aspect, t("lang_code"))) for a in rows]
    positive = [round(a.positive_share * a.mentions) for a in rows]
    negative = [round(a.negative_share * a.mentions) for a in rows]
    rest = [max(0, a.mentions - p - n) for a, p, n in zip(rows, positive, negative, strict=True)]
    series = (
        (t("positive"), positive, POSITIVE),
        (t("negative"), negative, NEGATIVE),
        (t("neutral"), rest, NEUTRAL),
    )
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": name,
                "y": names,
                "x": values,
                "marker": {"color": color},
            }
            for name, values, color in series
        ],
        "layout": _layout(
            t("aspects"),
            barmode="stack",
            xaxis={"title": {"text": t("posts")}, "rangemode": "tozero"},
            yaxis={"automargin": True},
            margin={"l": 20, "r": 20, "t": 45, "b": 40},
            height=max(220, 80 + 30 * len(rows)),
        ),
    }


def topic_chart(data: ReportData, t: Callable[..., str]) -> Chart | None:
    rows = list(reversed(data.topics))
    if not rows:
        return None
    names = [plain(topic.label) for topic in rows]
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "name": t("previous"),
                "y": names,
                "x": [round(topic.previous_share * 100, 1) for topic in rows],
                "marker": {"color": OTHER},
            },
            {
                "type": "bar",
                "orientation": "h",
                "name": t("period"),
                "y": names,
                "x": [round(topic.share * 100, 1) for topic in rows],
                "marker": {"color": FOCUS},
            },
        ],
        "layout": _layout(
            t("topics"),
            barmode="group",
            xaxis={"ticksuffix": " %", "rangemode": "tozero"},
            yaxis={"automargin": True},
            margin={"l": 20, "r": 20, "t": 45, "b": 40},
            height=max(220, 80 + 44 * len(rows)),
        ),
    }


BUILDERS: dict[str, Callable[[ReportData, Callable[..., str]], Chart | None]] = {
    "chart-share": share_chart,
    "chart-volume": volume_chart,
    "chart-sentiment": sentiment_chart,
    "chart-aspects": aspect_chart,
    "chart-topics": topic_chart,
}


def build_charts(data: ReportData, t: Callable[..., str]) -> dict[str, Chart]:
    """Element id -> chart spec, for the charts that have data to show."""
    out = {}
    for element, builder in BUILDERS.items():
        chart = builder(data, t)
        if chart is not None:
            chart["config"] = {"displayModeBar": False, "responsive": True}
            out[element] = chart
    return out
