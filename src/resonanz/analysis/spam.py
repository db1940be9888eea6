"""Stage ``spam``: spam score of a post (channel plugs, scams, link drops, copy-paste bots).

Two parts, combined by taking the larger score:

1. **Cheap signals, every platform** (:mod:`resonanz.analysis.spam_signals`): a
   channel/self-promotion plug ("check out my channel", "sub4sub", "schaut auf
   meinem Kanal vorbei"), a post that is only a link to a shortener or a
   spam-favoured domain, or the same text posted by at least three authors in one
   batch. Each gives :data:`SIGNAL_SCORE`. A promotion plug
   inside a long-form post of the author's own (an article, video description or
   Reddit submission over :data:`SHORT_CHARS` characters) does not count: a
   blogger pointing to her Instagram is not spamming her own blog.
2. **The model ``spam``, only where it was trained**: YouTube comments and replies
   (:func:`model_applies`; plain texts without a platform are taken as comments).
   A logistic regression over the shared feature rows plus six surface cues
   (:func:`cues`: any link incl. bare domains, link-only, promotion plug, upper-case
   share, exclamation marks, digit share; no text length). Trained on the YouTube
   Spam Collection plus legitimate German comments and English customer tweets as
   extra non-spam (see ``training/spam.py``), Platt-calibrated on the YouTube
   comments (folded into the weights).

   Length: in the YouTube data 127 of the 134 comments over 300 characters are spam,
   so the model learnt "long = spam", which is false for reviews under beauty videos.
   A comment over :data:`LONG_CHARS` characters therefore counts as spam by the model
   only when it carries a link or a promotion plug (:func:`length_guard`; otherwise
   its model score is capped at :data:`LONG_CAP`).

Other platforms (tweets, Reddit, Mastodon, feeds, forum comments, short or long) get
the cheap signals only: on tweets addressed to airlines the model alone flagged 45 %
of legitimate posts, and nothing in the training data tells spam from ham there.
A post no signal fires on (and the model does not see) scores ``0.0``; empty posts
get ``None``. The stored value is a score, a post counts as spam from
:attr:`SpamStage.threshold`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np
import scipy.sparse as sp

from resonanz.analysis.base import Batch, Doc
from resonanz.analysis.charcount import letter_counts
from resonanz.analysis.features import featurize
from resonanz.analysis.linear import LinearModel, shipped
from resonanz.analysis.normalize import clean
from resonanz.analysis.spam_signals import SIGNAL_CHARS, Signals, repeated_flags, signals

MODEL_NAME = "spam"
CUES_VERSION = "spam-cues-v2"
N_CUES = 6
#: where the model was trained: (platform, kinds); ``None`` platform = plain text
MODEL_PLATFORMS = frozenset({"youtube"})
MODEL_KINDS = frozenset({"comment", "reply"})
#: score of a post a cheap signal marks as spam
SIGNAL_SCORE = 0.95
#: long-form kinds written by the author for their own page
LONG_FORM_KINDS = frozenset({"article", "video", "submission", "post"})
SHORT_CHARS = 280
#: a video's own description or a blog article: the author plugging their own channels there
#: ("Follow me on Instagram for more!") is never spam, however short
OWN_PAGE_KINDS = frozenset({"video", "article"})
#: a YouTube comment longer than this counts as spam by the model only with a link or plug
LONG_CHARS = 300
#: the model score such a long comment keeps at most (below every threshold)
LONG_CAP = 0.15


def cues(text: str, found: Signals | None = None) -> list[float]:
    """Six surface cues of ``text``, each in [0, 1] (see the module doc)."""
    head = (text or "")[:SIGNAL_CHARS]
    sig = found if found is not None else signals(head)
    n = max(len(head), 1)
    letters, upper, digits = letter_counts(head)
    return [
        float(sig.link),
        float(sig.link_only),
        float(sig.promo),
        upper / letters if letters else 0.0,
        min(head.count("!"), 10) / 10.0,
        digits / n,
    ]


def cue_matrix(texts: Sequence[str], found: Sequence[Signals] | None = None) -> np.ndarray:
    """``(len(texts), N_CUES)`` array of :func:`cues` (``found``: the texts' signals,
    when the caller has them already)."""
    rows = [cues(t, found[i] if found is not None else None) for i, t in enumerate(texts)]
    return np.array(rows, dtype=np.float64).reshape(len(texts), N_CUES)


def spam_probability(
    model: LinearModel,
    x: sp.csr_matrix,
    texts: Sequence[str],
    found: Sequence[Signals] | None = None,
) -> np.ndarray:
    """The model's calibrated spam probability per row of ``x`` (one per text)."""
    z = model.scores(x)[:, 0]
    z = z + float(model.intercept[0])
    weights = np.asarray(model.meta.get("cue_coef", []), dtype=np.float64)
    if weights.size:
        z = z + cue_matrix(texts, found) @ weights
    out: np.ndarray = 1.0 / (1.0 + np.exp(-z / model.temperature))
    return out


