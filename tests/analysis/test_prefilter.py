"""The literal prefilters must find exactly what the plain regexes find."""

from __future__ import annotations

import random
import re

import pytest

from resonanz.analysis import intent_rules as R
from resonanz.analysis import questions as Q
from resonanz.analysis.prefilter import Scanner, literal_prefixes
from resonanz.analysis.taxonomies import load_taxonomy

INTENT_PATTERNS = [
    Q.ASK_PHRASES,
    Q.RHETORICAL,
    Q.POLL,
    R.COMPLAINT_PHRASES,
    R.PROBLEM_WORDS,
    R.SARCASM,
    R.ANGRY_EMOJI,
    R.PRAISE_WORDS,
    R.PRAISE_EMOJI,
    R.PURCHASE,
    R.HELP,
]

TRICKY = [
    "",
    "I  want\tto ask: why is my order late?",
    "Na toll, schon wieder kaputt 🙄",
    "NOT WORKING!!! can't log in",
    "Kannst du mir helfen? Könnt ihr mir bitte helfen",
    "ſorry, the app doesn't work",  # long s: folded by the regex, not by str.lower
    "İ need help with my İnternet",  # lower-casing changes the length
    "DM'd you, please fix my account",
    "wo\u00a0kann ich das kaufen",  # no-break space is whitespace for \\s
    "help!!! explain !",
]


def _random_texts(n: int) -> list[str]:
    rng = random.Random(7)
    parts = [
        "i", "want", "to", "ask", "not", "working", "na", "toll", "dm", "'d", "please",
        "help", "fix", "my", "kann", "mir", "helfen", "🙄", "😡", "ſ", "K", "İ", "WO",
        "gibt", "es", "\n", "\t", "!", "?", "nicht", "schlecht",
    ]  # fmt: skip
    out = []
    for _ in range(n):
        words = [rng.choice(parts) for _ in range(rng.randint(1, 10))]
        out.append("".join(w + rng.choice(["", " ", "  "]) for w in words))
    return out


def _assert_scanner_equals_regex(texts: list[str]) -> None:
    scanner = Scanner(INTENT_PATTERNS)
    for text in texts:
        found = scanner.scan(text)
        for pattern in INTENT_PATTERNS:
            expected = pattern.search(text)
            got = found.search(pattern)
            assert (got.span() if got else None) == (expected.span() if expected else None), text
            assert [m.span() for m in found.finditer(pattern)] == [
                m.span() for m in pattern.finditer(text)
            ], text


def test_scanner_matches_like_the_regex() -> None:
    _assert_scanner_equals_regex([*TRICKY, *_random_texts(1500)])


def test_prefixes_cover_optional_parts_and_whitespace() -> None:
    prefixes = literal_prefixes(re.compile(r"(?<!\w)(?:please\s+)?fix\s+it", re.I))
    assert prefixes == {"please ", "fix "}
    assert literal_prefixes(re.compile(r"\w+ing")) is None  # no literal start: plain regex
    assert literal_prefixes(re.compile(r"https?://")) == {"https", "http://"}


def test_unanchored_pattern_still_searched() -> None:
    pattern = re.compile(r"\d+ euro")
    found = Scanner([pattern]).scan("costs 15 euro")
    m = found.search(pattern)
    assert m is not None and m.group(0) == "15 euro"


@pytest.mark.parametrize("taxonomy", ["germeval", "cosmetics"])
def test_seed_matcher_equals_full_regex_scan(taxonomy: str) -> None:
    matcher = load_taxonomy(taxonomy).matcher()
    regex = matcher._regex
    assert regex is not None
    texts = [
        *TRICKY,
        "Zugverspätungen!! Die DB-Navigator App",
        "Deutsche\n\nBahn, BAHNEN, dbs, _bahn",
        "Klimaanlagen kaputt, ſtreik, STREIK",
        "Foundation und Mascara, foundations",
    ]
    rng = random.Random(11)
    pieces = [*matcher.lookup, "e", "en", "x", "_", "ß", "ſ", "İ", " ", "-"]
    for _ in range(300):
        words = [rng.choice(pieces) for _ in range(5)]
        texts.append("".join(w.upper() if rng.random() < 0.2 else w for w in words))
    for text in texts:
        expected = []
        for m in regex.finditer(text):
            seed = m.group("long") if "long" in regex.groupindex and m.group("long") else None
            seed = seed or m.group("short") or ""
            if " ".join(seed.lower().split()) in matcher.lookup:
                expected.append((m.start(), m.end()))
        assert [(h.start, h.end) for h in matcher.find(text)] == expected, text


def test_without_the_private_parser_every_pattern_falls_back_to_the_regex(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The parser is a private CPython module: where it is missing the scanner must
    still find exactly what the regexes find, only without the speed-up."""
    from resonanz.analysis import prefilter

    assert literal_prefixes(Q.ASK_PHRASES) is not None  # anchored while the parser is there
    monkeypatch.setattr(prefilter, "_P", None)
    assert literal_prefixes(Q.ASK_PHRASES) is None
    _assert_scanner_equals_regex([*TRICKY, *_random_texts(300)])
