"""From sentence sentiment to post sentiment: the documented aggregation rule.

Classifiers trained on tweets read a long post as a blur: its L2-normalized
n-grams spread over hundreds of columns, every decision value shrinks toward the
intercept and the post comes out with the corpus' majority class (neutral for
German, negative for the airline tweets). Long posts are therefore read sentence
by sentence and the post's distribution is pooled from the sentences.

The rule (:func:`pool`), for a post with sentences ``i`` whose calibrated
distributions are ``p_i``:

1. A sentence whose most probable class is ``neutral`` (or ``mixed``) carries no
   vote ("Ich habe sie bei dm gekauft."): it is ignored. A greeting or sign-off of a
   few words (:data:`GREETING`: "Hallo ihr Lieben!", "Liebe Grüße"), which the
   tweet-trained models read as praise, votes with ``greeting_weight`` (0 in the
   product rule: no vote).
2. Every other sentence votes with its whole distribution ``p_i``, weighted by its
   confidence ``1 - p_i(neutral)`` and by its position: the last sentence (the
   verdict of a review, "Fazit: ...") weighs :attr:`Pooling.last_weight`, the
   first (title or opening line) :attr:`Pooling.first_weight`, the others 1.
3. The post's distribution is proportional to
   ``doc_weight * p_doc + sum_i w_i * p_i + neutral_prior * e_neutral``, where
   ``p_doc`` is the document-level distribution of the whole post and
   ``e_neutral`` puts all mass on ``neutral``: a post needs a few confident
   opinion sentences to leave neutral, and with no opinion sentence at all it
   stays (mostly) neutral.

4. Story arc (``arc``): position weights rise linearly through the post, from 1 at
   the first sentence to ``1 + arc`` at the last (before the first/last factors):
   a review or success story tells the problem first and the verdict last ("I
   struggled with acne for years ... now my skin is clear, thank you").
5. Verdict sentences ("Fazit", "unterm Strich", "alles in allem", "overall",
   "bottom line", "all in all" ...: :data:`VERDICT`) weigh ``verdict_weight`` more.
6. Weak opinions do not vote (``vote_margin``): a sentence votes only when its most
   likely polar class leads ``neutral`` by at least the margin. Long how-to, routine
   and question posts are full of sentences the tweet-trained models read as barely
   polar ("Ein weiterer Trend sind getönte Sonnenschutzprodukte …" 0.44 negative /
   0.33 neutral, "Danke schon mal für eure Antworten!" 0.42 positive / 0.36 neutral);
   without the margin one or two of them outvote nothing and the post leaves neutral.
7. Backstory before a turn (``backstory_weight``): when a sentence after the first
   opens with a turning point (:data:`TURN`: "Aber", "Doch", "Umso", "Und dann",
   "Diese hier", "Seitdem", "Inzwischen", "Endlich", "Nach zwei Wochen", "But",
   "Now" ...), the sentences before it weigh ``backstory_weight``: they tell what the
   author had before ("Zu weiß, zu klebrig, brennt in den Augen" about every other
   sunscreen; "Ich habe das Öl jahrelang geliebt" before a reformulation).

Short posts (at most :attr:`Pooling.min_chars` characters, or one sentence) keep
the document-level distribution: that is what the models were trained on. The
parameters are chosen by cross-validation on the long training posts (see the
model card) and stored in the model's ``meta["pooling"]``; a model without them
is not pooled.

The product's general heads read user posts (reviews, blog and forum stories), not the
news comments the CV rule was tuned on: :data:`PRODUCT_RULE` (``Pooling.for_product``)
replaces the stored weights for them (keeping the model's ``min_chars``). It was chosen
on the written development posts ``tests/fixtures/written_posts/sent.jsonl`` (37 long
German and English posts) from a small grid and checked on the independent holdout
``tests/fixtures/written_posts_holdout/sentiment.jsonl`` (see docs/models.md). Compared
with the news rule it lets the whole-post reading count less (``doc_weight`` 0.5), drops
the neutral prior (a post with opinion sentences leaves neutral) and follows the arc.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

#: classes that never vote (rule 1)
NON_VOTING = frozenset(["neutral", "mixed"])
#: verdict markers of reviews and stories (rule 5)
VERDICT = re.compile(
    r"\b(?:fazit|unterm strich|alles in allem|insgesamt|mein urteil|kurz gesagt|zusammengefasst|"
    r"abschließend|tl;?dr|bottom line|overall|verdict|all in all|in short|long story short|"
    r"in summary)\b",
    re.IGNORECASE,
)
#: a sentence that is only a greeting or sign-off (rule 1)
GREETING = re.compile(
    r"^\W*(?:hallo|hi|hey|huhu|servus|moin|hello|liebe grüße|viele grüße|lg|xoxo)\b"
    r"(?:\W+\w+){0,3}\W*$",
    re.IGNORECASE,
)
#: a sentence opening with a turning point of a story (rule 7)
TURN = re.compile(
    r"^\W*(?:aber|doch|jedoch|allerdings|umso|und dann|dann das|bis ich|erst als|"
    r"(?:dies(?:e|es|er)?|die|der|das) (?:hier|neue)\b|seit(?:dem| ich| \w+ (?:wochen|monaten|tagen))|"
    r"inzwischen|mittlerweile|endlich|"
    r"nach (?:\w+ )?(?:einer|ein paar|zwei|drei|vier|wenigen|einigen) (?:woche|tag|monat)|"
    r"nach deinem|heute|but|then|now|until|since)\b",
    re.IGNORECASE,
)


def turn_index(sentence_texts: Sequence[str]) -> int | None:
    """Index of the first sentence after the first that opens with a turning point."""
    for i, text in enumerate(sentence_texts):
        if i and TURN.search(text.strip()):
            return i
    return None


@dataclass(frozen=True, slots=True)
class Pooling:
    """Parameters of the sentence-pooling rule (see the module docstring)."""

    min_chars: int = 200
    doc_weight: float = 1.0
    neutral_prior: float = 0.5
    first_weight: float = 1.0
    last_weight: float = 1.5
    arc: float = 0.0
    verdict_weight: float = 1.0
    vote_margin: float = 0.0
    backstory_weight: float = 1.0
    greeting_weight: float = 1.0

    @classmethod
    def from_meta(cls, meta: Mapping[str, Any]) -> Pooling | None:
        """The model's pooling rule; None for a model trained without one (no pooling)."""
        raw = meta.get("pooling")
        if not isinstance(raw, Mapping):
            return None
        known = {k: raw[k] for k in cls.__dataclass_fields__ if k in raw}
        return cls(**known)

    @classmethod
    def for_product(cls, meta: Mapping[str, Any]) -> Pooling | None:
        """:data:`PRODUCT_RULE` with the model's ``min_chars``; None for an unpooled model."""
        stored = cls.from_meta(meta)
        if stored is None:
            return None
        return cls(**{**asdict(PRODUCT_RULE), "min_chars": stored.min_chars})

    def as_meta(self) -> dict[str, float]:
        return {k: float(v) for k, v in asdict(self).items()}

    def applies(self, text_length: int, n_sentences: int) -> bool:
        """Whether a post of this length and sentence count is read sentence by sentence."""
        return text_length > self.min_chars and n_sentences >= 2


