"""Sentiment toward each brand a post names (target-dependent sentiment).

A post that names several brands rarely means them all the same way: "tried
garnier before and hated it ... Loreal?" criticises Garnier and asks about
L'Oréal. This stage gives every brand of a post its own polarity
(:class:`~resonanz.analysis.base.BrandSentiment`), read from the sentences about
that brand, and the polarity of each aspect toward each brand.

The rule, per post (sentences from :meth:`Doc.sentence_spans`):

0. **Tone of a sentence.** ``v = p(positive) - p(negative)`` of the sentence
   model, plus :data:`CUE` times the intent stage's praise/complaint cues in the
   sentence (:func:`cue_value`: "Hammer", "enttäuscht", "waste", 😍 ...; a cue
   right after a negation does not count), clipped to [-1, 1]. A question
   ("Loreal?") counts a quarter: asking about a brand is no verdict on it.
1. **Which sentences are about a brand.** A sentence naming the brand counts with
   weight 1. A following sentence that names no brand continues the last brand
   named (weight 0.7, then 0.49, ...): "Garnier hab ich probiert. Hat gebrannt."
   In a post naming one brand, sentences before the first mention count too
   (weight 0.5).
2. **Comparisons.** Cues relate two brands and add evidence (weight 1.5, value
   ±0.8) for the winner and against the loser: "A besser als B" / "A better
   than B" (the brand after "als"/"than" loses; "schlechter"/"worse" the other
   way round), "A statt B" / "instead of B" / "rather than B" (B loses),
   "von B auf A umgestiegen" / "switched from B to A" (B loses), and
   "früher/before/used to ... B", "jetzt/now/mittlerweile ... A" (the brand of
   the past loses, the one of the present wins). A question ("Which is better,
   A or B?") compares nothing. The tone of a comparison sentence belongs to the
   brand it favours (a negative tone to the loser, otherwise the winner), and
   the next sentences continue that brand.
3. **Contrast.** A sentence about brand B with "hingegen", "dagegen", "on the
   other hand", "unlike", "whereas" ... mirrors the clear tone of the last
   sentence about another brand ("Catrice war fleckig. L'Oréal hingegen ...").
4. **Verdict.** ``s`` = weighted mean of the evidence; positive above
   :data:`THRESHOLD`, negative below ``-THRESHOLD``, else neutral. A post naming
   one brand whose sentences give no verdict falls back to the post's sentiment
   (method ``post``), so single-brand figures keep the post-level model's view
   where the sentences say nothing.
5. **Aspects** (posts naming several brands): an aspect whose evidence lies in a
   sentence about brand B takes that sentence's polarity toward B (the GermEval
   aspect categories found by the aspect stage, read per sentence); otherwise it
   takes the brand's overall polarity. Posts naming one brand keep the aspect
   stage's polarities (no extra rows).

Sentence polarities come from
:func:`~resonanz.analysis.sentiment.sentence_polarities_many`: the sentiment
stage's own per-sentence reading where it kept one (long posts); a post that is
one sentence takes the post's own sentiment (already computed); else the
sentences of all posts of one language in a batch scored together (one feature
matrix, one model call); posts naming no brand cost nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import ClassVar

from resonanz.analysis import intent_rules as rules
from resonanz.analysis.base import (
    Batch,
    BrandSentiment,
    Doc,
    SentenceSentiment,
    Sentiment,
    Span,
)
from resonanz.analysis.sentiment import MODELS, NEGATORS, sentence_polarities_many

#: |weighted mean| above which a brand's polarity is positive or negative
THRESHOLD = 0.15
#: weight of a sentence continuing the last brand named, multiplied per sentence
CARRY = 0.7
#: weight of the sentences before the first mention (posts naming one brand)
LEADING = 0.5
#: share of a question's value that counts
QUESTION = 1 / 4
#: weight and value of one comparative cue
CUE_WEIGHT = 1.5
CUE_VALUE = 0.8

#: scores the sentences of many posts: per post, one result per sentence of
#: :meth:`Doc.sentence_spans` (the sentiment stage's per-sentence reading)
#: weight of the intent stage's praise/complaint cues in a sentence's tone
CUE = 0.5


def _clip(value: float) -> float:
    return max(-1.0, min(1.0, value))


SentenceScorer = Callable[[Sequence[Doc]], list[list[SentenceSentiment]]]


def polarity_value(sentiment: SentenceSentiment | Sentiment | None) -> float:
    """``p(positive) - p(negative)``: -1 (surely negative) .. +1 (surely positive)."""
    if sentiment is None:
        return 0.0
    return sentiment.probs.get("positive", 0.0) - sentiment.probs.get("negative", 0.0)


def cue_value(text: str) -> float:
    """The intent stage's praise and complaint cues in one sentence: +1 praise only,
    -1 complaint only, 0 neither or both (a cue right after a negation does not count)."""
    praise = _cued(rules.PRAISE_WORDS, text) or bool(rules.PRAISE_EMOJI.search(text))
    blame = (
        _cued(rules.PROBLEM_WORDS, text)
        or bool(rules.COMPLAINT_PHRASES.search(text))
        or bool(rules.ANGRY_EMOJI.search(text))
        or bool(rules.SARCASM.search(text))
    )
    return float(praise) - float(blame)


def _cued(pattern: re.Pattern[str], text: str) -> bool:
    return any(not _negated(text, m.start()) for m in pattern.finditer(text))


_FILLERS = frozenset(["so", "too", "zu", "ganz", "gar", "really", "that"])


def _negated(text: str, start: int) -> bool:
    """Whether the word before ``start`` (fillers like "so", "gar" skipped) negates."""
    words = text[max(0, start - 24) : start].lower().split()
    while words and words[-1] in _FILLERS:
        words.pop()
    if not words:
        return False
    last = words[-1].strip(".,;:!?\"'()")
    return last in NEGATORS or last.endswith(("n't", "n’t"))


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


_BETTER = _words(
    "besser",
    "lieber",
    "schöner",
    "angenehmer",
    "überlegen",
    "better",
    "nicer",
    "superior",
    "prefer",
    "preferred",
)
_WORSE = _words("schlechter", "schlimmer", "worse", "inferior")
_THAN = _words("als", "than", "gegenüber", "over")
_INSTEAD = _words(
    "statt",
    "anstatt",
    "anstelle",
    "an stelle",
    "instead of",
    "rather than",
    "in place of",
)
_SWITCH = _words(
    r"umgestiegen",
    r"umsteigen",
    r"gewechselt",
    r"wechsel\w*",
    r"switch\w*",
    r"moved",
    r"went",
)
_FROM = _words("von", "vom", "from")
_CONTRAST = _words(
    "hingegen",
    "dagegen",
    "wohingegen",
    "im gegensatz",
    "on the other hand",
    "in contrast",
    "by contrast",
    "unlike",
    "whereas",
)
_PAST = _words(
    "früher",
    "vorher",
    "damals",
    "bisher",
    "ehemals",
    "used to",
    "previously",
    "formerly",
    "before",
    "back then",
)
_PRESENT = _words(
    "jetzt",
    "nun",
    "mittlerweile",
    "inzwischen",
    "seitdem",
    "seither",
    "now",
    "nowadays",
    "these days",
    "since then",
)


@dataclass
class _Evidence:
    weight: float = 0.0
    total: float = 0.0
    best: tuple[float, Span | None] = (0.0, None)  # |weighted value|, sentence
    cues: int = 0
    direct_statements: int = 0  # sentences naming the brand that are not questions
    sentences: set[int] = field(default_factory=set)

    def add(self, weight: float, value: float, sentence: Span | None) -> None:
        self.weight += weight
        self.total += weight * value
        if abs(weight * value) > self.best[0]:
            self.best = (abs(weight * value), sentence)

    @property
    def mean(self) -> float:
        return self.total / self.weight if self.weight else 0.0


@dataclass
class _Plan:
    """One post's sentences and which brands each is about."""

    doc: Doc
    sentences: list[Span]
    brands: list[str]  # in order of first mention
    #: per sentence: (brand, weight) pairs, and the brands named in it (by position)
    about: list[list[tuple[str, float]]]
    named: list[list[tuple[int, str]]]


