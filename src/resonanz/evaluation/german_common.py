"""Helpers shared by the German evaluations: plain-text analysis and overlap notes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import MODEL_DIR
from resonanz.evaluation import EvalResult
from resonanz.training.common import text_fingerprint


def german_batch(texts: Sequence[str]) -> Batch:
    """A batch of German docs with the shared features computed once."""
    docs = [Doc(key=i, text=t, language="de", supported=True) for i, t in enumerate(texts)]
    return Batch(docs, featurize(texts))


def overlap_notes(texts: Sequence[str], model_names: Sequence[str]) -> list[str]:
    """One note per model that was trained on some of ``texts`` (by text fingerprint)."""
    prints = [text_fingerprint(t) for t in texts]
    notes = []
    for name in model_names:
        path = MODEL_DIR / f"{name}.train.txt"
        if not path.exists():
            continue
        seen = set(path.read_text(encoding="utf-8").split())
        hits = sum(1 for p in prints if p in seen)
        if hits:
            notes.append(
                f"{hits} of {len(prints)} items were seen in training by model {name}: "
                "these figures are not held-out estimates"
            )
    return notes


def set_micro_f1(gold: Sequence[frozenset[object]], pred: Sequence[frozenset[object]]) -> float:
    """Micro-F1 over document-level label sets (true/false positives summed over docs)."""
    tp = sum(len(g & p) for g, p in zip(gold, pred, strict=True))
    fp = sum(len(p - g) for g, p in zip(gold, pred, strict=True))
    fn = sum(len(g - p) for g, p in zip(gold, pred, strict=True))
    denom = 2 * tp + fp + fn
    return 2 * tp / denom if denom else 1.0


def sentiment_f1(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Micro-F1 (= accuracy, one label per item) and macro-F1 over the gold labels."""
    from sklearn.metrics import f1_score

    labels = sorted(set(gold))
    return {
        "micro_f1": float(f1_score(gold, pred, labels=labels, average="micro")),
        "macro_f1": float(f1_score(gold, pred, labels=labels, average="macro", zero_division=0)),
    }


def tweet_sentiment_eval(dataset: str, path: Path, domain: str, keep_mixed: bool) -> EvalResult:
    """Micro-/macro-F1 of the German sentiment stage on a SB10k/PotTS-format TSV,
    overall and per length bucket."""
    from resonanz.analysis.sentiment import SentimentStage
    from resonanz.evaluation.buckets import by_length
    from resonanz.training.germeval_data import read_tweet_tsv

    rows = read_tweet_tsv(path)
    texts = [r.text for r in rows]
    batch = german_batch(texts)
    SentimentStage(domain=domain, keep_mixed=keep_mixed).analyze(batch)
    gold = [r.label for r in rows]
    pred = [d.sentiment.label if d.sentiment else "neutral" for d in batch.docs]
    return EvalResult(
        dataset,
        len(rows),
        sentiment_f1(gold, pred),
        overlap_notes(texts, ("sentiment_de",)),
        by_length(texts, gold, pred, sentiment_f1),
    )
