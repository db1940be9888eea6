"""Brand, product and competitor mentions from the workspace catalog.

Exact pass: one Aho-Corasick automaton (pyahocorasick) holds every spelling of
every brand and product name, alias, #hashtag and @handle, expanded with
:func:`resonanz.catalog.variants` (ä/ae, ß/ss, accents, apostrophes). The post is
folded the same way (case-folded, accents other than umlauts dropped, zero-width
characters removed, typographic apostrophes unified) while remembering where each
folded character came from, so every match carries its span in the ORIGINAL
text. A match counts only on word boundaries; overlapping matches keep the
leftmost, longest one.

Fuzzy pass: words not matched exactly are compared with single-word aliases of
at least five letters (rapidfuzz Levenshtein): one edit allowed up to seven
letters, two from eight; same first letter; never for words in the shipped list
of common German/English words (``models/common_words.txt.gz``) or for words that
are themselves spellings of another alias. Those mentions are marked ``fuzzy``.

A product mention is attributed to its brand; ``competitor_of`` lists the
brands that name the mentioned brand as a competitor.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

import ahocorasick
from rapidfuzz.distance import Levenshtein

from resonanz.analysis.base import Batch, Mention, Span
from resonanz.analysis.linear import MODEL_DIR
from resonanz.catalog import Catalog, variants

COMMON_WORDS_FILE = MODEL_DIR / "common_words.txt.gz"
FUZZY_MIN_LEN = 5
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_APOSTROPHES = frozenset("’‘`´ʼ′")
_WORD_RE = re.compile(r"[^\W\d_][\w'-]*[^\W\d_]|[^\W\d_]")


@dataclass(frozen=True, slots=True)
class _Entry:
    brand: str
    product: str | None
    alias: str  # as written in the catalog
    kind: str  # "name" | "hashtag" | "handle"


@cache
def _fold_char(c: str) -> str:
    if c in _ZERO_WIDTH:
        return ""
    if c in _APOSTROPHES:
        return "'"
    folded = c.casefold()
    if folded.isascii():
        return folded
    kept = "".join(
        ch
        for ch in unicodedata.normalize("NFD", folded)
        if not unicodedata.combining(ch) or ch == "\u0308"  # keep umlaut dots
    )
    return unicodedata.normalize("NFC", kept)


def fold(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """Folded text plus, for every folded character, the start and end index of the
    original character(s) it came from (``None``: plain lower-casing, same indices).

    Combining marks are merged into the preceding letter (decomposed "u" + "¨"
    becomes "ü", whose span then covers both original characters).
    """
    if text.isascii():
        return text.lower(), None, None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, c in enumerate(text):
        if unicodedata.combining(c) and pieces:
            if c == "\u0308":  # umlaut dots: compose with the letter before
                pieces[-1] = unicodedata.normalize("NFC", pieces[-1] + c)
            ends[-1] = i + 1
            continue
        f = _fold_char(c)
        for ch in f:
            pieces.append(ch)
            starts.append(i)
            ends.append(i + 1)
    return "".join(pieces), starts, ends


def fold_term(term: str) -> str:
    return fold(unicodedata.normalize("NFC", term))[0].strip()


def _digest(keys: list[str]) -> str:
    """Short fingerprint of the catalog's spellings (part of the stage's version)."""
    return hashlib.sha1("\n".join(keys).encode("utf-8")).hexdigest()[:10]  # noqa: S324


def _swapped_or_doubled(word: str, key: str) -> bool:
    """One adjacent transposition, or one doubled letter added or dropped."""
    if len(word) == len(key):
        diff = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == key[diff[1]]
            and word[diff[1]] == key[diff[0]]
        )
    longer, shorter = (word, key) if len(word) > len(key) else (key, word)
    if len(longer) != len(shorter) + 1:
        return False
    for i in range(len(longer)):
        if longer[:i] + longer[i + 1 :] == shorter:
            return (i > 0 and longer[i - 1] == longer[i]) or (
                i + 1 < len(longer) and longer[i + 1] == longer[i]
            )
    return False


def _typo_distance(word: str, key: str) -> int | None:
    """Edit distance if ``word`` passes as a misspelling of ``key``, else ``None``.

    Aliases of 5-6 letters accept only a swapped or doubled letter (short brand names
    sit one substitution away from real words: Delta/Della, United/Uniter);
    7-9 letters accept one edit, longer ones two.
    """
    if len(key) <= 6:
        return 1 if _swapped_or_doubled(word, key) else None
    limit = 1 if len(key) < 10 else 2
    dist = int(Levenshtein.distance(word, key, score_cutoff=limit))
    return dist if dist <= limit else None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


@cache
def common_words() -> frozenset[str]:
    """Frequent German and English words, never taken for misspelled brand names."""
    if not COMMON_WORDS_FILE.exists():
        return frozenset()
    with gzip.open(COMMON_WORDS_FILE, "rt", encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


class MentionMatcher:
    """Finds catalog mentions in text; build once per catalog, reuse for every post."""

    def __init__(
        self,
        catalog: Catalog | None,
        fuzzy: bool = True,
        common: frozenset[str] | None = None,
    ) -> None:
        self.catalog = catalog or Catalog()
        self.fuzzy = fuzzy
        #: words never taken for misspellings (default: the shipped list)
        self.common = common
        self._competitor_of: dict[str, tuple[str, ...]] = {}
        for brand in self.catalog.brands:
            for other in brand.competitors:
                self._competitor_of.setdefault(other, ())
                self._competitor_of[other] += (brand.name,)
        self._entries: dict[str, list[_Entry]] = {}
        for entry, term in self._terms():
            for spelling in variants(term) | {term}:
                key = fold_term(spelling)
                if key and (entry.kind == "name" or len(key) > 1):
                    bucket = self._entries.setdefault(key, [])
                    if entry not in bucket:
                        bucket.append(entry)
        self._automaton: Any = None
        if self._entries:
            automaton = ahocorasick.Automaton()
            for key, entries in self._entries.items():
                automaton.add_word(key, (key, tuple(entries)))
            automaton.make_automaton()
            self._automaton = automaton
        # fuzzy targets: single-word name spellings with enough letters, by first letter
        self._fuzzy_targets: dict[str, tuple[_Entry, ...]] = {
            key: tuple(e for e in entries if e.kind == "name")
            for key, entries in self._entries.items()
            if len(key) >= FUZZY_MIN_LEN
            and key.isalpha()
            and any(e.kind == "name" for e in entries)
        }
        self._by_initial: dict[str, list[str]] = {}
        for key in sorted(self._fuzzy_targets):
            self._by_initial.setdefault(key[0], []).append(key)
        self.data_version = _digest(sorted(self._entries))

    def _terms(self) -> Iterable[tuple[_Entry, str]]:
        for brand in self.catalog.brands:
            for term in brand.terms():
                yield _Entry(brand.name, None, term, "name"), term
            for tag in brand.hashtags:
                yield _Entry(brand.name, None, tag, "hashtag"), tag
            for handle in brand.handles:
                handle = handle if handle.startswith("@") else "@" + handle
                yield _Entry(brand.name, None, handle, "handle"), handle
            for product in brand.products:
                for term in product.terms():
                    yield _Entry(brand.name, product.name, term, "name"), term

    def _mention(self, entry: _Entry, start: int, end: int, text: str, fuzzy: bool) -> Mention:
        return Mention(
            brand=entry.brand,
            product=entry.product,
            alias=entry.alias,
            span=Span(start, end, text[start:end]),
            fuzzy=fuzzy,
            competitor_of=self._competitor_of.get(entry.brand, ()),
        )

    def find(self, text: str) -> list[Mention]:
        """All mentions in ``text``, ordered by position; spans index ``text``."""
        if self._automaton is None or not text:
            return []
        folded, starts, ends = fold(text)
        hits: list[tuple[int, int, tuple[_Entry, ...]]] = []
        n = len(folded)
        for end_idx, (key, entries) in self._automaton.iter(folded):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if _is_word_char(key[0]) and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if _is_word_char(key[-1]) and end < n and _is_word_char(folded[end]):
                continue
            hits.append((start, end, entries))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        chosen: list[tuple[int, int, tuple[_Entry, ...], bool]] = []
        last_end = -1
        for start, end, entries in hits:
            if start >= last_end:
                chosen.append((start, end, entries, False))
                last_end = end
        if self.fuzzy and self._fuzzy_targets:
            chosen.extend(self._fuzzy(folded, chosen))
            chosen.sort(key=lambda h: h[0])
        out: list[Mention] = []
        for start, end, entries, is_fuzzy in chosen:
            o_start = start if starts is None else starts[start]
            o_end = end if ends is None else ends[end - 1]
            out.extend(self._mention(e, o_start, o_end, text, is_fuzzy) for e in entries)
        return out

    def _fuzzy(
        self, folded: str, exact: list[tuple[int, int, tuple[_Entry, ...], bool]]
    ) -> list[tuple[int, int, tuple[_Entry, ...], bool]]:
        common = self.common if self.common is not None else common_words()
        taken = [(s, e) for s, e, _, _ in exact]
        found: list[tuple[int, int, tuple[_Entry, ...], bool]] = []
        for match in _WORD_RE.finditer(folded):
            word = match.group(0).strip("'-")
            if len(word) < FUZZY_MIN_LEN or word in common or word in self._entries:
                continue
            start = match.start() + match.group(0).index(word)
            end = start + len(word)
            if any(s < end and start < e for s, e in taken):
                continue
            best: tuple[int, str] | None = None
            for key in self._by_initial.get(word[0], ()):
                if abs(len(key) - len(word)) > 2:
                    continue
                dist = _typo_distance(word, key)
                if dist is not None and (best is None or dist < best[0]):
                    best = (dist, key)
            if best is not None:
                found.append((start, end, self._fuzzy_targets[best[1]], True))
        return found


class MentionsStage:
    """Stage ``mentions``: brand/product/competitor mentions with spans in ``Doc.full_text``."""

    name: ClassVar[str] = "mentions"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def __init__(self, catalog: Catalog | None = None) -> None:
        self.matcher = MentionMatcher(catalog)
        #: changes with the catalog, so posts are re-matched after a catalog edit
        self.data_version = self.matcher.data_version

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            doc.mentions = self.matcher.find(doc.full_text)
