"""Aspect taxonomies: named aspects with German and English seed terms.

A taxonomy is either shipped (``"germeval"`` for transport, ``"cosmetics"``) or
defined by a workspace as a plain mapping ``{aspect: [seed terms]}``. The
:class:`SeedMatcher` finds seed terms in a text (case-insensitive, umlaut and ß
spellings interchangeable, German compounds allowed for longer seeds) and
returns each hit with its span, so a new industry needs no labelled data.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from resonanz.errors import ConfigError

SHIPPED = ("germeval", "cosmetics")

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

    def find(self, text: str) -> list[SeedHit]:
        """All non-overlapping hits in reading order."""
        if self._regex is None or not text:
            return []
        hits = []
        for m in self._regex.finditer(text):
            groups = m.groupdict()
            seed = groups.get("long") or groups.get("short") or ""
            key = " ".join(seed.lower().split())
            aspect = self.lookup.get(key)
            if aspect is not None:
                hits.append(SeedHit(aspect, m.start(), m.end(), m.group(0)))
        return hits


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
    module = importlib.import_module(f"resonanz.analysis.taxonomies.{name}")
    return Taxonomy(name, dict(module.ASPECTS))


def load_taxonomy(spec: str | Mapping[str, Iterable[str]] | Taxonomy) -> Taxonomy:
    """A shipped taxonomy by name, or a custom one from ``{aspect: seed terms}``."""
    if isinstance(spec, Taxonomy):
        return spec
    if isinstance(spec, str):
        if spec not in SHIPPED:
            raise ConfigError(
                f"unknown taxonomy {spec!r}",
                hint=f"use one of {', '.join(SHIPPED)} or give {{aspect: [seed terms]}}",
            )
        return _shipped(spec)
    return Taxonomy("custom", _normalize_custom(spec))