def pool(
    doc_probs: np.ndarray,
    sentence_probs: np.ndarray,
    classes: Sequence[str],
    rule: Pooling,
    sentence_texts: Sequence[str] | None = None,
) -> np.ndarray:
    """The post's distribution from its own and its sentences' distributions (rules 1-5;
    verdict markers need ``sentence_texts``)."""
    doc = np.asarray(doc_probs, dtype=np.float64)
    sents = np.asarray(sentence_probs, dtype=np.float64).reshape(-1, len(classes))
    if "neutral" not in classes:
        raise ValueError("pooling needs a 'neutral' class")
    neutral = list(classes).index("neutral")
    voting = np.array([c not in NON_VOTING for c in classes])
    total = rule.doc_weight * doc
    total[neutral] += rule.neutral_prior
    n = len(sents)
    if n:
        position = 1.0 + rule.arc * np.arange(n) / max(n - 1, 1)
        if n > 1:
            position[0] *= rule.first_weight
            position[-1] *= rule.last_weight
        else:
            position[0] = max(rule.first_weight, rule.last_weight)
        if sentence_texts is not None and rule.verdict_weight != 1.0:
            position *= [
                rule.verdict_weight if VERDICT.search(t) else 1.0 for t in sentence_texts[:n]
            ]
        if sentence_texts is not None and rule.backstory_weight != 1.0:
            turn = turn_index(sentence_texts[:n])
            if turn is not None:
                position[:turn] *= rule.backstory_weight
        votes = voting[sents.argmax(axis=1)]
        if sentence_texts is not None and rule.greeting_weight != 1.0:
            position *= [
                rule.greeting_weight if GREETING.search(t) else 1.0 for t in sentence_texts[:n]
            ]
        if rule.vote_margin:
            polar = np.where(voting, sents, 0.0).max(axis=1)
            votes &= polar - sents[:, neutral] >= rule.vote_margin
        weight = position * (1.0 - sents[:, neutral]) * votes
        total = total + weight @ sents
    out: np.ndarray = total / max(float(total.sum()), 1e-12)
    return out


#: the rule of the general heads on user posts (module docstring); on the written dev
#: posts it raised long-post accuracy from 0.56 to 0.72 (German, 25 posts) and from 0.58
#: to 0.75 (English, 12 posts); the verdict weight made no difference there (few
#: markers) and is kept at a modest 2 by design. The vote margin (rule 6) was chosen on
#: the written dev and tuning posts (109 German, 79 of them pooled; margin 0 / 0.1 / 0.2 /
#: 0.25 / 0.3 / 0.4 / 0.5: 86 / 86 / 87 / 88 / 88 / 85 / 83 correct), never on the holdout;
#: the backstory weight (rule 7) on the same posts after the margin (1 / 0.7 / 0.5 / 0.3 /
#: 0.1: 88 / 89 / 89 / 90 / 90; 25 of the 79 pooled posts have a turn)
PRODUCT_RULE = Pooling(
    doc_weight=0.5,
    neutral_prior=0.0,
    first_weight=1.0,
    last_weight=3.0,
    arc=3.0,
    verdict_weight=2.0,
    vote_margin=0.25,
    backstory_weight=0.3,
    greeting_weight=0.0,
)
