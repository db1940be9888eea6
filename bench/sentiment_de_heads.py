"""Shipped German sentiment heads on their own corpora: do two code versions read them alike?

Usage::

    .venv/bin/python bench/sentiment_de_heads.py [--data DIR] --save OUT.json [--compare OLD.json]

Scores every text of ``resonanz train sentiment_de``'s corpora (GermEval 2017 dev, SB10k,
PotTS, OMP) with the shipped head of its corpus, as ``resonanz eval`` does (sentence
pooling with the head's CV rule), saves the labels to OUT.json and, with ``--compare``,
prints per corpus and length bucket how many labels differ from an earlier run (e.g. of
``main`` with ``PYTHONPATH``) and the accuracy of both. The corpora were the training data,
so the accuracies are in-sample and only their difference means anything: a lexicon or
pooling change that flips no label cannot move the cross-validated benchmark figures of
the shipped weights.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

import resonanz.training.sentiment_de as trainer
from resonanz.analysis.sentiment import SentimentStage
from resonanz.evaluation.buckets import by_length


def accuracy(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {"accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--save", type=Path, required=True)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args()
    texts, y, dom = trainer.load_corpora(args.data)
    labels: dict[str, list[str]] = {}
    for k, name in enumerate(trainer.DOMAINS):
        rows = np.flatnonzero(dom == k)
        stage = SentimentStage(domain=name, keep_mixed=name == "potts")
        found = stage.predict_texts([texts[i] for i in rows], "de")
        labels[name] = [s.label if s else "none" for s in found]
    args.save.write_text(json.dumps(labels), encoding="utf-8")
    old = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else labels
    for k, name in enumerate(trainer.DOMAINS):
        rows = np.flatnonzero(dom == k)
        gold = y[rows].tolist()
        tx = [texts[i] for i in rows]
        new, before = labels[name], old[name]
        flips = sum(a != b for a, b in zip(new, before, strict=True))
        print(f"{name}: n {len(rows)}, labels changed {flips}")
        pairs = zip(
            by_length(tx, gold, before, accuracy), by_length(tx, gold, new, accuracy), strict=True
        )
        for b, a in pairs:
            print(
                f"  {b.bucket}: n {b.n}, in-sample accuracy "
                f"{b.metrics['accuracy']:.4f} -> {a.metrics['accuracy']:.4f}"
            )


if __name__ == "__main__":
    main()