def attribute(
    named: Sequence[Sequence[tuple[int, str]]],
    brands: Sequence[str],
    only: dict[int, str] | None = None,
) -> list[list[tuple[str, float]]]:
    """Per sentence, the brands it is about with their weights (rule 1).

    ``only`` names, for some sentences, the one brand their polarity belongs to (a
    comparison sentence: its tone is about the winner or the loser, and a following
    sentence continues that brand).
    """
    only = only or {}
    about: list[list[tuple[str, float]]] = []
    last: str | None = None
    carry = 1.0
    for i, names in enumerate(named):
        if i in only:
            about.append([(only[i], 1.0)])
            last, carry = only[i], 1.0
        elif names:
            about.append([(b, 1.0) for _, b in names])
            last, carry = names[-1][1], 1.0
        elif last is not None:
            carry *= CARRY
            about.append([(last, carry)])
        elif len(brands) == 1:
            about.append([(brands[0], LEADING)])
        else:
            about.append([])
    return about


def _sentence_of(sentences: Sequence[Span], offset: int) -> int:
    for i, sent in enumerate(sentences):
        if offset < sent.end:
            return i
    return len(sentences) - 1


def plan(doc: Doc) -> _Plan | None:
    """Which sentences of ``doc`` are about which brand (``None``: no brand named)."""
    if not doc.mentions:
        return None
    sentences = doc.sentence_spans() or [Span(0, len(doc.full_text), doc.full_text)]
    named: list[list[tuple[int, str]]] = [[] for _ in sentences]
    for m in sorted(doc.mentions, key=lambda m: m.span.start):
        i = _sentence_of(sentences, m.span.start)
        if all(b != m.brand for _, b in named[i]):
            named[i].append((m.span.start, m.brand))
    brands = list(dict.fromkeys(m.brand for m in sorted(doc.mentions, key=lambda m: m.span.start)))
    about = attribute(named, brands)
    return _Plan(doc, sentences, brands, about, named)


