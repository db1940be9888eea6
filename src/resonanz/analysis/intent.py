"""Intent: question, complaint, praise, purchase intent, help request -> needs_reply.

Rule-based on purpose (see the note on training below): German and English cue
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

Why no trained model: the only labelled data (TWCS inbound tweets) carry
per-company *topic* labels (Delivery, iPhone, Billing ...), not intents, and
every inbound tweet in it received an agent reply, so it cannot teach when a
reply is *not* needed. It is used to check the rules (``resonanz eval twcs``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from resonanz.analysis.base import Batch, Doc, Intent

LABELS = ("question", "complaint", "praise", "purchase_intent", "help_request")
#: posts longer than this are judged on their first part only
MAX_CHARS = 20_000
SPAM_CUTOFF = 0.5
NEG_SENTIMENT = 0.6

_I = re.IGNORECASE


def _alt(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", _I)


_URL = re.compile(r"https?://\S+|www\.\S+", _I)

QUESTION_WORDS = _alt(
    # English: at the start of a sentence (checked in code) or as fixed phrases
    r"does\s+any(?:one|body)\s+know",
    r"any\s+idea",
    r"how\s+(?:do|can|should)\s+i",
    r"is\s+there\s+(?:a|any)\s+way",
    r"i\s+(?:want|would\s+like)\s+to\s+ask",
    r"can\s+(?:you|someone|anyone)\s+tell\s+me",
    r"i\s+wonder(?:ed)?\s+(?:if|whether|why|how)",
    # German
    r"weiß\s+jemand",
    r"weiss\s+jemand",
    r"kann\s+man",
    r"gibt\s+es",
    r"hat\s+jemand",
    r"wie\s+kann\s+ich",
    r"wo\s+kann\s+ich",
    r"könnt\s+ihr\s+mir\s+sagen",
    r"ich\s+(?:hätte|habe)\s+eine\s+frage",
    r"kurze\s+frage",
    r"quick\s+question",
    r"why\s+(?:is|are|does|do|did|can'?t|won'?t|isn'?t|doesn'?t|would|my|the)",
    r"how\s+come",
    r"any\s+way\s+(?:i|to|you)",
    r"what(?:'s|\s+is)\s+(?:going\s+on|happening)",
    r"where'?s\s+my",
    r"wheres\s+my",
    r"(?:warum|wieso|weshalb)\s+\w+",
    r"(?:can|could|would|will)\s+(?:you|i|we|someone|anyone)\s+(?:please\s+)?\w+",
    r"(?:könnt|können|könnten|würdet)\s+(?:ihr|sie)\s+(?:bitte\s+)?\w+",
)
_SENTENCE_START_Q = re.compile(
    r"(?:^|[.!?\n]\s*|^@\w+\s+)(how|what|where|when|why|who|which|can|could|does|do|is|are|will|"
    r"would|should|did|has|have|wie|wo|wann|warum|wieso|weshalb|was|wer|welche[rsnm]?|kann|"
    r"könnt|können|habt|gibt|ist|sind|wird|werden)\b",
    _I,
)

COMPLAINT_PHRASES = _alt(
    # English (negation is part of the phrase)
    r"(?:not|isn'?t|is\s+not|doesn'?t|does\s+not|don'?t|won'?t|will\s+not|cannot|can'?t|cant)\s+"
    r"(?:work\w*|load\w*|open\w*|play\w*|log\s*in|sign\s*in|connect\w*|download\w*|"
    r"access\w*|find|get|update|sync\w*|charg\w*|turn\s+on|arrive\w*)",
    r"never\s+(?:arrived|received|came|showed\s+up|again)",
    r"still\s+(?:not|no|waiting|haven'?t)",
    r"(?:haven'?t|have\s+not|did\s+not|didn'?t)\s+(?:received|receive|got|get|arrived)",
    r"no\s+(?:response|reply|answer|refund)",
    r"unable\s+to",
    r"stopped\s+working",
    r"keeps?\s+(?:crashing|freezing|turning|dropping|restarting|logging)",
    r"thanks\s+for\s+nothing",
    r"wrong\s+(?:item|order|product|size)",
    r"not\s+(?:yet\s+)?(?:delivered|shipped|received|arrived|refunded|working|happy)",
    r"(?:been\s+)?waiting\s+(?:for|since|on)",
    r"waited",
    r"where\s+(?:is|are)\s+my",
    r"(?:hasn'?t|has\s+not|haven'?t)\s+(?:arrived|come|shipped|been)",
    r"is\s+a\s+joke",
    r"can'?t\s+recommend",
    r"messed\s+up",
    r"sent\s+me\s+(?:a|the)\s+wrong",
    r"hung?\s+up\s+on",
    r"need\s+to\s+stop",
    r"never\s+(?:deliver\w*|work\w*|respond\w*|answer\w*)",
    r"warte\s+(?:seit|immer\s+noch|schon)",
    r"wo\s+bleibt",
    r"wo\s+ist\s+mein\w*",
    r"noch\s+(?:nicht|immer\s+nicht)\s+(?:da|angekommen|geliefert|erstattet)",
    r"nicht\s+zufrieden",
    r"won'?t\s+let\s+me",
    r"wont\s+\w+",
    r"not\s+going\s+off",
    r"no\s+more\s+\w+",
    r"went\s+from\s+\d+\s?%",
    r"make\s+it\s+stop",
    r"get\s+your\s+\w+\s+together",
    r"sort\s+(?:it\s+)?out",
    r"(?:for\s+)?(?:breaking|broke|ruin\w*)\s+my",
    r"lässt\s+mich\s+nicht",
    r"hängt\s+(?:sich\s+)?(?:ständig|immer|schon\s+wieder)",
    r"fix\s+(?:this|it|your)",
    # German
    r"funktioniert\s+(?:nicht|nie|immer\s+noch\s+nicht|schon\s+wieder\s+nicht)",
    r"geht\s+(?:nicht|nie|schon\s+wieder\s+nicht)",
    r"nicht\s+(?:angekommen|erhalten|geliefert)",
    r"immer\s+noch\s+(?:nicht|kein\w*)",
    r"schon\s+wieder",
    r"nie\s+wieder",
    r"keine\s+(?:antwort|rückmeldung|reaktion|erstattung)",
    r"falsch\s+geliefert",
    r"lässt\s+sich\s+nicht",
    r"kann\s+(?:mich\s+)?nicht\s+(?:einloggen|anmelden|bestellen|zahlen)",
)
#: single problem words; ignored right after a negation ("kein Problem", "not bad")
PROBLEM_WORDS = _alt(
    r"broken",
    r"crash\w*",
    r"error",
    r"issues?",
    r"problems?",
    r"bug\w*",
    r"late",
    r"delay\w*",
    r"missing",
    r"charged",
    r"overcharged",
    r"refund\w*",
    r"worst",
    r"terrible",
    r"horrible",
    r"awful",
    r"pathetic",
    r"sucks?",
    r"ridiculous",
    r"disappoint\w*",
    r"unacceptable",
    r"scam",
    r"useless",
    r"poor",
    r"frustrat\w*",
    r"annoy\w*",
    r"damaged",
    r"defective",
    r"waste",
    r"appall\w*",
    r"disgust\w*",
    r"nightmare",
    r"fraud",
    r"cheat\w*",
    r"atrocious",
    r"joke",
    r"fail\w*",
    r"unhelpful",
    r"rude",
    r"ignor\w*",
    r"complain\w*",
    r"unhappy",
    r"worse",
    r"slow",
    r"ekelhaft",
    r"witz",
    r"albtraum",
    r"unfreundlich",
    r"beschwerde",
    r"unzufrieden",
    r"langsam",
    r"lag\w*",
    r"stuck",
    r"unresponsive",
    r"drain\w*",
    r"garbage",
    r"hate\w*",
    r"wtf",
    r"fuck\w*",
    r"shit\w*",
    r"randomly",
    r"nagging",
    r"scheiße",
    r"hängt",
    r"abgestürzt",
    r"stürzt\w*",
    r"lost",
    r"bad",
    r"freez\w*",
    r"glitch\w*",
    r"outage",
    r"down",
    r"kaputt",
    r"defekt",
    r"verspätung\w*",
    r"verspätet",
    r"ausgefallen",
    r"ausfall",
    r"fehler\w*",
    r"problem\w*",
    r"störung\w*",
    r"frechheit",
    r"sauerei",
    r"unverschämt\w*",
    r"enttäuscht\w*",
    r"katastroph\w*",
    r"schlecht\w*",
    r"mist",
    r"müll",
    r"abzocke",
    r"betrug",
    r"erstattung",
    r"rückerstattung",
    r"beschädigt",
    r"ärgerlich",
    r"nervig",
    r"nervt",
    r"zumutung",
    r"storniert",
)
NEGATOR = re.compile(
    r"(?:\bnot|\bno|\bnever|n['’]t|\bnicht|\bkein\w*|\bnie|\bwithout|\bohne)\s+(?:so\s+|too\s+|zu\s+|so\s+)?$",
    _I,
)
SARCASM = re.compile(
    r"(?<!\w)(?:na\s+(?:toll|super|klasse|prima|großartig)|vielen\s+dank\s+auch|danke\s+für\s+nichts|"
    r"thanks\s+for\s+nothing|yeah\s+right|oh\s+great|just\s+great|great\s+job\s*[,.]?\s*not|"
    r"uh\s+thanks|gut\s+gemacht\s*\.\.\.)(?!\w)|🙄|😒|🤦",
    _I,
)
ANGRY_EMOJI = re.compile(r"😡|🤬|😤|👎|😠|💩")

PRAISE_WORDS = _alt(
    r"love\w*",
    r"great",
    r"awesome",
    r"amazing",
    r"thank\s*(?:s|you)",
    r"thx",
    r"excellent",
    r"fantastic",
    r"best",
    r"perfect",
    r"well\s+done",
    r"kudos",
    r"brilliant",
    r"superb",
    r"wonderful",
    r"impressed",
    r"not\s+bad",
    r"good\s+job",
    r"came\s+in\s+clutch",
    r"danke\w*",
    r"super",
    r"toll\w*",
    r"klasse",
    r"genial",
    r"liebe",
    r"großartig\w*",
    r"perfekt\w*",
    r"spitze",
    r"top",
    r"hammer",
    r"nicht\s+schlecht",
    r"begeistert",
    r"empfehlenswert",
    r"lecker",
    r"wunderbar",
    r"kein\s+problem",
)
PRAISE_EMOJI = re.compile(r"😍|❤️|❤|👏|🙌|💯|🔥|👍|🥰|😊|💕|🤩")

PURCHASE = _alt(
    r"where\s+(?:can|do|could)\s+i\s+(?:buy|get|order|find)",
    r"where\s+to\s+(?:buy|get)",
    r"want\s+to\s+buy",
    r"(?:gonna|going\s+to|will)\s+buy",
    r"need\s+(?:this|these|one)",
    r"take\s+my\s+money",
    r"how\s+much\s+(?:is|does|are)",
    r"in\s+stock",
    r"available\s+in",
    r"restock\w*",
    r"pre-?order",
    r"wo\s+(?:kann|bekomme|kriege)\s+(?:ich|man)",
    r"wo\s+gibt\s+es",
    r"will\s+ich\s+haben",
    r"muss\s+ich\s+haben",
    r"brauch(?:e)?\s+ich",
    r"wie\s+viel\s+kostet",
    r"was\s+kostet",
    r"wieder\s+(?:verfügbar|lieferbar|auf\s+lager)",
    r"auf\s+lager",
    r"(?:will|möchte|würde)\s+(?:\w+\s+){0,3}?(?:kaufen|bestellen)",
)
HELP = _alt(
    r"please\s+help",
    r"help\s+(?:me|us|please)",
    r"can\s+(?:you|someone|anyone)\s+help",
    r"need\s+(?:some\s+)?help",
    r"dm(?:'?d|ed)?",
    r"direct\s+message",
    r"sent\s+(?:you\s+)?a\s+dm",
    r"please\s+(?:call|contact|check|respond|reply|fix|assist)",
    r"contact\s+me",
    r"assist\s+me",
    r"what\s+(?:should|do)\s+i\s+do",
    r"how\s+(?:do|can)\s+i\s+(?:fix|get|change|cancel|reset|"
    r"remove|delete|turn|stop|update|restore|recover)",
    r"hilfe",
    r"helft\s+mir",
    r"(?:kann|könnt|können)\s+(?:mir|ihr|sie)\s+(?:\w+\s+)?helfen",
    r"bitte\s+(?:um\s+)?(?:rückmeldung|hilfe|antwort|melden)",
    r"meldet\s+euch",
    r"was\s+(?:soll|kann)\s+ich\s+(?:jetzt\s+)?tun",
    r"(?:please\s+)?fix\s+(?:my|this|it|the|your)",
    r"(?:when|going)\s+(?:\w+\s+){0,4}?fix",
    r"let\s+me\s+know",
    r"(?:explain|help)\s*!+",
    r"tried\s+contacting",
    r"i\s+(?:want|need|would\s+like)\s+(?:you|a|an|the|my|to\s+(?:have|get|know|speak|talk))",
    r"(?:please|plz|pls)\s+(?:\w+\s+)?(?:add|allow|explain|sort|update|send|tell)",
    r"(?:behebt|repariert|löst)\s+(?:das|den|die|es)",
    r"ich\s+(?:will|möchte|brauche)\s+(?:eine|einen|mein\w*|mit)",
    r"ruft?\s+mich\s+(?:bitte\s+)?an",
)


@dataclass(frozen=True)
class _Cue:
    label: str
    text: str
    score: float


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(0) if m else None


def _problem_words(text: str) -> list[str]:
    found = []
    for m in PROBLEM_WORDS.finditer(text):
        before = text[max(0, m.start() - 20) : m.start()]
        if NEGATOR.search(before):
            continue
        found.append(m.group(0))
    return found


def _question(text: str) -> _Cue | None:
    if "?" in text:
        end = text.index("?") + 1
        start = max(text.rfind(c, 0, end - 1) for c in ".!\n") + 1
        return _Cue("question", text[start:end].strip() or "?", 0.9)
    phrase = _first(QUESTION_WORDS, text)
    if phrase:
        return _Cue("question", phrase, 0.8)
    m = _SENTENCE_START_Q.search(text)
    if m and len(text) < 400:
        return _Cue("question", m.group(1), 0.55)
    return None


def detect(
    text: str,
    language: str | None = None,
    negative: float | None = None,
    positive: float | None = None,
    about: str | None = None,
) -> Intent:
    """Intent of one post; ``negative``/``positive`` are sentiment probabilities if known,
    ``about`` names the brand/product the post mentions (used in the reason)."""
    raw = (text or "")[:MAX_CHARS]
    plain = _URL.sub(" ", raw)
    cues: list[_Cue] = []

    sarcasm = _first(SARCASM, plain)
    phrase = _first(COMPLAINT_PHRASES, plain)
    problems = _problem_words(plain)
    angry = _first(ANGRY_EMOJI, plain)
    neg = negative if negative is not None else 0.0
    if phrase:
        cues.append(_Cue("complaint", phrase, 0.9))
    elif sarcasm and (problems or angry or neg >= 0.4):
        cues.append(_Cue("complaint", sarcasm, 0.85))
    elif problems and (neg >= NEG_SENTIMENT or len(problems) >= 2 or angry):
        cues.append(_Cue("complaint", problems[0], 0.8))
    elif problems:
        cues.append(_Cue("complaint", problems[0], 0.6))
    elif angry or sarcasm:
        cues.append(_Cue("complaint", angry or sarcasm or "", 0.55))

    q = _question(plain)
    if q:
        cues.append(q)
    help_cue = _first(HELP, plain)
    if help_cue:
        cues.append(_Cue("help_request", help_cue, 0.85))
    purchase = _first(PURCHASE, plain)
    if purchase:
        cues.append(_Cue("purchase_intent", purchase, 0.8))

    complaint = any(c.label == "complaint" for c in cues)
    praise = _first(PRAISE_WORDS, plain) or _first(PRAISE_EMOJI, plain)
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
    needs = [c for c in cues if c.label != "praise"]
    if not needs:
        return Intent(labels, False, _no_reply_reason(labels, language), scores)
    best = max(needs, key=lambda c: (c.score, _PRIORITY[c.label]))
    also = [c.label for c in needs if c.label != best.label]
    return Intent(labels, True, _reason(best, language, neg, about, also), scores)


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
    if "praise" in labels:
        return "nur Lob, keine Antwort nötig" if de else "praise only, no reply needed"
    return "keine Frage, Beschwerde oder Bitte" if de else "no question, complaint or request"


class IntentStage:
    """Pipeline stage filling ``Doc.intent`` for German and English posts.

    Uses the sentiment annotation (second opinion on complaints and praise) and,
    when the spam stage ran earlier, never asks to reply to spam. Posts in other
    languages get no intent (``supported`` is False).
    """

    name: ClassVar[str] = "intent"
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ("language", "sentiment")
    provides: ClassVar[tuple[str, ...]] = ("intent",)

    def analyze(self, batch: Batch) -> None:
        for doc in batch.docs:
            if not doc.supported:
                continue
            doc.intent = intent_of(doc)


def intent_of(doc: Doc) -> Intent:
    """Intent of one pipeline document (title + text, with its sentiment and spam score)."""
    probs = doc.sentiment.probs if doc.sentiment is not None else {}
    about = None
    if doc.mentions:
        first = doc.mentions[0]
        about = first.product or first.brand
    result = detect(
        doc.full_text, doc.language, probs.get("negative"), probs.get("positive"), about
    )
    if result.needs_reply and doc.spam is not None and doc.spam >= SPAM_CUTOFF:
        de = (doc.language or "").startswith("de")
        reason = "wahrscheinlich Spam" if de else "probably spam"
        return Intent(result.labels, False, reason, result.scores)
    return result
