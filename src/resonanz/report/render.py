"""Rendering :class:`ReportData` into one self-contained HTML document.

Jinja2 runs with autoescaping on for every template, so post text, author names
and topic labels (all attacker-controlled) are escaped wherever they appear.
Links are only made from ``http``/``https`` URLs (:func:`safe_href`) and carry
``rel="noopener noreferrer nofollow"``. The two inline scripts (plotly.js and the
loader) are allowed by their SHA-256 hashes in a Content-Security-Policy meta
tag, so even markup that slipped through could not run a script; nothing is
loaded from the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined

from resonanz.analysis.explain import parse_evidence, parse_reason
from resonanz.analysis.taxonomies.labels import aspect_label
from resonanz.privacy.statement import statement
from resonanz.report.charts import (
    FOCUS,
    NEUTRAL,
    OTHER,
    build_charts,
    plotly_js,
    script_json,
)
from resonanz.report.data import KeyFigure, ReportData
from resonanz.report.messages import (
    CATALOG,
    format_date,
    format_minutes,
    format_number,
    format_percent,
    format_signed,
    translator,
)

#: Draws every chart found in the JSON block; plotly.js is loaded before it.
LOADER_JS = """(function () {
  var node = document.getElementById("chart-data");
  if (!node || !window.Plotly) { return; }
  var charts = JSON.parse(node.textContent);
  Object.keys(charts).forEach(function (id) {
    var el = document.getElementById(id);
    if (el) { Plotly.newPlot(el, charts[id].data, charts[id].layout, charts[id].config); }
  });
})();"""

_CONTROL = {chr(c) for c in range(0x21)} | {"\x7f"}


def safe_href(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL without spaces or control characters."""
    if not isinstance(url, str) or not url or len(url) > 4096:
        return None
    if any(ch in _CONTROL for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: list[str], linked: bool = False) -> str:
    """No network at all; only the listed inline scripts; inline styles (plotly sets them).

    ``linked``: plotly.js is a file next to the report (``'self'`` where the report is
    served over http(s), ``file:`` where it is opened from disk)."""
    allowed = " ".join(csp_hash(s) for s in scripts) or "'none'"
    if linked:
        allowed = f"'self' file: {allowed}"
    return (
        "default-src 'none'; "
        f"script-src {allowed}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("resonanz.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_href"] = safe_href
    env.filters["aspect_label"] = aspect_label
    env.globals["parse_reason"] = parse_reason
    env.globals["parse_evidence"] = parse_evidence
    env.globals["message_keys"] = frozenset(CATALOG)
    return env


#: key figures where a rise is bad news (coloured red when they go up)
WORSE_WHEN_HIGHER = frozenset({"fig_open", "fig_undisclosed"})


def _figure_text(figure: KeyFigure, lang: str, t: Callable[..., str]) -> dict[str, str]:
    """Value and change of a key figure, formatted for display."""
    if figure.kind == "count":
        value = format_number(figure.value, lang)
        change = format_signed(figure.change, lang)
    elif figure.kind == "share":
        value = format_percent(figure.value, lang)
        change = format_signed(
            None if figure.change is None else figure.change * 100, lang, 1, t("pp")
        )
    else:
        value = format_signed(None if figure.value is None else figure.value * 100, lang, 0)
        change = format_signed(
            None if figure.change is None else figure.change * 100, lang, 1, t("pp")
        )
    trend = "flat"
    if figure.change is not None and figure.change != 0:
        trend = "up" if figure.change > 0 else "down"
    # colour by meaning: more open complaints or undisclosed ads is bad news
    tone = "neutral" if trend == "flat" else ("good" if trend == "up" else "bad")
    if figure.key in WORSE_WHEN_HIGHER and tone != "neutral":
        tone = "bad" if tone == "good" else "good"
    return {
        "label": t(figure.key),
        "help": t(f"{figure.key}_help"),
        "value": value,
        "change": change if figure.previous is not None else t("no_previous"),
        "trend": trend,
        "tone": tone,
    }


def print_bars(data: ReportData, lang: str) -> dict[str, list[dict[str, Any]]]:
    """Rows for the static bar charts of the print version (fractions of the largest bar)."""

    def rows(items: Sequence[tuple[str, float, str, str]]) -> list[dict[str, Any]]:
        top = max((value for _, value, _, _ in items), default=0.0)
        return [
            {"label": label, "fraction": value / top if top else 0.0, "text": text, "color": c}
            for label, value, text, c in items
        ]

    sov = data.share_of_voice.overall
    return {
        "share": rows(
            [
                (r.brand, r.share, format_percent(r.share, lang), FOCUS if r.is_focus else OTHER)
                for r in sov
                if r.mentions
            ]
        ),
        "volume": rows(
            [
                (format_date(p.period, lang), p.count, format_number(p.count, lang), FOCUS)
                for p in data.volume
            ][-31:]
        ),
        "aspects": rows(
            [
                (aspect_label(a.aspect, lang), a.mentions, format_number(a.mentions, lang), NEUTRAL)
                for a in data.aspects
            ]
        ),
        # topic labels are words from posts: marked as quoted text
        "topics": [
            {**row, "quote": True}
            for row in rows(
                [(t.label, t.share, format_percent(t.share, lang), FOCUS) for t in data.topics]
            )
        ],
    }


def render_html(
    data: ReportData, lang: str = "en", for_print: bool = False, plotly_src: str | None = None
) -> str:
    """The report as one HTML document (``for_print``: no scripts, tables only).

    plotly.js is inlined (the file works offline on its own, about 4.6 MB more) unless
    ``plotly_src`` names the relative address of a copy next to the report (see
    :func:`resonanz.report.write_report` with ``plotly="linked"``).
    """
    t = translator(lang)
    charts = {} if for_print else build_charts(data, t)
    if plotly_src is not None and (not plotly_src or "://" in plotly_src or '"' in plotly_src):
        raise ValueError("plotly_src must be a relative address of plotly.js")
    linked = bool(charts) and plotly_src is not None
    scripts = ([LOADER_JS] if linked else [plotly_js(), LOADER_JS]) if charts else []
    f = data.filters
    last_day = (f.end - timedelta(microseconds=1)) if f.end is not None else None
    prev = data.previous
    context: dict[str, Any] = {
        "t": t,
        "lang": lang,
        "data": data,
        "for_print": for_print,
        "csp": content_security_policy(scripts, linked),
        "charts": charts,
        "bars": print_bars(data, lang) if for_print else {},
        "chart_json": script_json(charts),
        "plotly_js": plotly_js() if charts and not linked else "",
        "plotly_src": plotly_src if linked else None,
        "loader_js": LOADER_JS,
        "figures": [_figure_text(fig, lang, t) for fig in data.figures],
        "privacy": statement(data.privacy, lang) if data.privacy is not None else [],
        "period": f"{format_date(f.start, lang)} – {format_date(last_day, lang)}",
        "previous_period": (
            f"{format_date(prev.start, lang)} – "
            f"{format_date(prev.end - timedelta(microseconds=1) if prev.end else None, lang)}"
            if prev is not None
            else None
        ),
        "num": lambda v, d=0: format_number(v, lang, d),
        "pct": lambda v, d=1: format_percent(v, lang, d),
        "signed": lambda v, d=0, u="": format_signed(v, lang, d, u),
        "date": lambda v: format_date(v, lang),
        "minutes": lambda v: format_minutes(v, lang),
        "sections": [
            ("summary", t("summary")),
            ("share-of-voice", t("share_of_voice")),
            ("sentiment", t("sentiment")),
            ("aspects", t("aspects")),
            ("topics", t("topics")),
            ("open-items", t("open_items")),
            ("dialogue", t("dialogue")),
            ("voices", t("voices")),
            ("transparency", t("transparency")),
            ("creators", t("creators")),
            ("method", t("method")),
        ],
    }
    return _environment().get_template("report.html.j2").render(context)
