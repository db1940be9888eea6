"""The pages in a real browser (Playwright driving Debian's Chromium, headless).

One walk per UI language: sign in, see the overview's charts drawn by Plotly
(SVG in the DOM, not just the data), filter and search the mentions, open a
thread, export the selection as CSV, edit the catalog, visit every page, sign
out. Hostile posts are part of the data; ``window.__xss`` stays unset and no
dialog opens. A viewer sees no write controls and is refused writes. Every page
is saved as ``test-artifacts/web/<page>-<lang>.png``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser.conftest import ARTIFACTS, BRAND, LiveServer, sign_in

pytestmark = pytest.mark.timeout(300)

WORDS = {
    "de": {
        "mentions": "Erwähnungen",
        "saved": "Der Katalog wurde gespeichert.",
        "login": "Anmelden",
    },
    "en": {"mentions": "Mentions", "saved": "The catalog was saved.", "login": "Sign in"},
}


def _context(browser: Any, server: LiveServer, lang: str) -> Any:
    context = browser.new_context(
        base_url=server.url,
        locale="de-DE" if lang == "de" else "en-US",
        extra_http_headers={"Accept-Language": "de-DE,de;q=0.9" if lang == "de" else "en-US"},
        accept_downloads=True,
        viewport={"width": 1360, "height": 900},
    )
    context.add_init_script("window.__xss = null;")
    return context


def _watch(page: Any, problems: list[str]) -> None:
    """Collect dialogs (an ``alert`` would mean a payload ran) and script errors."""

    def dialog(d: Any) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))


def _shot(page: Any, name: str, lang: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{lang}.png"), full_page=True)


def _assert_inert(page: Any) -> None:
    assert page.evaluate("window.__xss") is None
    for selector in (
        ".post-text img",
        ".post-text svg",
        ".post-text iframe",
        "a[href^='javascript']",
    ):
        assert page.locator(selector).count() == 0, selector
    assert page.locator("main script:not([type='application/json'])").count() == 0


def _charts_drawn(page: Any, ids: tuple[str, ...]) -> None:
    for chart in ids:
        page.wait_for_selector(f"#{chart}.drawn svg.main-svg", timeout=15_000)
        assert page.locator(f"#{chart} svg.main-svg g.trace").count() > 0, chart


def _volume_total(page: Any) -> int:
    """Posts in the volume chart, read from the data block the page drew it from."""
    data = json.loads(page.locator("#panel script.chart-data").text_content() or "{}")
    bars = [trace for trace in data["chart-volume"]["data"] if trace["type"] == "bar"]
    # ordinary days and spike days are two bar series; a day is in exactly one of them
    return int(sum(y for trace in bars for y in trace["y"] if y is not None))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_analyst_walks_every_page(live_server: LiveServer, browser: Any, lang: str) -> None:
    context = _context(browser, live_server, lang)
    page = context.new_page()
    problems: list[str] = []
    _watch(page, problems)
    words = WORDS[lang]

    page.goto("/")
    assert "/login" in page.url
    assert words["login"] in page.content()
    sign_in(page, "analyst")
    page.goto(f"/?brand={BRAND}")
    assert page.locator("nav[aria-label=main]").inner_text().count(words["mentions"]) == 1
    _charts_drawn(page, ("chart-volume", "chart-share", "chart-sentiment", "chart-aspects"))
    assert page.locator("#chart-volume g.trace.bars g.point").count() > 5  # one bar a day
    _shot(page, "overview", lang)

    # a filter change swaps the panel through htmx and the charts are drawn again
    everything = _volume_total(page)
    page.check("form.filters input[name=platform][value=reddit]")
    page.wait_for_url(re.compile(r"platform=reddit"))
    page.wait_for_selector("#panel script.chart-data", state="attached")
    _charts_drawn(page, ("chart-volume",))
    only_reddit = _volume_total(page)
    assert 0 < only_reddit < everything
    page.uncheck("form.filters input[name=platform][value=reddit]")
    page.wait_for_url(lambda url: "reddit" not in url)
    _charts_drawn(page, ("chart-volume",))
    assert _volume_total(page) == everything

    # mentions: search and filter
    page.goto("/mentions")
    page.fill("input[name=q]", "bag")
    page.select_option("select[name=brand]", BRAND)
    page.click("#mention-filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=bag"))
    page.wait_for_selector("table.mentions tbody tr")
    texts = page.locator("table.mentions td.text").all_inner_texts()
    assert texts and all("bag" in t.lower() for t in texts)
    _assert_inert(page)
    _shot(page, "mentions", lang)

    # export the selection and read the file back
    with page.expect_download() as info:
        page.click("a.export")
    download = info.value
    body = Path(download.path()).read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(body)))
    assert len(records) == len(texts)
    assert all("bag" in (r["text"] + r["title"]).lower() for r in records)
    assert all(BRAND in r["brand_mentions"] for r in records)

    # the hostile thread: open it from the explorer
    page.goto("/mentions?q=onerror")
    page.click("table.mentions a.thread-link")
    page.wait_for_selector("ol.thread")
    assert page.locator("ol.thread li.post").count() == 5
    assert page.locator("li.focus").count() == 1
    assert page.locator("mark.ev-brand").count() >= 4
    assert "<script>window.__xss" in page.locator("ol.thread").inner_text()  # shown as text
    _assert_inert(page)
    _shot(page, "thread", lang)

    for name, path in (
        ("topics", f"/topics?brand={BRAND}"),
        ("voices", f"/voices?brand={BRAND}"),
        ("transparency", f"/transparency?brand={BRAND}"),
        ("settings-imports", "/settings/imports"),
        ("settings-tokens", "/settings/tokens"),
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        if name == "topics" and page.locator("#chart-topics").count():
            _charts_drawn(page, ("chart-topics",))
        if name == "transparency":
            assert page.locator("table.transparency tbody tr").count() >= 1
            assert "travel_tom" in page.content()
        _assert_inert(page)
        _shot(page, name, lang)

    # the catalog editor: add an alias through the TOML text, see it stored
    page.goto("/settings/catalog")
    editor = page.locator("textarea[name=toml]")
    text = editor.input_value()
    start = text.index('name = "United Airlines"')
    category = f"airline-{lang}"
    changed = text[:start] + re.sub(
        r'category = "[^"]*"', f'category = "{category}"', text[start:], count=1
    )
    assert changed != text
    editor.fill(changed)
    page.click("form.catalog-form button[type=submit]")
    page.wait_for_url(re.compile(r"saved=1"))
    assert words["saved"] in page.content()
    united = next(b for b in live_server.workspace.load_brands() if b["name"] == BRAND)
    assert united["category"] == category
    _shot(page, "settings-catalog", lang)

    # out, and the pages are closed again
    page.click("form.logout button[type=submit]")
    page.wait_for_url(re.compile(r"/login"))
    page.goto("/mentions")
    assert "/login" in page.url
    assert problems == []
    context.close()


def test_admin_sees_users_page(live_server: LiveServer, browser: Any) -> None:
    context = _context(browser, live_server, "en")
    page = context.new_page()
    sign_in(page, "admin")
    page.goto("/settings/users")
    assert page.locator("tr[data-user=viewer]").count() == 1
    _shot(page, "settings-users", "en")
    context.close()


def test_viewer_has_no_write_controls_and_is_refused_writes(
    live_server: LiveServer, browser: Any
) -> None:
    context = _context(browser, live_server, "en")
    page = context.new_page()
    sign_in(page, "viewer")
    page.goto("/mentions")
    assert page.locator("a.export").count() == 0
    page.goto("/settings/catalog")
    assert page.locator("textarea").count() == 0
    # only the forms on ones own session (language, logout) remain; no data writes
    assert page.locator("main form[method=post]").count() == 0
    headers = page.locator("body").get_attribute("hx-headers") or ""
    token = re.search(r'"X-CSRF-Token": "([^"]+)"', headers)
    assert token
    for path, form in (
        ("/settings/catalog", {"toml": "", "csrf_token": token.group(1)}),
        ("/settings/tokens", {"name": "mine", "csrf_token": token.group(1)}),
    ):
        response = page.request.post(path, form=form)
        assert response.status == 403, path
    assert page.request.get("/mentions/export.csv").status == 403
    assert page.request.get("/settings/users").status == 403
    context.close()


def test_choosing_another_brand_shows_its_period_and_the_next_page_keeps_it(
    live_server: LiveServer, browser: Any
) -> None:
    """Issue 10 item 4 in a real browser: the date fields follow the newly chosen brand
    (they used to keep the previous brand's dates) and the next page opens on it."""
    from sqlalchemy import func, select

    from resonanz.store.schema import rollup_posts

    with live_server.workspace.engine.connect() as conn:
        latest = dict(
            conn.execute(
                select(rollup_posts.c.brand, func.max(rollup_posts.c.day)).group_by(
                    rollup_posts.c.brand
                )
            ).all()
        )
    catalog = {str(b["name"]) for b in live_server.workspace.load_brands()}
    other = next(
        b
        for b, day in sorted(latest.items())
        if b in catalog and b != BRAND and day != latest[BRAND]
    )
    context = _context(browser, live_server, "de")
    page = context.new_page()
    problems: list[str] = []
    _watch(page, problems)
    sign_in(page, "analyst")
    page.goto(f"/?brand={BRAND}")
    before = page.input_value("#filter-until")
    assert before == latest[BRAND]
    page.select_option("form.filters select[name=brand]", other)
    page.wait_for_url(re.compile(r"brand="))
    page.wait_for_function(
        "day => document.querySelector('#filter-until').value === day", arg=latest[other]
    )
    assert page.input_value("#filter-period-brand") == other
    page.click("nav[aria-label=main] a[href='/topics']")
    page.wait_for_url(re.compile(r"/topics$"))
    assert page.input_value("form.filters select[name=brand]") == other
    assert page.input_value("#filter-until") == latest[other]
    assert problems == []
    context.close()