def model_applies(platform: str | None, kind: str | None) -> bool:
    """Whether the model may score a post: YouTube comments/replies, or plain text."""
    if platform is None:
        return True
    return platform in MODEL_PLATFORMS and (kind is None or kind in MODEL_KINDS)


def length_guard(prob: float, text: str, found: Signals) -> float:
    """The model score of a comment after the length rule (see :data:`LONG_CHARS`) and the
    viewer rule: a comment whose links all go to shops or reference sites, or that says why
    its author subscribed, is capped like a long one unless it carries a plug (the 2013
    training comments had no such legitimate comments, so the model's link and
    "subscribe" cues say "spam")."""
    if len(text) > LONG_CHARS and not (found.link or found.promo):
        return min(prob, LONG_CAP)
    if found.viewer_note and not found.promo:
        return min(prob, LONG_CAP)
    return prob


def signal_fires(found: Signals, kind: str | None, length: int) -> bool:
    """Whether the cheap signals mark a post of ``kind`` and ``length`` as spam."""
    if found.suspicious_link:
        return True
    own_long_form = kind in OWN_PAGE_KINDS or (kind in LONG_FORM_KINDS and length > SHORT_CHARS)
    return found.promo and not own_long_form


class SpamStage:
    """Sets ``doc.spam`` to the spam score of each post with text."""

    name: ClassVar[str] = "spam"
    version: ClassVar[str] = f"2+{CUES_VERSION}"
    requires: ClassVar[tuple[str, ...]] = ("features",)
    provides: ClassVar[tuple[str, ...]] = ("spam",)

    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model if model is not None else shipped(MODEL_NAME)

    @property
    def threshold(self) -> float:
        """Score from which a post counts as spam (tuned by cross-validation)."""
        thr = self.model.threshold
        return float(thr[0]) if thr is not None and len(thr) else 0.5

    def analyze(self, batch: Batch) -> None:
        rows = [i for i, d in enumerate(batch.docs) if d.full_text.strip()]
        if not rows:
            return
        docs = [batch.docs[i] for i in rows]
        texts = [d.full_text for d in docs]
        found = [signals(t) for t in texts]
        repeated = repeated_flags(texts, [d.author for d in docs])
        scores = [
            SIGNAL_SCORE if rep or signal_fires(sig, d.kind, len(t)) else 0.0
            for d, t, sig, rep in zip(docs, texts, found, repeated, strict=True)
        ]
        scored = [j for j, d in enumerate(docs) if model_applies(d.platform, d.kind)]
        if scored:
            if batch.features is None:
                batch.features = featurize([clean(d.full_text) for d in batch.docs])
            x = batch.features[[rows[j] for j in scored]]
            probs = spam_probability(
                self.model, x, [texts[j] for j in scored], [found[j] for j in scored]
            )
            for j, p in zip(scored, probs, strict=True):
                scores[j] = max(scores[j], length_guard(float(p), texts[j], found[j]))
        for d, s in zip(docs, scores, strict=True):
            d.spam = s

    def predict_texts(
        self,
        texts: Sequence[str],
        platform: str | None = "youtube",
        kind: str | None = "comment",
    ) -> list[float | None]:
        """Spam scores of plain texts, taken as ``platform`` posts of ``kind``."""
        docs = [Doc(key=i, text=t, platform=platform, kind=kind) for i, t in enumerate(texts)]
        self.analyze(Batch(docs, featurize([clean(t) for t in texts])))
        return [d.spam for d in docs]
