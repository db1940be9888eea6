"""5-fold CV of the German sentiment trainer for a few lexicon scales, without shipping.

Usage::

    .venv/bin/python bench/sentiment_de_cv.py [--data DIR] [--nb POWER] [SCALE ...]

Loads the corpora of ``resonanz train sentiment_de`` (GermEval 2017 dev, SB10k, PotTS,
OMP), featurizes them once and runs the trainer's own cross-validation
(:func:`resonanz.training.sentiment_de.cross_validate`, same folds and seed) with the
lexicon columns scaled by each SCALE (default: 1, the shipped value) and the NB
log-count-ratio scaling of ``--nb POWER`` (default: the trainer's ``NB_POWER``; 0 = off).
Prints each corpus' out-of-fold micro- and macro-F1, and its out-of-fold accuracy by
length bucket (whole posts, each corpus' own pruned head). About 12 CPU minutes per scale.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

import resonanz.training.sentiment_de as trainer
from resonanz.analysis.features import featurize
from resonanz.analysis.sentiment_lexicon import lexicon_features
from resonanz.evaluation.buckets import by_length


def accuracy(gold: list[str], pred: list[str]) -> dict[str, float]:
    return {"accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1)}


def print_buckets(dec: np.ndarray, y: np.ndarray, dom: np.ndarray, texts: list[str]) -> None:
    """Out-of-fold accuracy of each corpus' head by length bucket."""
    for k, name in enumerate(trainer.DOMAINS):
        rows = np.flatnonzero(dom == k)
        if not len(rows):
            continue
        cols = trainer._head_classes(k)
        pred = [trainer.CLASSES[cols[i]] for i in dec[rows][:, cols].argmax(axis=1)]
        gold = y[rows].tolist()
        figures = by_length([texts[i] for i in rows], gold, pred, accuracy)
        shown = " | ".join(f"{f.bucket} n {f.n}: {f.metrics['accuracy']:.4f}" for f in figures)
        print(f"  {name} by length: {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--nb", type=float, default=trainer.NB_POWER)
    parser.add_argument("scales", nargs="*", type=float, default=[1.0])
    args = parser.parse_args()
    start = time.time()
    trainer.NB_POWER = args.nb
    texts, y, dom = trainer.load_corpora(args.data)
    shared = featurize(texts)
    lex = lexicon_features(texts, "de")
    for scale in args.scales:
        trainer.LEXICON_SCALE = scale  # design() of the sentences reads it too
        x = sp.hstack([shared, sp.csr_matrix(lex * np.float32(scale))], format="csr")
        dec, _, metrics = trainer.cross_validate(x.astype(np.float32), y, dom, texts)
        shown = {k: round(v, 4) for k, v in metrics.items() if k.endswith(("micro_f1", "macro_f1"))}
        print(
            f"NB power {args.nb:g}, lexicon scale {scale:g} ({time.time() - start:.0f} s): {shown}",
            flush=True,
        )
        print_buckets(dec, y, dom, texts)


if __name__ == "__main__":
    main()
