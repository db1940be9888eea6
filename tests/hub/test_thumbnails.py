"""Thumbnails copied from the data into the hub, on SQLite and PostgreSQL.

The curated posts' raw records and the creator's profile picture point at a real
HTTP server on 127.0.0.1 that answers with good images, a too-large one, an SVG, a
404, a slow answer and a redirect to a host off the list. The fetch keeps what passes,
lists what fails, never fetches a cached URL again, and the built site (checked in
Chromium too) shows the copies without a single outside request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from resonanz.service import hub
from resonanz.service.hub_thumbnails import clear
from tests.hub.browser import keep_inside, serve_folder
from tests.hub.pictures import PNG
from tests.hub.thumbs_world import AVATAR, JPEG, World, world
from tests.support.chromium import CHROMIUM, LAUNCH_ARGS, TRAPS

__all__ = ["world"]  # the fixture


def test_fetch_keeps_what_passes_and_lists_what_fails(world: World, tmp_path: Path) -> None:
    base = world.server.url
    report = world.fetch()
    world.server.release()
    assert (report.fetched, report.cached) == (3, 0)  # a.jpg, b.png, the profile picture
    assert (report.sources, report.with_image) == (5, 3)  # four posts and one creator
    reasons = {f.url.removeprefix(base): f.reason for f in report.failed}
    assert reasons == {
        "/huge.jpg": "zu groß: 5003 Bytes (too large)",
        "/vector.svg": "kein JPEG, PNG, WebP oder GIF (not a JPEG, PNG, WebP or GIF)",
        "/gone.jpg": "HTTP 404",
        "https://evil.example/x.jpg": "Host evil.example nicht erlaubt (host not allowed)",
        "/slow.jpg": "Zeitüberschreitung (timeout)",
        "/away.jpg": "Weiterleitung: Host evil.example nicht erlaubt (host not allowed)",
    }
    assert not any(r.path == "/x" for r in world.server.requests)  # evil.example never asked

    out = tmp_path / "site"
    built = hub.build(world.workspace, out, ("de",))
    assert built.media == 3  # three distinct images, named by content
    names = sorted(p.name for p in (out / "media").iterdir())
    assert all(n.startswith("t-") for n in names)
    assert sorted((out / "media" / n).read_bytes() for n in names) == sorted([JPEG, PNG, AVATAR])
    page = (out / "collections/bilder.html").read_text()
    assert 'alt="Vorschaubild: Look mit Bild"' in page
    assert 'alt="Vorschaubild: Zu groß, dann PNG"' in page
    assert page.count('alt="Profilbild von Sina Schön"') == 2  # the two without an image
    assert "placeholder.svg" not in page
    assert base not in page and "evil.example" not in page
    en = hub.site(world.workspace, ("en",)).page("collections/bilder.html")
    assert en is not None and b'alt="Profile picture of Sina Sch' in en.render()


def test_a_rebuild_uses_the_cache(world: World) -> None:
    world.fetch()
    world.server.release()
    asked = len(world.server.requests)
    again = world.fetch()
    assert (again.fetched, again.cached, again.with_image) == (0, 3, 3)
    new = {r.path for r in world.server.requests[asked:]}
    assert not new & {"/a.jpg", "/b.png", "/avatar.jpg"}  # cached: not asked again
    assert new == {"/huge.jpg", "/vector.svg", "/gone.jpg", "/slow.jpg", "/away.jpg"}
    # the served site picks the cache up without fetching anything
    served = hub.served_site(world.workspace)
    media = [p for p in served.paths() if p.startswith("media/t-")]
    assert len(media) == 3
    assert clear(world.workspace) == 3
    assert [p for p in hub.served_site(world.workspace).paths() if p.startswith("media/")] == []


def test_without_a_fetch_nothing_changes(world: World) -> None:
    page = hub.site(world.workspace, ("de",)).page("collections/bilder.html")
    assert page is not None and page.render().count(b"placeholder.svg") == 4
    assert world.server.requests == []


def test_an_uploaded_thumbnail_wins(world: World) -> None:
    world.fetch()
    hub.remove_item(world.workspace, "bilder", world.ids["sinavideo01"], "anna")
    hub.add_item(world.workspace, "bilder", world.ids["sinavideo01"], "anna", thumbnail=PNG)
    paths = hub.site(world.workspace, ("de",)).paths()
    assert f"media/item-{world.ids['sinavideo01']}.png" in paths


browser_only = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}"),
]


@pytest.mark.parametrize("mark", browser_only)
def test_the_copied_images_in_chromium(world: World, tmp_path: Path, mark: Any) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    world.fetch()
    world.server.release()
    hub.build(world.workspace, tmp_path / "site")
    with serve_folder(tmp_path / "site") as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(TRAPS)
            outside = keep_inside(context, base)
            page = context.new_page()
            for path in ("collections/bilder.html", "en/collections/bilder.html"):
                page.goto(base + path)
                page.evaluate("Array.from(document.images).forEach(i => { i.loading = 'eager'; })")
                page.wait_for_function(
                    "Array.from(document.images).every(i => i.complete)", timeout=15_000
                )
                shown = page.evaluate(
                    "Array.from(document.images).filter(i => i.src.includes('/media/t-'))"
                    ".map(i => [i.naturalWidth, i.alt])"
                )
                assert len(shown) == 4 and all(width > 0 and alt for width, alt in shown), shown
                assert page.evaluate("window.__xss") is False
        finally:
            browser.close()
    assert outside == []
