"""The rendered report: every section, nothing executable from posts, nothing from the network."""

from __future__ import annotations

import json

import pytest

from resonanz.report.charts import plotly_js
from resonanz.report.data import ReportData
from resonanz.report.messages import CATALOG, translator
from resonanz.report.render import LOADER_JS, csp_hash, render_html
from tests.report.hostile import EVIL_BRAND, XSS_IMG, XSS_SCRIPT
from tests.report.htmlscan import scan

SECTIONS = [
    "summary",
    "share-of-voice",
    "sentiment",
    "aspects",
    "topics",
    "open-items",
    "dialogue",
    "voices",
    "transparency",
    "creators",
    "method",
]
SECTION_KEYS = [
    "summary",
    "share_of_voice",
    "sentiment",
    "aspects",
    "topics",
    "open_items",
    "dialogue",
    "voices",
    "transparency",
    "creators",
    "method",
]


@pytest.fixture(scope="module", params=["en", "de"])
def rendered(request: pytest.FixtureRequest, hostile_data: ReportData) -> tuple[str, str]:
    return request.param, render_html(hostile_data, request.param)


def test_report_parses_and_has_every_section(rendered: tuple[str, str]) -> None:
    lang, html = rendered
    found = scan(html)
    assert found.ids("section") == SECTIONS
    t = translator(lang)
    assert found.h2 == [t(key) for key in SECTION_KEYS]
    html_tag = found.tags("html")[0]
    assert html_tag.attrs["lang"] == lang
    # the five key figures, each with a label from the catalog
    text = " ".join(found.text)
    for key in ("fig_mentions", "fig_share", "fig_net", "fig_open", "fig_undisclosed"):
        assert t(key) in text


def test_summary_numbers_are_shown_with_their_change(hostile_data: ReportData) -> None:
    text = " ".join(" ".join(scan(render_html(hostile_data, "en")).text).split())
    assert "4 +2 change" in text  # mentions 4 vs 2
    # (str.split also splits at the narrow no-break space before units)
    assert "Share of voice 66.7 % −33.3 pp change" in text  # share 4/6 vs 2/2
    assert "Net sentiment +25 +75.0 pp change" in text  # net sentiment 0.25 vs -0.5
    assert "Open questions/complaints 1 +1 change" in text
    german = " ".join(" ".join(scan(render_html(hostile_data, "de")).text).split())
    assert "Share of Voice 66,7 % −33,3 Pp. Veränderung" in german


def test_no_post_html_survives_unescaped(rendered: tuple[str, str]) -> None:
    _, html = rendered
    found = scan(html)
    # the only elements are the template's own: no img/svg/iframe from posts
    tags = {e.tag for e in found.elements}
    assert not tags & {"img", "svg", "iframe", "textarea", "b", "object", "embed", "form"}
    for element in found.elements:
        for name, value in element.attrs.items():
            assert not name.startswith("on"), f"event handler attribute on <{element.tag}>"
            assert "javascript:" not in (value or "").lower()
    # the texts are there, as text
    text = "".join(found.text)
    assert XSS_SCRIPT in text
    assert XSS_IMG in text
    assert "&lt;script&gt;window.__xss=true&lt;/script&gt;" in html
    assert EVIL_BRAND in text
    # the raw payloads appear nowhere in the markup except inside the escaped JSON block
    outside_json = html.split('<script type="application/json"')[0]
    assert XSS_SCRIPT not in outside_json
    assert XSS_IMG not in outside_json


def test_scripts_are_exactly_ours_and_allowed_by_the_csp(rendered: tuple[str, str]) -> None:
    _, html = rendered
    found = scan(html)
    assert [attrs.get("type") for attrs, _ in found.scripts] == ["application/json", None, None]
    (_, chart_json), (_, library), (_, loader) = found.scripts
    assert library == plotly_js()
    assert loader == LOADER_JS
    charts = json.loads(chart_json)
    assert set(charts) >= {"chart-share", "chart-sentiment", "chart-aspects", "chart-volume"}
    assert "<" not in chart_json and ">" not in chart_json  # cannot close its element
    # labels from data cannot carry plotly's pseudo-HTML
    labels = json.dumps(charts["chart-share"]["data"][0]["y"], ensure_ascii=False)
    assert "‹b›Evil‹/b›" in labels and "<b>" not in labels
    metas = [
        e for e in found.tags("meta") if e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(metas) == 1
    policy = str(metas[0].attrs["content"])
    assert "default-src 'none'" in policy
    assert csp_hash(library) in policy and csp_hash(loader) in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_opens_offline(rendered: tuple[str, str]) -> None:
    _, html = rendered
    found = scan(html)
    for attrs, _ in found.scripts:
        assert "src" not in attrs
    for element in found.elements:
        if element.tag in ("link", "img", "iframe", "source", "video", "audio", "embed"):
            pytest.fail(f"<{element.tag}> would load a resource: {element.attrs}")
        if element.tag != "a":
            for name in ("src", "href", "srcset", "data", "poster"):
                assert name not in element.attrs, f"<{element.tag} {name}=...>"
    assert "@import" not in html and "url(http" not in html


def test_links_only_http_and_hardened(rendered: tuple[str, str]) -> None:
    _, html = rendered
    anchors = scan(html).tags("a")
    external = [a for a in anchors if not str(a.attrs.get("href", "")).startswith("#")]
    assert external, "quotes link to their original posts"
    hrefs = set()
    for a in external:
        href = str(a.attrs["href"])
        assert href.lower().startswith(("http://", "https://"))
        assert set(str(a.attrs["rel"]).split()) >= {"noopener", "noreferrer", "nofollow"}
        hrefs.add(href)
    # the quote-breaking URL stays one attribute value (escaped), the javascript: one is no link
    assert 'https://example.org/x"onmouseover="window.__xss=true' in hrefs
    assert "https://example.org/c3?a=1&b=2" in hrefs
    assert "HTTPS://example.org/c4" in hrefs


def test_print_version_has_no_scripts(hostile_data: ReportData) -> None:
    html = render_html(hostile_data, "en", for_print=True)
    found = scan(html)
    assert found.scripts == []
    assert found.ids("section") == SECTIONS
    # static bar charts instead: share of voice, volume, aspects; labels stay text
    assert len(found.tags("svg")) == 3
    assert not {e.tag for e in found.elements} & {"img", "iframe", "b"}
    assert XSS_IMG in "".join(found.text)
    widths = [float(str(e.attrs["width"])) for e in found.tags("rect")]
    assert max(widths) == 360.0 and min(widths) >= 0
    metas = [
        e for e in found.tags("meta") if e.attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    assert "script-src 'none'" in str(metas[0].attrs["content"])


def test_catalog_is_complete_in_both_languages() -> None:
    for key, texts in CATALOG.items():
        assert len(texts) == 2 and all(t.strip() for t in texts), key
    with pytest.raises(ValueError):
        translator("fr")
