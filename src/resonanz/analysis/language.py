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
from typing import Any, ClassVar

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


class _Model:
    """py3langid restricted to :data:`CANDIDATES`, plus the cue vectors."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
        ident.set_languages(list(CANDIDATES))
        self.ident: Any = ident
        self.langs: list[str] = list(ident.nb_classes)
        self.prior = np.array([PRIOR.get(lang, 0.0) for lang in self.langs])
        self.de = self.langs.index("de")
        self.en = self.langs.index("en")
        # py3langid's internals give the raw scores without building a sorted dict per
        # call; fall back to the public rank() if a future version renames them
        self.fast = hasattr(ident, "_raw_score") and hasattr(ident, "_encode")

    def raw(self, body: str) -> np.ndarray:
        if self.fast:
            out: np.ndarray = self.ident._raw_score(self.ident._encode(body)).astype(np.float64)
            return out
        ranked = dict(self.ident.rank(body))
        return np.array([ranked.get(lang, -1e9) for lang in self.langs], dtype=np.float64)


@cache
def _model() -> _Model:
    return _Model()


#: only the first words are scored (a 50k-character post needs no more to be identified)
MAX_WORDS = 40


def _words(tokens: list[Token]) -> tuple[str, list[str]]:
    """The first words (hashtags without '#') joined, and their lower-cased forms."""
    words = [
        t.text.lstrip("#")
        for t in tokens
        if t.kind == "word" or (t.kind == "hashtag" and len(t.text) > 1)
    ][:MAX_WORDS]
    return " ".join(words), [w.lower() for w in words]


def _distribution(tokens: list[Token]) -> np.ndarray | None:
    """Probabilities aligned with ``_model().langs``; ``None`` when there are no words."""
    body, words = _words(tokens)
    if sum(len(w) for w in words) < 2:
        return None
    model = _model()
    scale = 1.0 / math.sqrt(max(len(body.encode("utf-8")), 1))
    z = model.raw(body) * scale + model.prior
    z[model.de] += WORD_CUE * sum(1 for w in words if w in _DE_WORDS)
    z[model.de] += UMLAUT_CUE if _UMLAUT.search(body) else 0.0
    z[model.en] += WORD_CUE * sum(1 for w in words if w in _EN_WORDS)
    z = z / TEMPERATURE
    z -= z.max()
    p: np.ndarray = np.exp(z)
    p /= p.sum()
    return p


def scores(text: str, tokens: list[Token] | None = None) -> dict[str, float]:
    """Probability per candidate language; empty when the text has no words.

    ``tokens`` are the normalize stage's tokens of ``text`` when already computed.
    """
    p = _distribution(tokens if tokens is not None else tokenize(text))
    if p is None:
        return {}
    return {lang: float(v) for lang, v in zip(_model().langs, p, strict=True)}


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
        langs = _model().langs
        for doc in batch.docs:
            if doc.normalized is None:
                p = _distribution(tokenize(clean(doc.full_text)))
            else:
                p = _distribution(doc.tokens)
            if p is None:
                doc.language, doc.language_score, doc.supported = UNDETERMINED, 0.0, False
                continue
            best = int(p.argmax())
            doc.language = langs[best]
            doc.language_score = float(p[best])
            doc.supported = doc.language in SUPPORTED_LANGUAGES
