"""Text preparation for topic discovery: tokens, German and English stop-words, stems.

The stemmer is deliberately light (a few inflection endings of both languages are
cut when a stem of at least four letters remains), so "Lieferung"/"Lieferungen"
and "delay"/"delays" meet; labels are shown with the most frequent real word of a
stem, never with the stem itself.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from itertools import pairwise

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

_GERMAN = """
    aber alle allem allen aller alles als also am an andere anderen auch auf aus bei beim bin
    bis bist bitte da dabei dadurch dafür daher damit dann darauf darum das dass daß dein deine
    deinem deinen deiner dem den denn der des dessen deshalb die dies diese diesem diesen dieser
    dieses doch dort du durch ein eine einem einen einer eines einfach einmal er es etwas euch
    euer eure für gar gegen gewesen gibt hab habe haben hast hat hatte hatten hier hin hinter ich
    ihm ihn ihnen ihr ihre ihrem ihren ihrer im immer in ins ist ja jede jedem jeden jeder jedes
    jetzt kann kannst kein keine keinem keinen keiner können könnte mal man manche mehr mein
    meine meinem meinen meiner mich mir mit muss müssen nach nicht nichts noch nun nur ob oder
    ohne schon sehr sein seine seinem seinen seiner seit sich sie sind so soll sollen sollte
    sonst über um und uns unser unsere unter viel viele vom von vor war waren warum was weil
    welche welchem welchen welcher wenn wer werde werden wie wieder will wir wird wirklich wo
    wurde wurden zu zum zur zwar zwischen echt halt eben ganz gerade grad heute morgen gestern
    schon selbst mache macht machen gemacht geht gehen ging kommt kommen komme wäre würde
"""
_ENGLISH_EXTRA = """
    im ive dont doesnt didnt cant wont isnt arent really just like get got one also amp
    did does doing done getting gets going gonna gotta don doesn didn isn aren wasn weren
    couldn wouldn shouldn won haven hasn hadn ll ve re plus yes yeah yep nope okay sure
    know think need needs make makes made want wants thing things way lot lots today told tell
    says said say let lets thanks thank please pls hey guys stuff actually literally
    maybe probably pretty kind sort min mins use used using try trying tried
"""
_GERMAN_EXTRA = """
    mal eigentlich irgendwie bisschen bissl genau klar okay danke bitte hallo leute gibts
    find finde findet gesagt sagen sagt weiß wissen glaube denke wohl vielleicht bestimmt
    total voll richtig ziemlich eher sowas dinge ding sachen sache heut grade eh naja
"""
GERMAN_STOP_WORDS = frozenset(_GERMAN.split()) | frozenset(_GERMAN_EXTRA.split())
EXTRA_ENGLISH = frozenset(_ENGLISH_EXTRA.split())
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | GERMAN_STOP_WORDS | EXTRA_ENGLISH

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"@\w+")
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
_SUFFIXES = (
    "ungen",
    "heiten",
    "keiten",
    "ung",
    "heit",
    "keit",
    "ing",
    "ies",
    "ed",
    "ern",
    "en",
    "er",
    "es",
    "e",
    "s",
)
MIN_STEM = 4


def stem(word: str) -> str:
    """Cut one inflection ending if a stem of at least ``MIN_STEM`` letters is left."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """Case-folded words of a text without URLs, handles and stop-words (hashtags kept)."""
    text = _HANDLE.sub(" ", _URL.sub(" ", text))
    return [
        w for w in _WORD.findall(text.casefold()) if w not in STOP_WORDS and w not in extra_stop
    ]


class Vocabulary:
    """Remembers which real word each stem came from most often (for readable labels)."""

    def __init__(self) -> None:
        self._seen: dict[str, Counter[str]] = {}

    def tokens(self, text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
        """Stems of a text, recording their surface forms."""
        out = []
        for word in words(text, extra_stop):
            root = stem(word)
            self._seen.setdefault(root, Counter())[word] += 1
            out.append(root)
        return out

    def surface(self, term: str) -> str:
        """The most frequent real form of a stem (or of each stem of a phrase)."""
        parts = []
        for root in term.split():
            forms = self._seen.get(root)
            parts.append(min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0] if forms else root)
        return " ".join(parts)


def ngrams(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of a token list."""
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def brand_stop_words(names: Iterable[str]) -> frozenset[str]:
    """Words of brand and product names: every post has them, so they label nothing."""
    return frozenset(w for name in names for w in _WORD.findall(name.casefold()))
