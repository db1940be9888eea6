from __future__ import annotations

import pytest

from resonanz.errors import HubError
from resonanz.hub.rules import (
    check_creator,
    check_disclosure,
    check_note,
    check_slug,
    image_type,
    safe_link,
    youtube_id,
)
from tests.hub.world import PNG


def test_undisclosed_commercial_needs_an_override_note() -> None:
    refusal = check_disclosure(7, "undisclosed_commercial", None)
    assert refusal is not None and refusal.code == "undisclosed_commercial"
    assert "not labelled" in refusal.reason and "--override-note" in refusal.hint
    assert check_disclosure(7, "undisclosed_commercial", "   ") is not None
    assert check_disclosure(7, "undisclosed_commercial", "Creatorin hat nachgekennzeichnet") is None
    for verdict in ("disclosed", "self_promotion", "no_commercial_signal", None):
        assert check_disclosure(7, verdict, None) is None


def test_only_creators_in_the_hub() -> None:
    assert check_creator(1, None, False).code == "no_creator"  # type: ignore[union-attr]
    refusal = check_creator(1, "lena", False)
    assert refusal is not None and "hub creator add lena" in refusal.hint
    assert check_creator(1, "lena", True) is None


@pytest.mark.parametrize("slug", ["Herbst", "herbst looks", "-x", "a--b", "../etc", "x" * 81, ""])
def test_bad_slugs(slug: str) -> None:
    with pytest.raises(HubError):
        check_slug(slug)


def test_links_and_video_ids() -> None:
    assert safe_link("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in (
        "javascript:alert(1)",
        "data:text/html,x",
        "//evil.org",
        "https://a\n.org",
        "https://a b.org",
        "https:/x",
        3,
    ):
        assert safe_link(bad) is None
    assert (
        youtube_id("youtube", "x", "https://www.youtube.com/watch?v=dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    )
    assert youtube_id("x", "1", "https://youtu.be/dQw4w9WgXcQ") == "dQw4w9WgXcQ"
    assert youtube_id("youtube", "dQw4w9WgXcQ", None) == "dQw4w9WgXcQ"
    assert youtube_id("youtube", "x", 'https://www.youtube.com/watch?v="><script>') is None
    assert youtube_id("reddit", "t3_abc", "https://evil.org/watch?v=dQw4w9WgXcQ") is None


def test_thumbnails_are_checked_images() -> None:
    assert image_type(PNG) == ("image/png", "png")
    with pytest.raises(HubError, match="not a PNG"):
        image_type(b"<svg onload=alert(1)>")
    with pytest.raises(HubError, match="more than"):
        image_type(PNG + b"\0" * 600_000)
    assert check_note("  ") is None
    with pytest.raises(HubError):
        check_note("x" * 2001)
