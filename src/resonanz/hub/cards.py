"""One item's card as HTML, the part of the site written most often (every item, once per
language), so it is built in Python instead of a Jinja2 template.

The Jinja2 version cost about 0.15-0.25 ms per card, which made ``hub build`` of 50,000
items take over a minute. Here the item's values are escaped once (:func:`fields`) and
the language's texts once (:func:`escaped_texts`); a card is then only joined strings.
The rules are those of the autoescaped templates: **every** value from the data goes
through :func:`escape` (``html.escape`` with quotes, after dropping code points HTML
forbids), links only after :func:`~resonanz.hub.rules.safe_link`, nothing is left raw.
The hostile-input tests in ``tests/hub`` hold it to that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from resonanz.hub.model import Item
from resonanz.hub.rules import safe_link

#: code points HTML forbids in text (controls, noncharacters)
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def escape(value: object) -> str:
    """Text for HTML (content or quoted attribute): forbidden code points dropped, escaped."""
    text = str(value)
    if not text.isprintable():
        text = FORBIDDEN.sub("", text)
    return html.escape(text, quote=True)


class EscapedTexts(dict[str, str]):
    """A language's texts, escaped; an unknown key is shown as itself (escaped)."""

    def __missing__(self, key: str) -> str:
        return escape(key)


def escaped_texts(texts: Mapping[str, str]) -> EscapedTexts:
    return EscapedTexts({key: escape(value) for key, value in texts.items()})


@dataclass(frozen=True, slots=True)
class Fields:
    """An item's values, escaped once for every language's card."""

    post_id: int
    title: str
    platform: str
    href: str | None
    name: str
    day: str
    verdict: str
    brands: tuple[tuple[str, bool], ...]
    sponsors: tuple[tuple[str, str], ...]
    words: str
    override: str | None
    note: str | None
    summary: str
    video: str | None
    thumbnail: str | None
    avatar: bool


def fields(item: Item) -> Fields:
    link = safe_link(item.url)
    return Fields(
        post_id=item.post_id,
        title=escape(item.title),
        platform=escape(item.platform),
        href=escape(link) if link else None,
        name=escape(item.creator_name),
        day=item.day,  # YYYY-MM-DD
        verdict=item.disclosure or "unknown",
        brands=tuple((escape(b.name), b.own) for b in item.brands),
        sponsors=tuple((escape(s.brand), s.kind) for s in item.sponsors),
        words=" ".join(f"<q>{escape(w)}</q>" for w in item.disclosure_words),
        override=escape(item.override_note) if item.override_note else None,
        note=escape(item.note) if item.note else None,
        summary=escape(item.summary),
        video=escape(item.youtube_id) if item.youtube_id else None,  # [A-Za-z0-9_-]{11}
        thumbnail=escape(item.thumbnail.name) if item.thumbnail is not None else None,
        avatar=item.thumbnail is not None and item.thumbnail.kind == "avatar",
    )


def card(f: Fields, tx: EscapedTexts, root: str, creator_file: str | None, embeds: bool) -> str:
    """The card; ``tx`` holds the language's escaped texts, ``root`` the way up to the
    site's top folder from the page (one folder below the language's top)."""
    out = [f'<article class="item" aria-labelledby="item-{f.post_id}">\n<div class="media">\n']
    video = f.video if embeds else None
    if video:
        out.append(
            f'<div class="embed" data-video="{video}" data-title="{tx["embed.title"]}: {f.title}">\n'
        )
    if f.thumbnail is not None:
        alt = f"{tx['item.avatar']} {f.name}" if f.avatar else f"{tx['item.thumbnail']}: {f.title}"
        out.append(
            f'<img src="{root}media/{f.thumbnail}" alt="{alt}" '
            'width="320" height="180" loading="lazy">\n'
        )
    else:
        out.append(
            f'<img src="{root}assets/placeholder.svg" alt="{tx["item.placeholder"]} '
            f'({f.platform})" width="320" height="180">\n'
        )
    if video:
        out.append(
            f'<button type="button" class="load-video">{tx["embed.load"]}</button>\n'
            f'<p class="consent">{tx["embed.consent"]}</p>\n</div>\n'
        )
    out.append("</div>\n")
    heading = (
        f'<a href="{f.href}" rel="noopener noreferrer nofollow">{f.title}</a>'
        if f.href
        else f.title
    )
    name = (
        f'<a href="../creators/{escape(creator_file)}.html">{f.name}</a>'
        if creator_file
        else f.name
    )
    own, other = tx["brands.own"], tx["brands.other"]
    brands = ", ".join(
        f'<span class="brand{" own" if is_own else ""}">{brand} <span class="kind">'
        f"({own if is_own else other})</span></span>"
        for brand, is_own in f.brands
    )
    out.append(
        f'<h3 id="item-{f.post_id}">{heading}</h3>\n'
        f'<p class="by">{tx["item.by"]} {name} · {f.platform} · '
        f'<time datetime="{f.day}">{f.day}</time></p>\n'
        f'<p class="badge badge-{escape(f.verdict)}">{tx["badge." + f.verdict]}</p>\n'
        f'<dl class="facts">\n<dt>{tx["item.brands"]}</dt>\n'
        f"<dd>{brands or tx['item.no_brands']}</dd>\n"
    )
    if f.sponsors:
        sponsors = ", ".join(f"{brand} ({tx['kind.' + kind]})" for brand, kind in f.sponsors)
        out.append(f"<dt>{tx['item.sponsored_by']}</dt>\n<dd>{sponsors}</dd>\n")
    out.append(
        f"<dt>{tx['item.disclosure_words']}</dt>\n"
        f"<dd>{f.words or tx['item.no_disclosure_words']}</dd>\n"
    )
    if f.override:
        out.append(f"<dt>{tx['item.override']}</dt>\n<dd>{f.override}</dd>\n")
    if f.note:
        out.append(f"<dt>{tx['item.curator_note']}</dt>\n<dd>{f.note}</dd>\n")
    out.append(f'</dl>\n<p class="summary">{f.summary}</p>\n')
    if f.href:
        out.append(
            f'<p><a class="original" href="{f.href}" rel="noopener noreferrer nofollow">'
            f"{tx['item.original_on']} {f.platform}</a></p>\n"
        )
    out.append("</article>\n")
    return "".join(out)
