"""Naive-Bayes log-count-ratio feature weights for linear sentiment classifiers (NB-LR).

Wang & Manning's NBSVM idea, for one binary (one-vs-rest) problem: every n-gram column
``j`` is multiplied by ``|r_j| ** power``, where ``r_j`` is the log ratio of how often the
column occurs in the positive and in the negative training rows (binarized counts,
add-``alpha`` smoothing). Columns that separate the classes get a larger scale, so the
L2-regularized logistic regression on top spends its weight budget on them.

The scaling is a fixed diagonal matrix, so it is folded back into the fitted
coefficients (``w_raw = w_scaled * scale``): the shipped artifact stays an ordinary
linear model over the shared feature rows, prediction costs nothing extra, and the
shared featurizer is untouched. The last ``n_dense`` columns (lexicon columns) keep the
scale 1. The ratios are computed on the training rows only (inside every CV fold).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression


def nb_scale(
    x: sp.csr_matrix, target: np.ndarray, n_dense: int, power: float = 1.0, alpha: float = 1.0
) -> np.ndarray:
    """Per-column scale ``|r| ** power`` (float32) for the binary ``target`` (0/1 per row);
    the last ``n_dense`` columns get 1."""
    positive = np.asarray(target, dtype=bool)
    binary = x.tocsr(copy=True)
    binary.data[:] = 1.0
    p = alpha + np.asarray(binary[positive].sum(axis=0), dtype=np.float64).ravel()
    q = alpha + np.asarray(binary[~positive].sum(axis=0), dtype=np.float64).ravel()
    ratio = np.log(p / p.sum()) - np.log(q / q.sum())
    scale = np.abs(ratio) ** power
    if n_dense:
        scale[-n_dense:] = 1.0
    out: np.ndarray = scale.astype(np.float32)
    return out


def scaled(x: sp.csr_matrix, scale: np.ndarray | None) -> sp.csr_matrix:
    """``x`` with every column multiplied by ``scale`` (``x`` itself for None)."""
    if scale is None:
        return x
    out: sp.csr_matrix = (x @ sp.diags(scale)).tocsr()
    return out


def fit_nb_ovr(
    x: sp.csr_matrix,
    y: np.ndarray,
    classes: Sequence[str],
    c: float,
    n_dense: int,
    power: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """One NB-scaled binary logistic regression (liblinear) per class of ``classes``.

    Returns ``(coef, intercept, classes)`` like :func:`resonanz.training.textclf.fit_linear`
    for a multi-class problem: one row per class, the NB scale folded into the weights,
    so softmax over the rows is the model's prediction (calibrated afterwards)."""
    labels = np.asarray(y)
    coefs, bias = [], []
    for name in classes:
        target = (labels == name).astype(int)
        scale = nb_scale(x, target, n_dense, power)
        clf = LogisticRegression(C=c, solver="liblinear", dual=True, max_iter=1000)
        clf.fit(scaled(x, scale), target)
        coefs.append(clf.coef_[0] * scale)
        bias.append(float(clf.intercept_[0]))
    return np.vstack(coefs), np.array(bias), tuple(classes)
