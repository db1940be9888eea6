"""Aspect taxonomies: named aspects with German and English seed terms.

A taxonomy is either shipped (``"germeval"`` for transport, ``"cosmetics"``,
``"airline"``: modules of the ``resonanz.taxonomies`` plug-in group, see
:func:`shipped`) or defined by a workspace as a plain mapping ``{aspect: [seed terms]}``. The
:class:`SeedMatcher` finds seed terms in a text (case-insensitive, umlaut and ß
spellings interchangeable, German compounds allowed for longer seeds) and
returns each hit with its span, so a new industry needs no labelled data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache

import ahocorasick

from resonanz import plugins
from resonanz.errors import ConfigError


def shipped() -> list[str]:
    """Names of the registered taxonomies (built-ins first), without loading them."""
    return plugins.names("taxonomies")


#: German inflection endings accepted after a short seed ("Preis" -> "Preise")
_ENDINGS = r"(?:e|en|er|es|n|s|em)?"
#: seeds at least this long also match inside compounds ("Zugverspätung")
_COMPOUND_MIN = 6

_UMLAUTS = {"ä": ("ae", "a"), "ö": ("oe", "o"), "ü": ("ue", "u"), "ß": ("ss",)}


@dataclass(frozen=True)
class Taxonomy:
    name: str
    aspects: dict[str, tuple[str, ...]]

    def matcher(self) -> SeedMatcher:
        return SeedMatcher(self.aspects)


@dataclass(frozen=True, slots=True)
class SeedHit:
    aspect: str
    start: int
    end: int
    text: str


def spelling_variants(term: str) -> set[str]:
    """The term plus the spellings without umlauts/ß (``ä`` -> ``ae``/``a``, ``ß`` -> ``ss``)."""
    out = {term}
    for ch, repl in _UMLAUTS.items():
        for existing in list(out):
            if ch in existing:
                out.update(existing.replace(ch, r) for r in repl)
    return out


def _pattern(seed: str) -> str:
    return r"\s+".join(re.escape(part) for part in seed.split())


class SeedMatcher:
    """Find the seed terms of a taxonomy in texts, with their spans."""

    def __init__(self, aspects: Mapping[str, Iterable[str]]) -> None:
        self.lookup: dict[str, str] = {}
        for aspect, seeds in aspects.items():
            for seed in seeds:
                clean = " ".join(seed.lower().split())
                if not clean:
                    continue
                for variant in spelling_variants(clean):
                    self.lookup.setdefault(variant, aspect)
        long_ = sorted((s for s in self.lookup if len(s) >= _COMPOUND_MIN), key=len, reverse=True)
        short = sorted((s for s in self.lookup if len(s) < _COMPOUND_MIN), key=len, reverse=True)
        parts = []
        if long_:
            parts.append(r"(?<!\w)\w*?(?P<long>" + "|".join(map(_pattern, long_)) + r")\w*")
        if short:
            parts.append(
                r"(?<!\w)(?P<short>" + "|".join(map(_pattern, short)) + ")" + _ENDINGS + r"(?!\w)"
            )
        self._regex = re.compile("|".join(parts), re.IGNORECASE) if parts else None
        self._prefilter = _Prefilter(self.lookup) if self.lookup else None

    def find(self, text: str) -> list[SeedHit]:
        """All non-overlapping hits in reading order."""
        if self._regex is None or self._prefilter is None or not text:
            return []
        starts = self._prefilter.starts(text)
        if starts is None:
            matches: Iterable[re.Match[str]] = self._regex.finditer(text)
        else:
            matches = self._matches_at(text, starts)
        hits = []
        for m in matches:
            groups = m.groupdict()
            seed = groups.get("long") or groups.get("short") or ""
            key = " ".join(seed.lower().split())
            aspect = self.lookup.get(key)
            if aspect is not None:
                hits.append(SeedHit(aspect, m.start(), m.end(), m.group(0)))
        return hits

    def _matches_at(self, text: str, starts: list[int]) -> Iterator[re.Match[str]]:
        """What ``finditer`` yields when matches can only begin at ``starts``
        (ascending): the regex is tried at each of them, skipping overlaps."""
        assert self._regex is not None
        pos = 0
        for start in starts:
            if start < pos:
                continue
            m = self._regex.match(text, start)
            if m is not None:
                yield m
                pos = m.end()


def _is_word(ch: str) -> bool:
    """The regex engine's ``\\w`` for one character."""
    return ch.isalnum() or ch == "_"


