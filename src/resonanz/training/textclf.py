"""Fitting helpers for the English sentiment, spam and toxicity trainers.

These complement :mod:`resonanz.training.common` with what those three models need:

* fast logistic fits on the shared hashed space (columns unused by the training
  rows are dropped for the fit and the weights expanded back afterwards);
* out-of-fold decision values for any fit function;
* Platt scaling for one-output sigmoid models, folded straight into the weights, so
  a shipped :class:`~resonanz.analysis.linear.LinearModel` stays a plain linear model;
* decision thresholds tuned on out-of-fold probabilities;
* the CSV reader all three data sets share.

Every step is deterministic (fixed folds, no random solver state that matters).
"""

from __future__ import annotations

import csv
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from resonanz.analysis.features import featurize
from resonanz.analysis.normalize import clean
from resonanz.training.common import SEED, folds

Fit = Callable[[sp.csr_matrix, np.ndarray], tuple[np.ndarray, np.ndarray, tuple[str, ...]]]


def read_csv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 CSV file (a byte-order mark is tolerated) as dictionaries."""
    csv.field_size_limit(10_000_000)
    with Path(path).open(encoding="utf-8-sig", newline="") as fh:
        return [dict(row) for row in csv.DictReader(fh)]


def features_for(texts: Sequence[str]) -> sp.csr_matrix:
    """The shared feature rows of ``texts``, cleaned exactly as the pipeline cleans posts."""
    return featurize([clean(t or "") for t in texts])


def fit_linear(
    x: sp.csr_matrix,
    y: np.ndarray,
    c: float,
    class_weight: str | dict[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Logistic regression (multinomial for >2 classes) on the used columns only.

    Returns dense ``coef`` of shape ``(n_rows, n_features)`` where ``n_rows`` is 1 for
    a binary problem (the row scores ``classes[1]``) and ``len(classes)`` otherwise.
    """
    used = np.unique(x.indices)
    sub = x[:, used].tocsr()
    labels = np.asarray(y)
    binary = len(set(labels.tolist())) == 2
    clf = LogisticRegression(
        C=c,
        class_weight=class_weight,
        solver="liblinear" if binary else "saga",
        max_iter=1000 if binary else 300,
        tol=1e-4 if binary else 1e-3,
        random_state=SEED,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(sub, labels)
    coef = np.zeros((clf.coef_.shape[0], x.shape[1]), dtype=np.float64)
    coef[:, used] = clf.coef_
    return coef, np.asarray(clf.intercept_, dtype=np.float64), tuple(str(v) for v in clf.classes_)


def oof(x: sp.csr_matrix, y: np.ndarray, fit: Fit, k: int = 5) -> np.ndarray:
    """Out-of-fold decision values: ``(n, 1)`` for binary fits, ``(n, n_classes)`` otherwise."""
    labels = np.asarray(y)
    out: np.ndarray | None = None
    for tr, te in folds(labels.tolist(), k, SEED):
        coef, intercept, _ = fit(x[tr], labels[tr])
        dec = np.asarray(x[te] @ coef.T) + intercept
        if out is None:
            out = np.zeros((len(labels), dec.shape[1]))
        out[te] = dec
    assert out is not None
    return out


def platt(decision: np.ndarray, positive: np.ndarray) -> tuple[float, float]:
    """Scale ``a`` and shift ``b`` so that ``sigmoid(a * z + b)`` is calibrated (log-loss)."""
    z = np.asarray(decision, dtype=np.float64).ravel()
    t = np.asarray(positive, dtype=np.float64).ravel()

    def loss(ab: np.ndarray) -> float:
        s = ab[0] * z + ab[1]
        return float(np.mean(np.logaddexp(0.0, s) - t * s))

    res = minimize(loss, np.array([1.0, 0.0]), method="Nelder-Mead", options={"xatol": 1e-4})
    return float(res.x[0]), float(res.x[1])


def sigmoid(z: np.ndarray) -> np.ndarray:
    out: np.ndarray = expit(np.asarray(z, dtype=np.float64))
    return out


def binary_macro_f1(positive: np.ndarray, predicted: np.ndarray) -> float:
    """Mean of the F1 of the positive and of the negative class."""
    t = np.asarray(positive, dtype=bool)
    p = np.asarray(predicted, dtype=bool)

    def f1(a: np.ndarray, b: np.ndarray) -> float:
        tp = float(np.sum(a & b))
        denom = float(np.sum(a) + np.sum(b))
        return 2 * tp / denom if denom else 1.0

    return (f1(t, p) + f1(~t, ~p)) / 2


def accuracy(positive: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.mean(np.asarray(positive, dtype=bool) == np.asarray(predicted, dtype=bool)))


def best_threshold(
    prob: np.ndarray,
    positive: np.ndarray,
    score: Callable[[np.ndarray, np.ndarray], float] = binary_macro_f1,
) -> float:
    """The probability cut (on a 0.01 grid, 0.2-0.8) that maximises ``score``.

    The grid is deliberately coarse and bounded: a cut fitted to the last decimal on
    out-of-fold predictions would flatter the cross-validated figure.
    """
    grid = np.round(np.arange(0.20, 0.801, 0.01), 2)
    scores = [score(positive, prob >= g) for g in grid]
    best = int(np.argmax(scores))
    return float(grid[best])


def fold_platt(
    coef: np.ndarray, intercept: np.ndarray, a: float, b: float
) -> tuple[np.ndarray, np.ndarray]:
    """Weights whose plain sigmoid equals the Platt-scaled sigmoid of the originals."""
    return coef * a, intercept * a + b
