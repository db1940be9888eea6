"""Finds English and raw identifiers on a page or report that should be German.

What counts as *user-facing*: the visible text of an HTML document (text nodes
outside ``<script>``/``<style>``/``<code>``/``<pre>``), the attributes a person
reads (``title``, ``aria-label``, ``placeholder``, ``alt``, the ``value`` of
buttons) and the words inside chart specs (trace names, axis and chart titles,
hover templates, tick labels, categorical axis values).

What is *not* flagged, because it is not UI text:

* content written by users and sources (post texts, titles, author names, brand,
  product and account names, reply drafts, file names): the caller passes these
  strings as ``content`` and every text node that is (part of) one of them, or the
  occurrences of them inside a longer node, is skipped;
* ``<code>``/``<pre>``/``<textarea>`` elements: technical identifiers on purpose
  (commands, file names, model ids, raw quarantined records) or form content;
* elements with a ``lang`` other than German (``<option lang="en">English</option>``);
* elements marked ``data-quote``: words quoted from posts (topic terms, the cue of a
  reply reason). Their words must all occur in the user content, else it is a
  ``quote`` finding;
* numbers, dates, URLs, e-mail addresses.

A finding is one of:

* ``key``: a message key of the web catalog or the report catalog, or a dotted
  token that starts like one (``inbox.state_new``) - a translation that is missing;
* ``raw-id``: a snake_case token (``check_in_boarding``, ``awaiting_approval``);
* ``english``: an English word. The list is built from the catalogs themselves
  (words of the English messages that no German message uses) plus common English
  function words, so a string someone adds in English only is caught without
  anyone updating a list here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

import ahocorasick

from resonanz.analysis.taxonomies.labels import aspect_label
from resonanz.report.messages import CATALOG as REPORT_CATALOG
from resonanz.web.i18n import catalog

#: English words that are never German (checked even if a German message contains them,
#: e.g. inside the accepted term "Share of Voice").
FUNCTION_WORDS = frozenset(
    re.findall(
        r"\S+",
        """the and with from about this that these those which what when where who why how
    your you our are were been has have not for of to by is it its on at or no yes
    than then there here each any some more less only into over under after before
    since until please click show hide view open new waiting pending running failed
    done completed queued sent reply replies reason complaint complaints question
    questions praise share shares topic topics emerging growing post author authors
    inbox draft drafts approved rejected dismissed assigned
    awaiting approval priority urgent high low state states source sources brands
    mention mentions aspects purchase help request disclosed undisclosed commercial
    evidence gifted sponsored weak strong none voice voices overview settings users
    language languages rules rule template templates items item days day hours
    hour minutes week weeks month year today yesterday ago average""",
    )
)

#: Words that are English and German alike, or accepted anglicisms in German UI text.
GERMAN_ALSO = frozenset(
    re.findall(
        r"\S+",
        """also was will man hat die war bin arm hand kind rot gift fast bald handy so in an am
    um oft name status team normal text filter format export import spam token tokens
    hashtags hashtag link links feed feeds api rest csv json pdf html url id ok e-mail
    engagement creator baseline scorecard social listening dashboard analyst agent admin
    administrator login logout upload uploads sla youtube reddit mastodon x resonanz
    rss atom bot bots tag tage beta alpha info details detail start stop plus minus
    median total trend trends score sentiment likes follower account""",
    )
)

#: Terms written the same in German UI text and removed before the word check.
ACCEPTED_TERMS = ("Share of Voice", "Social Listening", "Social-Listening")

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß'’-]*")
_SNAKE = re.compile(r"(?<![\w./:@-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w/@-])")
_DOTTED = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w/@-])")
_URLISH = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+")
#: placeholders: plotly's %{y}, format fields {n}, reply-template variables {{ author }}
_TEMPLATE_VAR = re.compile(r"%\{[^}]*\}|\{\{[^}]*\}\}|\{[a-z_]+\}")
_SKIP_TAGS = frozenset({"script", "style", "code", "pre", "kbd", "samp", "template", "textarea"})
_READ_ATTRS = ("title", "aria-label", "placeholder", "alt")
_FILE_ENDINGS = frozenset(
    re.findall(
        r"\S+", "html pdf csv json jsonl toml txt gz xml de com org net io example md py js css"
    )
)
#: keys of a Plotly spec whose string values are read by people
_CHART_TEXT_KEYS = frozenset(
    {"name", "text", "title", "hovertemplate", "ticktext", "x", "y", "labels", "legendgrouptitle"}
)


@dataclass(frozen=True, slots=True)
class Leak:
    kind: str  # "key" | "raw-id" | "english"
    token: str
    context: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.token!r} in {self.context!r}"


def _words(texts: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall(_TEMPLATE_VAR.sub(" ", text)):
            found.add(word.strip("'’-").lower())
    return found


def _page_words() -> tuple[list[str], list[str]]:
    """English and German values of the page modules' own ``WORDS`` catalogs."""
    import importlib
    import pkgutil

    import resonanz.web.pages as pages

    en: list[str] = []
    de: list[str] = []
    for info in pkgutil.walk_packages(pages.__path__, "resonanz.web.pages."):
        words = getattr(importlib.import_module(info.name), "WORDS", None)
        if isinstance(words, dict) and isinstance(words.get("en"), dict):
            en += [str(v) for v in words["en"].values()]
            de += [str(v) for v in (words.get("de") or {}).values()]
    return en, de