@cache
def _unsafe_chars(alphabet: frozenset[str]) -> frozenset[str]:
    """Characters that match a seed character case-insensitively in the regex
    engine although their ``str.lower()`` is not that character (e.g. the long s
    or the dotless i). Only the Basic Multilingual Plane has such partners of
    Latin letters."""
    cls = re.compile("[" + "".join(re.escape(c) for c in sorted(alphabet)) + "]", re.IGNORECASE)
    out = set()
    for code in range(0x10000):
        ch = chr(code)
        if cls.fullmatch(ch) is None:
            continue
        for seed_ch in alphabet:
            if ch.lower() != seed_ch and re.fullmatch(re.escape(seed_ch), ch, re.IGNORECASE):
                out.add(ch)
    return frozenset(out)


class _Prefilter:
    """One Aho-Corasick scan that tells where the seed regex can first match.

    The seed regex tries every split of every word against every seed; most
    posts contain no seed at all. A post can only match where (the first word of)
    a seed occurs in its lower-cased text: anywhere for compound-capable seeds,
    at a word start followed by at most an inflection ending for short ones.
    :meth:`starts` returns the starts of the words holding such places; the regex
    is then tried only there, with the same hits as a full scan.
    Texts whose lower-casing changes length or that hold characters the regex
    folds differently from ``str.lower`` are handed to the regex from 0.
    """

    def __init__(self, lookup: Mapping[str, str]) -> None:
        keys: dict[str, bool] = {}  # first word -> may match anywhere (compound)
        for seed in lookup:
            first = seed.split()[0]
            anywhere = len(seed) >= _COMPOUND_MIN or first != seed or not _is_word(first[-1])
            keys[first] = keys.get(first, False) or anywhere
        self._automaton = ahocorasick.Automaton()
        for key, anywhere in keys.items():
            self._automaton.add_word(key, (len(key), anywhere))
        self._automaton.make_automaton()
        alphabet = frozenset(ch for seed in lookup for ch in seed if not ch.isspace())
        unsafe = _unsafe_chars(alphabet)
        self._unsafe = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(unsafe)) + "]")
            if unsafe
            else None
        )

    def starts(self, text: str) -> list[int] | None:
        """Ascending word starts where the seed regex may match (empty: nowhere);
        ``None`` when the text must be scanned by the regex everywhere."""
        low = text.lower()
        if len(low) != len(text) or (self._unsafe is not None and self._unsafe.search(text)):
            return None
        found: set[int] = set()
        size = len(text)
        for end, (length, anywhere) in self._automaton.iter(low):
            start = end - length + 1
            if not anywhere:
                if start > 0 and _is_word(text[start - 1]):
                    continue
                rest = end + 1
                while rest < size and rest - end <= 3 and _is_word(text[rest]):
                    rest += 1
                if rest - end - 1 > 2:  # more than an inflection ending follows
                    continue
            while start > 0 and _is_word(text[start - 1]):
                start -= 1
            found.add(start)
        return sorted(found)


def _normalize_custom(spec: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for aspect, seeds in spec.items():
        if not isinstance(aspect, str) or not aspect.strip():
            raise ConfigError(
                "taxonomy aspect names must be non-empty strings",
                hint='write the taxonomy as {"aspect": ["seed", ...]}',
            )
        if isinstance(seeds, str):
            seeds = [seeds]
        terms = tuple(s for s in seeds if isinstance(s, str) and s.strip())
        if not terms:
            raise ConfigError(
                f"aspect {aspect!r} has no seed terms",
                hint="give every aspect at least one seed term (German and English)",
            )
        out[aspect.strip()] = terms
    if not out:
        raise ConfigError("the taxonomy is empty", hint="define at least one aspect")
    return out


@cache
def _shipped(name: str) -> Taxonomy:
    module = plugins.get("taxonomies", name)
    return Taxonomy(name, dict(module.ASPECTS))


def load_taxonomy(spec: str | Mapping[str, Iterable[str]] | Taxonomy) -> Taxonomy:
    """A shipped taxonomy by name, or a custom one from ``{aspect: seed terms}``."""
    if isinstance(spec, Taxonomy):
        return spec
    if isinstance(spec, str):
        if spec not in shipped():
            raise ConfigError(
                f"unknown taxonomy {spec!r}",
                hint=f"use one of {', '.join(shipped())} or give {{aspect: [seed terms]}}",
            )
        return _shipped(spec)
    return Taxonomy("custom", _normalize_custom(spec))
