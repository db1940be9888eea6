"""More cues for :mod:`.questions` (issue 9, item 5): asks without a question mark and
question marks that ask nothing.

*Requests for information* ask without a question mark: "Sag mal bitte, welche Nummer
das ist", "Please let me know what shade you're wearing", "Would love to know where you
got that mirror", "Wäre super, wenn mir jemand einen Tipp geben könnte", "Über
Erfahrungen würde ich mich freuen". A request for an *action* ("Bitte schickt mir die
Rechnung", "please refund my order") is no question: it names no information.

*Question marks that ask nothing*:

* exclamations of praise in question form: "Wie schön ist bitte dieser Farbton?!",
  "How pretty is this packaging tho", "Where has this been all my life?!", "Why is nobody
  talking about this", "Warum hab ich das nicht früher entdeckt";
* rhetorical openers that make the whole sentence rhetorical, however long it goes on:
  "Wer braucht schon …", "Who needs … when", "Who knew …", "Wer hätte gedacht, dass …";
* a price put as an outraged question: "18 Euro für 50 ml Handcreme?", "$40 for this?";
* a teaser heading: "Mein Geheimnis für morgens?" / "My secret?" followed by the answer;
* every question after an "FAQ" / "Häufige Fragen" line (the text answers them).

All patterns are bounded regular expressions over one sentence.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _alt(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", _I)


_WH_DE = r"(?:welche\w*|wie|wo|was|wann|woher|wieso|warum|ob)"
_WH_EN = r"(?:what|which|where|how|when|who|whether|if|why)"
#: "let me know if you need anything": an offer, not an ask; "tell me why …": rhetorical
_NOT_OFFER = (
    r"(?!(?:if|when|whether)\s+(?:you|u|oyu|ya|y'?all)\s+(?:\w+\s+)?(?:need|want|have\s+any|"
    r"require|think)\b|what\s+you\s+think|in\s+the\s+comments|why\b)"
)
_INFO_DE = r"(?:sagen|helfen|geben|empfehlen|verraten|erklären|weiterhelfen|nennen|schreiben)"

#: a request for information (a question without its mark)
INFO_REQUEST = _alt(
    r"(?:wäre|wär)\s+(?:echt\s+|total\s+|sehr\s+|so\s+|mega\s+|wirklich\s+)?(?:super|toll|nett|lieb|klasse|cool|dankbar|hilfreich|schön)\s*,?\s+wenn\s+"
    r"(?:mir\s+)?(?:jemand|einer|wer|ihr|du|sie)\s+(?:mir\s+)?(?:\w+\s+){0,5}?" + _INFO_DE,
    r"über\s+(?:eure\s+|ein\s+paar\s+|jede\s+|alle\s+)?(?:tipps|erfahrungen|empfehlungen|"
    r"antworten|ratschläge|rat|hilfe)\s+(?:\w+\s+){0,5}?(?:würde|werde)\s+ich\s+mich\s+"
    r"(?:sehr\s+|riesig\s+)?freuen",
    r"(?:ich\s+)?würde\s+mich\s+(?:sehr\s+|riesig\s+)?über\s+(?:eure\s+|ein\s+paar\s+)?"
    r"(?:tipps|erfahrungen|empfehlungen|antworten|ratschläge|hilfe)\s+freuen",
    r"(?:please|pls|plz|or|just|and)\s+(?:let\s+me\s+know|tell\s+me)\s+"
    + _NOT_OFFER
    + _WH_EN
    + r"\b",
    r"(?:i\s*'?d|i\s+would|would)\s+(?:really\s+|so\s+)?love\s+to\s+know\s+" + _WH_EN,
    r"(?:i'?m|i\s+am)\s+(?:so\s+|really\s+)?(?:curious|dying\s+to\s+know)\s+"
    r"(?:what|which|where|how|if|whether)",
    r"(?:would|i'?d)\s+(?:really\s+|greatly\s+)?appreciate\s+(?:any|some|your)\s+"
    r"(?:help|advice|tips|recommendations|suggestions|input)",
    r"(?:any\s+)?(?:recommendations|suggestions|advice|tips)\s+(?:would\s+be|are|much)\s+"
    r"(?:\w+\s+)?appreciated",
    r"quick\s+q\b",
    r"(?:wisst|kennt)\s+ihr\s+(?:zufällig|vielleicht|eigentlich)\s*,?\s*" + _WH_DE,
    r"wei(?:ß|ss)t\s+du\s+(?:zufällig|vielleicht|eigentlich)\s*,?\s*" + _WH_DE,
    r"(?:ich\s+)?frage\s+mich\s+(?:jetzt|nun|gerade|schon\s+länger)\s*,?\s*" + _WH_DE,
    r"(?:wie|wo)\s+(?:heißt|hieß|nennt\s+sich|gibt\s+es|bekomme\s+ich|kriege\s+ich)\s+"
    r"(?:\w+\s+){0,3}?(?:nochmal|noch\s+mal|eigentlich|denn)",
)
#: requests at the start of a sentence: imperatives ("Sag mal bitte, welche …", "Let me know
#: where …") and "Anyone else('s) …"
INFO_START = re.compile(
    r"^\W*(?:@\w+[\s,:]+)*(?:(?:bitte|please|pls|plz|hey|und|and|atleast|at\s+least)[\s,]+)*(?:"
    r"(?:sag|sagt|verrat|verratet|schreib|schreibt)[\s,]+(?:(?:mir|uns|doch|mal|bitte|kurz)[\s,]+)*"
    + _WH_DE
    + r"\b"
    r"|(?:let\s+me\s+know|lemme\s+know|tell\s+me)\s+" + _NOT_OFFER + _WH_EN + r"\b"
    r"|(?:(?:has|does|did|is)\s+)?anyone\s+else(?:'s|s)?\s+\w+)",
    _I,
)
#: a German W-question with the reader as the only addressee ("Wie lange hält so eine Dose
#: bei euch", "Welche Nummer hat der Lack bei dir") - without question mark
WH_TO_READER = re.compile(
    r"^\W*(?:wie\s+(?:lange|viel|oft|heißt|hieß)|welche\w*|wo|wann|woher|womit)\s+"
    r"(?:\w+\s+){0,6}?(?:bei\s+(?:euch|dir)|ihr|du)\b",
    _I,
)
#: a "gibt's" question (the apostrophe form GERMAN_INVERSION leaves out)
GIBTS = re.compile(r"^\W*(?:und\s+)?gibt['’]s\s+(?:den|die|das|auch|noch|irgendwo|schon)\b", _I)

_PRAISE_ADJ = (
    r"(?:schön|toll|geil|süß|hübsch|krass|cool|genial|perfekt|edel|lecker|"
    r"pretty|cute|gorgeous|beautiful|amazing|stunning|perfect|lovely|insane|adorable|"
    r"satisfying|good|great|nice|gut)"
)
#: "Wie schön ist bitte …", "How pretty is this …": an exclamation in question form
EXCLAMATIVE = re.compile(
    r"^\W*(?:(?:und|and|but|aber|omg|oh|ok)\s+)?(?:wie|how)\s+(?:\w+\s+)?"
    + _PRAISE_ADJ
    + r"\s+(?:ist|sind|war|sieht|klingt|is|are|was|does|do|looks?|sounds?)\b",
    _I,
)
#: what marks an exclamative as such (a bare "How good is the SPF?" may really ask)
EXCLAIM_MARK = re.compile(r"\?!|!\?|!|\bbitte\b|\btho(?:ugh)?\b|😍|🥰|🤩|❤|💜|💕|😭|✨", _I)
#: rhetorical openers: the whole sentence is rhetorical however long it goes on
RHETORICAL_OPENER = re.compile(
    r"^\W*(?:(?:honestly|ehrlich|ganz\s+ehrlich|also|so|and|und|but|aber|i\s+mean)[\s,:]+)*"
    r"(?:wer\s+braucht\s+(?:schon|denn|noch|bitte)|who\s+(?:even\s+)?needs|"
    r"who\s+knew|wer\s+hätte\s+(?:das\s+)?gedacht|who\s+would(?:'ve|\s+have)\s+thought|"
    r"who\s+doesn'?t\s+love|wer\s+liebt\s+(?:es|das)\s+nicht|"
    r"where\s+(?:has|have)\s+(?:this|these|it|you)\s+been\s+all\s+my\s+life|"
    r"wo\s+(?:warst|wart)\s+(?:du|ihr)\s+(?:nur\s+)?(?:mein\s+ganzes\s+leben|so\s+lange)|"
    r"why\s+(?:is|isn'?t|are|aren'?t)\s+(?:nobody|no\s+one|everyone|everybody)\s+talking|"
    r"warum\s+(?:redet|spricht)\s+(?:keiner|niemand|nicht\s+jeder)|"
    r"why\s+didn'?t\s+i\s+(?:\w+\s+){0,3}?(?:sooner|earlier|before)|"
    r"warum\s+(?:hab|habe)\s+ich\s+(?:\w+\s+){0,3}?nicht\s+(?:schon\s+)?(?:früher|eher))",
    _I,
)
#: a price put as a question: outrage, not an ask ("18 Euro für 50 ml Handcreme?")
PRICE_OUTRAGE = re.compile(
    r"(?:^|[:–-]\s*)\W*\d+(?:[.,]\d+)?\s*(?:euro|eur|€|\$|dollars?|bucks|pfund|£)\s+"
    r"(?:für|for)\s+(?:[^\s?]+\s+){0,5}?[^\s?]+\s*\?+\W*$",
    _I,
)
PRICE_FIRST = re.compile(
    r"(?:^|[:–-]\s*)\W*[$£€]\s*\d+(?:[.,]\d+)?\s+for\s+(?:[^\s?]+\s+){0,5}?[^\s?]+\s*\?+\W*$", _I
)
#: a teaser: a few words, possessive first ("Mein Geheimnis für morgens?", "My secret?")
TEASER = re.compile(
    r"^\W*(?:mein\w*|unser\w*|my|our)\s+(?:[^\s?]+\s+){0,4}?[^\s?]+\s*\?+\W*$",
    _I,
)
#: a line that opens a block of questions the text answers
FAQ_LINE = re.compile(
    r"^\W*(?:faq|häufige\s+fragen|frequently\s+asked\s+questions|q\s*&\s*a|fragen\s+und\s+"
    r"antworten)\b",
    _I,
)
#: a past-tense narrative sentence (what follows a question told inside a story)
NARRATIVE = _alt(
    r"war|waren|hatte|hatten|sagte|meinte|lachte|zuckte|rausbrachte|brachte|"
    r"was|were|had|said|laughed|shrugged|replied|told",
)


def no_ask(sentence: str) -> str | None:
    """Why ``sentence`` asks nothing though it looks like a question, or ``None``."""
    m = RHETORICAL_OPENER.match(sentence)
    if m:
        return m.group(0).strip()
    m = EXCLAMATIVE.match(sentence)
    if m and (EXCLAIM_MARK.search(sentence[m.end() :]) or "?" not in sentence):
        return m.group(0).strip()
    m = PRICE_OUTRAGE.search(sentence) or PRICE_FIRST.search(sentence)
    if m:
        return m.group(0).strip()
    return None


def faq_start(lines: list[str]) -> int:
    """Index of the first line after an FAQ line (``len(lines)`` when there is none)."""
    for k, line in enumerate(lines):
        if FAQ_LINE.match(line) and len(line) <= 60:
            return k + 1
    return len(lines)


#: a question mark that is part of a URL ("…/search?q=…") asks nothing
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
#: a one-line challenge without a verb ("Warum so aggressiv?", "Warum nicht bei ihr?")
CHALLENGE = re.compile(
    r"^\W*(?:und\s+|aber\s+)?(?:warum|wieso|weshalb|why)\s+(?:denn\s+)?(?:so|nicht|not|so\s+much)"
    r"(?:\s+[\w-]+){1,2}\s*\?+\W*$",
    re.IGNORECASE,
)
#: the author answers the question with a reason at once ("Warum …? Weil …")
BECAUSE = re.compile(r"^\W*(?:weil|because|na\s*ja|tja)\b", re.IGNORECASE)
#: a confirmation tag after a statement ("it's supposed to be a power ballad right?"),
#: found from the end of the sentence (see :func:`tagged`)
TAG = re.compile(
    r"[\s,](?:right|oder\s+nicht|nicht\s+wahr|schon\s+vergessen)\s*\?+\W*$", re.IGNORECASE
)
#: a greeting after a thread title: the text after it is the reply's own ("Re: … Hallo Max, …")
GREETING = re.compile(
    r"\b(?:hallo|hi|hey|moin|servus|guten\s+(?:morgen|tag|abend)|liebe[rs]?|sehr\s+geehrte[rs]?)\b",
    re.IGNORECASE,
)
#: a short post that ends on a bare why ("… and the amount was not withdrawn why")
TRAILING_WHY = re.compile(r"\w\s+(?:why|warum|wieso)\W*$", re.IGNORECASE)


def last_mark(sentence: str) -> int:
    """Position of the last ``?`` outside URLs, or -1."""
    pos = sentence.rfind("?")
    if pos < 0 or "/" not in sentence:
        return pos
    inside = [(m.start(), m.end()) for m in URL.finditer(sentence)]
    while pos >= 0 and any(a <= pos < b for a, b in inside):
        pos = sentence.rfind("?", 0, pos)
    return pos


def aside(sentence: str, qpos: int) -> bool:
    """The question is a bracketed aside inside a statement ("Nullen (wo gibts die nicht?),
    aber …", "(661 million views??)")."""
    opened = sentence.rfind("(", 0, qpos)
    return opened >= 0 and ")" not in sentence[opened:qpos] and ")" in sentence[qpos:]


def link_title(text: str, end: int) -> bool:
    """Only links follow the question: the title of a shared article."""
    if "@" in text or URL.search(text, end) is None:
        return False
    return not URL.sub("", text[end:]).strip(" \t\n\ufeff-–|")


def tagged(sentence: str) -> bool:
    """A statement of at least four words closed by a confirmation tag."""
    m = TAG.search(sentence)
    return m is not None and len(sentence[: m.start()].split()) >= 4
