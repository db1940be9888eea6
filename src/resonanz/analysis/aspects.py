"""Aspect categories with their polarity (GermEval 2017 subtask C style).

Two modes, chosen by the taxonomy:

* **trained** (``taxonomy="germeval"``, the default, when ``aspects_de`` is
  shipped): one sigmoid output per frequent category over the shared feature
  rows, thresholds tuned by cross-validation, at least one category for a post
  that has any (the model's ``relevance`` gate). The polarity of a category is
  the document sentiment: in the GermEval data 91 % of (category, polarity)
  pairs carry the document's polarity, and a per-pair model did not beat that
  in cross-validation (see the model card).
* **weakly supervised** (``"cosmetics"`` or a custom ``{aspect: seed terms}``):
  an aspect is present where one of its seed terms occurs (umlaut/ß spellings
  interchangeable, compounds allowed for long seeds); its polarity is the
  sentiment model's decision on the sentence around the first hit, so negation
  inside that sentence ("nicht schlecht", "not bad") is handled by the model.

Either way every hit carries an evidence span when a seed term was found. The
trained model is German; posts in the other supported language (English) fall
back to the taxonomy's seed terms, which list English terms too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

import numpy as np

from resonanz.analysis.base import AspectHit, Batch, Doc, Sentiment, Span
from resonanz.analysis.features import featurize
from resonanz.analysis.featurize_stage import featurize_batch
from resonanz.analysis.linear import MODEL_DIR, LinearModel, shipped
from resonanz.analysis.sentiment import (
    MissingModelError,
    load_model,
    probabilities,
    sentences,
    to_sentiment,
)
from resonanz.analysis.taxonomies import SeedHit, Taxonomy, load_taxonomy

TRAINED = {"germeval": "aspects_de"}


class AspectStage:
    """Adds ``aspects`` (category, polarity, score, evidence) to supported posts."""

    name: ClassVar[str] = "aspects"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language", "features", "sentiment")
    provides: ClassVar[tuple[str, ...]] = ("aspects",)

    def __init__(
        self,
        taxonomy: str | Mapping[str, Iterable[str]] | Taxonomy = "germeval",
        model: LinearModel | None = None,
        relevance_gate: float | None = None,
        catalog: object = None,
    ) -> None:
        # a workspace catalog may carry its own taxonomy (name or {aspect: seed terms})
        chosen = getattr(catalog, "taxonomy", None) if catalog is not None else None
        self.taxonomy = load_taxonomy(chosen or taxonomy)
        self.matcher = self.taxonomy.matcher()
        name = TRAINED.get(self.taxonomy.name)
        if model is None and name and (MODEL_DIR / f"{name}.npz").exists():
            model = shipped(name)
        self.model = model
        #: posts whose relevance is below this get no trained aspects (None: model default)
        if relevance_gate is None:
            from resonanz.analysis.relevance import RelevanceStage

            relevance_gate = RelevanceStage().threshold("de")
        self.relevance_gate = relevance_gate

    @property
    def mode(self) -> str:
        return "trained" if self.model is not None else "seeds"

    def analyze(self, batch: Batch) -> None:
        rows = [i for i, d in enumerate(batch.docs) if d.supported]
        if not rows:
            return
        language = str(self.model.meta.get("language", "de")) if self.model is not None else ""
        trained = [i for i in rows if batch.docs[i].language == language]
        if trained:
            if batch.features is None:
                batch.features = featurize([d.full_text for d in batch.docs])
            self._trained(batch, trained)
        chosen = set(trained)
        self._seeded([batch.docs[i] for i in rows if i not in chosen])

    # --- trained categories -------------------------------------------------
    def _trained(self, batch: Batch, rows: list[int]) -> None:
        assert self.model is not None and batch.features is not None
        probs = self.model.predict_proba(batch.features[rows])
        thr = self.model.threshold
        if thr is None or thr.size != probs.shape[1]:
            thr = np.full(probs.shape[1], 0.5)
        for i, row in zip(rows, probs, strict=True):
            doc = batch.docs[i]
            if doc.relevance is not None and doc.relevance < self.relevance_gate:
                doc.aspects = []
                continue
            chosen = [j for j in range(len(row)) if row[j] >= thr[j]]
            if not chosen:
                chosen = [int(np.argmax(row - thr))]
            polarity = doc.sentiment.label if doc.sentiment else "neutral"
            evidence = self._evidence(doc.full_text)
            doc.aspects = [
                AspectHit(
                    aspect=self.model.classes[j],
                    polarity=polarity,
                    score=float(row[j]),
                    evidence=evidence.get(self.model.classes[j]),
                )
                for j in sorted(chosen, key=lambda j: -row[j])
            ]

    def _evidence(self, text: str) -> dict[str, Span]:
        found: dict[str, Span] = {}
        for hit in self.matcher.find(text):
            found.setdefault(hit.aspect, Span(hit.start, hit.end, hit.text))
        return found

    # --- weakly supervised (seed terms) --------------------------------------
    def _seeded(self, docs: list[Doc]) -> None:
        """Seed hits of each doc, their polarity from the sentence around them.

        The sentences of all docs of one language are featurized and scored
        together (one matrix, one model call): the same numbers as scoring each
        post's sentences on its own, without the per-post overhead.
        """
        found: list[tuple[Doc, list[SeedHit]]] = []
        for doc in docs:
            first: dict[str, SeedHit] = {}
            for hit in self.matcher.find(doc.full_text):
                first.setdefault(hit.aspect, hit)
            if first:
                found.append((doc, list(first.values())))
            else:
                doc.aspects = []
        polar = _sentence_polarities(
            [(doc.full_text, hits, doc.language or "de") for doc, hits in found]
        )
        for (doc, hits), sents in zip(found, polar, strict=True):
            out = []
            for hit, sent in zip(hits, sents, strict=True):
                if sent is None and doc.sentiment is not None:
                    sent = doc.sentiment
                out.append(
                    AspectHit(
                        aspect=hit.aspect,
                        polarity=sent.label if sent else "neutral",
                        score=float(sent.score) if sent else 0.5,
                        evidence=Span(hit.start, hit.end, hit.text),
                    )
                )
            doc.aspects = out

    def analyze_texts(self, texts: Sequence[str], language: str = "de") -> list[list[AspectHit]]:
        """Aspects of plain texts (sentiment computed on the fly for the trained mode)."""
        from resonanz.analysis.sentiment import SentimentStage

        docs = [Doc(key=i, text=t, language=language, supported=True) for i, t in enumerate(texts)]
        batch = Batch(docs)
        if self.model is not None:
            SentimentStage().analyze(batch)
        self.analyze(batch)
        return [d.aspects for d in docs]


def _sentence_polarities(
    items: Sequence[tuple[str, Sequence[SeedHit], str]],
) -> list[list[Sentiment | None]]:
    """:func:`~resonanz.analysis.sentiment.sentence_polarities` for many posts
    ``(text, hits, language)`` at once, grouped by language."""
    out: list[list[Sentiment | None]] = [[None] * len(hits) for _, hits, _ in items]
    by_language: dict[str, list[int]] = {}
    for n, (_, _, language) in enumerate(items):
        by_language.setdefault(language, []).append(n)
    for language, members in by_language.items():
        try:
            model = load_model(language)
        except MissingModelError:
            continue
        chosen: list[str] = []
        for n in members:
            text, hits, _ = items[n]
            bounds = sentences(text)
            for hit in hits:
                sent = next(((a, b) for a, b in bounds if a <= hit.start < b), (0, len(text)))
                chosen.append(text[sent[0] : sent[1]])
        if not chosen:
            continue
        classes, probs = probabilities(model, featurize_batch(chosen), texts=chosen)
        row = 0
        for n in members:
            for k in range(len(items[n][1])):
                out[n][k] = to_sentiment(classes, probs[row])
                row += 1
    return out
