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

The taxonomy is chosen per post from the brands it mentions (see
:class:`AspectStage`), so one workspace can follow airlines (``"airline"``) and
cosmetics brands side by side without scoring a flight on "Zugfahrt".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

import numpy as np

from resonanz.analysis import taxonomies
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
from resonanz.analysis.taxonomies.labels import aspect_label

__all__ = ["CATEGORY_TAXONOMY", "AspectStage", "aspect_label", "brand_taxonomy"]

TRAINED = {"germeval": "aspects_de"}

#: brand categories (case-folded) and the shipped taxonomy each implies
CATEGORY_TAXONOMY: dict[str, str] = {
    "airline": "airline",
    "airlines": "airline",
    "aviation": "airline",
    "travel": "airline",
    "fluggesellschaft": "airline",
    "luftfahrt": "airline",
    "reise": "airline",
    "cosmetics": "cosmetics",
    "beauty": "cosmetics",
    "makeup": "cosmetics",
    "make-up": "cosmetics",
    "skincare": "cosmetics",
    "kosmetik": "cosmetics",
    "rail": "germeval",
    "railway": "germeval",
    "transport": "germeval",
    "bahn": "germeval",
}

TaxonomySpec = str | Mapping[str, Iterable[str]]


def brand_taxonomy(brand: object) -> TaxonomySpec | None:
    """The taxonomy a catalog brand asks for: its ``taxonomy`` key, else one
    inferred from its ``category`` (None when neither says anything)."""
    explicit = getattr(brand, "taxonomy", None)
    if isinstance(explicit, str | Mapping) and explicit:
        return explicit
    category = getattr(brand, "category", None)
    if isinstance(category, str):
        return CATEGORY_TAXONOMY.get(category.strip().casefold())
    return None


class _Scheme:
    """One taxonomy ready to run: its seed matcher and, for ``germeval``, the trained model."""

    def __init__(self, taxonomy: Taxonomy, model: LinearModel | None) -> None:
        self.taxonomy = taxonomy
        self.matcher = taxonomy.matcher()
        self.model = model

    @classmethod
    def build(cls, spec: TaxonomySpec | Taxonomy, model: LinearModel | None = None) -> _Scheme:
        taxonomy = load_taxonomy(spec)
        name = TRAINED.get(taxonomy.name)
        if model is None and name and (MODEL_DIR / f"{name}.npz").exists():
            model = shipped(name)
        return cls(taxonomy, model)

    def run(self, batch: Batch, rows: list[int], gate: float) -> dict[int, list[AspectHit]]:
        """Aspects of ``batch.docs[i]`` for each ``i`` in ``rows`` (nothing is assigned)."""
        language = str(self.model.meta.get("language", "de")) if self.model is not None else ""
        trained = [i for i in rows if batch.docs[i].language == language]
        out: dict[int, list[AspectHit]] = {}
        if trained:
            if batch.features is None:
                batch.features = featurize([d.full_text for d in batch.docs])
            out.update(self._trained(batch, trained, gate))
        chosen = set(trained)
        rest = [i for i in rows if i not in chosen]
        out.update(zip(rest, self._seeded([batch.docs[i] for i in rest]), strict=True))
        return out

    # --- trained categories -------------------------------------------------
    def _trained(self, batch: Batch, rows: list[int], gate: float) -> dict[int, list[AspectHit]]:
        assert self.model is not None and batch.features is not None
        probs = self.model.predict_proba(batch.features[rows])
        thr = self.model.threshold
        if thr is None or thr.size != probs.shape[1]:
            thr = np.full(probs.shape[1], 0.5)
        out: dict[int, list[AspectHit]] = {}
        for i, row in zip(rows, probs, strict=True):
            doc = batch.docs[i]
            if doc.relevance is not None and doc.relevance < gate:
                out[i] = []
                continue
            chosen = [j for j in range(len(row)) if row[j] >= thr[j]]
            if not chosen:
                chosen = [int(np.argmax(row - thr))]
            polarity = doc.sentiment.label if doc.sentiment else "neutral"
            evidence = self._evidence(doc.full_text)
            out[i] = [
                AspectHit(
                    aspect=self.model.classes[j],
                    polarity=polarity,
                    score=float(row[j]),
                    evidence=evidence.get(self.model.classes[j]),
                )
                for j in sorted(chosen, key=lambda j: -row[j])
            ]
        return out

    def _evidence(self, text: str) -> dict[str, Span]:
        found: dict[str, Span] = {}
        for hit in self.matcher.find(text):
            found.setdefault(hit.aspect, Span(hit.start, hit.end, hit.text))
        return found

    # --- weakly supervised (seed terms) --------------------------------------
    def _seeded(self, docs: list[Doc]) -> list[list[AspectHit]]:
        """Seed hits of each doc, their polarity from the sentence around them.

        The sentences of all docs of one language are featurized and scored
        together (one matrix, one model call): the same numbers as scoring each
        post's sentences on its own, without the per-post overhead.
        """
        out: list[list[AspectHit]] = [[] for _ in docs]
        found: list[tuple[int, list[SeedHit]]] = []
        for n, doc in enumerate(docs):
            first: dict[str, SeedHit] = {}
            for hit in self.matcher.find(doc.full_text):
                first.setdefault(hit.aspect, hit)
            if first:
                found.append((n, list(first.values())))
        polar = _sentence_polarities(
            [(docs[n].full_text, hits, docs[n].language or "de") for n, hits in found]
        )
        for (n, hits), sents in zip(found, polar, strict=True):
            doc = docs[n]
            for hit, sent in zip(hits, sents, strict=True):
                if sent is None and doc.sentiment is not None:
                    sent = doc.sentiment
                out[n].append(
                    AspectHit(
                        aspect=hit.aspect,
                        polarity=sent.label if sent else "neutral",
                        score=float(sent.score) if sent else 0.5,
                        evidence=Span(hit.start, hit.end, hit.text),
                    )
                )
        return out


