"""Shared training utilities: folds, linear fits, calibration, metrics, model cards.

Everything is seeded so ``resonanz train`` reproduces the shipped artifacts.
Models are fitted on the shared hashed feature space (:mod:`resonanz.analysis.features`),
so prediction needs the features computed once per post and nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold

from resonanz.analysis.features import FEATURIZER_VERSION
from resonanz.analysis.linear import MODEL_DIR, LinearModel, prune

SEED = 20261126
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data"


def data_dir(override: str | Path | None = None) -> Path:
    """Where the training data sets live (``RESONANZ_DATA_DIR`` or ``../shared/data``)."""
    import os

    chosen = override or os.environ.get("RESONANZ_DATA_DIR") or DEFAULT_DATA_DIR
    return Path(chosen)


def folds(y: Sequence[Any], k: int = 5, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified k folds, deterministic."""
    labels = np.asarray(y)
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(tr, te) for tr, te in skf.split(np.zeros(len(labels)), labels)]


def fit_logreg(
    x: sp.csr_matrix,
    y: Sequence[str],
    c: float = 4.0,
    class_weight: str | dict[str, float] | None = None,
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Multinomial (or binary) logistic regression; returns ``(coef, intercept, classes)``.

    For two classes the single sklearn row is expanded to a symmetric pair so the
    artifact is always softmax over ``classes``.
    """
    clf = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight, solver="lbfgs")
    clf.fit(x, np.asarray(y))
    coef, intercept = clf.coef_, clf.intercept_
    classes = tuple(str(c) for c in clf.classes_)
    if len(classes) == 2 and coef.shape[0] == 1:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return coef, intercept, classes


def oof_decisions(
    x: sp.csr_matrix,
    y: Sequence[str],
    fit: Callable[[sp.csr_matrix, Sequence[str]], tuple[np.ndarray, np.ndarray, tuple[str, ...]]],
    k: int = 5,
    seed: int = SEED,
) -> tuple[np.ndarray, tuple[str, ...]]:
    """Out-of-fold decision values (``n x n_classes``) for honest CV metrics and calibration."""
    labels = np.asarray(y)
    classes = tuple(sorted(set(labels.tolist())))
    out = np.zeros((len(labels), len(classes)))
    for tr, te in folds(labels.tolist(), k, seed):
        coef, intercept, cls = fit(x[tr], labels[tr].tolist())
        dec = np.asarray(x[te] @ coef.T) + intercept
        for j, c in enumerate(cls):
            out[te, classes.index(c)] = dec[:, j]
    return out, classes


def fit_temperature(decisions: np.ndarray, y: Sequence[str], classes: Sequence[str]) -> float:
    """Temperature that minimises the log-loss of softmax(decisions / T) (calibration)."""
    idx = np.array([list(classes).index(v) for v in y])

    def nll(t: float) -> float:
        z = decisions / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(idx)), idx].mean())

    res = minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded")
    return float(res.x)


def classification_metrics(y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, float]:
    return {
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "micro_f1": float(f1_score(y_true, y_pred, average="micro")),
        "macro_f1": float(f1_score(y_true, y_pred, average="macro")),
    }


def text_fingerprint(text: str) -> str:
    """Stable id of a text, used to recognise training items at evaluation time."""
    norm = " ".join(text.lower().split())
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]  # noqa: S324 - not security


@dataclass
class ModelCard:
    name: str
    task: str
    language: str
    training_data: list[str]
    licence_notes: list[str]
    cv_metrics: dict[str, float]
    n_train: int
    classes: list[str]
    notes: list[str] = field(default_factory=list)
    version: str = "1"

    def render(self) -> str:
        lines = [
            f"# Model card: {self.name} (v{self.version})",
            "",
            f"- Task: {self.task}",
            f"- Language: {self.language}",
            f"- Classes: {', '.join(self.classes)}",
            f"- Features: shared hashed word 1-2-grams + char 2-5-grams ({FEATURIZER_VERSION})",
            f"- Training items: {self.n_train}",
            f"- Trained: {datetime.now(UTC).date().isoformat()} by `resonanz train` (seed {SEED})",
            "",
            "## Training data",
            *[f"- {d}" for d in self.training_data],
            "",
            "## Cross-validated metrics (5-fold, out-of-fold predictions)",
            *[f"- {k}: {v:.4f}" for k, v in self.cv_metrics.items()],
            "",
            "## Licence notes",
            *[f"- {n}" for n in self.licence_notes],
        ]
        if self.notes:
            lines += ["", "## Notes", *[f"- {n}" for n in self.notes]]
        return "\n".join(lines) + "\n"


def save_with_card(
    model: LinearModel,
    card: ModelCard,
    fingerprints: Sequence[str] = (),
    directory: Path = MODEL_DIR,
) -> Path:
    """Write ``<name>.npz`` (weights pruned by the caller), ``<name>.card.md``, and the
    training-item fingerprints (``<name>.train.txt``, sorted) used by ``resonanz eval``
    to warn when it is given items the model was trained on."""
    meta = dict(
        model.meta,
        cv_metrics=card.cv_metrics,
        n_train=card.n_train,
        trained=datetime.now(UTC).date().isoformat(),
        version=card.version,
    )
    final = LinearModel(
        model.name,
        model.coef,
        model.intercept,
        model.classes,
        model.mode,
        model.temperature,
        model.threshold,
        meta,
    )
    path = final.save(directory)
    (directory / f"{model.name}.card.md").write_text(card.render(), encoding="utf-8")
    if fingerprints:
        (directory / f"{model.name}.train.txt").write_text(
            "\n".join(sorted(set(fingerprints))) + "\n", encoding="utf-8"
        )
    return path


def make_model(
    name: str,
    coef: np.ndarray,
    intercept: np.ndarray,
    classes: Sequence[str],
    mode: str = "softmax",
    temperature: float = 1.0,
    threshold: np.ndarray | None = None,
    keep_mass: float = 0.995,
    meta: dict[str, Any] | None = None,
) -> LinearModel:
    """Prune dense weights and wrap them as a shippable :class:`LinearModel`."""
    return LinearModel(
        name,
        prune(coef, keep_mass),
        np.asarray(intercept, dtype=np.float64),
        tuple(classes),
        mode,
        temperature,
        threshold,
        meta or {},
    )


def dump_json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True)