def _is_question(sentence: Span) -> bool:
    return sentence.text.rstrip(" \"'“”»«)]").endswith("?")


def _after(pattern: re.Pattern[str], text: str, start: int, end: int) -> int | None:
    """End offset of the first match of ``pattern`` in ``text[start:end]``."""
    found = pattern.search(text, start, end)
    return found.end() if found else None


def comparisons(p: _Plan) -> list[tuple[str, str, int]]:
    """(winner, loser, sentence index) pairs from the comparative cues of a post."""
    text = p.doc.full_text
    out: list[tuple[str, str, int]] = []
    for i, sent in enumerate(p.sentences):
        names = p.named[i]
        if len(names) < 2 or _is_question(sent):  # "Which is better, A or B?" asks
            continue
        for (pos_a, a), (pos_b, b) in pairwise(names):
            pair = _pair_in_sentence(text, sent, pos_a, a, pos_b, b)
            if pair:
                out.append((*pair, i))
    out.extend(_before_now(p))
    return out


def _pair_in_sentence(
    text: str, sent: Span, pos_a: int, a: str, pos_b: int, b: str
) -> tuple[str, str] | None:
    """Winner and loser of two brands named in one sentence (a before b), if a cue says."""
    lo, hi = sent.start, sent.end
    instead = _INSTEAD.search(text, lo, hi)
    if instead:  # the brand right after "statt"/"instead of" loses
        return (a, b) if instead.end() <= pos_b and instead.start() >= pos_a else (b, a)
    better = _BETTER.search(text, lo, hi)
    worse = _WORSE.search(text, lo, hi)
    cue = better or worse
    if cue:
        than = _after(_THAN, text, cue.end(), hi)
        # the brand after "als"/"than" is the one compared against
        against_b = than is None or than <= pos_b
        winner, loser = (a, b) if against_b else (b, a)
        return (winner, loser) if better else (loser, winner)
    switch = _SWITCH.search(text, lo, hi)
    if switch:
        source = _FROM.search(text, lo, hi)
        if source and source.end() <= pos_a:
            return (b, a)  # from a (to b)
        if source and pos_a < source.start() <= pos_b:
            return (a, b)  # switched to a from b
    return None


def _before_now(p: _Plan) -> list[tuple[str, str, int]]:
    """ "früher X ... jetzt Y": the brand of the past loses, the brand of the present wins."""
    text = p.doc.full_text
    past: dict[str, int] = {}
    present: dict[str, int] = {}
    for i, sent in enumerate(p.sentences):
        for pos, brand in p.named[i]:
            marker = _nearest_marker(text, sent.start, pos)
            if marker == "past":
                past.setdefault(brand, i)
            elif marker == "present":
                present.setdefault(brand, i)
    out = []
    for old, i in past.items():
        for new, j in present.items():
            if old != new and old not in present and new not in past and j >= i:
                out.append((new, old, j))
    return out