class AspectStage:
    """Adds ``aspects`` (category, polarity, score, evidence) to supported posts.

    With a catalog, each post is read with the taxonomy of the brands it
    mentions (a brand's ``taxonomy`` key, else its ``category``: an airline is
    scored on punctuality and baggage, a cosmetics brand on shade and texture).
    A post mentioning brands of two industries gets the aspects of both; a post
    mentioning no brand with a taxonomy gets the workspace default: the
    catalog's own ``taxonomy`` attribute, else the ``taxonomy`` argument, else
    the one taxonomy all brands share, else ``germeval``.
    """

    name: ClassVar[str] = "aspects"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("language", "features", "mentions", "sentiment")
    provides: ClassVar[tuple[str, ...]] = ("aspects",)

    def __init__(
        self,
        taxonomy: TaxonomySpec | Taxonomy | None = None,
        model: LinearModel | None = None,
        relevance_gate: float | None = None,
        catalog: object = None,
    ) -> None:
        per_brand: dict[str, TaxonomySpec] = {}
        for brand in getattr(catalog, "brands", None) or ():
            spec = brand_taxonomy(brand)
            if spec is not None:
                per_brand[str(getattr(brand, "name", "")).casefold()] = spec
        # a workspace catalog may carry its own taxonomy (name or {aspect: seed terms})
        chosen = getattr(catalog, "taxonomy", None) if catalog is not None else None
        default = chosen or taxonomy or _shared(per_brand.values()) or "germeval"
        self._default = _Scheme.build(default, model)
        self.taxonomy = self._default.taxonomy
        self.matcher = self._default.matcher
        self.model = self._default.model
        self._schemes: dict[str, _Scheme] = {_key(self._default.taxonomy.name, ""): self._default}
        #: case-folded brand name -> key into ``_schemes``
        self._brand_scheme: dict[str, str] = {}
        for brand_name, spec in per_brand.items():
            key = _key(spec if isinstance(spec, str) else "custom", brand_name)
            if key not in self._schemes:
                self._schemes[key] = _Scheme.build(spec)
            self._brand_scheme[brand_name] = key
        #: changes when the taxonomy choices change, so stored posts are re-analyzed
        self.data_version = _digest(default, per_brand) if per_brand or chosen else ""
        #: posts whose relevance is below this get no trained aspects (None: model default)
        if relevance_gate is None:
            from resonanz.analysis.relevance import RelevanceStage

            relevance_gate = RelevanceStage().threshold("de")
        self.relevance_gate = relevance_gate

    @property
    def mode(self) -> str:
        """How posts with the default taxonomy are read: ``trained`` or ``seeds``."""
        return "trained" if self.model is not None else "seeds"

    def taxonomies_for(self, doc: Doc) -> list[str]:
        """Names of the taxonomies ``doc`` is read with (from its brand mentions)."""
        return [self._schemes[k].taxonomy.name for k in self._keys(doc)]

    def _keys(self, doc: Doc) -> list[str]:
        default = next(iter(self._schemes))
        keys = [self._brand_scheme.get(m.brand.casefold(), default) for m in doc.mentions]
        return list(dict.fromkeys(keys)) or [default]

    def analyze(self, batch: Batch) -> None:
        rows = [i for i, d in enumerate(batch.docs) if d.supported]
        if not rows:
            return
        plan: dict[str, list[int]] = {}
        for i in rows:
            for key in self._keys(batch.docs[i]):
                plan.setdefault(key, []).append(i)
        merged: dict[int, dict[str, AspectHit]] = {i: {} for i in rows}
        for key, members in plan.items():
            for i, hits in self._schemes[key].run(batch, members, self.relevance_gate).items():
                for hit in hits:
                    merged[i].setdefault(hit.aspect, hit)
        for i in rows:
            batch.docs[i].aspects = list(merged[i].values())

    def analyze_texts(self, texts: Sequence[str], language: str = "de") -> list[list[AspectHit]]:
        """Aspects of plain texts (sentiment computed on the fly for the trained mode)."""
        from resonanz.analysis.sentiment import SentimentStage

        docs = [Doc(key=i, text=t, language=language, supported=True) for i, t in enumerate(texts)]
        batch = Batch(docs)
        if self.model is not None:
            SentimentStage().analyze(batch)
        self.analyze(batch)
        return [d.aspects for d in docs]


def _key(name: str, brand: str) -> str:
    """Shipped taxonomies are shared by all brands naming them; custom ones are per brand."""
    return name if name in taxonomies.shipped() else f"{name}:{brand}"


def _shared(specs: Iterable[TaxonomySpec]) -> str | None:
    """The shipped taxonomy every brand uses, if they all agree on one."""
    names = {s if isinstance(s, str) else None for s in specs}
    return next(iter(names)) if len(names) == 1 else None


def _digest(default: object, per_brand: Mapping[str, TaxonomySpec]) -> str:
    """A short, stable fingerprint of the taxonomy choices and their seed terms."""

    def plain(spec: object) -> object:
        if isinstance(spec, Taxonomy):
            return [spec.name, plain(spec.aspects)]
        if isinstance(spec, Mapping):
            return sorted((str(k), sorted(map(str, v))) for k, v in spec.items())
        if isinstance(spec, str):  # a shipped taxonomy: its seeds count, so edits re-analyze
            return plain(load_taxonomy(spec))
        return spec

    data = [plain(default), sorted((b, plain(s)) for b, s in per_brand.items())]
    return hashlib.blake2b(json.dumps(data, ensure_ascii=False).encode(), digest_size=5).hexdigest()


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
