"""Stage ``features``: the shared sparse feature matrix, computed once per batch.

Every classifier stage reads ``batch.features`` (row ``i`` belongs to
``batch.docs[i]``); none of them featurizes again. The text featurized is the
post's title and body (``Doc.full_text``) as the normalize stage left it.

:func:`featurize_batch` produces exactly the matrix of
:func:`resonanz.analysis.features.featurize` (a test checks equality on real posts)
but several times faster. scikit-learn's ``HashingVectorizer`` hashes every
n-gram of every post anew; social-media text repeats the same words endlessly,
so here each word's character n-gram columns are hashed once and remembered (a
bounded cache; a batch's new words are hashed together in one call into
scikit-learn's compiled hasher). Word uni- and bigrams are hashed per batch in
that same compiled call, which is cheaper than looking each one up. The batch's
matrix is then assembled from those columns with a few numpy calls.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

from resonanz.analysis import features as F
from resonanz.analysis.base import Batch

_hashing_transform: Callable[..., Any] | None
try:  # scikit-learn's compiled hasher behind HashingVectorizer (private, so optional)
    from sklearn.feature_extraction._hashing_fast import transform as _sk_hash

    _hashing_transform = _sk_hash
except ImportError:  # pragma: no cover - layout changed: hash n-gram by n-gram
    _hashing_transform = None

#: Posts longer than this are featurized on their first characters only: the
#: classifiers were trained on comments, and a 5 MB post must not stall a batch.
MAX_CHARS = 20_000
#: cache size (words); once full, new words are hashed but no longer kept, so the
#: frequent ones (met early) stay cached and memory stays bounded
MAX_CACHED = 300_000

_CHAR_MIN, _CHAR_MAX = 2, 5
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


def _hash_many(groups: list[list[str]], n_features: int) -> tuple[np.ndarray, np.ndarray]:
    """Columns of every string of every group (flat) and the group boundaries.

    One call into scikit-learn's compiled hasher (the one ``HashingVectorizer``
    uses, so the columns are the same as :func:`_column`'s) instead of one Python
    call per n-gram.
    """
    if _hashing_transform is None:
        cols = [_column(g, n_features) for grp in groups for g in grp]
        ptr = np.cumsum([0] + [len(grp) for grp in groups])
        return np.array(cols, dtype=np.int32), ptr
    indices, indptr, _ = _hashing_transform(
        (zip(grp, itertools.repeat(1)) for grp in groups), n_features, np.float32, False, 0
    )
    return np.asarray(indices, dtype=np.int32), np.asarray(indptr)


def _batch_char_ngrams(words: list[str]) -> tuple[list[str], np.ndarray]:
    """Every ``char_wb`` 2-5-gram of every word (each word's n-grams as a multiset,
    not in :func:`_char_ngrams`' order) and the index of the word each came from.

    The padded words are laid end to end in one string; the n-grams of length
    ``n`` start at every offset of a padded word that leaves ``n`` characters of
    it, so one slicing pass per ``n`` yields them all. (A padded word is at
    least 3 characters long, so every ``n`` up to its length occurs.)
    """
    joined = "".join(" " + w + " " for w in words)
    sizes = np.fromiter((len(w) + 2 for w in words), dtype=np.int64, count=len(words))
    offsets = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    grams: list[str] = []
    owners: list[np.ndarray] = []
    for n in range(_CHAR_MIN, _CHAR_MAX + 1):
        per_word = np.maximum(sizes - n + 1, 0)
        total = int(per_word.sum())
        if not total:
            break
        owner = np.repeat(np.arange(len(words)), per_word)
        starts = np.arange(total) - np.repeat(np.cumsum(per_word) - per_word, per_word)
        starts += offsets[owner]
        grams.extend([joined[i : i + n] for i in starts.tolist()])
        owners.append(owner)
    return grams, np.concatenate(owners)


def _learn_words(words: dict[str, None]) -> dict[str, np.ndarray]:
    """Character n-gram columns of words not cached yet (cached while there is room).

    A word's columns are summed into counts later, so their order does not matter:
    all n-grams of the batch's new words are cut and hashed at once.
    """
    if not words:
        return {}
    todo = list(words)
    grams, owner = _batch_char_ngrams(todo)
    flat, _ = _hash_many([grams], F.N_CHAR)
    order = np.argsort(owner, kind="stable")
    flat = flat[order]
    ptr = np.searchsorted(owner[order], np.arange(len(todo) + 1))
    out = {w: flat[ptr[k] : ptr[k + 1]] for k, w in enumerate(todo)}
    room = MAX_CACHED - len(_char_cols)
    if room > 0:
        _char_cols.update(itertools.islice(out.items(), room))
    return out


def featurize_batch(texts: Sequence[str]) -> sp.csr_matrix:
    """Same result as :func:`resonanz.analysis.features.featurize`, computed faster."""
    char_get = _char_cols.get
    feat_lists: list[list[str]] = []
    word_lists: list[list[str]] = []
    new_words: dict[str, None] = {}
    for text in texts:
        norm = F.normalize_for_features(text or "")
        toks = F._tokens(norm)
        feat_lists.append(toks + [a + " " + b for a, b in pairwise(toks)])
        words = norm.split()
        word_lists.append(words)
        for w in words:
            if w not in _char_cols:
                new_words[w] = None
    # word uni-/bigrams: hashing them all in compiled code beats a cache lookup each
    word_cols, word_ptr = _hash_many(feat_lists, F.N_WORD)
    fresh_words = _learn_words(new_words)

    char_parts: list[np.ndarray] = []
    char_ptr = [0]
    char_total = 0
    for words in word_lists:
        parts = [p if (p := char_get(w)) is not None else fresh_words[w] for w in words]
        char_parts.extend(parts)
        char_total += sum(map(len, parts))
        char_ptr.append(char_total)
    words_m = _counts(word_cols, word_ptr, F.N_WORD)
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
