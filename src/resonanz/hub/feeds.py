"""JSON Feed 1.1 and Atom 1.0 for one collection.

Both are built as data structures and serialised by libraries (``orjson``,
:mod:`xml.etree.ElementTree`), never by pasting strings, so a hostile title stays
text. Characters XML 1.0 cannot carry (most control characters) are dropped from
the Atom feed. Each feed holds the newest :data:`FEED_ITEMS` items.
"""

from __future__ import annotations

import heapq
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import datetime
from typing import Any

import orjson

from resonanz.hub.model import Collection, Item
from resonanz.hub.rules import safe_link

FEED_ITEMS = 100
ATOM_NS = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _stamp(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def item_text(item: Item, t: Callable[..., str]) -> str:
    """The plain-text body of a feed entry: summary, brands, badge, sponsors, disclosure."""
    lines = [item.summary, ""]
    brands = ", ".join(
        f"{b.name} ({t('brands.own') if b.own else t('brands.other')})" for b in item.brands
    )
    lines.append(f"{t('item.brands')}: {brands or t('item.no_brands')}")
    lines.append(t(f"badge.{item.disclosure or 'unknown'}"))
    if item.sponsors:
        sponsors = ", ".join(f"{s.brand} ({t('kind.' + s.kind)})" for s in item.sponsors)
        lines.append(f"{t('item.sponsored_by')}: {sponsors}")
    words = " / ".join(item.disclosure_words) or t("item.no_disclosure_words")
    lines.append(f"{t('item.disclosure_words')}: {words}")
    if item.override_note:
        lines.append(f"{t('item.override')}: {item.override_note}")
    return "\n".join(lines)


def newest(collection: Collection) -> list[Item]:
    """The collection's newest :data:`FEED_ITEMS` items, newest first."""
    return heapq.nlargest(FEED_ITEMS, collection.items, key=lambda i: (i.created_at, i.post_id))


def json_feed(
    collection: Collection,
    lang: str,
    t: Callable[..., str],
    page_url: str | None = None,
    feed_url: str | None = None,
) -> bytes:
    items: list[dict[str, Any]] = []
    for item in newest(collection):
        entry: dict[str, Any] = {
            "id": f"urn:resonanz-hub:post:{item.post_id}",
            "title": item.title,
            "content_text": item_text(item, t),
            "date_published": _stamp(item.created_at),
            "authors": [{"name": item.creator_name}],
            "tags": [b.name for b in item.brands],
            "_hub": {
                "creator": item.creator_slug,
                "platform": item.platform,
                "brands": [{"name": b.name, "own": b.own} for b in item.brands],
                "disclosure": item.disclosure,
                "creator_disclosure": list(item.disclosure_words),
                "sponsors": [{"brand": s.brand, "kind": s.kind} for s in item.sponsors],
                "override_note": item.override_note,
            },
        }
        link = safe_link(item.url)
        if link:
            entry["url"] = link
        items.append(entry)
    document: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": collection.title_in(lang),
        "description": collection.description_in(lang),
        "language": lang,
        "items": items,
    }
    if page_url:
        document["home_page_url"] = page_url
    if feed_url:
        document["feed_url"] = feed_url
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)


def atom_feed(
    collection: Collection,
    lang: str,
    t: Callable[..., str],
    generated_at: datetime,
    page_url: str | None = None,
) -> bytes:
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(
            parent, f"{{{ATOM_NS}}}{tag}", {k: _xml(v) for k, v in attrs.items()}
        )
        if text is not None:
            element.text = _xml(text)
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    sub(feed, "id", f"urn:resonanz-hub:collection:{collection.slug}:{lang}")
    sub(feed, "title", collection.title_in(lang))
    if collection.description_in(lang):
        sub(feed, "subtitle", collection.description_in(lang))
    entries = newest(collection)
    latest = max((i.created_at for i in entries), default=generated_at)
    sub(feed, "updated", _stamp(collection.updated_at or latest))
    if page_url:
        sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:resonanz-hub:post:{item.post_id}")
        sub(entry, "title", item.title)
        sub(entry, "updated", _stamp(item.created_at))
        sub(entry, "published", _stamp(item.created_at))
        author = sub(entry, "author")
        sub(author, "name", item.creator_name)
        link = safe_link(item.url)
        if link:
            sub(entry, "link", rel="alternate", href=link)
        for brand in item.brands:
            sub(entry, "category", term=brand.name)
        sub(entry, "content", item_text(item, t), type="text")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
