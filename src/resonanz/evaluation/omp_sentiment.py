"""``resonanz eval omp-sentiment PATH``: DER STANDARD forum posts (One Million Posts), sentiment.

PATH is a CSV shaped like ``omp_sentiment_de/train.csv`` (columns ``text`` and
``label`` with negative / neutral / positive, the moderators' annotation).
Predictions come from the ``omp`` head of the German sentiment model through the
sentiment stage, long posts pooled sentence by sentence as in the product.
Metrics: micro-F1 (= accuracy) and macro-F1, overall and per length bucket.
"""

from __future__ import annotations

from pathlib import Path

from resonanz.analysis.sentiment import SentimentStage
from resonanz.errors import InputError
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import german_batch, overlap_notes, sentiment_f1
from resonanz.training.textclf import read_csv

LABELS = ("negative", "neutral", "positive")


def evaluate(path: Path) -> EvalResult:
    rows = [r for r in read_csv(Path(path)) if r.get("label") in LABELS]
    if not rows:
        raise InputError(f"no labelled rows in {path}", hint="expected columns text, label")
    texts = [r.get("text") or "" for r in rows]
    batch = german_batch(texts)
    SentimentStage(domain="omp").analyze(batch)
    gold = [r["label"] for r in rows]
    pred = [d.sentiment.label if d.sentiment else "neutral" for d in batch.docs]
    return EvalResult(
        "omp-sentiment",
        len(rows),
        sentiment_f1(gold, pred),
        overlap_notes(texts, ("sentiment_de_omp", "sentiment_de")),
        by_length(texts, gold, pred, sentiment_f1),
    )
