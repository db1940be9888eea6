"""Sponsorship & disclosure: is there money behind a post, and does the post say so?

The stage is rule-based on purpose: every verdict must point at the words or
links it rests on and at the labelling rule it applies, so a brand (or a creator)
can check and argue with it. The vocabulary lives in :mod:`.sponsorship_rules`.

How a verdict is reached
------------------------
1. **Signals**: affiliate links (known click-tracking hosts, partner query
   parameters, influencer UTM campaigns), discount codes, and - weakly - URL
   shorteners. Links are read from the text and from ``Doc.links``.
2. **Disclosures**: advertising labels, sponsorship statements, affiliate
   notices, gift notices, "unbezahlte Werbung". A disclosure right after a
   negation ("not sponsored", "keine Werbung") is dropped. A disclosure counts as
   **weak** when it is vague ("#sp", "Kooperation", "support the channel"), when it
   stands after the fold (beyond the first 200 characters or 3 lines a feed or
   YouTube shows before "more"), when it is buried in a trailing block of
   hashtags, or when a German post uses only English labels ("#ad").
3. Every signal family (affiliate, discount, ...) must be covered by a
   disclosure of the matching scope. ``disclosed`` if all are covered (strength
   ``clear`` only if each is covered by a non-weak disclosure),
   ``undisclosed_commercial`` if a strong signal is left uncovered (an
   "unbezahlte Werbung" label does not cover affiliate links: those pay),
   ``no_commercial_signal`` when nothing but weak signals (or nothing) was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

import ahocorasick
import numpy as np
import scipy.sparse as sp

from resonanz.analysis import sponsorship_context as C
from resonanz.analysis import sponsorship_rules as R
from resonanz.analysis.base import Batch, Disclosure, Evidence, Span
from resonanz.analysis.featurize_stage import featurize_batch
from resonanz.analysis.linear import shipped
from resonanz.analysis.prefilter import Found, Scanner

#: a post repeating one label thousands of times yields at most this many hits per rule
MAX_HITS_PER_RULE = 20
#: characters a feed/YouTube description shows before "more"
FOLD_CHARS = 200
#: lines shown before "more"
FOLD_LINES = 3
#: at most this many characters of a post are scanned (longer posts: the rest is ignored)
MAX_SCAN_CHARS = 200_000
_SPAN_TEXT = 120

#: shipped sentence model that recognises affiliate notices (see training/disclosure.py)
MODEL_NAME = "disclosure_sentence"
#: a sentence at or above this probability is an affiliate notice on its own (0.9 chosen by
#: nested grouped CV over 0.5-0.9, issue 9: 4 of 5 outer folds picked 0.9, F1 0.901 -> 0.907)
MODEL_THRESHOLD = 0.9
#: in English posts a rule-matched affiliate notice needs at least this model probability
RULE_CONFIRM = 0.5
#: this many different (non-explicit) notice rules in one English post need no model
#: confirmation (chosen by the grouped CV of training/disclosure.py, issue 9)
CUES_CONFIRM = 2
#: a sentence the model alone takes for a notice needs this many words (bare headings such
#: as "Amazon" or "LINKS:" are lists of links, not notices; 2 chosen by the grouped CV of
#: training/disclosure.py: stage F1 0.873 with 1 word, 0.877 with 2, 0.843 with 3)
MODEL_MIN_WORDS = 2
#: posts up to this length are scored as one sentence on the batch's shared features
SHORT_POST = 280
#: at most this many candidate sentences per post go through the model
MAX_SENTENCES = 300

_SENTENCE = re.compile(r"(?:[^\n.!?]|[.!?]++(?=\S))+(?:[.!?]+|\n|$)")
_TRIGGER = re.compile(
    r"affiliat|commission|link|amazon|support|shop|purchas|buy|earn|associate|paid|click|"
    r"bookmark|kickback|provision|partner|disclos|referral|cost|penn|money|sale",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]{2,}")
#: where each disclosure rule's regex can start (one Aho-Corasick pass per post)
_RULE_SCANNER = Scanner(
    [*(rule.regex for rule in R.DISCLOSURES), R.DISCOUNT_CODE, C.DENIAL, C.SELF_PROMOTION]
)
_TRIGGER_SCANNER = Scanner([_TRIGGER])


def _needle_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for rule in R.DISCLOSURES:
        for needle in rule.needles:
            automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


#: every rule's needles in one automaton: which needles occur, in one pass
_NEEDLES = _needle_automaton()
_RULE_NEEDLES = [frozenset(rule.needles) for rule in R.DISCLOSURES]
_TAG_TOKEN = re.compile(r"[#@]\w+|[^\w\s]{1,3}")


@dataclass(frozen=True)
class _Hit:
    rule: R.Rule
    start: int
    end: int
    text: str
    weak: bool
    why: str


def _fold_offset(text: str, title_len: int) -> int:
    """Offset after which content is hidden behind "more"."""
    body_start = title_len
    pos = body_start
    for _ in range(FOLD_LINES):
        nl = text.find("\n", pos)
        if nl < 0:
            pos = len(text)
            break
        pos = nl + 1
    return min(pos, body_start + FOLD_CHARS)


def _mask_urls(text: str) -> str:
    """Blank out URLs (same length) so words inside links never count as disclosures."""
    return R.URL.sub(lambda m: " " * (m.end() - m.start()), text)


def _trailing_tag_start(text: str) -> int:
    """Start of the trailing block of hashtags/handles (len(text) if there is none).

    Walks the whitespace-separated tokens from the end (linear time); the block
    counts only if it holds at least three hashtags.
    """
    if text.count("#", -5000) < 3:  # the block's hashtags are among the tail's
        return len(text)
    start = len(text)
    tags = 0
    for m in reversed(list(_TOKEN.finditer(text[-5000:]))):
        tok = m.group(0)
        if not all(_TAG_TOKEN.fullmatch(p) for p in re.split(r"(?=[#@])", tok) if p):
            break
        tags += tok.count("#")
        start = len(text) - len(text[-5000:]) + m.start()
    return start if tags >= 3 else len(text)


def candidate_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences worth scoring: those with a commerce/disclosure trigger word.

    Posts are scored even without a visible link: exports often drop the links
    from descriptions ("Amazon links:" with nothing after it).
    """
    out: list[tuple[int, int]] = []
    if not _TRIGGER_SCANNER.scan(text).search(_TRIGGER):  # no sentence can hold a trigger
        return out
    for m in _SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        chunk = text[start:end]
        if len(chunk.strip()) < 3 or not _TRIGGER.search(chunk):
            continue
        lead = len(chunk) - len(chunk.lstrip())
        out.append((start + lead, end))
        if len(out) >= MAX_SENTENCES:
            break
    return out


