"""The one shared featurizer: word + character n-grams, computed once per post.

Every shipped classifier is a linear model over this feature space, so the
pipeline featurizes a batch ONCE and hands the same sparse matrix to all of them.
The featurizer is stateless (feature hashing): nothing to fit, nothing to ship,
identical at training and prediction time.

Layout of a row (``N_WORD + N_CHAR`` columns):
* word uni- and bigrams over a normalized token stream (lower-cased, URLs,
  @handles and numbers replaced by placeholders, emoji kept as tokens),
  sublinear tf, L2-normalized;
* character 2-5-grams inside word boundaries, sublinear tf, L2-normalized.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

FEATURIZER_VERSION = "hash-w12-c25-v1"
N_WORD = 2**18
N_CHAR = 2**18
N_FEATURES = N_WORD + N_CHAR

_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_HANDLE = re.compile(r"@\w+")
_NUM = re.compile(r"\d+([.,]\d+)?")
_REPEAT = re.compile(r"(.)\1{3,}")
_TOKEN = re.compile(r"#?\w+(?:['’]\w+)?|[^\w\s]", re.UNICODE)


def normalize_for_features(text: str) -> str:
    """NFC, lower-case, placeholders for URLs/handles/numbers, squeeze long repeats."""
    text = unicodedata.normalize("NFC", text).lower()
    text = _URL.sub(" xurlx ", text)
    text = _HANDLE.sub(" xuserx ", text)
    text = _NUM.sub(" 0 ", text)
    return _REPEAT.sub(r"\1\1\1", text)


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _word_bigrams(text: str) -> list[str]:
    toks = _tokens(text)
    return toks + [a + " " + b for a, b in itertools.pairwise(toks)]


_WORD = HashingVectorizer(
    n_features=N_WORD,
    analyzer=_word_bigrams,
    alternate_sign=False,
    norm=None,
    dtype=np.float32,
)
_CHAR = HashingVectorizer(
    n_features=N_CHAR,
    analyzer="char_wb",
    ngram_range=(2, 5),
    alternate_sign=False,
    norm=None,
    lowercase=False,
    dtype=np.float32,
)


def _sublinear_l2(m: sp.csr_matrix) -> sp.csr_matrix:
    """``log1p`` of the counts, each row scaled to unit L2 norm.

    The rows come out as ``diags(1 / norms) @ m`` has always left them (the
    shipped feature matrices are byte for byte what they were): the same float32
    products, each row's columns in reverse order. Computed with numpy instead
    of a sparse product.
    """
    m.data = np.log1p(m.data, dtype=np.float32)
    sq = np.asarray(m.multiply(m).sum(axis=1), dtype=np.float32).ravel()
    norms = np.sqrt(sq)
    norms[norms == 0] = 1.0
    lengths = np.diff(m.indptr)
    # the k-th entry of a row [a, b) comes from position b - 1 - (k - a)
    reverse = np.repeat(m.indptr[:-1] + m.indptr[1:] - 1, lengths) - np.arange(m.nnz)
    data = m.data * np.repeat((1.0 / norms).astype(np.float32), lengths)
    return sp.csr_matrix((data[reverse], m.indices[reverse], m.indptr.copy()), shape=m.shape)


def featurize(texts: Sequence[str]) -> sp.csr_matrix:
    """Sparse float32 matrix of shape ``(len(texts), N_FEATURES)``."""
    norm = [normalize_for_features(t or "") for t in texts]
    words = _sublinear_l2(_WORD.transform(norm))
    chars = _sublinear_l2(_CHAR.transform(norm))
    return sp.hstack([words, chars], format="csr", dtype=np.float32)
