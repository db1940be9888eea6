"""``resonanz train toxicity_de``: GermEval 2021 toxic / engaging / fact-claiming comments.

One artifact with three independent sigmoid outputs. Each output is a binary
logistic regression over the shared feature rows plus the surface cues of
:func:`resonanz.analysis.toxicity.cues` (shouting, exclamation and question marks,
links, numbers). Per output: ``C`` from a small grid by 5-fold out-of-fold macro-F1,
Platt scaling on the out-of-fold decisions folded into the weights, and the decision
threshold tuned for macro-F1 (the task's official metric) on the same predictions.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.features import N_FEATURES
from resonanz.analysis.linear import MODEL_DIR
from resonanz.analysis.toxicity import (
    CUES_VERSION,
    LABELS,
    LENGTH_CAP,
    MODEL_NAME,
    REPORT_THRESHOLD,
    cue_matrix,
)
from resonanz.training.common import ModelCard, make_model, save_with_card, text_fingerprint
from resonanz.training.textclf import (
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

#: CSV column of each output label
COLUMNS = {"toxic": "Sub1_Toxic", "engaging": "Sub2_Engaging", "fact_claiming": "Sub3_FactClaiming"}
C_GRID = (1.0, 3.0)


def load(data_dir: Path) -> tuple[list[str], dict[str, np.ndarray]]:
    """Comment texts and the three 0/1 label vectors from ``germeval2021/train.csv``."""
    rows = read_csv(Path(data_dir) / "germeval2021" / "train.csv")
    texts = [r["comment_text"] for r in rows]
    labels = {name: np.array([r[col] == "1" for r in rows]) for name, col in COLUMNS.items()}
    return texts, labels


def train_toxicity_de(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Train, calibrate and ship ``toxicity_de``; returns the cross-validated metrics."""
    texts, labels = load(data_dir)
    x = sp.hstack([features_for(texts), sp.csr_matrix(cue_matrix(texts))], format="csr")
    coefs, intercepts, thresholds = [], [], []
    metrics: dict[str, float] = {}
    chosen: dict[str, float] = {}
    for name in LABELS:
        positive = labels[name]
        y = np.where(positive, "yes", "no")
        best: tuple[float, float, np.ndarray, float, float, float] | None = None
        for c in C_GRID:
            z = oof(x, y, partial(fit_linear, c=c))[:, 0]
            pa, pb = platt(z, positive)
            prob = sigmoid(pa * z + pb)
            thr = best_threshold(prob, positive, binary_macro_f1)
            score = binary_macro_f1(positive, prob >= thr)
            metrics[f"{name}_cv_macro_f1_C{c:g}"] = score
            if best is None or score > best[0]:
                best = (score, c, prob, thr, pa, pb)
        assert best is not None
        score, c_best, prob, thr, pa, pb = best
        metrics[f"{name}_macro_f1"] = score
        metrics[f"{name}_macro_f1_at_0.5"] = binary_macro_f1(positive, prob >= 0.5)
        if name == "toxic":
            # what the report counts as toxic (REPORT_THRESHOLD), out of fold
            flagged = prob >= REPORT_THRESHOLD
            hits = float(np.sum(flagged & positive))
            metrics["toxic_report_precision"] = hits / max(float(flagged.sum()), 1.0)
            metrics["toxic_report_recall"] = hits / max(float(positive.sum()), 1.0)
            metrics["toxic_report_flagged_non_toxic"] = float(np.mean(flagged[~positive]))
        chosen[f"{name}_C"] = c_best
        chosen[f"{name}_threshold"] = thr
        coef, intercept, classes = fit_linear(x, y, c_best)
        assert classes == ("no", "yes")
        coef, intercept = fold_platt(coef, intercept, pa, pb)
        coefs.append(coef[0])
        intercepts.append(float(intercept[0]))
        thresholds.append(thr)

    full = np.vstack(coefs)
    model = make_model(
        MODEL_NAME,
        full[:, :N_FEATURES],
        np.array(intercepts),
        LABELS,
        mode="sigmoid",
        threshold=np.array(thresholds),
        keep_mass=0.99,
        meta={
            "cues": CUES_VERSION,
            "cue_coef": full[:, N_FEATURES:].tolist(),
            **chosen,
        },
    )
    headline = {k: v for k, v in metrics.items() if k.endswith("_macro_f1")}
    card = ModelCard(
        name=MODEL_NAME,
        task="toxic / engaging / fact-claiming comment (3 sigmoid outputs, Platt-calibrated)",
        language="de",
        training_data=[
            f"GermEval 2021 shared task, official train set ({len(texts)} Facebook comments)",
        ],
        licence_notes=["no licence stated by the organisers; cite Risch et al. 2021"],
        cv_metrics={**headline, **metrics, **chosen},
        n_train=len(texts),
        classes=list(LABELS),
        notes=[
            f"extra dense cues ({CUES_VERSION}), computed from the raw text by "
            "analysis/toxicity.py at prediction time; weights in meta.cue_coef",
            "C and thresholds chosen on the out-of-fold predictions reported above",
            f"the length cue is capped at {LENGTH_CAP} characters: longer posts do not drift "
            "toward toxic",
            f"the report counts a post as toxic from {REPORT_THRESHOLD} on (toxic_report_* "
            "above, out of fold); the per-label thresholds above are for `resonanz eval`",
            "political talk-show comments from 2019: brand comments may differ",
        ],
    )
    save_with_card(model, card, [text_fingerprint(t) for t in texts], out_dir)
    return headline
