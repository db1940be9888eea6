"""The report in a real browser: charts drawn, no script from posts runs, no network use.

Headless Chromium (Debian's ``/usr/bin/chromium``, driven by Playwright) opens the
report of the hostile data set from a ``file://`` URL. A trap (``window.__xss``)
would be set by any payload in the posts; Content-Security-Policy violations and
every request that is not the file itself are recorded. The screenshot is kept in
``test-artifacts/report.png`` for CI to publish.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from resonanz.report import write_report
from resonanz.store.engine import make_engine, migrate
from tests.report.hostile import FILTERS, build_hostile, now
from tests.support.chromium import CHROMIUM, LAUNCH_ARGS, TRAPS

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium); CI installs it",
    ),
]


@pytest.fixture(scope="module", params=["inline", "linked"])
def report_file(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report with plotly.js inside (one file) and linked (plotly.min.js beside it)."""
    folder = tmp_path_factory.mktemp(f"browser-{request.param}")
    engine = make_engine(f"sqlite:///{folder / 'resonanz.db'}")
    migrate(engine)
    build_hostile(engine)
    target = folder / "report.html"
    write_report(engine, FILTERS, target, now=now(), plotly=request.param)
    engine.dispose()
    if request.param == "linked":
        assert target.stat().st_size < 1_000_000 < (folder / "plotly.min.js").stat().st_size
    else:
        assert target.stat().st_size > 3_000_000 and not (folder / "plotly.min.js").exists()
    return target


def test_report_renders_in_chromium(report_file: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    requests: list[str] = []
    errors: list[str] = []

    def route(handle: Any) -> None:
        url = handle.request.url
        if url.startswith("file://"):
            handle.continue_()
        else:
            requests.append(url)
            handle.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            context.add_init_script(TRAPS)
            context.route("**/*", route)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(report_file.as_uri())
            charts = page.locator("div.chart").count()
            assert charts >= 4  # share of voice, volume, sentiment, aspects
            page.wait_for_function(
                "n => document.querySelectorAll('div.chart .main-svg').length >= n", arg=charts
            )
            drawn = page.evaluate(
                "Array.from(document.querySelectorAll('div.chart'))"
                ".filter(d => d.querySelector('.plotly .main-svg')).length"
            )
            assert drawn == charts
            assert page.locator(".plotly .main-svg").count() >= charts
            # a bar of the focus brand carries its count as text
            assert page.locator("#chart-share .bars path").count() >= 2
            page.wait_for_timeout(300)  # let any late handler (onerror, onload) fire
            assert page.evaluate("window.__xss") is False
            assert page.evaluate("window.__csp") == []
            # the payloads are on the page as visible text
            body = page.inner_text("body")
            assert "<script>window.__xss=true</script>" in body
            assert page.locator("img, iframe, svg[onload]").count() == 0
            ARTIFACTS.mkdir(exist_ok=True)
            if report_file.parent.name.startswith("browser-inline"):
                page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == []
    assert errors == []
    assert (ARTIFACTS / "report.png").stat().st_size > 10_000