def _nearest_marker(text: str, start: int, pos: int) -> str | None:
    """Whether the closest time marker before ``pos`` in its sentence is past or present."""
    best: tuple[int, str] | None = None
    for kind, pattern in (("past", _PAST), ("present", _PRESENT)):
        for found in pattern.finditer(text, start, pos):
            if best is None or found.start() > best[0]:
                best = (found.start(), kind)
    if best is None:
        # "tried X before": a past marker right after the brand, in the same clause
        after = _PAST.search(text, pos, min(len(text), pos + 60))
        if after and not re.search(r"[,;.!?]", text[pos : after.start()]):
            return "past"
        return None
    return best[1]


def contrasts(p: _Plan, values: Sequence[float]) -> list[tuple[int, str, float]]:
    """ "Catrice war fleckig. L'Oréal hingegen ...": a sentence about brand B with a
    contrast marker mirrors the clear tone of the last sentence about another brand.

    Returns (sentence, brand B, mirrored value) triples.
    """
    out: list[tuple[int, str, float]] = []
    text = p.doc.full_text
    for i, sent in enumerate(p.sentences):
        names = {b for _, b in p.named[i]}
        if len(names) != 1 or not _CONTRAST.search(text, sent.start, sent.end):
            continue
        (brand,) = names
        for k in range(i - 1, -1, -1):
            before = {b for _, b in p.named[k]}
            if before and brand not in before:
                if abs(values[k]) > THRESHOLD:
                    out.append((i, brand, -values[k]))
                break
    return out


#: where a sentence naming several brands splits into one clause per brand
_CLAUSE_BREAK = re.compile(
    r"[,;:–—]|\b(?:aber|doch|während|wohingegen|but|while|whereas)\b", re.IGNORECASE
)


def clause_values(p: _Plan, skip: set[int]) -> dict[tuple[int, str], float]:
    """Per (sentence, brand), the tone of the brand's own clause in a sentence naming
    several brands ("die von essence hält 12 Stunden, die von Maybelline bröselt").

    The clause of a brand runs from the last clause break before its mention (or the
    sentence start) to the last break before the next brand's mention (or the sentence
    end); its tone is the lexicon's polarity plus the praise/complaint cues. Clauses
    without any polar word keep the sentence's tone (no entry). Comparison sentences
    (``skip``) are judged by the comparative cues instead, questions keep their quarter
    of the sentence's tone.
    """
    from resonanz.analysis.sentiment_lexicon import lexicon_features

    text = p.doc.full_text
    language = p.doc.language or "de"
    spans: list[tuple[int, str, str]] = []
    for i, names in enumerate(p.named):
        brands = list(dict.fromkeys(b for _, b in names))
        sent = p.sentences[i]
        if i in skip or len(brands) < 2 or _is_question(sent):
            continue
        first = {b: min(o for o, n in names if n == b) for b in brands}
        order = sorted(brands, key=first.__getitem__)
        cuts = [sent.start]
        for a, b in pairwise(order):
            breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, first[a], first[b])]
            cuts.append(breaks[-1] if breaks else first[b])
        cuts.append(sent.end)
        for k, brand in enumerate(order):
            spans.append((i, brand, text[cuts[k] : cuts[k + 1]]))
    if not spans:
        return {}
    lex = lexicon_features([t for _, _, t in spans], language)
    out: dict[tuple[int, str], float] = {}
    for (i, brand, clause), row in zip(spans, lex, strict=True):
        polar = float(row[0] + row[3] - row[1] - row[2])
        cue = cue_value(clause)
        if abs(polar) < 0.1 and not cue:
            continue
        out[(i, brand)] = _clip(math.tanh(polar) + CUE * cue)
    return out


def _label(mean: float) -> str:
    if mean > THRESHOLD:
        return "positive"
    if mean < -THRESHOLD:
        return "negative"
    return "neutral"


def _confidence(mean: float) -> float:
    return round(min(1.0, 0.5 + abs(mean) / 2), 4)


