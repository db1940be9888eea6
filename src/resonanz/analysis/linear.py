"""Shipped linear classifiers over the shared feature space (:mod:`.features`).

An artifact is ``analysis/models/<name>.npz`` with:

* ``coef``: sparse CSR ``(n_outputs, N_FEATURES)`` float32, small weights pruned;
* ``intercept``: ``(n_outputs,)``;
* ``classes``: class labels (strings);
* ``mode``: ``"softmax"`` (one multi-class decision) or ``"sigmoid"`` (independent
  binary outputs, e.g. aspect categories or a binary classifier with one row);
* ``temperature`` / ``bias``: calibration applied to the decision values;
* ``threshold`` (optional, per output): decision thresholds tuned by cross-validation;
* ``meta``: JSON string (featurizer version, training data, CV metrics, date).

and ``<name>.card.md`` next to it: the model card (data, licence, metrics, date).
Loading needs nothing but numpy/scipy: no network, no pickles.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.features import FEATURIZER_VERSION

MODEL_DIR = Path(__file__).resolve().parent / "models"


@dataclass(frozen=True)
class LinearModel:
    name: str
    coef: sp.csr_matrix
    intercept: np.ndarray
    classes: tuple[str, ...]
    mode: str = "softmax"
    temperature: float = 1.0
    threshold: np.ndarray | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def _weights(self) -> sp.csr_matrix:
        """``coef`` transposed to (features x outputs) CSR once, not on every call
        (``x @ coef.T`` would convert the transposed matrix anew each time)."""
        weights: sp.csr_matrix = self.coef.T.tocsr()
        return weights

    @cached_property
    def _column(self) -> np.ndarray:
        """The weights of a one-output model as a dense (features x 1) float32 array."""
        column: np.ndarray = self.coef.T.toarray().astype(np.float32, copy=False)
        return column

    def scores(self, x: sp.csr_matrix) -> np.ndarray:
        """Raw products ``x @ coef.T`` (no intercept, no temperature) as float64.

        One output (the spam model): sparse rows times a dense column is several
        times faster than the sparse product and adds the same float32 terms in the
        same order (a pruned weight contributes an exact zero), so the values are
        identical. With several outputs the dense form is no faster.
        """
        if self.coef.shape[0] == 1:
            return np.asarray(x @ self._column, dtype=np.float64)
        return np.asarray((x @ self._weights).todense(), dtype=np.float64)

    def decision(self, x: sp.csr_matrix) -> np.ndarray:
        out: np.ndarray = (self.scores(x) + self.intercept) / self.temperature
        return out

    def predict_proba(self, x: sp.csr_matrix) -> np.ndarray:
        z = self.decision(x)
        if self.mode == "softmax":
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            out: np.ndarray = e / e.sum(axis=1, keepdims=True)
            return out
        sig: np.ndarray = 1.0 / (1.0 + np.exp(-z))
        return sig

    def predict(self, x: sp.csr_matrix) -> list[str]:
        p = self.predict_proba(x)
        if self.mode == "softmax":
            return [self.classes[i] for i in p.argmax(axis=1)]
        thr = self.threshold if self.threshold is not None else np.full(p.shape[1], 0.5)
        if len(self.classes) == 1 or p.shape[1] == 1:
            return [self.classes[0] if row[0] >= thr[0] else "" for row in p]
        return [
            "|".join(c for c, v, t in zip(self.classes, row, thr, strict=True) if v >= t)
            for row in p
        ]

    def save(self, directory: Path = MODEL_DIR) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.npz"
        coef = self.coef.tocsr().astype(np.float32)
        meta = dict(self.meta, featurizer=FEATURIZER_VERSION)
        np.savez_compressed(
            path,
            coef_data=coef.data.astype(np.float16),
            coef_indices=coef.indices.astype(np.int32),
            coef_indptr=coef.indptr.astype(np.int64),
            coef_shape=np.array(coef.shape, dtype=np.int64),
            intercept=self.intercept.astype(np.float64),
            classes=np.array(self.classes, dtype=str),
            mode=np.array(self.mode),
            temperature=np.array(self.temperature),
            threshold=(self.threshold if self.threshold is not None else np.array([])),
            meta=np.array(json.dumps(meta, ensure_ascii=False)),
        )
        return path

    @classmethod
    def load(cls, name: str, directory: Path = MODEL_DIR) -> LinearModel:
        path = directory / f"{name}.npz"
        with np.load(path, allow_pickle=False) as z:
            coef = sp.csr_matrix(
                (z["coef_data"].astype(np.float32), z["coef_indices"], z["coef_indptr"]),
                shape=tuple(int(v) for v in z["coef_shape"]),
            )
            meta = json.loads(str(z["meta"]))
            if meta.get("featurizer") != FEATURIZER_VERSION:
                raise ValueError(
                    f"model {name} was trained on features {meta.get('featurizer')!r}, "
                    f"this build computes {FEATURIZER_VERSION!r}: retrain with `resonanz train`"
                )
            thr = z["threshold"]
            return cls(
                name=name,
                coef=coef,
                intercept=z["intercept"],
                classes=tuple(str(c) for c in z["classes"]),
                mode=str(z["mode"]),
                temperature=float(z["temperature"]),
                threshold=thr if thr.size else None,
                meta=meta,
            )


def prune(coef: np.ndarray, keep_mass: float = 0.995) -> sp.csr_matrix:
    """Sparsify dense weights: per row, drop the smallest |w| carrying 1-keep_mass of the L1 mass."""
    rows = []
    for row in np.atleast_2d(coef):
        order = np.argsort(-np.abs(row))
        cum = np.cumsum(np.abs(row[order]))
        total = cum[-1] if cum.size and cum[-1] > 0 else 1.0
        k = int(np.searchsorted(cum, keep_mass * total)) + 1
        kept = np.zeros_like(row)
        kept[order[:k]] = row[order[:k]]
        rows.append(kept)
    return sp.csr_matrix(np.vstack(rows).astype(np.float32))


@cache
def shipped(name: str) -> LinearModel:
    """Load (once per process) a model shipped with the package."""
    return LinearModel.load(name)
