"""``resonanz eval omp-feedback PATH``: DER STANDARD posts addressed to the publisher.

PATH is a CSV shaped like ``omp_feedback_de/train.csv`` (columns ``text`` and
``label``: ``feedback`` = moderators marked the post as feedback that may warrant
a reaction, ``other``). It is the closest German proxy for ``needs_reply``: the
posts go through the sentiment and intent stages as German posts, and
``needs_reply`` is scored against ``feedback`` (precision, recall, F1, accuracy),
overall and per length bucket. The sampling of the two classes differs (see the
data set's README): the positive rate here is far above the real one, so the
precision is optimistic.
"""

from __future__ import annotations

from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from resonanz.analysis.intent import IntentStage
from resonanz.analysis.sentiment import SentimentStage
from resonanz.errors import InputError
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import german_batch

LABELS = ("feedback", "other")


def evaluate(path: Path) -> EvalResult:
    from resonanz.training.textclf import read_csv

    rows = [r for r in read_csv(Path(path)) if r.get("label") in LABELS]
    if not rows:
        raise InputError(f"no labelled rows in {path}", hint="expected columns text, label")
    texts = [r.get("text") or "" for r in rows]
    batch = german_batch(texts)
    SentimentStage().analyze(batch)
    IntentStage().analyze(batch)
    gold = [r["label"] == "feedback" for r in rows]
    pred = [bool(d.intent and d.intent.needs_reply) for d in batch.docs]
    return EvalResult(
        "omp-feedback",
        len(rows),
        _metrics(gold, pred),
        [],
        by_length(texts, gold, pred, _metrics),
    )


def _metrics(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    return {
        "needs_reply_accuracy": float(accuracy_score(gold, pred)) if gold else 0.0,
        "needs_reply_precision": float(precision_score(gold, pred, zero_division=0)),
        "needs_reply_recall": float(recall_score(gold, pred, zero_division=0)),
        "needs_reply_f1": float(f1_score(gold, pred, zero_division=0)),
    }
