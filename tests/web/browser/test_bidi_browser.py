"""An author name with a right-to-left override (U+202E) stays inside its own box.

Without isolation the override runs on to the end of the line: the platform and date
after the name are drawn reversed and to the left of it. The test reads the rendered
positions in Chromium, not the CSS.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.browser.conftest import LiveServer, sign_in

pytestmark = pytest.mark.timeout(300)


def test_rtl_override_in_an_author_does_not_reverse_the_meta_line(
    live_server: LiveServer, browser: Any
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = context.new_page()
    sign_in(page, "analyst")
    page.goto("/mentions?q=onerror")
    page.click("table.mentions a.thread-link")
    page.wait_for_selector("ol.thread")
    author = page.locator("ol.thread .author", has_text="\u202e").first
    assert author.count() == 1
    meta = author.locator("xpath=..")
    boxes = meta.evaluate(
        """m => Array.from(m.children).map(e => {
              const r = e.getBoundingClientRect(); return [e.className, r.left, r.right]; })"""
    )
    assert len(boxes) >= 2, boxes
    names = [b[0] for b in boxes]
    lefts = [b[1] for b in boxes]
    assert lefts == sorted(lefts), f"meta line drawn out of order: {boxes} ({names})"
    assert author.evaluate("e => getComputedStyle(e).unicodeBidi") in ("plaintext", "isolate")
    context.close()