def score_sentences(sentences: Sequence[str]) -> np.ndarray:
    """Probability that each sentence is an affiliate notice (shipped sentence model).

    The sentence model needs its own features for long posts: a disclosure is one
    sentence of a description, and post-level features would dilute it. Only
    trigger sentences are featurized (with the features stage's fast, identical
    featurizer); short posts reuse the batch's shared features instead.
    """
    if not sentences:
        return np.zeros(0)
    return _positive(featurize_batch(list(sentences)))


def _positive(x: sp.csr_matrix) -> np.ndarray:
    model = shipped(MODEL_NAME)
    out: np.ndarray = model.predict_proba(x)[:, model.classes.index("disclosure")]
    return out


def _clip(text: str) -> str:
    return text if len(text) <= _SPAN_TEXT else text[: _SPAN_TEXT - 1] + "…"


#: label kinds that are mentions, not labels, inside quotation marks
_QUOTABLE = frozenset(
    {"disclosure_label", "hashtag_disclosure", "unpaid_label", "sponsorship_label"}
)


def _find_disclosures(
    text: str,
    masked: str,
    fold: int,
    german: bool,
    found: Found | None = None,
    mentions: list[_Hit] | None = None,
) -> list[_Hit]:
    """Disclosure matches; labels inside quotation marks go to ``mentions`` instead."""
    trailing = _trailing_tag_start(text)
    hits: list[_Hit] = []
    present = {needle for _, needle in _NEEDLES.iter(masked.lower())}
    found = found if found is not None else _RULE_SCANNER.scan(masked)
    for rule, needles in zip(R.DISCLOSURES, _RULE_NEEDLES, strict=True):
        if needles and needles.isdisjoint(present):
            continue
        for n, m in enumerate(found.finditer(rule.regex)):
            if n >= MAX_HITS_PER_RULE:
                break
            g = 1 if m.groups() else 0
            start, end = m.start(g), m.end(g)
            if start < 0:
                continue
            line_start = masked.rfind("\n", 0, start) + 1
            before = masked[max(line_start, start - 40) : start]
            if R.NEGATION_BEFORE.search(before):
                continue
            if R.HYPOTHETICAL_BEFORE.search(before) and not (
                rule.kind == "affiliate_disclosure" and R.OWN_MODAL_BEFORE.search(before)
            ):
                continue
            if rule.kind != "unpaid_label" and R.NON_DISCLOSURE_CONTEXT.search(before):
                continue
            if rule.kind in _QUOTABLE and (
                C.inside_quotes(masked, start) or C.LABEL_AS_WORD.match(masked, end)
            ):
                if mentions is not None:
                    mentions.append(_Hit(rule, start, end, text[start:end], True, "quoted"))
                continue
            reasons: list[str] = []
            if rule.weak:
                reasons.append(rule.note)
            if start >= fold:
                reasons.append("after the fold")
            if rule.kind == "hashtag_disclosure" and start >= trailing:
                reasons.append("only in trailing hashtags")
            if german and rule.english_label:
                reasons.append("English-only label in a German post")
            hits.append(_Hit(rule, start, end, text[start:end], bool(reasons), "; ".join(reasons)))
    # an "unbezahlte Werbung" label must not also count as a paid "Werbung" label
    unpaid = [h for h in hits if h.rule.kind == "unpaid_label"]
    if unpaid:
        hits = [
            h
            for h in hits
            if h.rule.kind == "unpaid_label"
            or ANY_COVER not in h.rule.covers
            or not any(u.start - 25 <= h.start <= u.end + 25 for u in unpaid)
        ]
    return _dedupe(hits)


