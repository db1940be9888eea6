"""``resonanz eval youtube-spam PATH``: comment spam, accuracy and F1 (spam = positive).

PATH is a CSV shaped like ``youtube_spam/train.csv`` (columns ``CONTENT`` and
``label`` with 1 = spam; a ``CLASS`` column as in the UCI original works too).
Predictions go through :class:`resonanz.analysis.spam.SpamStage` and its tuned
threshold; an empty comment counts as not spam.
"""

from __future__ import annotations

from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score

from resonanz.analysis.spam import SpamStage
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import overlap_notes
from resonanz.training.textclf import read_csv


def evaluate(path: Path) -> EvalResult:
    rows = read_csv(Path(path))
    rows = [r for r in rows if (r.get("label") or r.get("CLASS") or "").strip() in ("0", "1")]
    texts = [r.get("CONTENT") or "" for r in rows]
    gold = [(r.get("label") or r.get("CLASS") or "").strip() == "1" for r in rows]
    stage = SpamStage()
    probs = stage.predict_texts(texts)
    pred = [p is not None and p >= stage.threshold for p in probs]
    return EvalResult(
        "youtube-spam",
        len(rows),
        _metrics(gold, pred),
        overlap_notes(texts, ("spam",)),
        by_length(texts, gold, pred, _metrics),
    )


def _metrics(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    return {
        "accuracy": float(accuracy_score(gold, pred)) if gold else 0.0,
        "f1": float(f1_score(gold, pred, zero_division=0)),
        "precision": float(precision_score(gold, pred, zero_division=0)),
        "recall": float(recall_score(gold, pred, zero_division=0)),
    }