@cache
def english_words() -> frozenset[str]:
    """English words that must not appear on a German page."""
    page_en, page_de = _page_words()
    en = [*catalog("en").values(), *page_en]
    de = [*catalog("de").values(), *page_de]
    report_en = [pair[0] for pair in REPORT_CATALOG.values()]
    report_de = [pair[1] for pair in REPORT_CATALOG.values()]
    german = _words([*de, *report_de]) | GERMAN_ALSO | _aspect_words("de")
    derived = {w for w in _words([*en, *report_en]) - german if len(w) >= 3}
    return frozenset(derived | (FUNCTION_WORDS - GERMAN_ALSO))


def _aspect_words(language: str) -> set[str]:
    from resonanz.analysis.taxonomies.labels import _labels

    return _words(aspect_label(a, language) for a in _labels())


@cache
def message_keys() -> frozenset[str]:
    return frozenset(catalog("en")) | frozenset(REPORT_CATALOG)


@cache
def _key_prefixes() -> frozenset[str]:
    return frozenset(k.split(".", 1)[0] for k in catalog("en") if "." in k)


_VOID = frozenset({"br", "img", "input", "meta", "link", "hr", "col", "source", "wbr", "area"})


class _TextParser(HTMLParser):
    """Collects (text, where, quoted) triples people read, and the chart specs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[tuple[str, str, bool]] = []
        self.charts: list[str] = []
        self._stack: list[tuple[str, str]] = []  # (tag, "" | "skip" | "quote")
        self._chart: list[str] | None = None

    def _mode(self) -> str:
        modes = {mode for _, mode in self._stack}
        return "skip" if "skip" in modes else ("quote" if "quote" in modes else "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("type") == "application/json":
            self._chart = []
        mode = ""
        lang = (values.get("lang") or "de").lower()
        if tag in _SKIP_TAGS or not lang.startswith("de"):
            mode = "skip"  # code, or text declared to be in another language (lang="en")
        elif "data-quote" in values:
            mode = "quote"  # words quoted from posts (topic terms, intent cues)
        if tag not in _VOID:
            self._stack.append((tag, mode))
        if mode == "skip" or self._mode() == "skip":
            return
        for name in _READ_ATTRS:  # tooltips and labels are UI even inside quoted text
            if values.get(name):
                self.texts.append((str(values[name]), f"<{tag} {name}>", False))
        kind = (values.get("type") or "").lower()
        if tag == "input" and kind in ("submit", "button", "reset") and values.get("value"):
            self.texts.append((str(values["value"]), f"<{tag} value>", False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._chart is not None:
            self.charts.append("".join(self._chart))
            self._chart = None
        if any(t == tag for t, _ in self._stack):
            while self._stack and self._stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._chart is not None:
            self._chart.append(data)
            return
        mode = self._mode()
        if mode == "skip" or not data.strip():
            return
        where = self._stack[-1][0] if self._stack else "document"
        self.texts.append((data, f"<{where}>", mode == "quote"))


def _chart_strings(spec: object, key: str = "") -> Iterator[str]:
    if isinstance(spec, dict):
        for name, value in spec.items():
            yield from _chart_strings(value, str(name))
    elif isinstance(spec, list):
        for value in spec:
            yield from _chart_strings(value, key)
    elif isinstance(spec, str) and key in _CHART_TEXT_KEYS:
        yield spec


def _normal(text: str) -> str:
    return " ".join(text.split())


#: a text node at least this long that occurs inside a user string is taken as part of it
_PIECE_MIN = 12


class ContentFilter:
    """Knows the user-written strings of a data set and removes them from page text."""

    def __init__(self, content: Iterable[str]) -> None:
        strings = {_normal(s) for s in content if s and _normal(s)}
        self._joined = "\x00" + "\x00".join(sorted(strings)) + "\x00"
        self._strings = frozenset(strings)
        self._words = _words(strings)
        self._automaton = ahocorasick.Automaton()
        for s in strings:
            if len(s) >= 2:
                self._automaton.add_word(s, len(s))
        if strings:
            self._automaton.make_automaton()
        self._empty = not strings

    def is_content(self, text: str) -> bool:
        """Whether ``text`` is one user string, or a longer piece of one (truncated,
        highlighted). Short pieces must be a whole user string: a lone "new" is not
        excused because some post contains the word."""
        bare = _normal(text).rstrip(".…").strip()
        if len(bare) < _PIECE_MIN:
            return f"\x00{bare}\x00" in self._joined
        return bare in self._joined

    def only_content_words(self, text: str) -> bool:
        """Whether every word of ``text`` occurs in some user string (terms taken from posts;
        a last word cut off with an ellipsis may be the start of one)."""
        plain = _normal(text)
        if plain.endswith(("…", "...")):
            plain = plain.rstrip(".…").rstrip(" /·,;:")  # "a / b /…": the cut word is "b"
            head, _, last = plain.rpartition(" ")
            cut = last.lower()
            if cut and not any(word.startswith(cut) for word in self._words):
                return False
            plain = head
        return _words([plain]) <= self._words

    def strip(self, text: str) -> str:
        """``text`` without the user content in it (whole nodes or occurrences)."""
        plain = _normal(text)
        if not plain.rstrip(".…").strip() or self.is_content(plain):
            return ""
        if self._empty:
            return plain
        spans = sorted(
            ((end - length + 1, end + 1) for end, length in self._automaton.iter(plain)),
            key=lambda span: (span[0], -span[1]),
        )
        kept, pos = [], 0
        for begin, end in spans:
            if begin >= pos:
                kept.append(plain[pos:begin])
                pos = end
            elif end > pos:
                pos = end
        kept.append(plain[pos:])
        return " ".join(kept)


def find_leaks(text: str, context: str = "") -> list[Leak]:
    """The leaks in one piece of user-facing text (already free of user content)."""
    found: list[Leak] = []
    cleaned = _URLISH.sub(" ", _TEMPLATE_VAR.sub(" ", text))
    for term in ACCEPTED_TERMS:
        cleaned = cleaned.replace(term, " ")
    where = context or text
    prefixes = _key_prefixes()
    for token in _DOTTED.findall(cleaned):
        parts = token.split(".")
        if token in message_keys() or (parts[0] in prefixes and parts[-1] not in _FILE_ENDINGS):
            found.append(Leak("key", token, where))
    for token in _SNAKE.findall(cleaned):
        found.append(Leak("raw-id" if token not in message_keys() else "key", token, where))
    english = english_words()
    for word in _WORD.findall(_SNAKE.sub(" ", _DOTTED.sub(" ", cleaned))):
        if word.strip("'’-").lower() in english:
            found.append(Leak("english", word, where))
    return found


def page_leaks(html: str, content: ContentFilter) -> list[Leak]:
    """Every leak on a rendered HTML page or report."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    leaks: list[Leak] = []
    for text, where, quoted in parser.texts:
        if quoted:
            if not content.only_content_words(text):
                leaks.append(Leak("quote", _normal(text), f"{where} not words of any post"))
            continue
        remaining = content.strip(text)
        if remaining.strip():
            leaks.extend(find_leaks(remaining, f"{where} {_normal(text)[:120]}"))
    for block in parser.charts:
        try:
            spec = json.loads(block)
        except ValueError:
            continue
        for text in _chart_strings(spec):
            if content.only_content_words(text):
                continue  # chart labels taken from posts (topic terms)
            remaining = content.strip(text)
            if remaining.strip():
                leaks.extend(find_leaks(remaining, f"chart {_normal(text)[:120]}"))
    return leaks