ANY_COVER = R.ANY


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """Keep one hit per overlapping region (the longest starting first wins); linear."""
    kept: list[_Hit] = []
    reach = -1
    for h in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if h.start < reach:
            continue
        kept.append(h)
        reach = h.end
    return kept


#: note of a discount code a shopper passes on (no commercial relationship)
_PUBLIC_CODE_NOTE = "public code passed on by a shopper (newsletter or shop offer), not a creator's"


def _signals(
    text: str,
    links: Iterable[str],
    masked: str | None = None,
    found: Found | None = None,
    kind: str | None = None,
) -> list[Evidence]:
    out: list[Evidence] = []
    seen: set[str] = set()
    for m in R.URL.finditer(text):
        url = m.group(0)
        seen.add(url)
        cls = R.classify_link(url)
        if cls and len(out) < MAX_HITS_PER_RULE * 3:
            kind, weak, note = cls
            out.append(Evidence(kind, Span(m.start(), m.end(), _clip(url)), weak, note))
    for url in links:
        if url in seen:
            continue
        cls = R.classify_link(url)
        if cls:
            kind, weak, note = cls
            out.append(Evidence(kind, Span(0, 0, _clip(url)), weak, note + " (post link)"))
    if masked is None:
        masked = _mask_urls(text)
    if found is None:
        found = _RULE_SCANNER.scan(masked)
    for n, m in enumerate(found.finditer(R.DISCOUNT_CODE)):
        if n >= MAX_HITS_PER_RULE * 3:
            break
        keyword = masked[m.start() : m.start(1)]
        explicit = bool(R.EXPLICIT_CODE_WORD.search(keyword))
        window = masked[max(0, m.start() - 60) : m.end() + 60]
        lo, hi = C.sentence_bounds(masked, m.start(), m.end())
        sentence = masked[max(lo, m.start() - 80) : min(hi, m.end() + 80)]
        personal = C.creator_code(sentence)  # "mein Code", "use my code"
        if not explicit and not personal and not R.PERCENT_OFF.search(window):
            if not R.code_like(m.group(1), explicit=False):
                continue
            # a bare "CODE ABC12" without any discount context is only weak evidence
            out.append(Evidence("discount_code", _span(text, m.start(), m.end()), True, "code"))
            continue
        if not R.code_like(
            m.group(1), explicit=explicit or R.PERCENT_OFF.search(window) is not None
        ):
            continue
        if not personal and C.public_code(sentence, kind):
            out.append(
                Evidence("discount_code", _span(text, m.start(), m.end()), True, _PUBLIC_CODE_NOTE)
            )
            continue
        out.append(
            Evidence("discount_code", _span(text, m.start(), m.end()), False, "discount code")
        )
    return out


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, _clip(text[start:end]))


