"""The fast letter/upper-case/digit counts equal the plain per-character loop."""

from __future__ import annotations

import random

from resonanz.analysis.charcount import letter_counts


def _loop(text: str) -> tuple[int, int, int]:
    letters = upper = digits = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            upper += ch.isupper()
        elif ch.isdigit():
            digits += 1
    return letters, upper, digits


def test_counts_equal_the_loop_on_written_texts() -> None:
    texts = [
        "",
        "CHECK OUT my channel!!! 123",
        "Größe ÄÖÜ ß straße ẞ",
        "ǅ ǈ Ⅻ ⅻ ² ½ ٣ ① 🔥🔥 ſ İ",
        "\u200b\x00\t\n@user #tag https://x.y/Z9",
    ]
    for text in texts:
        assert letter_counts(text) == _loop(text), text


def test_counts_equal_the_loop_on_random_texts() -> None:
    rng = random.Random(7)
    pool = [chr(c) for c in range(0x250)] + [chr(c) for c in range(0x2150, 0x2190)]
    pool += ["🔥", "ǅ", "ẞ", "٣", "①", "Ω", "ω"]
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 80)))
        assert letter_counts(text) == _loop(text)
        ascii_text = "".join(chr(rng.randint(0, 127)) for _ in range(rng.randint(0, 80)))
        assert letter_counts(ascii_text) == _loop(ascii_text)
