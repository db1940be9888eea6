"""``resonanz eval airline PATH``: English sentiment on airline tweets, accuracy and macro-F1.

PATH is a CSV shaped like ``airline_sentiment/train.csv`` (columns ``text`` and
``airline_sentiment``). Predictions go through the sentiment stage with every
tweet taken as English, with the airline head ``sentiment_en_airline`` (the same
weights as ``sentiment_en``, with the airline tweets' class prior kept), exactly as
the sentiment stage applies it (language detection is measured elsewhere).
"""

from __future__ import annotations

from pathlib import Path

from sklearn.metrics import accuracy_score, f1_score

from resonanz.analysis.base import Batch, Doc
from resonanz.evaluation import EvalResult
from resonanz.evaluation.buckets import by_length
from resonanz.evaluation.german_common import overlap_notes
from resonanz.training.textclf import features_for, read_csv

LABELS = ("negative", "neutral", "positive")


def evaluate(path: Path) -> EvalResult:
    from resonanz.analysis.normalize import clean
    from resonanz.analysis.sentiment import SentimentStage

    rows = [r for r in read_csv(Path(path)) if r.get("airline_sentiment") in LABELS]
    texts = [r.get("text") or "" for r in rows]
    cleaned = [clean(t) for t in texts]  # as the pipeline's normalize stage leaves them
    docs = [Doc(key=i, text=t, language="en", supported=True) for i, t in enumerate(cleaned)]
    SentimentStage(domain="airline").analyze(Batch(docs, features_for(texts)))
    gold = [r["airline_sentiment"] for r in rows]
    pred = [d.sentiment.label if d.sentiment else "neutral" for d in docs]
    return EvalResult(
        "airline",
        len(rows),
        _metrics(gold, pred),
        overlap_notes(texts, ("sentiment_en_airline",)),
        by_length(texts, gold, pred, _metrics),
    )


def _metrics(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {
        "accuracy": float(accuracy_score(gold, pred)) if gold else 0.0,
        "macro_f1": float(
            f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)
        ),
    }