def _full_text(text: str | None, title: str | None) -> str:
    body = text or ""
    full = f"{title}\n{body}" if title else body
    return full[:MAX_SCAN_CHARS]


_MODEL_RULE = R.Rule(
    "affiliate_disclosure",
    re.compile("$^"),
    covers=frozenset({R.AFFILIATE, R.DISCOUNT}),
    weak=True,
    note="affiliate notice found by the sentence model, no explicit wording",
)


def _merge_model(
    text: str,
    hits: list[_Hit],
    scores: Sequence[tuple[int, int, float]],
    fold: int,
    confirm: bool,
    denied: Sequence[tuple[int, int]] = (),
) -> list[_Hit]:
    """Add model-found affiliate notices; in English posts, drop rule-found affiliate
    notices the model finds implausible (e.g. "affiliate marketing" as a topic)."""

    def prob_at(pos: int) -> float:
        return max((p for a, b, p in scores if a <= pos < b), default=0.0)

    def unconfirmed(h: _Hit) -> bool:
        return (
            confirm
            and h.rule.kind == "affiliate_disclosure"
            and not h.rule.explicit
            and prob_at(h.start) < RULE_CONFIRM
        )

    # two different notice rules in one post confirm each other ("I get a small commission"
    # + "it costs you nothing extra"): the model reads each sentence alone
    agreeing = len({h.rule.note for h in hits if unconfirmed(h)}) >= CUES_CONFIRM
    kept = [h for h in hits if agreeing or not unconfirmed(h)]
    for a, b, p in scores:
        if p < MODEL_THRESHOLD:
            continue
        if any(x < b and a < y for x, y in denied):  # "no affiliate links here"
            continue
        if len(_WORD.findall(R.URL.sub(" ", text[a:b]))) < MODEL_MIN_WORDS:
            continue
        if any(h.start < b and a < h.end and h.rule.kind == "affiliate_disclosure" for h in kept):
            continue
        end = a + len(text[a:b].rstrip())
        # without explicit wording (e.g. a bare "Amazon links:") a notice is never clear
        why = f"p={p:.2f}" + ("; after the fold" if a >= fold else "")
        kept.append(_Hit(_MODEL_RULE, a, end, text[a:end], True, why))
    return sorted(kept, key=lambda h: h.start)


_FAMILY_OF_KIND = {
    "affiliate_link": R.AFFILIATE,
    "short_link": R.AFFILIATE,
    "discount_code": R.DISCOUNT,
}
#: what the owner's own promotion covers (their own codes and products, not partner links)
_SELF_COVERS = frozenset({R.DISCOUNT, R.SPONSORED, R.GIFT, R.MENTION})
_FAMILIES = (R.AFFILIATE, R.DISCOUNT, R.SPONSORED, R.GIFT, R.MENTION)


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a < max(end, start + 1) and start < b for a, b in spans)


def _self_promotions(
    masked: str, denied: Sequence[tuple[int, int]], found: Found
) -> list[tuple[int, int]]:
    out = []
    for m in found.finditer(C.SELF_PROMOTION):
        a, b = m.start(), m.end()
        line_start = masked.rfind("\n", 0, a) + 1
        if R.NEGATION_BEFORE.search(masked[max(line_start, a - 40) : a]) or _overlaps(a, b, denied):
            continue
        out.append((a, b))
    return out[:MAX_HITS_PER_RULE]


