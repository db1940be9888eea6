"""Stage ``features``: the shared sparse feature matrix, computed once per batch.

Every classifier stage reads ``batch.features`` (row ``i`` belongs to
``batch.docs[i]``); none of them featurizes again. The text featurized is the
post's title and body (``Doc.full_text``) as the normalize stage left it.

:func:`featurize_batch` produces exactly the matrix of
:func:`resonanz.analysis.features.featurize` (a test checks equality on real posts)
but several times faster. scikit-learn's ``HashingVectorizer`` hashes every
n-gram of every post anew; social-media text repeats the same words endlessly,
so here each word's character n-gram columns and each word/bigram feature's
column are hashed once and remembered (bounded caches), and a batch's matrix is
assembled from those columns with a few numpy calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from resonanz.analysis import features as F
from resonanz.analysis.base import Batch

#: Posts longer than this are featurized on their first characters only: the
#: classifiers were trained on comments, and a 5 MB post must not stall a batch.
MAX_CHARS = 20_000
#: cache sizes (entries); once full, new features are hashed but no longer kept, so the
#: frequent ones (met early) stay cached and memory stays bounded
MAX_CACHED = 300_000

_CHAR_MIN, _CHAR_MAX = 2, 5
_word_cols: dict[str, int] = {}
_char_cols: dict[str, np.ndarray] = {}
_EMPTY = np.zeros(0, dtype=np.int32)


def _column(feature: str, n_features: int) -> int:
    """The column sklearn's hashing gives ``feature`` (murmurhash3 of its UTF-8, seed 0)."""
    h = int(murmurhash3_32(feature, seed=0))
    if h == -2147483648:
        return (2147483647 - (n_features - 1)) % n_features
    return abs(h) % n_features


def _char_ngrams(word: str) -> list[str]:
    """sklearn's ``char_wb`` n-grams (2-5) of one whitespace-free word, same order."""
    w = " " + word + " "
    size = len(w)
    out: list[str] = []
    for n in range(_CHAR_MIN, _CHAR_MAX + 1):
        out.extend(w[i : i + n] for i in range(max(size - n + 1, 1)))
        if size <= n:  # a short word yields its single padded n-gram once
            break
    return out


def _char_columns(word: str) -> np.ndarray:
    cols = _char_cols.get(word)
    if cols is None:
        cols = np.fromiter((_column(g, F.N_CHAR) for g in _char_ngrams(word)), dtype=np.int32)
        if len(_char_cols) < MAX_CACHED:
            _char_cols[word] = cols
    return cols


def _word_column(feature: str) -> int:
    col = _word_cols.get(feature)
    if col is None:
        col = _column(feature, F.N_WORD)
        if len(_word_cols) < MAX_CACHED:
            _word_cols[feature] = col
    return col


def _counts(indices: np.ndarray, indptr: np.ndarray, n_cols: int) -> sp.csr_matrix:
    """Rows of column hits -> canonical CSR of counts.

    Two transpositions (linear-time counting sorts) leave every row's columns in
    order with duplicates adjacent, so summing them needs no comparison sort.
    """
    data = np.ones(len(indices), dtype=np.float32)
    m = sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, n_cols))
    m = m.tocsc().tocsr()
    m.sum_duplicates()
    return m


def featurize_batch(texts: Sequence[str]) -> sp.csr_matrix:
    """Same result as :func:`resonanz.analysis.features.featurize`, computed faster."""
    word_cols: list[int] = []
    word_ptr = [0]
    char_parts: list[np.ndarray] = []
    char_ptr = [0]
    char_total = 0
    word_get = _word_cols.get
    char_get = _char_cols.get
    for text in texts:
        norm = F.normalize_for_features(text or "")
        toks = F._tokens(norm)
        feats = toks + [a + " " + b for a, b in pairwise(toks)]
        cols = [word_get(f, -1) for f in feats]
        if -1 in cols:
            cols = [c if c >= 0 else _word_column(f) for c, f in zip(cols, feats, strict=True)]
        word_cols.extend(cols)
        word_ptr.append(len(word_cols))
        words = norm.split()
        found = [char_get(w) for w in words]
        parts: list[np.ndarray] = [
            p if p is not None else _char_columns(w) for p, w in zip(found, words, strict=True)
        ]
        char_parts.extend(parts)
        char_total += sum(len(p) for p in parts)
        char_ptr.append(char_total)
    words_m = _counts(np.array(word_cols, dtype=np.int32), np.array(word_ptr), F.N_WORD)
    chars_m = _counts(
        np.concatenate(char_parts) if char_parts else _EMPTY, np.array(char_ptr), F.N_CHAR
    )
    return sp.hstack(
        [F._sublinear_l2(words_m), F._sublinear_l2(chars_m)], format="csr", dtype=np.float32
    )


class FeaturesStage:
    """Computes ``batch.features`` once for every classifier stage."""

    name: ClassVar[str] = "features"
    version: ClassVar[str] = F.FEATURIZER_VERSION
    requires: ClassVar[tuple[str, ...]] = ("normalized",)
    provides: ClassVar[tuple[str, ...]] = ("features",)

    def analyze(self, batch: Batch) -> None:
        texts = [
            (doc.normalized if doc.normalized is not None else doc.full_text)[:MAX_CHARS]
            for doc in batch.docs
        ]
        batch.features = featurize_batch(texts)
