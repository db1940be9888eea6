"""HTML fragments to plain text: the one :func:`html_to_text` of every importer.

Fields that are HTML by definition (Mastodon's ``content``, a feed's
``content:encoded`` or HTML summary, YouTube's ``textDisplay``) go through the
standard library's tokenizer. Markup is only read, never executed or rendered:

* tags are removed and character references decoded;
* ``<br>`` becomes a line break, the start and end of a block (``<p>``, ``<div>``,
  ``<li>``, the same blocks :mod:`resonanz.importers.plaintext` knows) a blank line;
* the content of ``<script>``/``<style>``/``<template>``/``<noscript>`` is dropped;
* spaces within a line are collapsed, at most one blank line is kept;
* link targets are collected: every ``<a href>`` with its ``class`` attribute in
  :attr:`HtmlText.anchors`, the ``http(s)`` ones in :attr:`HtmlText.links`.

(Fields that should be plain but carry HTML residue go through
:func:`resonanz.importers.plaintext.source_text` instead.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from resonanz.importers.plaintext import BLOCK_TAGS, DROPPED_TAGS
from resonanz.importers.textio import clean_text


@dataclass
class HtmlText:
    """Result of :func:`html_to_text`: the text and the link targets in order."""

    text: str
    links: tuple[str, ...] = ()
    anchors: list[tuple[str, str]] = field(default_factory=list)  # (href, class attribute)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.anchors: list[tuple[str, str]] = []
        self.skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_TAGS:
            self.skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self._block()
        elif tag == "a":
            values = dict(attrs)
            href = (values.get("href") or "").strip()
            if href:
                self.anchors.append((href, values.get("class") or ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:  # ``<hr/>``
            self._block()

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in BLOCK_TAGS:
            self._block()

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)

    def _block(self) -> None:
        if self.parts and not "".join(self.parts[-2:]).endswith("\n\n"):
            self.parts.append("\n\n")


def _tidy(text: str) -> str:
    """Spaces collapsed within lines, at most one blank line, no blank start or end."""
    out: list[str] = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def html_to_text(fragment: str) -> HtmlText:
    """Plain text of an HTML fragment: tags removed, entities decoded, paragraphs kept."""
    if "<" not in fragment and "&" not in fragment:
        return HtmlText(clean_text(_tidy(fragment)))
    parser = _Collector()
    parser.feed(fragment)
    parser.close()
    links = tuple(
        dict.fromkeys(h for h, _ in parser.anchors if h.lower().startswith(("http://", "https://")))
    )
    return HtmlText(clean_text(_tidy("".join(parser.parts))), links, parser.anchors)