def _own_code(e: Evidence) -> Evidence:
    """In the owner's own promotion a shop's code is the owner's offer, not a shopper's tip."""
    if e.kind != "discount_code" or e.note != _PUBLIC_CODE_NOTE:
        return e
    return replace(e, note="the owner's own shop code (covered by the self-promotion)")


class _Place:
    """Placement of disclosures in one post (see :func:`.sponsorship_context.placement`)."""

    def __init__(self, text: str, title_len: int, fold: int) -> None:
        self.text, self.title_len, self.fold = text, title_len, fold
        self.trailing = -1  # computed on first use: most posts have no disclosure

    def evidence(self, kind: str, start: int, end: int, weak: bool, note: str) -> Evidence:
        if self.trailing < 0:
            self.trailing = _trailing_tag_start(self.text)
        place = C.placement(self.text, start, self.title_len, self.fold, self.trailing)
        return Evidence(
            kind, _span(self.text, start, end), weak, note, place, C.prominence(place, weak)
        )


def assess(
    text: str,
    title: str | None = None,
    language: str | None = None,
    links: Sequence[str] = (),
    sentence_scores: Sequence[tuple[int, int, float]] | None = None,
    kind: str | None = None,
) -> Disclosure:
    """Disclosure verdict for one post (title + body, optional separate link list).

    ``sentence_scores`` are ``(start, end, probability)`` of the candidate
    sentences of the full text (title + newline + body); computed here when None.
    ``kind`` is the post kind (``comment``, ``video``, ...): in comments a
    discount code needs a sign that it is the poster's own.
    """
    full = _full_text(text, title)
    title_len = len(title) + 1 if title else 0
    fold = _fold_offset(full, title_len)
    lang = (language or "").lower()
    german = lang.startswith("de")
    if sentence_scores is None:
        spans = candidate_sentences(full)
        probs = score_sentences([full[a:b] for a, b in spans])
        sentence_scores = [(a, b, float(p)) for (a, b), p in zip(spans, probs, strict=True)]

    masked = _mask_urls(full)
    found = _RULE_SCANNER.scan(masked)  # one prefilter pass serves codes and disclosures
    signals = _signals(full, links, masked, found, kind)
    mentions: list[_Hit] = []
    hits = _find_disclosures(full, masked, fold, german, found, mentions)
    denied = [(m.start(), m.end()) for m in found.finditer(C.DENIAL)]
    hits = [h for h in hits if not _overlaps(h.start, h.end, denied)]
    hits = _merge_model(full, hits, sentence_scores, fold, lang.startswith("en"), denied)
    about = bool(hits) and C.is_about_labelling(masked, title)
    if about:  # an explainer or policy page: only labels of the post itself count
        mentions += [h for h in hits if not C.labels_itself(masked, h.start, h.end)]
        hits = [h for h in hits if C.labels_itself(masked, h.start, h.end)]
    own = [] if about else _self_promotions(masked, denied, found)

    place = _Place(full, title_len, fold)
    strong_families = {_FAMILY_OF_KIND[e.kind] for e in signals if not e.weak}
    covered_strongly: set[str] = set()
    covered: set[str] = set()
    for h in hits:
        for fam in _FAMILIES:
            if R.ANY in h.rule.covers or fam in h.rule.covers:
                covered.add(fam)
                if not h.weak:
                    covered_strongly.add(fam)
    own_evidence = [
        place.evidence("self_promotion", a, b, a >= fold, "the owner presents their own shop/brand")
        for a, b in own
    ]
    if own:
        covered |= _SELF_COVERS
        signals = [_own_code(e) for e in signals]
        if any(not e.weak for e in own_evidence):
            covered_strongly |= _SELF_COVERS

    evidence = sorted(
        signals
        + [
            place.evidence(
                h.rule.kind,
                h.start,
                h.end,
                h.weak,
                h.rule.note + (f" ({h.why})" if h.why and h.why != h.rule.note else ""),
            )
            for h in hits
        ]
        + own_evidence
        + [
            place.evidence("denial", a, b, False, "denies a commercial relationship")
            for a, b in denied
        ]
        + [
            place.evidence(
                "label_mention",
                h.start,
                h.end,
                True,
                "label mentioned, not used: "
                + ("text about labelling rules or a policy page" if about else "in quotes"),
            )
            for h in mentions
        ],
        key=lambda e: (e.span.start, e.kind),
    )[: MAX_HITS_PER_RULE * 10]
    uncovered = strong_families - covered
    if uncovered:
        rules = [R.RULE_UWG, R.RULE_MSTV, R.RULE_DDG, R.RULE_FTC]
        if any(h.rule.kind == "unpaid_label" for h in hits):
            rules.insert(1, R.RULE_UWG_UNPAID)
        return Disclosure("undisclosed_commercial", tuple(evidence), tuple(rules), "clear")
    third_party = [h for h in hits if h.rule.kind not in ("disclosure_label", "hashtag_disclosure")]
    if own and not third_party:
        clear_own = any(not e.weak for e in own_evidence)
        rules = [R.RULE_UWG_SELF, R.RULE_DDG, R.RULE_FTC]
        return Disclosure(
            "self_promotion", tuple(evidence), tuple(rules), "clear" if clear_own else "weak"
        )
    if not hits:
        return Disclosure("no_commercial_signal", tuple(evidence), (), "")
    needed = strong_families or {fam for h in hits for fam in h.rule.covers if fam != R.ANY}
    needed = needed or {R.SPONSORED}
    clear = all(f in covered_strongly for f in needed) or (
        not strong_families and any(not h.weak for h in hits)
    )
    # the label makes the commercial purpose recognisable (UWG §5a Abs. 4, MStV, DDG, FTC)
    rules = [R.RULE_UWG, R.RULE_FTC, R.RULE_MSTV, R.RULE_DDG]
    if any(h.rule.kind == "unpaid_label" for h in hits):
        rules = [R.RULE_UWG_UNPAID, *rules]
    if not clear:
        rules += [R.RULE_FTC_101, R.RULE_LEITFADEN]
    return Disclosure("disclosed", tuple(evidence), tuple(rules), "clear" if clear else "weak")


