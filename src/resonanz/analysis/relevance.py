"""Relevance: is a post about the brand's products or services at all?

The shipped ``relevance_de`` model is GermEval 2017 subtask A (customer feedback
about a transport operator vs. off-topic posts). It reads the shared feature
rows, so it costs one sparse matrix product per batch. The stage writes the raw
calibrated probability to ``doc.relevance``; the pipeline may combine it with
catalog mention evidence (relevance is brand-relative in the product), and
:attr:`RelevanceStage.threshold` is the cut-off tuned by cross-validation.

German posts use the German model; English posts use ``relevance_en`` when such
a model is shipped, otherwise they keep ``relevance=None`` (unknown, not false).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR, LinearModel, shipped

log = logging.getLogger(__name__)

MODELS = {"de": "relevance_de", "en": "relevance_en"}


def _load(name: str) -> LinearModel | None:
    if not (MODEL_DIR / f"{name}.npz").exists():
        return None
    return shipped(name)


class RelevanceStage:
    """Adds ``relevance`` (probability that the post is on-topic) to supported posts."""

    name: ClassVar[str] = "relevance"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language", "features")
    provides: ClassVar[tuple[str, ...]] = ("relevance",)

    def __init__(self, models: dict[str, LinearModel] | None = None) -> None:
        self._models = models

    def model(self, language: str) -> LinearModel | None:
        if self._models is not None:
            return self._models.get(language)
        name = MODELS.get(language)
        return _load(name) if name else None

    def threshold(self, language: str = "de") -> float:
        m = self.model(language)
        if m is None or m.threshold is None or not m.threshold.size:
            return 0.5
        return float(m.threshold[0])

    def analyze(self, batch: Batch) -> None:
        if batch.features is None:
            batch.features = featurize([d.full_text for d in batch.docs])
        by_lang: dict[str, list[int]] = {}
        for i, doc in enumerate(batch.docs):
            if doc.supported and doc.language:
                by_lang.setdefault(doc.language, []).append(i)
        for lang, rows in by_lang.items():
            model = self.model(lang)
            if model is None:
                continue
            probs = model.predict_proba(batch.features[rows])
            col = model.classes.index("true") if "true" in model.classes else probs.shape[1] - 1
            for i, p in zip(rows, probs[:, col], strict=True):
                batch.docs[i].relevance = float(np.clip(p, 0.0, 1.0))

    def score_texts(self, texts: Sequence[str], language: str = "de") -> list[float | None]:
        """Relevance probabilities for plain texts (all assumed to be in ``language``)."""
        docs = [Doc(key=i, text=t, language=language, supported=True) for i, t in enumerate(texts)]
        self.analyze(Batch(docs))
        return [d.relevance for d in docs]
