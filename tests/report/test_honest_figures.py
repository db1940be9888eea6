"""Figures that do not mislead (issue 10, item 8): colour by meaning, named columns and
series, counts on a count axis, labelled previous-period numbers, one row per model,
and a print layout that keeps tables inside the page and headings with their content."""

from __future__ import annotations

import re
from datetime import date, timedelta

from resonanz.insights.types import SentimentPoint, VolumePoint
from resonanz.report.charts import SPIKE, sentiment_chart, volume_chart
from resonanz.report.data import ReportData, read_models
from resonanz.report.messages import translator
from resonanz.report.render import render_html
from resonanz.web.pages.charts import partial_report
from tests.report.hostile import FILTERS
from tests.report.htmlscan import scan


def _figure_classes(html: str) -> dict[str, str]:
    found = {}
    for block in re.findall(
        r'<div class="figure ([^"]*)">\s*<div class="figure-label">([^<]*)<', html
    ):
        found[block[1]] = block[0]
    return found


def test_more_open_complaints_are_coloured_as_bad_news(hostile_data: ReportData) -> None:
    html = render_html(hostile_data, "de")
    t = translator("de")
    classes = _figure_classes(html)
    # open questions/complaints 0 -> 1 and undisclosed ads 0 -> 1 went up: bad news
    assert "tone-bad" in classes[t("fig_open")].split()
    assert "tone-bad" in classes[t("fig_undisclosed")].split()
    # mentions 2 -> 4 went up: good news
    assert "tone-good" in classes[t("fig_mentions")].split()
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert ".tone-bad .figure-change { color: var(--neg); }" in style
    assert ".trend-up .figure-change { color" not in style


def test_aspect_table_names_the_previous_period_column(hostile_data: ReportData) -> None:
    html = render_html(hostile_data, "de")
    section = html.split('id="aspects"', 1)[1].split("</section>", 1)[0]
    t = translator("de")
    assert f'<th class="num">{t("mentions_previous")}</th>' in section
    assert not re.search(r"\d\s*<span class=\"muted\">\(\d", section)  # no bare "13 (3)"


def _days(n: int) -> list[date]:
    return [date(2024, 3, 1) + timedelta(days=i) for i in range(n)]


def test_spike_days_are_a_named_series() -> None:
    counts = [3, 4, 3, 20, 4, 3]
    volume = tuple(
        VolumePoint(day, n, 3.5, n > 10) for day, n in zip(_days(6), counts, strict=True)
    )
    chart = volume_chart(partial_report(FILTERS, volume=volume), translator("de"))
    assert chart is not None
    for trace in chart["data"]:
        assert trace.get("name"), trace
        assert trace.get("showlegend", True)
    spikes = [tr for tr in chart["data"] if SPIKE in str(tr.get("marker", {}).get("color"))]
    assert [tr["name"] for tr in spikes] == [translator("de")("spike_days")]
    assert sum(n for n in spikes[0]["y"] if n) == 20


def test_counts_are_not_drawn_on_the_net_sentiment_axis() -> None:
    points = tuple(SentimentPoint(day, 5 + i, 2, 1) for i, day in enumerate(_days(4)))
    chart = sentiment_chart(partial_report(FILTERS, sentiment=points), translator("de"))
    assert chart is not None
    layout = chart["layout"]
    net_axis = layout["yaxis"]
    for trace in chart["data"]:
        if trace["type"] == "bar":
            axis = layout["yaxis" + trace["yaxis"][1:]]
            assert "overlaying" not in axis
            assert min(axis.get("range", [0])) >= 0
            low, high = axis["domain"]
            assert high <= net_axis["domain"][0] or low >= net_axis["domain"][1]


def test_share_of_voice_columns_name_the_platform(hostile_data: ReportData) -> None:
    html = render_html(hostile_data, "de")
    section = html.split('id="share-of-voice"', 1)[1].split("</section>", 1)[0]
    headers = [h.strip() for h in re.findall(r"<th[^>]*>([^<]*)</th>", section)]
    assert "x" not in headers and "reddit" not in headers
    assert "Reddit" in headers


def test_models_are_listed_once_with_their_heads() -> None:
    models = read_models()
    names = [m.name for m in models]
    assert len(names) == len(set(names))
    sentiment = [m for m in models if m.name.startswith("sentiment_de")]
    # the shipped German sentiment model has one head per data set: one row, its heads
    assert len(sentiment) == 1 and len(sentiment[0].variants) >= 2


def test_print_css_keeps_tables_in_the_page_and_headings_with_content(
    hostile_data: ReportData,
) -> None:
    html = render_html(hostile_data, "de", for_print=True)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    printing = style.split("@media print", 1)[1]
    assert "table-layout: fixed" in printing
    assert "overflow-wrap: anywhere" in printing
    assert re.search(r"h2, h3[^{]*\{[^}]*break-after: avoid", printing)
    assert scan(html).ids("section")


def test_open_item_without_an_intent_label_says_it_needs_a_reply(
    hostile_data: ReportData,
) -> None:
    from dataclasses import replace

    assert hostile_data.open_items, "the hostile data set has open items"
    bare = replace(hostile_data.open_items[0], intents=())
    html = render_html(replace(hostile_data, open_items=(bare,)), "de")
    section = html.split('id="open-items"', 1)[1].split("</section>", 1)[0]
    assert '<span class="badge">braucht Antwort</span>' in section
    assert '<span class="badge">?</span>' not in section
