"""The static site from an in-memory hub: pages, languages, escaping, feeds, no requests."""

from __future__ import annotations

from pathlib import Path

import feedparser
import orjson
import pytest

from resonanz.hub.site import Site, SiteOptions, file_name
from tests.hub.world import HOSTILE_TEXT, HOSTILE_TITLE, HOSTILE_URL, make_hub
from tests.report.htmlscan import scan

LOADING = {"img": "src", "script": "src", "link": "href", "iframe": "src", "source": "src"}


def _build(tmp_path: Path, **options: object) -> Path:
    out = tmp_path / "site"
    report = Site(make_hub(), SiteOptions(**options)).write(out)  # type: ignore[arg-type]
    assert report.pages > 0
    return out


def _pages(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text("utf-8") for p in out.rglob("*.html")}


def test_the_site_has_every_page_in_both_languages(tmp_path: Path) -> None:
    out = _build(tmp_path)
    for base in ("", "en/"):
        for page in (
            "index.html",
            "collections/herbst-looks.html",
            "collections/sensible-haut.html",
            "creators/lena-beauty.html",
            "creators/evil.html",
            "feeds/herbst-looks.json",
            "feeds/herbst-looks.atom",
        ):
            assert (out / base / page).is_file(), base + page
    assert (out / "media/item-1.png").read_bytes().startswith(b"\x89PNG")
    assert (out / "assets/hub.css").is_file() and (out / "assets/placeholder.svg").is_file()
    german = (out / "collections/herbst-looks.html").read_text()
    english = (out / "en/collections/herbst-looks.html").read_text()
    assert '<html lang="de">' in german and "Herbst-Looks" in german
    assert '<html lang="en">' in english and "Autumn looks" in english
    assert "Werbung, gekennzeichnet" in german and "Advertising, labelled" in english
    assert "Glanzwerk (bezahlte Kooperation)" in german
    assert "Freigegeben trotz fehlender Kennzeichnung" in german
    assert "Creatorin bestätigt schriftlich" in german
    assert "<q>Werbung</q>" in german  # the creator's own disclosure, next to the item
    assert 'Rivalia <span class="kind">(andere Marke)</span>' in german
    assert 'href="../en/collections/herbst-looks.html"' in german  # language switch
    assert 'href="../../collections/herbst-looks.html"' in english
    index = (out / "index.html").read_text()
    assert "Marken im Hub" in index and "50,0 %" in index  # the brand mix, German numbers
    assert "(3 Beiträge)" in index and "(1 Beitrag)" in index
    assert "(1 post)" in (out / "en/index.html").read_text()


def test_one_language_only(tmp_path: Path) -> None:
    out = _build(tmp_path, languages=("en",))
    assert '<html lang="en">' in (out / "index.html").read_text()
    assert not (out / "en").exists()


def test_hostile_text_stays_text(tmp_path: Path) -> None:
    out = _build(tmp_path)
    pages = _pages(out)
    assert len(pages) == 10
    for name, html in pages.items():
        found = scan(html)
        assert found.scripts == [], name  # no script at all without embeds
        for element in found.elements:
            for attr, value in element.attrs.items():
                assert not attr.startswith("on"), (name, element)
                assert not (value or "").strip().lower().startswith("javascript:"), (name, element)
        assert HOSTILE_URL not in html
    page = pages["collections/sensible-haut.html"]
    text = "".join(scan(page).text)
    assert HOSTILE_TITLE in text  # shown, as text
    assert "document.title='pwned'" in text
    assert "&lt;script&gt;" in page and "<script>window" not in page
    creator = pages["creators/evil.html"]
    assert "<h1>&#34;&gt;&lt;script&gt;window.__xss=true&lt;/script&gt;</h1>" in creator


def test_no_requests_to_other_servers(tmp_path: Path) -> None:
    out = _build(tmp_path)
    for name, html in _pages(out).items():
        for element in scan(html).elements:
            attr = LOADING.get(element.tag)
            if attr and element.attrs.get(attr):
                value = str(element.attrs[attr])
                assert "//" not in value and ":" not in value, (name, value)
        assert "youtube-nocookie" not in html and "<iframe" not in html
    assert "Diese Seite setzt keine Cookies" in (out / "index.html").read_text()


def test_youtube_embeds_are_click_to_load(tmp_path: Path) -> None:
    out = _build(tmp_path, youtube_embeds=True)
    page = (out / "collections/herbst-looks.html").read_text()
    found = scan(page)
    assert [s[0].get("src") for s in found.scripts] == ["../assets/hub.js"]
    assert "<iframe" not in page  # nothing from YouTube before the click
    assert page.count('class="load-video"') == 3
    assert "youtube-nocookie.com" in page  # the consent text names where it connects
    assert "youtube-nocookie.com/embed/" in (out / "assets/hub.js").read_text()
    # the hostile post is on X: no player for it
    assert 'class="load-video"' not in (out / "creators/evil.html").read_text()


def test_feeds_parse_back(tmp_path: Path) -> None:
    out = _build(tmp_path)
    for base, lang in (("", "de"), ("en/", "en")):
        atom = feedparser.parse((out / base / "feeds/sensible-haut.atom").read_bytes())
        assert not atom.bozo, atom.get("bozo_exception")
        assert atom.feed.title == HOSTILE_TITLE
        assert atom.entries[0].title == HOSTILE_TITLE
        assert "javascript" not in str(atom.entries[0].get("links", []))  # left out
        assert HOSTILE_TEXT.replace("\x01", "").strip()[:20] in atom.entries[0].content[0].value
        document = orjson.loads((out / base / "feeds/herbst-looks.json").read_bytes())
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["language"] == lang
        # the installed feedparser reads no JSON Feed: the spec's required fields by hand
        assert all(isinstance(i["id"], str) and i["content_text"] for i in document["items"])
        assert [i["title"] for i in document["items"]] == [
            "Herbst-Look Nr. 3",
            "Herbst-Look Nr. 2",
            "Herbst-Look Nr. 1",
        ]
        atom_autumn = feedparser.parse((out / base / "feeds/herbst-looks.atom").read_bytes())
        assert [e.title for e in atom_autumn.entries] == [i["title"] for i in document["items"]]
        assert atom_autumn.entries[0].link == document["items"][0]["url"]
        first = document["items"][2]
        assert first["url"].startswith("https://www.youtube.com/watch")
        assert first["_hub"]["sponsors"] == [{"brand": "Glanzwerk", "kind": "paid"}]
        assert first["_hub"]["creator_disclosure"] == ["Werbung"]
        assert document["items"][0]["_hub"]["disclosure"] == "undisclosed_commercial"
        assert document["items"][0]["_hub"]["override_note"]


def test_pages_render_one_by_one_for_the_server() -> None:
    site = Site(make_hub())
    page = site.page("en/creators/lena-beauty.html")
    assert page is not None and page.media_type.startswith("text/html")
    assert b"Lena Beauty" in page.render()
    assert site.page("../etc/passwd") is None
    assert site.page("feeds/herbst-looks.atom").media_type == "application/atom+xml"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("slug", "expected"), [("lena", "lena"), ("Lena Beauty", None), ("../x", None)]
)
def test_file_names(slug: str, expected: str | None) -> None:
    name = file_name(slug)
    if expected:
        assert name == expected
    else:
        assert name != slug and "/" not in name and "." not in name
