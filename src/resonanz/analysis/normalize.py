"""Text normalization: NFC, invisible characters, and a typed token list.

The stage turns a post into ``doc.normalized`` (NFC, zero-width characters removed
except the joiners inside emoji sequences, control characters dropped) and
``doc.tokens``: every URL, @handle, #hashtag, emoji sequence, word, number and
punctuation mark with its type and its span in ``doc.normalized``. Later stages
(language cues, intent rules, disclosure rules) read these instead of re-tokenizing.

The regular expressions run once per post, in one pass; nothing here allocates per
character beyond the output.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from resonanz.analysis.base import Batch, Token

#: Characters that render as nothing and are used to split words ("Mayb\u200belline").
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
_ZWJ = "\u200d"

# Emoji: pictographic code points, optionally followed by variation selector,
# skin tone, keycap or tag characters, chained by zero-width joiners; flags are
# pairs of regional indicators.
_PICT = (
    "\U0001f000-\U0001f1e5\U0001f200-\U0001faff"  # symbols, pictographs, emoticons...
    "\u2600-\u27bf\u2300-\u23ff\u2b00-\u2bff\u2190-\u21ff"
    "\u3030\u303d\u3297\u3299\u00a9\u00ae\u203c\u2049\u2122\u2139"
)
_MODS = "\ufe0f\ufe0e\u20e3\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_EMOJI_SEQ = (
    rf"(?:[\U0001f1e6-\U0001f1ff]{{2}}"
    rf"|[0-9#*]\ufe0f?\u20e3"
    rf"|[{_PICT}][{_MODS}]*(?:{_ZWJ}[{_PICT}][{_MODS}]*)*)"
)
EMOJI_RE = re.compile(_EMOJI_SEQ)

# One pass over NFC text: keep emoji sequences (with their joiners), drop every
# other zero-width or control character.
_CLEAN_RE = re.compile(rf"({_EMOJI_SEQ})|[{ZERO_WIDTH}\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_URL = r"(?:https?://|www\.)[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]}]"
_HANDLE = r"(?<![\w@])@\w{1,50}(?:@[\w.-]+\.\w+)?"  # @user and Mastodon @user@host.tld
_HASHTAG = r"(?<![\w#&])#\w*[^\W\d_]\w*"
_NUMBER = r"\d+(?:[.,:/]\d+)*"
# a letter, then word characters; an apostrophe or hyphen only between word characters
# (written as runs, not one alternation per character: the same matches, found faster)
_WORD = r"[^\W\d_]\w*(?:['’-]\w+)*"
TOKEN_RE = re.compile(
    rf"(?P<url>{_URL})|(?P<handle>{_HANDLE})|(?P<hashtag>{_HASHTAG})"
    rf"|(?P<emoji>{_EMOJI_SEQ})|(?P<number>{_NUMBER})|(?P<word>{_WORD})"
    rf"|(?P<punct>[^\w\s])"
)
TOKEN_KINDS = ("url", "handle", "hashtag", "emoji", "number", "word", "punct")


def clean(text: str) -> str:
    """NFC text with invisible characters removed (emoji joiners are kept)."""
    if not text:
        return ""
    nfc = unicodedata.normalize("NFC", text)
    if nfc.isascii() and nfc.isprintable():
        return nfc
    return _CLEAN_RE.sub(lambda m: m.group(1) or "", nfc)


def tokenize(text: str) -> list[Token]:
    """Typed tokens of ``text`` (already cleaned) with spans into ``text``."""
    new = tuple.__new__  # Token(...) without the keyword-handling wrapper
    return [
        new(Token, (m.lastgroup or "punct", m.start(), m.end(), m.group()))
        for m in TOKEN_RE.finditer(text)
    ]


def is_symbolic(tokens: list[Token]) -> bool:
    """True when a post has no words at all (only emoji, URLs, handles, numbers...)."""
    return not any(t.kind in ("word", "hashtag") for t in tokens)


class Normalizer:
    """Stage ``normalize``: fills ``normalized`` and ``tokens`` on every doc."""

    name: ClassVar[str] = "normalize"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ("normalized",)

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            text = clean(doc.full_text)
            doc.normalized = text
            doc.tokens = tokenize(text)
