"""``resonanz train complaint``: complaint (English) and feedback (German) signals for intent.

One artifact, two independent sigmoid outputs over the shared feature rows:

``complaint``
    English tweets to brands labelled complaint / not complaint
    (``complaints_en/train.csv``, Preotiuc-Pietro et al. 2019);
``feedback``
    German forum posts moderators marked as feedback to the publisher that may
    warrant a reaction (``omp_feedback_de/train.csv``, One Million Posts
    "PossiblyFeedback"): questions, complaints, error reports, requests.

Each output is fitted on its own language's rows only (logistic regression,
balanced classes, ``C`` = :data:`C`), Platt-scaled on its out-of-fold decisions
(folded into the weights) and gets two thresholds tuned on the out-of-fold
probabilities: ``alone`` (lowest grid cut with precision >= :data:`ALONE_PRECISION`,
the model decides without any rule cue) and ``with_cue`` (best macro-F1, used
when a rule already saw a problem word). How the intent stage combines them with
the rules is documented in :mod:`resonanz.analysis.intent`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np

from resonanz.analysis.linear import MODEL_DIR
from resonanz.evaluation.buckets import by_length, markdown_table
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

MODEL_NAME = "complaint"
OUTPUTS = ("complaint", "feedback")
C = 4.0
ALONE_PRECISION = 0.85
SOURCES = {
    "complaint": ("complaints_en", "complaint"),
    "feedback": ("omp_feedback_de", "feedback"),
}


def load(data_dir: Path, output: str) -> tuple[list[str], np.ndarray]:
    """Texts and positive flags of the data set behind ``output``."""
    folder, positive = SOURCES[output]
    rows = read_csv(Path(data_dir) / folder / "train.csv")
    rows = [r for r in rows if (r.get("text") or "").strip() and r.get("label")]
    return [r["text"] for r in rows], np.array([r["label"] == positive for r in rows])


def _precision(t: np.ndarray, p: np.ndarray) -> float:
    return float((t & p).sum() / p.sum()) if p.sum() else 1.0


def _recall(t: np.ndarray, p: np.ndarray) -> float:
    return float((t & p).sum() / t.sum()) if t.sum() else 1.0


def alone_threshold(prob: np.ndarray, positive: np.ndarray) -> float:
    """Lowest cut on a 0.05 grid (0.5-0.95) whose out-of-fold precision is high enough."""
    for cut in np.round(np.arange(0.50, 0.951, 0.05), 2):
        if _precision(positive, prob >= cut) >= ALONE_PRECISION:
            return float(cut)
    return 0.95


def _bucket_metrics(gold: list[bool], pred: list[bool]) -> dict[str, float]:
    t, p = np.array(gold, dtype=bool), np.array(pred, dtype=bool)
    return {
        "precision": _precision(t, p),
        "recall": _recall(t, p),
        "macro_f1": binary_macro_f1(t, p),
    }


def _fit_output(
    data_dir: Path, output: str
) -> tuple[np.ndarray, float, float, float, dict[str, float], list[str], str]:
    texts, positive = load(data_dir, output)
    x = features_for(texts)
    y = np.where(positive, "pos", "neg")
    fit = partial(fit_linear, c=C, class_weight="balanced")
    z = oof(x, y, fit)[:, 0]
    a, b = platt(z, positive)
    prob = sigmoid(a * z + b)
    with_cue = best_threshold(prob, positive, binary_macro_f1)
    alone = alone_threshold(prob, positive)
    metrics = {
        f"{output}_macro_f1": binary_macro_f1(positive, prob >= with_cue),
        f"{output}_precision": _precision(positive, prob >= with_cue),
        f"{output}_recall": _recall(positive, prob >= with_cue),
        f"{output}_precision_alone": _precision(positive, prob >= alone),
        f"{output}_recall_alone": _recall(positive, prob >= alone),
        f"{output}_threshold_with_cue": with_cue,
        f"{output}_threshold_alone": alone,
    }
    buckets = by_length(texts, positive.tolist(), (prob >= with_cue).tolist(), _bucket_metrics)
    coef, intercept, classes = fit(x, y)
    assert classes == ("neg", "pos")
    coef, intercept = fold_platt(coef, intercept, a, b)
    prints = [text_fingerprint(t) for t in texts]
    table = f"{output} (out-of-fold, threshold {with_cue:.2f}):\n\n" + markdown_table(buckets)
    return coef[0], float(intercept[0]), with_cue, alone, metrics, prints, table


def train_complaint(data_dir: Path, out_dir: Path = MODEL_DIR) -> dict[str, float]:
    """Train, calibrate and ship ``complaint``; returns the cross-validated metrics."""
    rows, intercepts, cue_cut, alone_cut = [], [], [], []
    metrics: dict[str, float] = {}
    prints: list[str] = []
    tables: list[str] = []
    counts: dict[str, int] = {}
    for output in OUTPUTS:
        coef, intercept, with_cue, alone, m, p, table = _fit_output(data_dir, output)
        rows.append(coef)
        intercepts.append(intercept)
        cue_cut.append(with_cue)
        alone_cut.append(alone)
        metrics.update(m)
        prints += p
        tables.append(table)
        counts[output] = len(p)
    model = make_model(
        MODEL_NAME,
        np.vstack(rows),
        np.array(intercepts),
        OUTPUTS,
        mode="sigmoid",
        threshold=np.array(cue_cut),
        keep_mass=0.98,
        meta={
            "C": C,
            "threshold_alone": alone_cut,
            "languages": {"complaint": "en", "feedback": "de"},
        },
    )
    card = ModelCard(
        name=MODEL_NAME,
        task=(
            "two sigmoid outputs for the intent stage: complaint (English) and feedback that "
            "may warrant a reaction (German); Platt-calibrated, thresholds tuned out of fold"
        ),
        language="complaint: en, feedback: de",
        training_data=[
            f"complaints_en train part ({counts['complaint']} tweets to brands; "
            "Preotiuc-Pietro, Gaman & Aletras, ACL 2019)",
            f"omp_feedback_de train part ({counts['feedback']} posts; One Million Posts "
            "Corpus, category PossiblyFeedback vs. the rest of the annotated random sample)",
        ],
        licence_notes=[
            "complaints_en: no licence stated, released for research with the ACL 2019 paper; "
            "tweet texts are X content. Weights only; check before commercial use.",
            "omp_feedback_de: One Million Posts Corpus, CC BY-NC-SA 4.0 (non-commercial, "
            "share-alike). Weights only; the non-commercial terms may extend to them.",
        ],
        cv_metrics=metrics,
        n_train=len(prints),
        classes=list(OUTPUTS),
        notes=[
            f"logistic regression (liblinear, C={C:g}, balanced classes) per output on its own "
            "language's rows; weights pruned to 98 % of L1 mass",
            f"threshold_with_cue = best out-of-fold macro-F1; threshold_alone = lowest 0.05 "
            f"grid cut with out-of-fold precision >= {ALONE_PRECISION}",
            "feedback positives come from a separate annotation batch (README): its figures are "
            "optimistic and it mixes questions, complaints and praise; the intent stage uses it "
            "only to confirm a weak German complaint cue",
            "both sets are short texts (tweets, forum posts up to 1,000 chars); the intent stage "
            "does not let the model decide alone on posts over 500 characters",
            "per-length-bucket figures (out of fold):",
            *tables,
        ],
    )
    save_with_card(model, card, prints, out_dir)
    return metrics
