"""Document sentiment (positive / negative / neutral) for German and English posts.

German posts use ``sentiment_de`` (trained on GermEval 2017 dev, SB10k and
PotTS); English posts use ``sentiment_en`` (trained from the airline data by
another module). Both are linear models over the shared feature rows, so the
stage costs one sparse product per language and batch. Probabilities are
temperature-calibrated; ``Sentiment.score`` is the probability of the label.

Domain heads: the evaluation of a single data set may ask for the head trained
for that domain (``domain="germeval"``, ``"sb10k"``, ``"potts"``); the product
uses the general head. A head with a ``mixed`` class (PotTS) reports it only when
``keep_mixed`` is set; otherwise ``mixed`` is dropped and the rest renormalized.

If a language's model is not shipped, its posts keep ``sentiment=None`` and the
stage logs one clear error naming the missing model and how to build it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.base import Batch, Doc, Sentiment
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR, LinearModel, shipped

log = logging.getLogger(__name__)

LABELS = ("negative", "neutral", "positive")
MODELS = {"de": "sentiment_de", "en": "sentiment_en"}
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def model_name(language: str, domain: str | None = None) -> str | None:
    base = MODELS.get(language)
    if base is None:
        return None
    if domain and (MODEL_DIR / f"{base}_{domain}.npz").exists():
        return f"{base}_{domain}"
    return base


class MissingModelError(LookupError):
    """A language's sentiment model is not shipped with this installation."""


def load_model(language: str, domain: str | None = None) -> LinearModel:
    name = model_name(language, domain)
    if name is None or not (MODEL_DIR / f"{name}.npz").exists():
        raise MissingModelError(
            f"no sentiment model for language {language!r} "
            f"(expected {MODEL_DIR / f'{name or MODELS.get(language, language)}.npz'}); "
            f"build it with `resonanz train {MODELS.get(language, 'sentiment_' + language)}`"
        )
    return shipped(name)


def probabilities(
    model: LinearModel, x: sp.csr_matrix, keep_mixed: bool = False
) -> tuple[tuple[str, ...], np.ndarray]:
    """Calibrated class probabilities; ``mixed`` dropped (and renormalized) unless kept."""
    probs = model.predict_proba(x)
    classes = model.classes
    if not keep_mixed and "mixed" in classes:
        keep = [i for i, c in enumerate(classes) if c != "mixed"]
        probs = probs[:, keep]
        probs = probs / np.clip(probs.sum(axis=1, keepdims=True), 1e-12, None)
        classes = tuple(classes[i] for i in keep)
    return classes, probs


def to_sentiment(classes: Sequence[str], row: np.ndarray) -> Sentiment:
    best = int(np.argmax(row))
    return Sentiment(
        label=classes[best],
        score=float(row[best]),
        probs={c: float(v) for c, v in zip(classes, row, strict=True)},
    )


class SentimentStage:
    """Adds a calibrated :class:`Sentiment` to every supported post."""

    name: ClassVar[str] = "sentiment"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language", "features")
    provides: ClassVar[tuple[str, ...]] = ("sentiment",)

    def __init__(
        self,
        domain: str | None = None,
        keep_mixed: bool = False,
        models: dict[str, LinearModel] | None = None,
    ) -> None:
        self.domain = domain
        self.keep_mixed = keep_mixed
        self._models = models
        self.missing: dict[str, str] = {}

    def model(self, language: str) -> LinearModel | None:
        if self._models is not None:
            return self._models.get(language)
        try:
            return load_model(language, self.domain)
        except MissingModelError as exc:
            if language not in self.missing:
                self.missing[language] = str(exc)
                log.error("%s; posts in this language get no sentiment", exc)
            return None

    def analyze(self, batch: Batch) -> None:
        if batch.features is None:
            batch.features = featurize([d.full_text for d in batch.docs])
        by_lang: dict[str, list[int]] = {}
        for i, doc in enumerate(batch.docs):
            if doc.supported and doc.language in MODELS:
                by_lang.setdefault(doc.language, []).append(i)
        for lang, rows in by_lang.items():
            model = self.model(lang)
            if model is None:
                continue
            classes, probs = probabilities(model, batch.features[rows], self.keep_mixed)
            for i, row in zip(rows, probs, strict=True):
                batch.docs[i].sentiment = to_sentiment(classes, row)

    def predict_texts(self, texts: Sequence[str], language: str = "de") -> list[Sentiment | None]:
        """Sentiment of plain texts, all assumed to be in ``language``."""
        docs = [Doc(key=i, text=t, language=language, supported=True) for i, t in enumerate(texts)]
        self.analyze(Batch(docs))
        return [d.sentiment for d in docs]


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (``.``, ``!``, ``?`` or a line break end a sentence)."""
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    return spans or [(0, len(text))]


def sentence_polarities(
    text: str, spans: Sequence[tuple[int, int]], language: str = "de"
) -> list[Sentiment | None]:
    """Sentiment of the sentence around each span (used for aspect polarity).

    This featurizes the sentences themselves: a different text than the post, so
    the shared post features cannot be reused. Only posts with aspect hits pay it.
    """
    if not spans:
        return []
    try:
        model = load_model(language)
    except MissingModelError:
        return [None] * len(spans)
    bounds = sentences(text)
    chosen = []
    for start, _end in spans:
        sent = next(((a, b) for a, b in bounds if a <= start < b), (0, len(text)))
        chosen.append(text[sent[0] : sent[1]])
    classes, probs = probabilities(model, featurize(chosen))
    return [to_sentiment(classes, row) for row in probs]
