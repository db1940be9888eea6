"""Language identification tuned for short social-media comments.

py3langid's bundled naive-Bayes model (loaded from the installed package, never
downloaded) scores the words of a post with URLs, @handles, emoji and numbers
removed, restricted to the languages we expect to meet in a German/English
brand's channels (:data:`CANDIDATES`). Short comments are where off-the-shelf
identifiers stumble, so three cheap cues are added to the model's length-scaled
log scores before the softmax:

* a prior for German and English (the languages this product serves);
* function-word counts: frequent German and English words that are unlikely in
  the other language ("nicht", "und", "the", "you"...);
* umlauts and ß, which English text practically never has.

A post with no letters (emoji only, a bare link) gets ``"und"`` (undetermined).
Mixed-language posts get the language that carries most of their words, which
is what the summed scores express. The weights were set on SB10k + airline
tweets and checked on PotTS + YouTube comments (see ``bench/language.py``).
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import ClassVar

import numpy as np

from resonanz.analysis.base import SUPPORTED_LANGUAGES, Batch, Token
from resonanz.analysis.normalize import clean, tokenize

UNDETERMINED = "und"

#: Languages the identifier may answer (besides ``und``).
CANDIDATES = (
    "de", "en", "fr", "es", "it", "nl", "pl", "tr", "pt", "sv", "da", "no",
    "fi", "cs", "hu", "ro", "hr", "el", "ru", "uk", "ar", "fa", "ja", "zh", "ko", "id",
)  # fmt: skip


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_DE_WORDS = _wordset(
    """und der die das ich nicht ist ein eine einen einem einer mit auf für sich auch es
    zu den dem des von wie mal noch schon nur aber wenn wir du sie doch ja nein bin hab
    habe haben heute jetzt gibt kein keine mehr sehr gut immer oder im bei nach aus dass
    mir mich dir dich hier sind wird werden kann muss ganz gerade einfach geil toll danke
    bitte morgen wieder über unter zum zur vom auch warum weil ob wer wo nix nichts
    euch uns ihr mein meine dein deine sein seine gestern endlich leider echt halt"""
)
_EN_WORDS = _wordset(
    """the and is to of you it for my on this that with be are have not no just me your
    at get can but what we they do don't will out like all please thanks thank why how
    when from it's i'm been would there about one up now love great good has had our
    their them he she his her been very really can't doesn't didn't won't i've you're
    want need got any some more than then only over after again still know"""
)
_UMLAUT = re.compile(r"[äöüßÄÖÜ]")

#: weights of the cues (log-score units, after length scaling)
PRIOR = {"de": 3.0, "en": 3.0}
WORD_CUE = 1.8
UMLAUT_CUE = 1.2
TEMPERATURE = 1.0


@cache
def _identifier() -> object:
    """py3langid's identifier restricted to :data:`CANDIDATES` (raw NB scores)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    ident.set_languages(list(CANDIDATES))
    return ident


#: only the first words are scored (a 50k-character post needs no more to be identified)
MAX_WORDS = 400


def _words(tokens: list[Token]) -> tuple[str, list[str]]:
    """The first words (hashtags without '#') joined, and their lower-cased forms."""
    words = [
        t.text.lstrip("#")
        for t in tokens
        if t.kind == "word" or (t.kind == "hashtag" and len(t.text) > 1)
    ][:MAX_WORDS]
    return " ".join(words), [w.lower() for w in words]


def scores(text: str, tokens: list[Token] | None = None) -> dict[str, float]:
    """Probability per candidate language; empty when the text has no words.

    ``tokens`` are the normalize stage's tokens of ``text`` when already computed.
    """
    body, words = _words(tokens if tokens is not None else tokenize(text))
    if sum(len(w) for w in words) < 2:
        return {}
    ident = _identifier()
    raw = ident.rank(body)  # type: ignore[attr-defined]
    encoded_len = len(body.encode("utf-8"))
    scale = 1.0 / math.sqrt(max(encoded_len, 1))
    langs = [lang for lang, _ in raw]
    z = np.array([s for _, s in raw], dtype=np.float64) * scale
    de_hits = sum(1 for w in words if w in _DE_WORDS)
    en_hits = sum(1 for w in words if w in _EN_WORDS)
    umlaut = 1.0 if _UMLAUT.search(body) else 0.0
    for i, lang in enumerate(langs):
        z[i] += PRIOR.get(lang, 0.0)
        if lang == "de":
            z[i] += WORD_CUE * de_hits + UMLAUT_CUE * umlaut
        elif lang == "en":
            z[i] += WORD_CUE * en_hits
    z = z / TEMPERATURE
    z -= z.max()
    p = np.exp(z)
    p /= p.sum()
    return {lang: float(v) for lang, v in zip(langs, p, strict=True)}


def identify(text: str) -> tuple[str, float]:
    """``(language, probability)`` of the dominant language, ``("und", 0.0)`` without words."""
    probs = scores(clean(text))
    if not probs:
        return UNDETERMINED, 0.0
    lang = max(probs, key=lambda k: probs[k])
    return lang, probs[lang]


class LanguageStage:
    """Stage ``language``: ``language``, ``language_score`` and ``supported`` per doc."""

    name: ClassVar[str] = "language"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("language",)

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            if doc.normalized is None:
                probs = scores(clean(doc.full_text))
            else:
                probs = scores(doc.normalized, doc.tokens)
            if not probs:
                doc.language, doc.language_score, doc.supported = UNDETERMINED, 0.0, False
                continue
            lang = max(probs, key=lambda k: probs[k])
            doc.language = lang
            doc.language_score = probs[lang]
            doc.supported = lang in SUPPORTED_LANGUAGES
