"""Intent: question, complaint, praise, purchase intent, help request -> needs_reply.

Questions are found per sentence (:mod:`.questions`): only a question the author
asks counts, not a quoted, reported, heading or rhetorical one, and a question to
the readers of a blog ("Was meint ihr?") is a question without ``needs_reply``.
The other labels are rule-based (see the note on training below): German and English cue
lists, with negation handling ("nicht schlecht", "not bad", "kein Problem" are
not complaints but mild praise) and sarcasm markers ("Na toll, schon wieder ...",
"thanks for nothing", 🙄) that turn praise words into a complaint. The
document sentiment from the sentiment stage is used as a second opinion: a
confidently negative post with a problem word is a complaint even without a
stronger cue, and a confidently negative post never counts as praise.

``needs_reply`` is true for complaints, help requests, questions and purchase
intent; praise alone, thanks and statements do not need a reply, and neither
does a post the spam stage (if it ran) marks as spam. ``reason`` says in the
post's language which cue decided it, e.g. ``Frage („wo kann ich“)``.

Complaints: the cue lists (with expectation, return, refund and "never again" /
"nie wieder" phrases that need no negative word) and the ``complaint`` model
(:mod:`resonanz.training.complaint`: English complaint tweets, German One
Million Posts feedback) are combined by :func:`_complaint`, in this order:

1. a complaint phrase, or sarcasm with a problem word / angry emoji / negative
   sentiment, is a complaint;
2. problem words: in a post up to :data:`LONG_POST` characters they make a
   complaint (stronger when the sentiment is negative, there are two of them, an
   angry emoji, or the model agrees); in a longer post only two distinct problem
   words with negative sentiment or the model's agreement (a blog mentioning
   "kaputt" once is no complaint);
3. without any cue, the English model decides alone when its probability reaches
   the tuned ``threshold_alone`` (out-of-fold precision >= 0.85), in posts up to
   :data:`LONG_POST` characters that address someone (an @handle, du/ihr/Sie,
   you) only; the German feedback output never decides alone (it mixes
   questions, praise and complaints);
4. an angry emoji or sarcasm alone is a weak complaint.

TWCS inbound tweets (``resonanz eval twcs``) check ``needs_reply``; no model is
trained on them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from resonanz.analysis import questions
from resonanz.analysis.base import Batch, Doc, Intent, Span
from resonanz.analysis.intent_rules import (
    ANGRY_EMOJI,
    COMPLAINT_PHRASES,
    HELP,
    NEGATOR,
    PRAISE_EMOJI,
    PRAISE_WORDS,
    PROBLEM_WORDS,
    PURCHASE,
    SARCASM,
    URL,
)
from resonanz.analysis.linear import LinearModel, shipped
from resonanz.analysis.prefilter import Found, Scanner
from resonanz.analysis.sentences import split_sentences

LABELS = ("question", "complaint", "praise", "purchase_intent", "help_request")
#: posts longer than this are judged on their first part only
MAX_CHARS = 20_000
SPAM_CUTOFF = 0.5
#: above this many characters the complaint model never decides alone and a single
#: problem word is not enough (the model and the cue lists were made for short posts)
LONG_POST = 500
#: the post speaks to someone (a brand's handle, du/ihr/Sie, you): needed before the model
#: alone may call a post a complaint
ADDRESSED = re.compile(
    r"@\w+|(?<![\w])(?:du|dir|dich|dein\w*|ihr|euch|eure?\w*|you|your|ur|u)(?![\w])"
    r"|(?<=\w\s)(?:Sie|Ihnen|Ihr\w*)(?![\w])",
    re.IGNORECASE,
)
#: name of the shipped complaint model (:mod:`resonanz.training.complaint`)
MODEL_NAME = "complaint"
NEG_SENTIMENT = 0.6


@dataclass(frozen=True)
class _Cue:
    label: str
    text: str
    score: float


#: one Aho-Corasick pass per post tells where each cue list can match at all
_SCANNER = Scanner(
    [
        SARCASM,
        COMPLAINT_PHRASES,
        PROBLEM_WORDS,
        ANGRY_EMOJI,
        HELP,
        PURCHASE,
        PRAISE_WORDS,
        PRAISE_EMOJI,
        *questions.HIT_PATTERNS,
    ]
)


def _first(pattern: re.Pattern[str], found: Found) -> str | None:
    m = found.search(pattern)
    return m.group(0) if m else None


def _problem_words(text: str, found: Found) -> list[str]:
    words = []
    for m in found.finditer(PROBLEM_WORDS):
        before = text[max(0, m.start() - 20) : m.start()]
        if NEGATOR.search(before):
            continue
        words.append(m.group(0))
    return words


def _question(
    text: str, spans: list[Span], language: str | None, found: Found
) -> tuple[_Cue | None, bool, list[Span]]:
    """The strongest question the author asks, whether any asked question needs a reply
    (questions to the readers of a blog do not), and the question sentences."""
    asked = questions.author_questions(questions.classify(text, spans, language, found))
    if not asked:
        return None, False, []
    best = max(asked, key=lambda q: (q.kind == "asked", "?" in q.span.text))
    score = 0.9 if "?" in best.span.text else 0.75
    if best.kind == "poll":
        score = 0.6
    cue_text = best.span.text if "?" in best.span.text else best.cue
    reply = any(q.kind == "asked" for q in asked)
    return _Cue("question", cue_text, score), reply, [q.span for q in asked]


@dataclass(frozen=True)
class ModelSignal:
    """What the ``complaint`` model says about a post (see :class:`IntentStage`).

    ``complaint`` is the English complaint probability, ``feedback`` the German
    "feedback that may warrant a reaction" probability (``None``: not scored, e.g.
    the other language); ``*_cue`` / ``*_alone`` are the tuned thresholds."""

    complaint: float | None = None
    feedback: float | None = None
    complaint_cue: float = 0.5
    complaint_alone: float = 0.9
    feedback_cue: float = 0.5

    def confirms(self) -> bool:
        """The model agrees with a weak rule cue."""
        return (self.complaint is not None and self.complaint >= self.complaint_cue) or (
            self.feedback is not None and self.feedback >= self.feedback_cue
        )

    def decides(self) -> bool:
        """The model alone is sure enough (English complaint model only)."""
        return self.complaint is not None and self.complaint >= self.complaint_alone


def _complaint(
    phrase: str | None,
    sarcasm: str | None,
    problems: list[str],
    angry: str | None,
    neg: float,
    model: ModelSignal,
    text: str,
) -> _Cue | None:
    """The combination rule of rules and model (documented in docs/models.md, Intent)."""
    if phrase:
        return _Cue("complaint", phrase, 0.9)
    if sarcasm and (problems or angry or neg >= 0.4):
        return _Cue("complaint", sarcasm, 0.85)
    long_post = len(text) > LONG_POST
    distinct = len({p.lower() for p in problems})
    if problems and not long_post:
        strong = neg >= NEG_SENTIMENT or distinct >= 2 or angry or model.confirms()
        return _Cue("complaint", problems[0], 0.8 if strong else 0.6)
    if problems:
        if distinct >= 2 and (neg >= NEG_SENTIMENT or model.confirms()):
            return _Cue("complaint", problems[0], 0.7)
        return None
    if model.decides() and not long_post and ADDRESSED.search(_unquoted(text)):
        return _Cue("complaint", " ".join(text.split())[:80], 0.7)
    if angry or sarcasm:
        return _Cue("complaint", angry or sarcasm or "", 0.55)
    return None


def _unquoted(text: str) -> str:
    """``text`` with quotations blanked: "you" in quoted speech addresses nobody."""
    regions = questions.quoted_regions(text) if any(c in text for c in '"„“»«>') else []
    for start, end in regions:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def detect(
    text: str,
    language: str | None = None,
    negative: float | None = None,
    positive: float | None = None,
    about: str | None = None,
    *,
    spans: list[Span] | None = None,
    model: ModelSignal | None = None,
) -> Intent:
    """Intent of one post; ``negative``/``positive`` are sentiment probabilities if known,
    ``about`` names the brand/product the post mentions (used in the reason), ``spans``
    are the sentences of ``text`` (split here when not given)."""
    raw = (text or "")[:MAX_CHARS]
    if spans is None or len(raw) < len(text or ""):
        spans = split_sentences(raw)
    plain = URL.sub(_blank, raw)
    cues: list[_Cue] = []
    found = _SCANNER.scan(plain)

    sarcasm = _first(SARCASM, found)
    phrase = _first(COMPLAINT_PHRASES, found)
    problems = _problem_words(plain, found)
    angry = _first(ANGRY_EMOJI, found)
    neg = negative if negative is not None else 0.0
    model = model or ModelSignal()
    complaint_cue = _complaint(phrase, sarcasm, problems, angry, neg, model, plain)
    if complaint_cue is not None:
        cues.append(complaint_cue)

    q, question_needs_reply, evidence = _question(plain, spans, language, found)
    if q:
        cues.append(q)
    help_cue = _first(HELP, found)
    if help_cue:
        cues.append(_Cue("help_request", help_cue, 0.85))
    purchase = _first(PURCHASE, found)
    if purchase:
        cues.append(_Cue("purchase_intent", purchase, 0.8))

    complaint = any(c.label == "complaint" for c in cues)
    praise = _first(PRAISE_WORDS, found) or _first(PRAISE_EMOJI, found)
    if praise and not sarcasm:
        # "nicht schlecht" / "not bad" are praise; plain praise next to a strong complaint stays;
        # a confidently negative sentiment only lowers the confidence (models miss negation)
        score = 0.8 if not complaint else 0.5
        if positive is not None and positive >= 0.6:
            score = max(score, 0.9)
        if neg >= NEG_SENTIMENT:
            score = min(score, 0.4)
        cues.append(_Cue("praise", praise, score))

    labels = tuple(lab for lab in LABELS if any(c.label == lab for c in cues))
    scores = {lab: max((c.score for c in cues if c.label == lab), default=0.0) for lab in LABELS}
    needs = [
        c for c in cues if c.label != "praise" and (c.label != "question" or question_needs_reply)
    ]
    if not needs:
        return Intent(labels, False, _no_reply_reason(labels, language), scores, tuple(evidence))
    best = max(needs, key=lambda c: (c.score, _PRIORITY[c.label]))
    also = [c.label for c in needs if c.label != best.label]
    reason = _reason(best, language, neg, about, also)
    return Intent(labels, True, reason, scores, tuple(evidence))


def _blank(m: re.Match[str]) -> str:
    """A URL replaced by as many spaces: sentence spans keep indexing the text."""
    return " " * len(m.group(0))


_PRIORITY = {"complaint": 4, "help_request": 3, "question": 2, "purchase_intent": 1}

_NAMES = {
    "de": {
        "complaint": "Beschwerde",
        "help_request": "Bitte um Hilfe",
        "question": "Frage",
        "purchase_intent": "Kaufinteresse",
    },
    "en": {
        "complaint": "complaint",
        "help_request": "request for help",
        "question": "question",
        "purchase_intent": "purchase intent",
    },
}


def _reason(
    cue: _Cue,
    language: str | None,
    neg: float,
    about: str | None = None,
    also: list[str] | None = None,
) -> str:
    de = (language or "").startswith("de")
    names = _NAMES["de" if de else "en"]
    name = names[cue.label]
    if about:
        name += f" zu {about}" if de else f" about {about}"
    cue_text = " ".join(cue.text.split())
    cue_text = cue_text if len(cue_text) <= 60 else cue_text[:59] + "…"
    quoted = f"„{cue_text}“" if de else f"'{cue_text}'"
    if cue.label == "complaint" and neg >= NEG_SENTIMENT:
        extra = "negative Stimmung + Problemwort" if de else "negative sentiment + problem words"
        quoted = f"{extra}: {quoted}"
    reason = f"{name} ({quoted})"
    others = list(dict.fromkeys(names[lab] for lab in (also or [])))
    if others:
        reason += ("; auch: " if de else "; also: ") + ", ".join(others)
    return reason


def _no_reply_reason(labels: tuple[str, ...], language: str | None) -> str:
    de = (language or "").startswith("de")
    if "question" in labels:
        return "Frage an die Leser, keine Antwort nötig" if de else "question to the readers only"
    if "praise" in labels:
        return "nur Lob, keine Antwort nötig" if de else "praise only, no reply needed"
    return "keine Frage, Beschwerde oder Bitte" if de else "no question, complaint or request"


class IntentStage:
    """Pipeline stage filling ``Doc.intent`` for German and English posts.

    Uses the sentiment annotation (second opinion on complaints and praise), the
    ``complaint`` model on the shared feature rows (English complaint, German
    feedback; combined with the rules by :func:`_complaint`) and, when the spam
    stage ran earlier, never asks to reply to spam. Posts in other languages get
    no intent (``supported`` is False).
    """

    name: ClassVar[str] = "intent"
    version: ClassVar[str] = "3"
    requires: ClassVar[tuple[str, ...]] = ("language", "features", "sentiment")
    provides: ClassVar[tuple[str, ...]] = ("intent",)

    def __init__(self, model: LinearModel | None = None) -> None:
        self.model = model if model is not None else shipped(MODEL_NAME)
        if tuple(self.model.classes) != ("complaint", "feedback"):
            raise ValueError(f"model {self.model.name} has outputs {self.model.classes}")
        cue = self.model.threshold if self.model.threshold is not None else np.full(2, 0.5)
        alone = self.model.meta.get("threshold_alone", [0.9, 0.9])
        self._cuts = (float(cue[0]), float(alone[0]), float(cue[1]))
        #: dense (features x 2) weights: a sparse-times-dense product is several times
        #: faster than the sparse-times-sparse one for two outputs
        self._dense = self.model.coef.T.toarray().astype(np.float32)

    def signals(self, batch: Batch) -> list[ModelSignal]:
        """The model's view of every doc (English complaint, German feedback)."""
        rows = [i for i, d in enumerate(batch.docs) if d.supported]
        out = [ModelSignal()] * len(batch.docs)
        if not rows or batch.features is None:
            return out
        x = batch.features if len(rows) == len(batch.docs) else batch.features[rows]
        z = np.asarray(x @ self._dense) + self.model.intercept
        prob = 1.0 / (1.0 + np.exp(-z / self.model.temperature))
        c_cue, c_alone, f_cue = self._cuts
        for k, i in enumerate(rows):
            lang = batch.docs[i].language or ""
            out[i] = ModelSignal(
                complaint=float(prob[k, 0]) if lang.startswith("en") else None,
                feedback=float(prob[k, 1]) if lang.startswith("de") else None,
                complaint_cue=c_cue,
                complaint_alone=c_alone,
                feedback_cue=f_cue,
            )
        return out

    def analyze(self, batch: Batch) -> None:
        for doc, signal in zip(batch.docs, self.signals(batch), strict=True):
            if not doc.supported:
                continue
            doc.intent = intent_of(doc, signal)


def intent_of(doc: Doc, model: ModelSignal | None = None) -> Intent:
    """Intent of one pipeline document (title + text, with its sentiment and spam score)."""
    probs = doc.sentiment.probs if doc.sentiment is not None else {}
    about = None
    if doc.mentions:
        first = doc.mentions[0]
        about = first.product or first.brand
    result = detect(
        doc.full_text,
        doc.language,
        probs.get("negative"),
        probs.get("positive"),
        about,
        spans=doc.sentence_spans(),
        model=model,
    )
    if result.needs_reply and doc.spam is not None and doc.spam >= SPAM_CUTOFF:
        de = (doc.language or "").startswith("de")
        reason = "wahrscheinlich Spam" if de else "probably spam"
        return Intent(result.labels, False, reason, result.scores, result.evidence)
    return result
