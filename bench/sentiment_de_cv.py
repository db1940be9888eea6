"""5-fold CV of the German sentiment trainer for a few lexicon scales, without shipping.

Usage::

    .venv/bin/python bench/sentiment_de_cv.py [--data DIR] [--nb POWER] [SCALE ...]

Loads the corpora of ``resonanz train sentiment_de`` (GermEval 2017 dev, SB10k, PotTS,
OMP), featurizes them once and runs the trainer's own cross-validation
(:func:`resonanz.training.sentiment_de.cross_validate`, same folds and seed) with the
lexicon columns scaled by each SCALE (default: 1, the shipped value) and the NB
log-count-ratio scaling of ``--nb POWER`` (default: the trainer's ``NB_POWER``; 0 = off).
Prints each corpus' out-of-fold micro- and macro-F1. About 12 CPU minutes per scale.
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
        _, _, metrics = trainer.cross_validate(x.astype(np.float32), y, dom, texts)
        shown = {k: round(v, 4) for k, v in metrics.items() if k.endswith(("micro_f1", "macro_f1"))}
        print(
            f"NB power {args.nb:g}, lexicon scale {scale:g} ({time.time() - start:.0f} s): {shown}",
            flush=True,
        )


if __name__ == "__main__":
    main()
