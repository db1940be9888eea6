"""Sentiment accuracy on the written holdout posts, per language and length bucket.

Usage::

    .venv/bin/python bench/sentiment_holdout.py [--file PATH] [--verbose] [--json]

Reads ``tests/fixtures/written_posts_holdout/sentiment.jsonl`` (German and English beauty
posts written for the tests, hand-labelled, never used for training or tuning) and prints
accuracy and macro-F1 of the shipped ``sentiment`` stage per language and length bucket.
With ``--verbose`` every wrong post is listed (id, gold, predicted, length).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from resonanz.analysis.sentiment import SentimentStage
from resonanz.evaluation.buckets import by_length

HOLDOUT = (
    Path(__file__).resolve().parents[1]
    / "tests"
    / "fixtures"
    / "written_posts_holdout"
    / "sentiment.jsonl"
)
LABELS = ("negative", "neutral", "positive")


def metrics(gold: Sequence[str], pred: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over the three labels present in gold or pred."""
    acc = sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)
    f1s = []
    for label in LABELS:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        n_pred = sum(p == label for p in pred)
        n_gold = sum(g == label for g in gold)
        if n_gold == 0 and n_pred == 0:
            continue
        f1s.append(2 * tp / (n_pred + n_gold))
    return {"accuracy": acc, "macro_f1": sum(f1s) / max(len(f1s), 1)}


def evaluate(path: Path, verbose: bool = False) -> dict[str, list[dict[str, object]]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out: dict[str, list[dict[str, object]]] = {}
    for language in ("de", "en"):
        posts = [r for r in rows if r["language"] == language]
        if not posts:
            continue
        texts = [r["text"] for r in posts]
        gold = [r["label"] for r in posts]
        found = SentimentStage().predict_texts(texts, language)
        pred = [s.label if s else "none" for s in found]
        table = [{"bucket": "all", "n": len(gold), "metrics": metrics(gold, pred)}]
        table += [f.as_json() for f in by_length(texts, gold, pred, metrics)]
        out[language] = table
        if verbose:
            for r, p in zip(posts, pred, strict=True):
                if p != r["label"]:
                    print(f"{r['id']} gold {r['label']:8} got {p:8} {len(r['text']):5} chars")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, default=HOLDOUT)
    parser.add_argument("--verbose", action="store_true", help="list every wrong post")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = evaluate(args.file, args.verbose)
    if args.json:
        print(json.dumps(result))
        return
    for language, table in result.items():
        print(f"\n{language}: | length (chars) | n | accuracy | macro-F1 |")
        for row in table:
            m = row["metrics"]
            assert isinstance(m, dict)
            print(f"| {row['bucket']} | {row['n']} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} |")


if __name__ == "__main__":
    main()
