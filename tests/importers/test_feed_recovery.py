"""Feeds real servers send that are slightly off: recovered, not rejected (fixtures written for the tests)."""

from __future__ import annotations

from pathlib import Path

from resonanz.importers.base import ImportContext
from resonanz.importers.feed import FeedImporter
from resonanz.models import Post, Rejected

F = Path(__file__).resolve().parents[1] / "fixtures" / "feed"


def _read(name: str) -> list[Post | Rejected]:
    with (F / name).open("rb") as stream:
        return list(FeedImporter().read(stream, ImportContext(name)))


def test_whitespace_before_the_xml_declaration() -> None:
    items = _read("leading_newline.xml")
    assert [type(i) for i in items] == [Post]
    assert FeedImporter().sniff((F / "leading_newline.xml").read_bytes(), "x.xml") > 0.9


def test_wordpress_feed_with_an_unbound_wfw_prefix() -> None:
    items = _read("wordpress_unbound_wfw.xml")
    assert not [i for i in items if isinstance(i, Rejected)]
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.text for p in posts] == [
        "Deckt super ab, hält den ganzen Tag.",
        "Bei mir oxidiert sie leider.",
    ]
