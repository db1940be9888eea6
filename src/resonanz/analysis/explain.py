"""Stored explanations read back as structure, so pages and reports can word them in the
reader's language.

The analysis stores the reply reason of a post (``"complaint about Acme (negative
sentiment + problem words: 'never again'); also: question"``, or the German form) and
the inbox stores the priority explanation of an item (``"high 56: intent complaint (35)
+ negative sentiment (15) + reach 400 (6) + waiting 12 h (15)"``). Both are written in
one language when the post is analysed; :func:`parse_reason` and
:func:`parse_priority` turn them into parts (labels are ids, quoted cues stay as the
post wrote them), and the web catalog (``reason.*``, ``priority.*``) or the report
catalog words them. A string that does not parse is ``None``: the caller shows it as
stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: reason label id -> the words the analysis writes for it (German, English)
_REASON_NAMES = {
    "complaint": ("Beschwerde", "complaint"),
    "help_request": ("Bitte um Hilfe", "request for help"),
    "question": ("Frage", "question"),
    "purchase_intent": ("Kaufinteresse", "purchase intent"),
}
_BY_WORDS = {words: key for key, pair in _REASON_NAMES.items() for words in pair}
#: reasons without a cue (no reply needed) -> their stored wordings
_FIXED = {
    "praise_only": ("nur Lob, keine Antwort nötig", "praise only, no reply needed"),
    "no_request": ("keine Frage, Beschwerde oder Bitte", "no question, complaint or request"),
    "spam": ("wahrscheinlich Spam", "probably spam"),
}
_NAMES = "|".join(sorted((re.escape(w) for w in _BY_WORDS), key=len, reverse=True))
_REASON = re.compile(
    rf"^(?P<name>{_NAMES})(?: (?:about|zu) (?P<about>.+?))? \("
    r"(?P<problem>negative sentiment \+ problem words: |negative Stimmung \+ Problemwort: )?"
    r"(?:'(?P<cue_en>.*)'|„(?P<cue_de>.*)“)\)"
    rf"(?:; (?:also|auch): (?P<also>(?:{_NAMES})(?:, (?:{_NAMES}))*))?$",
    re.S,
)


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a post needs a reply (``label`` an intent id or one of ``praise_only``,
    ``no_request``, ``spam``), what it is about, the cue quoted from the post, whether
    negative sentiment backed the complaint, and the other intents found."""

    label: str
    about: str | None = None
    cue: str | None = None
    problem: bool = False
    also: tuple[str, ...] = ()


def parse_reason(reason: str | None) -> Reason | None:
    """The parts of a stored reply reason, or ``None`` if it is not one the analysis wrote."""
    if not reason:
        return None
    text = reason.strip()
    for label, wordings in _FIXED.items():
        if text in wordings:
            return Reason(label)
    found = _REASON.match(text)
    if found is None:
        return None
    also = tuple(_BY_WORDS[w] for w in found["also"].split(", ")) if found["also"] else ()
    cue = found["cue_en"] if found["cue_en"] is not None else found["cue_de"]
    return Reason(_BY_WORDS[found["name"]], found["about"], cue, bool(found["problem"]), also)


@dataclass(frozen=True, slots=True)
class PriorityPart:
    """One addend of an inbox priority: ``kind`` (``intent``, ``sentiment``, ``reach``,
    ``waiting``, ``creator``), its value (intent id, sentiment label, number) and points."""

    kind: str
    value: str
    points: int


@dataclass(frozen=True, slots=True)
class PriorityExplanation:
    band: str
    score: int
    parts: tuple[PriorityPart, ...]


_PRIORITY = re.compile(r"^(?P<band>[a-z]+) (?P<score>\d+): (?P<parts>.*)$", re.S)
_PARTS = (
    ("intent", re.compile(r"^intent (?P<v>[a-z_]+) \((?P<p>\d+)\)$")),
    ("sentiment", re.compile(r"^(?P<v>[a-z]+) sentiment \((?P<p>\d+)\)$")),
    ("reach", re.compile(r"^reach (?P<v>[\d,.]+) \((?P<p>\d+)\)$")),
    ("waiting", re.compile(r"^waiting (?P<v>[\d,.]+) h \((?P<p>\d+)\)$")),
    ("creator", re.compile(r"^author is a creator(?P<v>) \((?P<p>\d+)\)$")),
)


