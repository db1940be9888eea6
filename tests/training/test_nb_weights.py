"""NB log-count-ratio scaling: computed on the given rows, folded back into the weights."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from resonanz.training.nb_weights import fit_nb_ovr, nb_scale, scaled


def _toy() -> tuple[sp.csr_matrix, np.ndarray]:
    # column 0 only in positives, column 1 everywhere, column 2 only in negatives,
    # column 3 a dense (lexicon) column
    rows = []
    for i in range(20):
        pos = i % 2 == 0
        rows.append([1.0 if pos else 0.0, 0.5, 0.0 if pos else 1.0, 0.3])
    return sp.csr_matrix(np.array(rows, dtype=np.float32)), np.array(
        [i % 2 == 0 for i in range(20)]
    )


def test_nb_scale_weighs_separating_columns_and_keeps_dense_ones() -> None:
    x, target = _toy()
    scale = nb_scale(x, target.astype(int), n_dense=1)
    assert scale.dtype == np.float32
    assert scale[0] > 1.0 and scale[2] > 1.0
    assert scale[1] < 0.1  # occurs in both classes alike
    assert scale[3] == 1.0


def test_scaled_multiplies_columns() -> None:
    x, _ = _toy()
    out = scaled(x, np.array([2, 1, 1, 0], dtype=np.float32))
    assert np.allclose(out.toarray()[:, 0], 2 * x.toarray()[:, 0])
    assert not out.toarray()[:, 3].any()
    assert scaled(x, None) is x


def test_fit_nb_ovr_folds_the_scale_into_the_weights() -> None:
    x, target = _toy()
    y = np.where(target, "positive", "negative")
    coef, bias, classes = fit_nb_ovr(x, y, ("negative", "positive"), c=4.0, n_dense=1)
    assert classes == ("negative", "positive")
    assert coef.shape == (2, 4)
    decisions = np.asarray(x @ coef.T) + bias
    predicted = np.array(classes)[decisions.argmax(axis=1)]
    assert (predicted == y).all()


def test_sentiment_de_fit_ovr_folds_nb_scale_into_every_block(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resonanz.training import sentiment_de

    monkeypatch.setattr(sentiment_de, "N_LEXICON", 1)
    monkeypatch.setattr(sentiment_de, "NB_POWER", 1.0)
    x, target = _toy()
    y = np.where(target, "positive", "negative")
    y[::5] = "neutral"
    dom = np.arange(len(y)) % len(sentiment_de.DOMAINS)
    coef, bias = sentiment_de.fit_ovr(x, dom, y)
    width = x.shape[1]
    n_domains = len(sentiment_de.DOMAINS)
    assert coef.shape == (len(sentiment_de.CLASSES), (n_domains + 1) * width + n_domains)
    w, b = sentiment_de.head(coef, bias, None)
    decisions = np.asarray(x @ w.T) + b
    predicted = np.array(sentiment_de.CLASSES)[decisions.argmax(axis=1)]
    assert np.mean(predicted == y) >= 0.7