class SponsorshipStage:
    """Pipeline stage: fills ``Doc.disclosure`` for every post (all languages).

    Rules work on any language: German and English vocabulary is matched
    everywhere, affiliate links are language-independent. ``language`` is read
    only to judge English-only labels in German posts as weak; the shared
    ``features`` score short posts with the sentence model (long posts are
    scored sentence by sentence).
    """

    name: ClassVar[str] = "sponsorship"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language", "features")
    provides: ClassVar[tuple[str, ...]] = ("disclosure",)

    def analyze(self, batch: Batch) -> None:
        fulls = [_full_text(doc.text, doc.title) for doc in batch.docs]
        spans = [candidate_sentences(t) for t in fulls]
        # short posts are about one sentence: score them on the shared batch features
        short = [
            i
            for i, (t, sp_) in enumerate(zip(fulls, spans, strict=True))
            if sp_ and len(t) <= SHORT_POST and batch.features is not None
        ]
        short_set = set(short)
        whole: dict[int, float] = {}
        if short and batch.features is not None:
            whole = dict(zip(short, _positive(batch.features[short]).tolist(), strict=True))
        flat = [
            t[a:b]
            for i, (t, sp_) in enumerate(zip(fulls, spans, strict=True))
            if i not in short_set
            for a, b in sp_
        ]
        probs = score_sentences(flat)
        k = 0
        for i, (doc, sp_) in enumerate(zip(batch.docs, spans, strict=True)):
            if i in whole:
                text = fulls[i]
                lead = len(text) - len(text.lstrip())
                scores = [(lead, len(text), whole[i])]
            else:
                chunk = probs[k : k + len(sp_)]
                scores = [(a, b, float(p)) for (a, b), p in zip(sp_, chunk, strict=True)]
                k += len(sp_)
            doc.disclosure = assess(
                doc.text, doc.title, doc.language, doc.links, scores, kind=doc.kind
            )
