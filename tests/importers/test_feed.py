"""The feed importer: RSS 2.0, Atom, RDF, WordPress/Drupal comment feeds, live fetch."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, cast

import orjson
import pytest

from resonanz.errors import ConnectorError, InputError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.feed import FeedImporter, fetch_feed
from resonanz.importers.markup import html_to_text
from resonanz.models import Post, Rejected
from tests.support.httpserver import ReplayServer

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "feed"


def run(name: str) -> list[ImportItem]:
    path = FIXTURES / name
    with path.open("rb") as stream:
        return list(FeedImporter().read(stream, ImportContext(source=str(path))))


def only_posts(items: list[ImportItem]) -> list[Post]:
    assert not [i for i in items if isinstance(i, Rejected)]
    return [i for i in items if isinstance(i, Post)]


def test_wordpress_rss_articles() -> None:
    first, second = only_posts(run("beautyblog_rss2.xml"))
    assert first.platform == "feed" and first.kind == "article"
    assert first.native_id == "https://glanz-gloria.example.de/?p=42"
    assert first.thread_id == first.native_id and first.parent_id is None
    assert first.title == "Test: Maybelline Fit Me Foundation nach 30 Tagen"
    assert first.url == "https://glanz-gloria.example.de/2024/03/maybelline-fit-me-test/"
    assert first.author.handle == "Gloria"
    assert first.metrics.replies == 2  # slash:comments
    assert first.created_at == datetime(2024, 3, 4, 8, 0, tzinfo=UTC)
    # content:encoded wins over the description, markup is gone, link targets are kept
    assert "Werbung, da Markennennung" in first.text and "<p>" not in first.text
    assert "Deckkraft: 3/5" in first.text
    assert "tracking" not in first.text and "document.write" not in first.text
    assert first.links == ("https://www.rossmann.de/fit-me",)
    assert first.hashtags == ("#maybelline", "#fitme")
    raw = orjson.loads(first.raw)
    assert raw["wfw_commentrss"].endswith("/maybelline-fit-me-test/feed/")
    assert second.created_at == datetime(2024, 2, 28, 16, 30, tzinfo=UTC)  # +0100


def test_wordpress_rss_comment_feed_links_to_post_and_parent() -> None:
    sandra, gloria = only_posts(run("beautyblog_comments_rss2.xml"))
    post_id = "https://glanz-gloria.example.de/?p=42"
    assert sandra.kind == gloria.kind == "comment"
    assert sandra.thread_id == post_id and sandra.parent_id == post_id
    assert gloria.thread_id == post_id
    assert gloria.parent_id == sandra.native_id  # "Als Antwort auf <a …#comment-118>"
    assert sandra.title is None
    # an escaped <script> typed by the commenter is kept as text, never as markup
    assert "<script>alert(1)</script>" in sandra.text and sandra.text.endswith("😅")


def test_atom_comment_feed_with_thread_in_reply_to() -> None:
    priya, blog = only_posts(run("travelblog_comments_atom.xml"))
    assert priya.kind == "comment" and priya.parent_id == "https://carryon.example.com/?p=1703"
    assert priya.thread_id == "https://carryon.example.com/?p=1703"
    assert blog.parent_id == priya.native_id and blog.thread_id == priya.thread_id
    assert priya.author.id == "https://priya-travels.example.org"
    assert "FRA–ORD" in priya.text  # &#8211; decoded
    assert blog.links == ("https://www.lufthansa.com/de/en/baggage-overview",)


def test_rdf_feed() -> None:
    (post,) = only_posts(run("drogerie_news_rdf.rdf"))
    assert post.kind == "article" and (post.title or "").startswith("Balea")
    assert post.created_at == datetime(2024, 3, 18, 6, 30, tzinfo=UTC)


def test_drupal_comment_recognised_by_fragment() -> None:
    (post,) = only_posts(run("drupal_comments.xml"))
    assert post.kind == "comment" and post.author.handle == "wolke7"
    assert post.text == "Handgepäck wurde am Gate nachgemessen, 2 cm zu hoch – 70 € extra."


def test_bozo_feed_keeps_entries_and_reports_error() -> None:
    items = run("broken_truncated.xml")
    posts = [i for i in items if isinstance(i, Post)]
    assert [p.title for p in posts] == ["Nivea Soft im Test", "Garnier Mizellenwasser"]
    last = items[-1]
    assert isinstance(last, Rejected) and "not well-formed" in last.reason
    assert last.source.endswith("broken_truncated.xml")


def test_html_page_is_not_a_feed() -> None:
    page = b"<!doctype html><html><body><h1>Shop</h1><p>Kein Feed <b>hier</b></body></html>"
    with pytest.raises(InputError):
        list(FeedImporter().read(io.BytesIO(page), ImportContext(source="index.html")))


def test_bare_ids_get_the_host_prefix() -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<link>https://shop.example.de/blog</link><item><title>A</title><guid>17</guid>"
        b"<pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate></item></channel></rss>"
    )
    (post,) = FeedImporter().read(io.BytesIO(feed), ImportContext(source="f.xml"))
    assert isinstance(post, Post) and post.native_id == "shop.example.de/17"


def test_html_to_text_drops_scripts_keeps_links() -> None:
    out = html_to_text(
        '<div>Hallo<br>Welt <a href="https://a.example/x">hier</a>'
        ' <a href="javascript:alert(1)">böse</a><style>p{}</style>'
        "<script>var x = '<b>';</script> &amp; &lt;tag&gt;</div>"
    )
    assert out.text == "Hallo\nWelt hier böse & <tag>"
    assert out.links == ("https://a.example/x",)


def test_sniff() -> None:
    imp = FeedImporter()
    assert imp.sniff((FIXTURES / "travelblog_comments_atom.xml").read_bytes(), "c.xml") > 0.9
    assert imp.sniff((FIXTURES / "drogerie_news_rdf.rdf").read_bytes(), "n.rdf") > 0.9
    assert imp.sniff(b'{"kind": "Listing"}', "x.json") == 0.0


def test_fetch_feed_from_local_server() -> None:
    body = (FIXTURES / "beautyblog_rss2.xml").read_bytes()
    with ReplayServer() as srv:
        srv.add("GET", "/feed/", 200, body, content_type="application/rss+xml; charset=UTF-8")
        items = list(fetch_feed(srv.url + "/feed/"))
        assert srv.requests[0].headers.get("User-Agent", "").startswith("resonanz")
    posts = only_posts(items)
    assert [p.native_id for p in posts] == [
        "https://glanz-gloria.example.de/?p=42",
        "https://glanz-gloria.example.de/?p=37",
    ]


def test_fetch_feed_http_error_and_bad_scheme() -> None:
    with ReplayServer() as srv:
        srv.add("GET", "/gone", 410, "gone")
        with pytest.raises(ConnectorError, match="HTTP 410"):
            list(fetch_feed(srv.url + "/gone"))
    with pytest.raises(ConnectorError):
        list(fetch_feed("file:///etc/passwd"))


def test_fetch_feed_with_injected_transport() -> None:
    import httpx

    body = (FIXTURES / "drogerie_news_rdf.rdf").read_bytes()
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content=body)

    items = list(fetch_feed("https://drogerie-news.example.de/rss", httpx.MockTransport(handler)))
    assert seen == ["https://drogerie-news.example.de/rss"]
    assert [p.kind for p in only_posts(items)] == ["article"]


def test_entity_bombs_and_external_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    levels = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{levels}'
        f'<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title><link>https://a.example</link>'
        "<item><title>&l9;</title><guid>https://a.example/1</guid>"
        "<pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate><description>&xxe;</description>"
        "</item></channel></rss>"
    ).encode()
    items = list(FeedImporter().read(io.BytesIO(feed), ImportContext(source="bomb.xml")))
    posts = [i for i in items if isinstance(i, Post)]
    assert len(posts) == 1
    assert len(posts[0].title or "") < 100 and "lollollol" not in (posts[0].title or "")
    assert "TOPSECRET" not in posts[0].text and b"TOPSECRET" not in posts[0].raw


class Trickle:
    """A stream that returns at most 4 KiB per read, as raw and network streams may."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(4096 if size < 0 else min(size, 4096))


def test_feed_from_a_short_reading_stream() -> None:
    items = "".join(
        f"<item><title>Rossmann Angebot {i}</title><guid>https://r.example/{i}</guid>"
        f"<pubDate>Fri, 01 Mar 2024 10:00:00 +0000</pubDate>"
        f"<description>Isana Duschgel im Angebot.</description></item>"
        for i in range(500)
    )
    xml = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>R</title>{items}</channel></rss>'
    )
    stream = cast(BinaryIO, Trickle(xml.encode()))
    got = list(FeedImporter().read(stream, ImportContext(source="angebote.xml")))
    assert len(only_posts(got)) == 500
