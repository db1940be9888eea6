"""Plain text from fields that should be plain but often carry HTML residue.

Exports and APIs hand out "plain" text that still contains markup: the Twitter API
escapes ``&``, ``<`` and ``>`` (``&amp;``, ``&lt;3``), Reddit escapes its Markdown,
YouTube's ``textDisplay`` (and spreadsheet exports of it) carries ``<br>`` and
``<a href>``, scraped CSVs contain ``I&#39;m``. :func:`source_text` is what every
importer applies to such a field before it becomes ``Post.text`` or ``Post.title``
(fields that are HTML by definition, such as Mastodon's ``content`` or a feed's
``content:encoded``, go through a real HTML parser instead):

* tags of *known* HTML elements are removed: ``<br>`` becomes a line break, the
  start and end of a block (``<p>``, ``<div>``, ``<li>``...) a line break, the
  content of ``<script>``/``<style>`` is dropped; ``<3``, ``a < b`` or a made-up
  ``<lol>`` are text and stay;
* character references with a terminating ``;`` (``&lt;``, ``&#39;``, ``&#x1F60D;``)
  are decoded; a doubly escaped one (``&amp;lt;``, from exports that escaped an
  already escaped API text) is decoded to the character; ``AT&T`` or ``&notice``
  stay as written;
* where tags were removed, the spaces and blank lines they leave are tidied;
* NUL characters are removed (PostgreSQL cannot store them).

The function is deterministic, so a re-import computes the same content hash; the
importer's raw payload is stored unchanged.
"""

from __future__ import annotations

import html
import re

from resonanz.importers.textio import clean_text

_BREAK = frozenset({"br"})
#: block elements: their start and end separate lines (also used by ``markup``)
BLOCK_TAGS = frozenset(
    {
        "p", "div", "li", "ul", "ol", "blockquote", "pre", "tr", "table", "hr",
        "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
    }
)  # fmt: skip
_INLINE = frozenset(
    {
        "a", "b", "i", "u", "s", "em", "strong", "span", "small", "big", "sub", "sup",
        "code", "tt", "font", "mark", "del", "ins", "strike", "abbr", "cite", "q", "img",
        "td", "th", "tbody", "thead", "label", "wbr", "center", "html", "body", "head",
    }
)  # fmt: skip
#: elements whose content is dropped, never shown
DROPPED_TAGS = frozenset({"script", "style", "template", "noscript"})

_ENTITY = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
_ENTITY_RE = re.compile(_ENTITY)
_DOUBLE_RE = re.compile(
    r"&amp;(?=(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
# a start or end tag: the name right after "<" or "</", attributes without "<" or ">"
_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})((?:\s[^<>]*)?)/?>")
_DROPPED_RE = re.compile(
    r"<(script|style|template|noscript)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_SPACE_BEFORE_BREAK = re.compile(r"[ \t]+\n")
_SPACE_AFTER_BREAK = re.compile(r"\n[ \t]+")
_MANY_BREAKS = re.compile(r"\n{3,}")
_MANY_SPACES = re.compile(r"[ \t]{2,}")


def _tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    if name in _BREAK:
        return "\n"
    if name in BLOCK_TAGS:
        return "\n"
    if name in _INLINE or name in DROPPED_TAGS:
        return ""
    return match.group(0)  # not HTML (``<lol>``): the author's text


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def strip_tags(text: str) -> tuple[str, bool]:
    """``text`` without known HTML tags (breaks and blocks as line breaks); changed?"""
    if "<" not in text:
        return text, False
    out = _DROPPED_RE.sub("", text)
    out = _TAG_RE.sub(_tag, out)
    if out == text:
        return text, False
    out = _MANY_SPACES.sub(" ", out)
    out = _SPACE_BEFORE_BREAK.sub("\n", out)
    out = _SPACE_AFTER_BREAK.sub("\n", out)
    out = _MANY_BREAKS.sub("\n\n", out)
    return out.strip(), True


def decode_entities(text: str) -> str:
    """Character references ending in ``;`` decoded, doubly escaped ones too."""
    if "&" not in text:
        return text
    text = _DOUBLE_RE.sub("&", text)
    return _ENTITY_RE.sub(_entity, text)


def source_text(value: str) -> str:
    """Plain text of a field that should be plain: see the module docstring."""
    if "<" not in value and "&" not in value:
        return clean_text(value)
    text, _ = strip_tags(value)
    return clean_text(decode_entities(text))
