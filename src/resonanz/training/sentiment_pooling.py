"""Choosing the sentence-pooling rule of a sentiment model by cross-validation.

During cross-validation every long held-out post is also split into sentences
(:func:`resonanz.analysis.sentences.split_sentences`) and each sentence scored by
the same fold's model. :func:`tune` then tries a small grid of
:class:`~resonanz.analysis.sentiment_aggregate.Pooling` parameters on these
out-of-fold distributions and keeps the rule with the best accuracy over all
held-out posts (short ones keep their document-level prediction). The figure is
optimistic by the choice among the grid's few points; the model card says so.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from resonanz.analysis.sentences import split_sentences
from resonanz.analysis.sentiment_aggregate import Pooling, pool
from resonanz.evaluation.buckets import BucketFigure, by_length, markdown_table

#: the grid tried (min_chars x doc_weight x neutral_prior x first_weight x last_weight)
GRID = {
    "min_chars": (200, 300, 500),
    "doc_weight": (0.0, 0.5, 1.0, 2.0),
    "neutral_prior": (0.0, 0.25, 0.5, 1.0),
    "first_weight": (1.0, 1.5),
    "last_weight": (1.0, 1.5, 2.0),
}
#: shortest post whose sentences are scored during CV (the grid's smallest threshold)
MIN_SCORED = min(GRID["min_chars"])


def sentence_texts(text: str) -> list[str]:
    """The sentences of ``text`` exactly as the sentiment stage reads them."""
    return [s.text for s in split_sentences(text)]


def long_rows(texts: Sequence[str]) -> np.ndarray:
    """Indices of the posts that some rule of the grid would pool."""
    return np.array(
        [i for i, t in enumerate(texts) if len(t) > MIN_SCORED and len(sentence_texts(t)) >= 2],
        dtype=int,
    )


@dataclass
class PoolingData:
    """Out-of-fold document and sentence distributions of one head's posts."""

    classes: tuple[str, ...]
    gold: list[str]
    lengths: list[int]
    doc_probs: np.ndarray  # (n, n_classes)
    sentence_probs: dict[int, np.ndarray] = field(default_factory=dict)  # row -> (m, n_classes)

    def predictions(self, rule: Pooling | None) -> list[str]:
        out = []
        for i, row in enumerate(self.doc_probs):
            sents = self.sentence_probs.get(i)
            if rule is not None and sents is not None and rule.applies(self.lengths[i], len(sents)):
                row = pool(row, sents, self.classes, rule)
            out.append(self.classes[int(np.argmax(row))])
        return out

    def accuracy(self, rule: Pooling | None) -> float:
        pred = self.predictions(rule)
        return float(np.mean([p == g for p, g in zip(pred, self.gold, strict=True)]))


def tune(groups: Sequence[PoolingData]) -> tuple[Pooling, dict[str, float]]:
    """The grid's rule with the best summed accuracy over ``groups`` and its figures."""
    best: tuple[float, Pooling] | None = None
    for values in itertools.product(*GRID.values()):
        rule = Pooling(**dict(zip(GRID, values, strict=True)))  # type: ignore[arg-type]
        score = sum(g.accuracy(rule) for g in groups)
        if best is None or score > best[0] + 1e-12:
            best = (score, rule)
    assert best is not None
    return best[1], {"pooling_grid_points": float(np.prod([len(v) for v in GRID.values()]))}


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def accuracy_metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {"accuracy": float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))}


def bucket_figures(
    texts: Sequence[str], data: PoolingData, rule: Pooling | None
) -> list[BucketFigure]:
    """Accuracy by length bucket of the pooled out-of-fold predictions."""
    return by_length(texts, data.gold, data.predictions(rule), accuracy_metrics)


def append_length_table(card_path: Path, title: str, figures: Sequence[BucketFigure]) -> None:
    """Add a per-length-bucket table to a written model card."""
    text = card_path.read_text(encoding="utf-8")
    card_path.write_text(
        text + f"\n## By text length: {title}\n\n" + markdown_table(figures) + "\n",
        encoding="utf-8",
    )
