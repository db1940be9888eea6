"""Stage ``spam``: probability that a comment is spam (self-promotion, scams, link drops).

Model ``spam`` (trained on the YouTube Spam Collection, English): a logistic
regression over the shared feature rows plus five cheap surface cues computed
from the raw text at prediction time (:func:`cues`): a link of any form (the shared
featurizer only sees ``http(s)://``/``www.`` links, spammers write "murdev.com"),
length, share of upper-case letters, exclamation marks, share of digits. The cue
weights live in the artifact's ``meta["cue_coef"]``; Platt calibration is folded
into the weights, so the output is a calibrated probability.

Languages: the stage scores every post that has text, whatever its language. Spam
is carried mostly by language-independent signals (links, channel plugs, shouting,
character n-grams of "subscribe"/"check out"/"sub4sub"), and a spam flag is useful
on German comments too; precision outside English is lower and untested, so the
pipeline treats ``spam`` as a soft score, not a verdict. Empty posts get ``None``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import LinearModel, shipped
from resonanz.analysis.normalize import clean

MODEL_NAME = "spam"
CUES_VERSION = "spam-cues-v1"

_LINK = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|net|org|info|ly|co|tk|ru|de|us|biz|me|tv)\b",
    re.IGNORECASE,
)
#: cues look at the first characters only: enough for a comment, bounded for a 5 MB post
_CUE_CHARS = 5_000


def cues(text: str) -> list[float]:
    """Five surface cues of ``text``, each roughly in [0, 1]."""
    head = (text or "")[:_CUE_CHARS]
    n = max(len(head), 1)
    letters = upper = digits = 0
    for ch in head:
        if ch.isalpha():
            letters += 1
            upper += ch.isupper()
        elif ch.isdigit():
            digits += 1
    return [
        1.0 if _LINK.search(head) else 0.0,
        math.log1p(len(text or "")) / 5.0,
        upper / letters if letters else 0.0,
        min(head.count("!"), 10) / 10.0,
        digits / n,
    ]


def cue_matrix(texts: Sequence[str]) -> np.ndarray:
    """``(len(texts), 5)`` array of :func:`cues`."""
    return np.array([cues(t) for t in texts], dtype=np.float64).reshape(len(texts), 5)


def spam_probability(model: LinearModel, x: sp.csr_matrix, texts: Sequence[str]) -> np.ndarray:
    """Calibrated spam probability per row of the shared features ``x`` (one per text)."""
    z = sp.csr_matrix(x @ model.coef.T).toarray()[:, 0].astype(np.float64)
    z = z + float(model.intercept[0])
    weights = np.asarray(model.meta.get("cue_coef", []), dtype=np.float64)
    if weights.size:
        z = z + cue_matrix(texts) @ weights
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z / model.temperature))
    return out


class SpamStage:
    """Sets ``doc.spam`` to the calibrated spam probability of each post with text."""

    name: ClassVar[str] = "spam"
    version: ClassVar[str] = f"1+{CUES_VERSION}"
    requires: ClassVar[tuple[str, ...]] = ("features",)
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model if model is not None else shipped(MODEL_NAME)

    @property
    def threshold(self) -> float:
        """Probability from which a post counts as spam (tuned by cross-validation)."""
        thr = self.model.threshold
        return float(thr[0]) if thr is not None and len(thr) else 0.5

    def analyze(self, batch: Batch) -> None:
        rows = [i for i, d in enumerate(batch.docs) if d.full_text.strip()]
        if not rows:
            return
        if batch.features is None:
            batch.features = featurize([clean(d.full_text) for d in batch.docs])
        texts = [batch.docs[i].full_text for i in rows]
        probs = spam_probability(self.model, batch.features[rows], texts)
        for i, p in zip(rows, probs, strict=True):
            batch.docs[i].spam = float(p)

    def predict_texts(self, texts: Sequence[str]) -> list[float | None]:
        """Spam probabilities of plain texts (``None`` for empty ones)."""
        docs = [Doc(key=i, text=t) for i, t in enumerate(texts)]
        self.analyze(Batch(docs, featurize([clean(t) for t in texts])))
        return [d.spam for d in docs]