def parse_priority(explanation: str | None) -> PriorityExplanation | None:
    """The parts of a stored priority explanation, or ``None`` if one part is unknown."""
    found = _PRIORITY.match((explanation or "").strip())
    if found is None:
        return None
    parts: list[PriorityPart] = []
    for piece in found["parts"].split(" + "):
        for kind, pattern in _PARTS:
            hit = pattern.match(piece.strip())
            if hit:
                parts.append(PriorityPart(kind, hit["v"].replace(",", ""), int(hit["p"])))
                break
        else:
            return None
    return PriorityExplanation(found["band"], int(found["score"]), tuple(parts))


#: ids of the rule citations the sponsorship stage stores (its ``RULE_*`` texts)
@lru_cache(maxsize=1)
def _rule_ids() -> dict[str, str]:
    from resonanz.analysis import sponsorship_rules as rules

    return {
        str(value): name.removeprefix("RULE_").lower()
        for name, value in vars(rules).items()
        if name.startswith("RULE_") and isinstance(value, str)
    }


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One signal or label found in a post: its kind id, whether it is weak, the text."""

    kind: str
    weak: bool
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """Stored disclosure evidence as parts: ``rules`` are rule ids (``uwg``, ``ftc``, ...)
    where known, else the stored text; ``strength`` is ``clear``, ``weak`` or empty."""

    strength: str
    rules: tuple[str, ...]
    items: tuple[EvidenceItem, ...]


def parse_evidence(evidence: object) -> EvidenceView | None:
    """The parts of stored disclosure evidence (a mapping or a plain list), or ``None``."""
    if not evidence:
        return None
    known = _rule_ids()
    rules: list[str] = []
    strength = ""
    items: object = evidence
    if isinstance(evidence, dict):
        rules = [known.get(str(r), str(r)) for r in evidence.get("rules") or ()]
        strength = str(evidence.get("strength") or "")
        items = evidence.get("evidence") or ()
    found: list[EvidenceItem] = []
    for item in items if isinstance(items, list | tuple) else ():
        if isinstance(item, dict):
            what = item.get("text") or item.get("note") or ""
            kind = str(item.get("kind") or item.get("rule") or "evidence")
            found.append(EvidenceItem(kind, bool(item.get("weak")), str(what)))
    return EvidenceView(strength, tuple(rules), tuple(found))


@dataclass(frozen=True, slots=True)
class RejectReason:
    """Why an importer rejected a record: ``key`` names the kind (``invalid_json``,
    ``missing_field``, ...; ``other`` when unknown), ``values`` fill the message,
    ``detail`` is the technical part (a parser's own message, shown as code), ``item``
    the record's index inside a document when the importer named it."""

    key: str
    values: dict[str, str]
    detail: str
    item: str | None = None


_REJECTS = (
    ("not_object", re.compile(r"^not a JSON object$")),
    ("invalid_json", re.compile(r"^invalid JSON: (?P<detail>.*)$", re.S)),
    ("malformed_csv", re.compile(r"^malformed CSV: (?P<detail>.*)$", re.S)),
    ("too_long", re.compile(r"^line longer than (?P<n>\d+) MiB, skipped$")),
    ("field_count", re.compile(r"^row has (?P<n>\d+) fields, the header has (?P<m>\d+)$")),
    ("missing_field", re.compile(r"^missing field (?P<detail>.*)$", re.S)),
    ("bad_type", re.compile(r"^a field has an unexpected type \((?P<detail>.*)\)$", re.S)),
    ("no_instance", re.compile(r"^cannot tell which instance served it")),
    (
        "feed_broken",
        re.compile(r"^feed is not well-formed \((?P<detail>.*)\); kept the (?P<n>\d+) entries"),
    ),
)
_ITEM = re.compile(r"^item (?P<item>\d+): (?P<rest>.*)$", re.S)


def parse_reject(reason: str | None) -> RejectReason:
    """The parts of a quarantine reason as the importers write it."""
    text = (reason or "").strip()
    item = None
    found_item = _ITEM.match(text)
    if found_item:
        item, text = found_item["item"], found_item["rest"]
    for key, pattern in _REJECTS:
        hit = pattern.match(text)
        if hit:
            values = {k: v for k, v in hit.groupdict().items() if k != "detail" and v}
            return RejectReason(key, values, hit.groupdict().get("detail") or "", item)
    return RejectReason("other", {}, text, item)
