"""Every importer turns HTML residue in text fields into plain text; raw stays verbatim.

The fixtures (tests/fixtures/markup, written for the tests) carry what real exports
carry: ``&lt;3``, ``I&#39;m``, ``<br />``, ``&amp;`` and links as ``<a href>``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import select

from resonanz.importers.base import ImportContext
from resonanz.importers.registry import get_importer
from resonanz.models import Post
from resonanz.service import Workspace
from resonanz.store.schema import posts

F = Path(__file__).resolve().parents[1] / "fixtures" / "markup"
TABLE = {"map_file": str(F / "youtube_export.map.toml")}


def read(fmt: str, name: str, options: dict[str, str] | None = None) -> dict[str, Post]:
    with (F / name).open("rb") as stream:
        items = list(get_importer(fmt).read(stream, ImportContext(name, options=options or {})))
    assert all(isinstance(i, Post) for i in items), items
    return {i.native_id: i for i in items if isinstance(i, Post)}


def test_table_export_of_youtube_comments() -> None:
    got = read("table", "youtube_export.csv", TABLE)
    assert got["z1"].text == "I'm in love with this mascara <3\nSecond line\n\nThird"
    assert got["z2"].text == "Link: https://example.com/x & more"
    assert got["z3"].text == "a < b and AT&T &notice stay"
    assert "&#39;" in orjson.loads(got["z1"].raw)["CONTENT"]  # the raw row is kept as read


def test_x_csv_and_json() -> None:
    (tweet,) = read("x", "tweets.csv").values()
    assert tweet.text == "@united I'm stuck & nobody helps <3 not"
    (line,) = read("x", "tweets.jsonl").values()
    assert line.text == "Flug & Service > alles <3"
    assert orjson.loads(line.raw)["text"] == "Flug &amp; Service &gt; alles &lt;3"


def test_reddit_body_selftext_and_title() -> None:
    got = read("reddit", "reddit.ndjson")
    assert got["r1"].text == "I'm using it daily <3\n\n> quoted & escaped twice"
    assert got["s1"].title == "Nivea & Eucerin?" and got["s1"].text == "Which one <3"


def test_mastodon_content_and_spoiler() -> None:
    (status,) = read("mastodon", "mastodon.json").values()
    assert status.text == "Haut & Pflege\n\nI <3 this balm\n\nsecond paragraph\nnew line"


def test_feed_title_and_description() -> None:
    (entry,) = read("feed", "feed.xml").values()
    assert entry.title == "Rossmann & dm: I'm testing"
    assert entry.text == "Erster Absatz <3\n\nZweiter\nZeile"


def test_youtube_api_video_title_and_description() -> None:
    (video,) = read("youtube-api", "youtube_api.json").values()
    assert video.title == "I'm testing Maybelline & L'Oréal"
    assert video.text == "Links <3\nbelow"


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    yield workspace
    workspace.engine.dispose()


def test_reimport_is_unchanged_and_stores_plain_text(ws: Workspace) -> None:
    first = ws.import_file(F / "youtube_export.csv", fmt="table", options=TABLE)
    assert (first.new, first.rejected) == (3, 0)
    again = ws.import_file(F / "youtube_export.csv", fmt="table", options=TABLE)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    tweets = ws.import_file(F / "tweets.csv", fmt="x")
    assert ws.import_file(F / "tweets.csv", fmt="x").unchanged == tweets.new == 1
    with ws.engine.connect() as conn:
        texts = set(conn.execute(select(posts.c.text)).scalars())
    assert "@united I'm stuck & nobody helps <3 not" in texts
    assert not any("&#39;" in t or "<br" in t or "&amp;" in t for t in texts)
