"""Letter, upper-case and digit counts of a text, without a Python loop per character.

The spam and toxicity cues need how many characters of a post are letters
(``str.isalpha``), upper-case letters (``isalpha`` and ``isupper``) and digits
(``str.isdigit``). :func:`letter_counts` gives exactly the counts of the plain
per-character loop (a test compares them): ASCII text is counted by deleting
character sets from its bytes (compiled code), other text by counting each
distinct character once (``collections.Counter``) and classifying it once.
"""

from __future__ import annotations

import string
from collections import Counter
from functools import cache

_LETTERS = string.ascii_letters.encode()
_UPPER = string.ascii_uppercase.encode()
_DIGITS = string.digits.encode()


@cache
def _kind(ch: str) -> tuple[int, int, int]:
    """``(letter, upper-case letter, digit)`` flags of one character."""
    if ch.isalpha():
        return 1, int(ch.isupper()), 0
    return 0, 0, int(ch.isdigit())


def letter_counts(text: str) -> tuple[int, int, int]:
    """``(letters, upper-case letters, digits)`` of ``text``."""
    if text.isascii():
        raw = text.encode("ascii")
        n = len(raw)
        return (
            n - len(raw.translate(None, _LETTERS)),
            n - len(raw.translate(None, _UPPER)),
            n - len(raw.translate(None, _DIGITS)),
        )
    letters = upper = digits = 0
    for ch, count in Counter(text).items():
        is_letter, is_upper, is_digit = _kind(ch)
        letters += is_letter * count
        upper += is_upper * count
        digits += is_digit * count
    return letters, upper, digits
