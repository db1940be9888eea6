"""Literal prefilters for cue regexes: the same matches, found faster.

Rule stages search every post with word-bounded alternations of dozens of
phrases. Python's regex engine tries every alternative at every position, so a
post with no cue at all costs as much as one with many. Most alternatives start
with fixed letters ("weiß jemand", "(?:warum|wieso) ..."), so a match can only
begin where one of those literal prefixes occurs.

:class:`Scanner` reads the literal prefixes of each pattern from the regex
parser, puts all of them into one Aho-Corasick automaton and, per text, runs
that automaton once over the lower-cased text. A pattern is then tried (with
``Pattern.match``) only at the positions where one of its prefixes starts; the
first success is what ``Pattern.search`` would return, and skipping overlaps
reproduces ``Pattern.finditer``. Patterns without a usable prefix (one
alternative starting with ``\\w`` or ``^``) and texts whose lower-casing is not
character-for-character (or that hold characters the regex engine folds
differently from ``str.lower``, like the long s) fall back to the plain regex.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

import ahocorasick


def _private_parser() -> tuple[Any, Any] | None:
    """The regex engine's parser and constants, or ``None`` where they are not there.

    They are private modules of CPython (stable since 3.11, the oldest version we
    support). Everything that uses them is an optimisation: without them every
    pattern is searched with the plain regex, with the same results.
    """
    try:
        return importlib.import_module("re._constants"), importlib.import_module("re._parser")
    except ImportError:  # pragma: no cover - another Python implementation
        return None


_PARSER = _private_parser()
_C: Any = _PARSER[0] if _PARSER else None
_P: Any = _PARSER[1] if _PARSER else None

#: stop growing a pattern's prefix set beyond this many strings
_MAX_PREFIXES = 256
#: character classes up to this size are expanded into prefixes
_MAX_CLASS = 8
_ZERO_WIDTH = {_C.ASSERT, _C.ASSERT_NOT, _C.AT} if _C is not None else set()
#: whitespace (the regex engine's ``\\s``) other than the plain space
_OTHER_SPACE = re.compile(r"[^\S ]")


def _is_space_class(op: Any, av: Any) -> bool:
    return op is _C.IN and list(av) == [(_C.CATEGORY, _C.CATEGORY_SPACE)]


def _walk(items: Sequence[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """Literal prefixes of a parsed sequence, and whether it is literal to its end.

    Every string the sequence matches starts with one of the returned prefixes
    (whitespace written as a single space). Walking stops at the first item that
    is not a literal, a small literal class, a group or an alternation.
    """
    out = {""}
    for i, (op, av) in enumerate(items):
        if op is _C.LITERAL:
            out = {p + chr(av) for p in out}
        elif op in _ZERO_WIDTH:
            continue
        elif op is _C.SUBPATTERN:
            sub, complete = _walk(av[-1])
            out = {p + x for p in out for x in sub}
            if not complete:
                return out, False
        elif op is _C.BRANCH:
            alts = [_walk(alt) for alt in av[1]]
            out = {p + x for p in out for subs, _ in alts for x in subs}
            if not all(done for _, done in alts):
                return out, False
        elif op is _C.IN and len(av) <= _MAX_CLASS and all(o is _C.LITERAL for o, _ in av):
            out = {p + chr(c) for p in out for _, c in av}
        elif _is_space_class(op, av):
            return {p + " " for p in out}, False
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT):
            low, _high, body = av
            once, _ = _walk(body)
            with_it = {p + x for p in out for x in once}
            if low >= 1:
                return with_it, False
            rest, _ = _walk(items[i + 1 :])  # the repeat may match nothing
            return with_it | {p + x for p in out for x in rest}, False
        else:
            return out, False
        if len(out) > _MAX_PREFIXES:
            return out, False
    return out, True


def literal_prefixes(pattern: re.Pattern[str]) -> set[str] | None:
    """Lower-cased strings one of which starts every match of ``pattern``, or
    ``None`` when some match may start otherwise (or the pattern is unsuitable)."""
    if pattern.flags & re.VERBOSE or _P is None:
        return None
    try:
        parsed = _P.parse(pattern.pattern, pattern.flags)
    except Exception:  # unusual syntax: no prefilter, plain regex
        return None
    prefixes, _ = _walk(list(parsed))
    if len(prefixes) > 4 * _MAX_PREFIXES:
        return None
    lowered = {p.lower() for p in prefixes}
    if not prefixes or "" in prefixes or any(len(p.lower()) != len(p) for p in prefixes):
        return None
    return lowered


@cache
def unsafe_chars(alphabet: frozenset[str]) -> frozenset[str]:
    """Characters the regex engine matches case-insensitively with a character of
    ``alphabet`` although their ``str.lower()`` differs (e.g. ``ſ`` for ``s``).
    Only the Basic Multilingual Plane holds case partners of such letters."""
    if not alphabet:
        return frozenset()
    cls = re.compile("[" + "".join(re.escape(c) for c in sorted(alphabet)) + "]", re.IGNORECASE)
    out = set()
    for code in range(0x10000):
        ch = chr(code)
        if cls.fullmatch(ch) is None:
            continue
        for a in alphabet:
            if ch.lower() != a.lower() and re.fullmatch(re.escape(a), ch, re.IGNORECASE):
                out.add(ch)
    return frozenset(out)


class Found:
    """Where each pattern of a :class:`Scanner` may match in one text."""

    __slots__ = ("_anchored", "_starts", "_text")

    def __init__(
        self, text: str, starts: dict[int, list[int]] | None, anchored: frozenset[int]
    ) -> None:
        self._text = text
        self._starts = starts  # pattern id -> candidate starts; None: scan everywhere
        self._anchored = anchored  # ids of the patterns the starts are known for

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Same as ``pattern.search(text)`` (``pattern`` must belong to the scanner)."""
        starts = self._candidates(pattern)
        if starts is None:
            return pattern.search(self._text)
        for start in starts:
            m = pattern.match(self._text, start)
            if m is not None:
                return m
        return None

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Same as ``pattern.finditer(text)`` for patterns that never match empty."""
        starts = self._candidates(pattern)
        if starts is None:
            yield from pattern.finditer(self._text)
            return
        pos = 0
        for start in starts:
            if start < pos:
                continue
            m = pattern.match(self._text, start)
            if m is not None:
                yield m
                pos = m.end()

    def _candidates(self, pattern: re.Pattern[str]) -> list[int] | None:
        if self._starts is None or id(pattern) not in self._anchored:
            return None
        return self._starts.get(id(pattern), [])


class Scanner:
    """One Aho-Corasick pass that tells where each of several patterns may match."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self._patterns = list(patterns)  # keeps the ids below valid
        keys: dict[str, list[tuple[int, int]]] = {}
        alphabet: set[str] = set()
        anchored: set[int] = set()
        for pattern in self._patterns:
            prefixes = literal_prefixes(pattern)
            if prefixes is None:
                continue
            anchored.add(id(pattern))
            for p in prefixes:
                keys.setdefault(p, []).append((id(pattern), len(p)))
                if pattern.flags & re.IGNORECASE:
                    alphabet.update(p)
        self._anchored = frozenset(anchored)
        self._automaton: Any = None
        if keys:
            self._automaton = ahocorasick.Automaton()
            for key, owners in keys.items():
                self._automaton.add_word(key, tuple(owners))
            self._automaton.make_automaton()
        unsafe = unsafe_chars(frozenset(alphabet))
        self._unsafe = (
            re.compile("[" + "".join(re.escape(c) for c in sorted(unsafe)) + "]")
            if unsafe
            else None
        )

    def scan(self, text: str) -> Found:
        """Candidate match starts of every pattern in ``text``."""
        low = text.lower()
        if (
            self._automaton is None
            or len(low) != len(text)
            or (self._unsafe is not None and self._unsafe.search(text))
        ):
            return Found(text, None, self._anchored)
        low = _OTHER_SPACE.sub(" ", low)  # prefixes write any whitespace as " "
        starts: dict[int, set[int]] = {}
        get = starts.get
        for end, owners in self._automaton.iter(low):
            for pid, length in owners:
                found = get(pid)
                if found is None:
                    starts[pid] = found = set()
                found.add(end - length + 1)
        return Found(text, {pid: sorted(s) for pid, s in starts.items()}, self._anchored)
