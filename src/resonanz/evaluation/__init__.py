"""``resonanz eval DATASET PATH``: official metrics on a data set's distributed format.

Each data set has one module here defining ``evaluate(path: Path) -> EvalResult``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from resonanz.errors import UsageError
from resonanz.evaluation.buckets import BucketFigure


@dataclass(frozen=True)
class EvalResult:
    dataset: str
    n: int
    metrics: dict[str, float]
    notes: list[str] = field(default_factory=list)  # e.g. "412 items were seen in training"
    #: the same metrics per length bucket (see :mod:`resonanz.evaluation.buckets`)
    buckets: list[BucketFigure] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        out: dict[str, object] = {"dataset": self.dataset, "n": self.n, "metrics": self.metrics}
        if self.buckets:
            out["by_length"] = [b.as_json() for b in self.buckets]
        return out


#: data set name -> module implementing ``evaluate``
DATASETS: dict[str, str] = {
    "germeval2017": "resonanz.evaluation.germeval2017",
    "sb10k": "resonanz.evaluation.sb10k",
    "potts": "resonanz.evaluation.potts",
    "germeval2021": "resonanz.evaluation.germeval2021",
    "airline": "resonanz.evaluation.airline",
    "youtube-spam": "resonanz.evaluation.youtube_spam",
    "spam-legit": "resonanz.evaluation.spam_legit",
    "affiliate-disclosure": "resonanz.evaluation.affiliate_disclosure",
    "twcs": "resonanz.evaluation.twcs",
    "omp-sentiment": "resonanz.evaluation.omp_sentiment",
    "omp-feedback": "resonanz.evaluation.omp_feedback",
    "intent-posts": "resonanz.evaluation.intent_posts",
    "discl-posts": "resonanz.evaluation.discl_posts",
}


def evaluator(dataset: str) -> Callable[[Path], EvalResult]:
    if dataset not in DATASETS:
        raise UsageError(
            f"unknown data set {dataset!r}", hint="known: " + ", ".join(sorted(DATASETS))
        )
    module = importlib.import_module(DATASETS[dataset])
    fn: Callable[[Path], EvalResult] = module.evaluate
    return fn