def judge(p: _Plan, scores: Sequence[SentenceSentiment | None]) -> list[BrandSentiment]:
    """The brand (and aspect-per-brand) polarities of one planned post."""
    values = [
        _clip(polarity_value(s) + CUE * cue_value(sent.text))
        * (QUESTION if _is_question(sent) else 1.0)
        for s, sent in zip(scores, p.sentences, strict=True)
    ]
    evidence = {b: _Evidence() for b in p.brands}
    compared = comparisons(p)
    # a comparison sentence's tone is about the brand it favours (positive tone: the
    # winner, negative: the loser); the other one gets the cue only
    only = {i: (winner if values[i] > -THRESHOLD else loser) for winner, loser, i in compared}
    if only:
        p.about = attribute(p.named, p.brands, only)
    own = clause_values(p, set(only))
    for i, pairs in enumerate(p.about):
        for brand, weight in pairs:
            evidence[brand].add(weight, own.get((i, brand), values[i]), p.sentences[i])
            evidence[brand].sentences.add(i)
    for i, brand, mirrored in contrasts(p, values):
        evidence[brand].add(1.0, mirrored, p.sentences[i])
    for winner, loser, i in compared:
        evidence[winner].add(CUE_WEIGHT, CUE_VALUE, p.sentences[i])
        evidence[loser].add(CUE_WEIGHT, -CUE_VALUE, p.sentences[i])
        evidence[winner].cues += 1
        evidence[loser].cues += 1
    out: list[BrandSentiment] = []
    post = p.doc.sentiment
    overall: dict[str, str] = {}
    for brand in p.brands:
        ev = evidence[brand]
        label = _label(ev.mean)
        asked = all(_is_question(p.sentences[i]) for i, _ in _named_in(p, brand))
        method = "comparison" if ev.cues else ("question" if asked else "sentences")
        score = _confidence(ev.mean)
        if label == "neutral" and len(p.brands) == 1 and post is not None and not asked:
            label, score, method = post.label, round(post.score, 4), "post"
        overall[brand] = label
        out.append(BrandSentiment(brand, label, score, method, evidence=ev.best[1]))
    if len(p.brands) > 1:
        out.extend(_aspects(p, values, overall))
    return out


def _named_in(p: _Plan, brand: str) -> list[tuple[int, str]]:
    return [(i, b) for i, names in enumerate(p.named) for _, b in names if b == brand]


def _aspects(p: _Plan, values: Sequence[float], overall: dict[str, str]) -> list[BrandSentiment]:
    out: list[BrandSentiment] = []
    for hit in p.doc.aspects:
        where = _sentence_of(p.sentences, hit.evidence.start) if hit.evidence else None
        about = dict(p.about[where]) if where is not None else {}
        for brand in p.brands:
            if where is not None and brand in about:
                label = _label(values[where])
                if label == "neutral":
                    label = overall[brand]
                sentence: Span | None = p.sentences[where]
                score = _confidence(values[where])
                method = "sentences"
            else:
                label, sentence, score, method = overall[brand], None, 0.5, "brand"
            out.append(BrandSentiment(brand, label, score, method, hit.aspect, sentence))
    return out


class BrandSentimentStage:
    """Stage ``brand_sentiment``: per-brand (and per brand and aspect) polarity."""

    name: ClassVar[str] = "brand_sentiment"
    version: ClassVar[str] = "2"
    requires: ClassVar[tuple[str, ...]] = ("language", "mentions", "sentiment")
    provides: ClassVar[tuple[str, ...]] = ("brand_sentiment",)

    def __init__(self, scorer: SentenceScorer | None = None) -> None:
        self.scorer: SentenceScorer = scorer or sentence_polarities_many

    def analyze(self, batch: Batch) -> None:
        plans: list[_Plan] = []
        for doc in batch.docs:
            doc.brand_sentiment = []
            if not doc.supported or doc.language not in MODELS:
                continue
            planned = plan(doc)
            if planned is not None:
                plans.append(planned)
        if not plans:
            return
        # a post that is one sentence was read as a whole by the sentiment stage already
        whole = [len(p.sentences) == 1 and p.doc.sentiment is not None for p in plans]
        scored = iter(self.scorer([p.doc for p, one in zip(plans, whole, strict=True) if not one]))
        for p, one in zip(plans, whole, strict=True):
            post = p.doc.sentiment
            if one and post is not None:
                found = [SentenceSentiment(p.sentences[0], post.label, post.score, post.probs)]
            else:
                found = next(scored)
            by_span = {(s.span.start, s.span.end): s for s in found}
            scores = [by_span.get((s.start, s.end)) for s in p.sentences]
            p.doc.brand_sentiment = judge(p, scores)
