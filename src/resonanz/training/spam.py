"""``resonanz train spam``: comment spam from the YouTube Spam Collection.

Model: binary logistic regression over the shared feature rows plus the five
surface cues of :func:`resonanz.analysis.spam.cues`. ``C`` comes from a small grid
(5-fold out-of-fold accuracy); Platt scaling fitted on the out-of-fold decisions is
folded into the weights; the decision threshold is tuned for accuracy on the same
out-of-fold probabilities (coarse grid, so the figure stays honest).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.features import N_FEATURES
from resonanz.analysis.linear import MODEL_DIR
from resonanz.analysis.spam import CUES_VERSION, MODEL_NAME, cue_matrix
from resonanz.training.common import ModelCard, make_model, save_with_card, text_fingerprint
from resonanz.training.textclf import (
    accuracy,
    best_threshold,
    binary_macro_f1,
    features_for,
    fit_linear,
    fold_platt,
    oof,
    platt,
    read_csv,
    sigmoid,
)

C_GRID = (100.0, 300.0)


def load(data_dir: Path) -> tuple[list[str], np.ndarray]:
    """Comment texts and spam flags (``label`` 1 = spam) from ``youtube_spam/train.csv``."""
    rows = read_csv(Path(data_dir) / "youtube_spam" / "train.csv")
    rows = [r for r in rows if r.get("label") in ("0", "1")]
    return [r["CONTENT"] for r in rows], np.array([r["label"] == "1" for r in rows])


def spam_f1(positive: np.ndarray, predicted: np.ndarray) -> float:
    """F1 of the spam class."""
    t = np.asarray(positive, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    denom = float(t.sum() + p.sum())
    return 2 * float((t & p).sum()) / denom if denom else 1.0


def train_spam(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Train, calibrate and ship ``spam``; returns the cross-validated metrics."""
    texts, positive = load(data_dir)
    x = sp.hstack([features_for(texts), sp.csr_matrix(cue_matrix(texts))], format="csr")
    y = np.where(positive, "spam", "ham")

    best: tuple[float, float, np.ndarray] | None = None
    grid: dict[str, float] = {}
    for c in C_GRID:
        z = oof(x, y, partial(fit_linear, c=c))[:, 0]
        acc = accuracy(positive, z >= 0)
        grid[f"cv_accuracy_C{c:g}"] = acc
        if best is None or acc > best[0]:
            best = (acc, c, z)
    assert best is not None
    _, c_best, z = best
    a, b = platt(z, positive)
    prob = sigmoid(a * z + b)
    thr = best_threshold(prob, positive, accuracy)
    pred = prob >= thr
    metrics = {
        "accuracy": accuracy(positive, pred),
        "f1": spam_f1(positive, pred),
        "macro_f1": binary_macro_f1(positive, pred),
        "accuracy_at_0.5": accuracy(positive, prob >= 0.5),
    }

    coef, intercept, classes = fit_linear(x, y, c_best)
    assert classes == ("ham", "spam")
    coef, intercept = fold_platt(coef, intercept, a, b)
    model = make_model(
        MODEL_NAME,
        coef[:, :N_FEATURES],
        intercept,
        ("spam",),
        mode="sigmoid",
        threshold=np.array([thr]),
        keep_mass=0.995,
        meta={
            "C": c_best,
            "cues": CUES_VERSION,
            "cue_coef": [float(v) for v in coef[0, N_FEATURES:]],
        },
    )
    card = ModelCard(
        name=MODEL_NAME,
        task="comment spam probability (sigmoid, Platt-calibrated) + tuned threshold",
        language="en (applied to every language as a soft score)",
        training_data=[
            f"YouTube Spam Collection (Alberto et al. 2015), 80 % part ({len(texts)} comments)",
        ],
        licence_notes=["UCI lists CC BY 4.0 (not verified); only weights ship"],
        cv_metrics={**metrics, **grid, "threshold": thr, "C": c_best},
        n_train=len(texts),
        classes=["spam"],
        notes=[
            f"extra dense cues ({CUES_VERSION}): any link incl. bare domains, log length, "
            "upper-case share, exclamation marks, digit share; weights in meta.cue_coef, "
            "computed from the raw text by analysis/spam.py at prediction time",
            "C and threshold chosen on the out-of-fold predictions reported above",
            "comments on five 2013-2015 music videos: other spam styles may be missed",
        ],
    )
    save_with_card(model, card, [text_fingerprint(t) for t in texts], out_dir)
    return metrics
