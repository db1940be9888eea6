"""The hub site in headless Chromium and through the Nu Html Checker.

The site of the in-memory hub (hostile items included) is served from a folder on
127.0.0.1. Every request that leaves that server is recorded and refused; a trap
(``window.__xss``) is set by any payload that runs. Landmarks, alt texts and the
contrast of every text are checked in the browser; screenshots land in
``test-artifacts/hub/``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from resonanz.hub.site import Site, SiteOptions
from tests.hub.browser import ARTIFACTS, CONTRAST, keep_inside, nu_errors, serve_folder
from tests.hub.world import HOSTILE_TITLE, make_hub
from tests.support.chromium import CHROMIUM, LAUNCH_ARGS, TRAPS

browser_only = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium); CI installs it",
    ),
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    found = {}
    for name, embeds in (("plain", False), ("embeds", True)):
        out = tmp_path_factory.mktemp(f"hub-{name}")
        Site(make_hub(), SiteOptions(youtube_embeds=embeds)).write(out)
        found[name] = out
    return found


@pytest.mark.skipif(
    shutil.which("java") is None, reason="no java on PATH: the Nu Html Checker needs it"
)
def test_every_page_is_valid_html(sites: dict[str, Path]) -> None:
    files = sorted(p for site in sites.values() for p in site.rglob("*.html"))
    assert len(files) == 20
    assert nu_errors(files) == []


@pytest.mark.parametrize("mark", browser_only)
def test_the_hub_in_chromium(sites: dict[str, Path], mark: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_folder(sites["plain"]) as base, sync_api.sync_playwright() as p:
        errors: list[str] = []
        dialogs: list[str] = []
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1100, "height": 900})
            context.add_init_script(TRAPS)
            outside = keep_inside(context, base)
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path, shot in (
                ("index.html", "index.png"),
                ("collections/herbst-looks.html", "collection.png"),
                ("collections/sensible-haut.html", "hostile.png"),
                ("creators/lena-beauty.html", "creator.png"),
                ("en/collections/herbst-looks.html", "collection-en.png"),
            ):
                response = page.goto(base + path)
                assert response is not None and response.status == 200, path
                # landmarks: one banner, one navigation, one main, one contentinfo
                for role in ("banner", "navigation", "main", "contentinfo"):
                    assert page.get_by_role(role).count() == 1, (path, role)
                assert page.locator("h1").count() == 1
                missing_alt = page.evaluate(
                    "Array.from(document.images).filter(i => !i.alt.trim()).length"
                )
                assert missing_alt == 0, path
                # cards load their images lazily: bring every one into view, then wait
                page.evaluate("Array.from(document.images).forEach(i => { i.loading = 'eager'; })")
                page.wait_for_function(
                    "Array.from(document.images).every(i => i.complete)", timeout=15_000
                )
                broken = page.evaluate(
                    "Array.from(document.images).filter(i => !i.complete || !i.naturalWidth).length"
                )
                assert broken == 0, path
                assert page.evaluate(CONTRAST) == [], path
                page.screenshot(path=str(ARTIFACTS / shot), full_page=True)
            page.goto(base + "collections/sensible-haut.html")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__xss") is False
            assert HOSTILE_TITLE in page.inner_text("main")
            assert page.title().startswith(HOSTILE_TITLE[:20])
            # links between pages work: from the index to a collection and back
            page.goto(base + "index.html")
            page.get_by_role("link", name="Herbst-Looks").click()
            assert page.url.endswith("collections/herbst-looks.html")
            page.get_by_role("link", name="English").click()
            assert page.url.endswith("en/collections/herbst-looks.html")
            assert page.locator("html").get_attribute("lang") == "en"
        finally:
            browser.close()
    assert outside == [] and errors == [] and dialogs == []
    assert (ARTIFACTS / "collection.png").stat().st_size > 10_000


@pytest.mark.parametrize("mark", browser_only)
def test_youtube_loads_only_after_the_click(sites: dict[str, Path], mark: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with serve_folder(sites["embeds"]) as base, sync_api.sync_playwright() as p:
        outside: list[str] = []
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context()

            def route(handle: Any) -> None:
                if handle.request.url.startswith(base):
                    handle.continue_()
                else:
                    outside.append(handle.request.url)
                    handle.fulfill(
                        status=200,
                        body="<html><body>player</body></html>",
                        content_type="text/html",
                    )

            context.route("**/*", route)
            page = context.new_page()
            page.goto(base + "collections/herbst-looks.html")
            page.wait_for_load_state("networkidle")
            assert outside == []  # nothing from YouTube before the click
            assert page.locator("iframe").count() == 0
            page.get_by_role("button", name="Video laden (YouTube)").first.click()
            frame = page.locator("iframe")
            frame.wait_for()
            src = frame.get_attribute("src") or ""
            assert src == "https://www.youtube-nocookie.com/embed/abcdefghi01?autoplay=1"
            page.wait_for_timeout(200)
            page.screenshot(path=str(ARTIFACTS / "embed-loaded.png"))
        finally:
            browser.close()
    assert outside and all(u.startswith("https://www.youtube-nocookie.com/") for u in outside)
