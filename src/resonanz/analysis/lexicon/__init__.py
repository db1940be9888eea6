"""Sentiment lexicons whose licence allows shipping them (VADER, MIT).

The lexicon serves as a *prior* for the English sentiment model: training adds
the lexicon's valence as extra directions in the shared hashed feature space (see
:func:`valence_directions`). Because those directions are linear in the shared
features, their learned weights fold back into the model's ordinary coefficients,
so prediction needs nothing but the shared feature rows.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from resonanz.analysis.features import N_FEATURES, N_WORD

HERE = Path(__file__).resolve().parent
VADER_FILE = HERE / "vader_lexicon.txt"

#: Words that flip the polarity of the next word ("not bad", "never good").
#: Kept short on purpose: every (negator, word) pair is one more hashed bigram
#: column, and many of them would collide with unrelated n-grams.
NEGATORS = ("not", "no", "never", "don't", "didn't", "isn't", "wasn't", "can't", "won't")


@cache
def vader_valences() -> dict[str, float]:
    """Token -> mean valence (about -4 .. +4) from the bundled VADER lexicon."""
    out: dict[str, float] = {}
    for line in VADER_FILE.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2:
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return out


def word_columns(tokens: list[str]) -> np.ndarray:
    """Column of each word-block n-gram string ("good", "not good") in the shared space."""
    hasher = HashingVectorizer(
        n_features=N_WORD, analyzer=_identity, alternate_sign=False, norm=None
    )
    m = hasher.transform(tokens).tocsr()
    return np.asarray(m.indices, dtype=np.int64)


def _identity(token: str) -> list[str]:
    return [token]


def valence_directions(min_abs: float = 0.5, negated: bool = True) -> sp.csr_matrix:
    """``(N_FEATURES, k)`` matrix: positive valence, negative valence[, negated valence].

    Column 0 puts each positive lexicon word's valence on its unigram column, column 1
    the negative words'; with ``negated``, column 2 puts ``-valence`` on the bigram
    "<negator> <word>" for strong words (|valence| >= 2), where the negation flips
    the meaning. Words below ``min_abs`` are left out as noise.
    """
    lex = {w: v for w, v in vader_valences().items() if abs(v) >= min_abs and " " not in w}
    words = sorted(lex)
    cols = word_columns(words)
    vals = np.array([lex[w] for w in words])
    rows_i: list[np.ndarray] = [cols[vals > 0], cols[vals < 0]]
    data: list[np.ndarray] = [vals[vals > 0], vals[vals < 0]]
    if negated:
        strong = [w for w in words if abs(lex[w]) >= 2.0]
        bigrams = [f"{n} {w}" for w in strong for n in NEGATORS]
        rows_i.append(word_columns(bigrams))
        data.append(np.array([-lex[w] for w in strong for _ in NEGATORS]))
    row = np.concatenate(rows_i)
    col = np.concatenate([np.full(len(r), j) for j, r in enumerate(rows_i)])
    mat = sp.coo_matrix(
        (np.concatenate(data), (row, col)), shape=(N_FEATURES, len(rows_i)), dtype=np.float64
    )
    return mat.tocsr()
