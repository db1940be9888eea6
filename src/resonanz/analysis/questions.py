"""Which sentences of a post are questions its author asks.

A question mark alone is a poor signal on real posts: bloggers write headings as
questions and answer them in the next paragraph ("Was ist Niacinamid?"), stories
quote what someone else asked („Warum kannst du das so gut?“, fragte sie), and
authors ask themselves questions they answer at once ("Hat es geholfen? Leider
nein."). Conversely an English customer tweet often asks without one ("can i
have my bags back").

:func:`classify` looks at every sentence (spans from
:func:`resonanz.analysis.sentences.split_sentences`) and returns a
:class:`QuestionSentence` for each sentence that looks like a question, with its
``kind``:

``asked``
    a question the author asks (counts for ``needs_reply``);
``poll``
    a question to the readers at the end of a long post ("Was meint ihr?",
    "What's your favourite?"): the author asks, but nobody expects the brand to
    answer; it counts as a question, not as ``needs_reply``;
``quoted``
    the question mark is inside quotation marks or a ``>`` quote line;
``reported``
    speech or thought introduced by a verb ("sie fragte:", "meinte nur:",
    "I thought:", "…?“, fragte sie");
``heading``
    a line of its own followed by a paragraph that answers it, or marked as a
    heading ("FAQ:", "#", "1.", "**…**");
``rhetorical``
    answered by the author at once ("Hat es geholfen? Leider nein.", "Das
    Ergebnis? Weiche Haut."), a fixed rhetorical phrase ("Wer kennt es nicht?",
    "guess what?"), or a question without any addressee in the middle of a long
    story.

Only ``asked`` and ``poll`` are questions of the author. A sentence without a
question mark is ``asked`` only with a strong cue: an addressee phrase
("weiß jemand", "does anyone know", "kann mir jemand sagen") or interrogative
word order with a pronoun subject at the start of a short sentence ("how do i
…", "can you …", "wo bekomme ich …"); "will do", "have a good day", "should
be fun" and "Kann ich nur empfehlen" are not questions.

All rules are regular expressions over bounded sentences (at most
:data:`~resonanz.analysis.sentences.MAX_SENTENCE` characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from resonanz.analysis import question_cues as Q
from resonanz.analysis import question_rhetoric as R
from resonanz.analysis.base import Span
from resonanz.analysis.intent_rules import PRAISE_EMOJI, PRAISE_WORDS, PROBLEM_WORDS
from resonanz.analysis.prefilter import Found, Scanner

_I = re.IGNORECASE

#: kinds that are questions of the author
AUTHOR_KINDS = frozenset({"asked", "poll"})
#: a post at least this long counts as a long text (story rules apply)
LONG_POST = 600
#: German forum and Facebook debates: from this length on, a question in the middle of a
#: post that addresses nobody is a debating device (tuned on the real-post dev split)
LONG_POST_DE = 300
#: a question at the end of a post at least this long can be a question to the readers
POLL_POST = 400


@dataclass(frozen=True, slots=True)
class QuestionSentence:
    span: Span
    kind: str  # asked | poll | quoted | reported | heading | rhetorical
    cue: str  # what decided it, e.g. "?" or "weiß jemand" or "fragte"


def _alt(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", _I)


# --- question without a question mark ------------------------------------------------
ASK_PHRASES = _alt(
    r"(?:does|do|would|will)\s+any(?:one|body)\s+(?:know|have|recommend|else)",
    r"any(?:one|body)\s+(?:know|knows|have|has|tried|recommend)",
    r"(?:can|could)\s+(?:any|some)(?:one|body)\s+(?:please\s+)?(?:tell|recommend|help|explain|"
    r"suggest|confirm|let)",
    r"any\s+(?:recommendations?|suggestions?|tips|advice|ideas?)(?!\s+(?:is|are)\b)",
    r"i\s+(?:was|am|'m)\s+wondering\s+(?:if|whether|why|how|what|when|where)",
    r"i\s+wonder\s+(?:if|whether|why|how|what)",
    r"i\s+(?:want|wanted|would\s+like)\s+to\s+(?:ask|know)\s+(?:if|whether|why|how|what|"
    r"when|where)",
    r"quick\s+question",
    r"any\s+chance\s+(?:the|that|this|you|i|we|it|of)\b",
    r"(?<=[,;]\s)(?:can|could|would|will)\s+(?:you|u|some(?:one|body)|any(?:one|body))"
    r"\s+(?:please\s+)?(?!be\b)\w+",
    r"wei(?:ß|ss)\s+(?:jemand|einer|wer|irgendwer)",
    r"wisst\s+ihr\s+(?:ob|wo|wie|wann|warum|was|welche\w*)",
    r"(?:kann|könnte)\s+mir\s+(?:jemand|einer|wer|irgendwer|jmd)\s+(?:\w+\s+){0,3}?"
    r"(?:sagen|helfen|erklären|empfehlen|verraten|weiterhelfen)",
    r"hat\s+(?:jemand|einer|wer|irgendwer|jmd)\s+(?:\w+\s+){0,3}?"
    r"(?:erfahrung\w*|tipps?|eine\s+idee|ahnung|empfehlung\w*)",
    r"habt\s+ihr\s+(?:\w+\s+){0,2}?(?:erfahrung\w*|tipps?|eine\s+idee|empfehlung\w*)",
    r"ich\s+(?:wollte|möchte|würde\s+gerne?)\s+(?:mal\s+)?(?:fragen|wissen),?\s+"
    r"(?:ob|wie|wo|wann|warum|was|welche\w*)",
    r"ich\s+frage\s+mich(?:\s+(?:ja|eigentlich|echt|schon|gerade|immer))*,?\s+"
    r"(?:ob|wie|wo|wann|warum|was|welche\w*)",
    r"kurze\s+frage",
    r"(?:ich\s+)?(?:bitte|freue\s+mich)\s+(?:um|über)\s+(?:eure\s+)?"
    r"(?:tipps|empfehlungen|rat|ratschläge|erfahrungen)",
)
_HANDLES = r"(?:(?:@\w+|\.@\w+)[\s,:]+)*"
_EN_OPEN = r"(?:(?:hi|hey|hello|so|and|but|also|ok|okay|please|pls|plz|yo|guys)[\s,]+)*"
_PRONOUN = r"(?:i|you|u|we|they|it|he|she|my|your|ur|the|this|that|there|these|those|one)"
_AUX = (
    r"(?:do|does|did|can|could|should|would|will|is|are|was|were|have|has|am|"
    r"can'?t|won'?t|isn'?t|aren'?t|doesn'?t|don'?t|didn'?t|wasn'?t|haven'?t|hasn'?t)"
)
ENGLISH_INVERSION = re.compile(
    r"^" + _HANDLES + _EN_OPEN + r"(?:"
    r"(?:how|what|where|when|who|which)\s+" + _AUX + r"\s+" + _PRONOUN + r"\b"
    r"|why\s+(?!not\b)(?!(?:i|we|you|they|this|these|my|our)\s+(?!" + _AUX + r"\b))\w+"
    r"|(?:where'?s|what'?s|who'?s|how'?s|wheres|whats)\s+(?!up\b)"
    r"(?!(?:even\s+|more\s+|really\s+|so\s+)?(?:better|worse|worst|best|funny|funnier|great|"
    r"crazy|sad|annoying|interesting|weird|amazing|nice|cool|wild)\b)\w+"
    r"|what\s+(?:if|happened|happens|is\s+(?:going\s+on|happening|wrong))\b"
    r"|(?:what|which)\s+(?:\w+\s+){1,2}?" + _AUX + r"\s+(?:you|u|i|we|they|it|this|that)\b"
    r"|(?:is|are)\s+(?:the|this|that|these|those|my|your)\s+(?:\w+\s+){0,2}?(?:still|safe|ok|"
    r"okay|good|worth|vegan|available|suitable|waterproof|fragrance|cruelty|discontinued|"
    r"coming|back)\b"
    r"|(?:does|do|did|will|would|can|could|should)\s+(?:this|it|that|these|those|the\s+\w+|"
    r"my\s+\w+|your\s+\w+|she|he|they)\s+(?!(?:again|too|lol)\b)[a-z]\w+"
    r"|(?:is|are)\s+there\s+(?:a|an|any|no|some)\b"
    r"|any\s*way\s+(?:i|to|you|we)\b"
    r"|is\s+(?:it|this|that)\s+(?:possible|normal|safe|ok|okay|true|really|supposed|just)\b"
    r"|(?:can|could|will|would|do|does|did|should|are|is)\s+(?:you|u|ya|someone|anyone|"
    r"somebody|anybody|y'?all)\b(?!\s+(?:too|as\s+well)\b)"
    r"|(?:can|could|should|do|may)\s+i\b(?!\s+(?:just|only|say|tell\s+you)\b)"
    r"|how\s+(?:come|long|much|many|often|soon)\b)",
    _I,
)
GERMAN_INVERSION = re.compile(
    r"^" + _HANDLES + r"(?:(?:hallo|hi|hey|und|aber|also|ok)[\s,]+)*"
    r"(?:(?:wie|wo|wann|warum|wieso|weshalb|woher|welche[rsnm]?|was)\s+"
    r"(?:kann|könnte|soll|sollte|muss|darf|bekomme|kriege|finde|benutze|trage|mache)\s+"
    r"(?:ich|man)\b(?!\s+(?:sagen|nur|da\s+noch\s+sagen)\b)"
    r"|(?:warum|wieso|weshalb)\s+(?:ist|sind|gibt|geht|funktioniert|kann|können|hat|haben|"
    r"habt|wird|werden|dauert|kommt|bekomme|muss|darf)\b"
    r"|(?:gibt\s+es|gibts)\s+(?:den|die|das|einen?|auch|noch|irgendwo|schon)\b"
    r"|(?:kann|könnte|darf|soll|sollte|muss)\s+man\b(?!\s+(?:nur|machen|so\s+machen|lassen|sagen)\b)"
    r"|(?:kennt|weiß|hat|nutzt|benutzt|verwendet)\s+(?:jemand|einer|irgendwer|irgendjemand)\b"
    r"|(?:hast|kannst|benutzt|nimmst|machst|trägst|bist|weißt|empfiehlst|würdest|könntest|"
    r"hättest|verwendest|nutzt|findest|magst)\s+du\b(?!\s+was\b)"
    r"|(?:wisst|kennt|nutzt|benutzt|findet|macht|wart)\s+ihr\b"
    r"|(?:ist|sind|hält|funktioniert|lohnt|passt|riecht|hilft|klappt|wirkt)\s+(?:das|die|der|es|"
    r"sich|dieses?|diese[rn]?)\s+(?!(?:so\s+)?(?:schön|toll|geil|süß|cool|krass|hübsch|genial|mega|"
    r"lieb|gut|hammer|wahnsinn|knaller|ein\s+traum)\b)\w+"
    r"|(?:wo|wann|warum|wieso|weshalb|woher|welche[rsnm]?|was|womit|wofür|wie\s+(?:lange|viel|"
    r"oft|genau))\s+(?:\w+\s+){0,2}?(?:hast|kannst|benutzt|nimmst|machst|trägst|bist|verwendest|"
    r"kommt|kommen|gibt|ist|sind|kann|kostet|kosten|hält|bekommt|findet|habt|macht|würdest|"
    r"hat|haben|heißt|riecht|passt|wirkt|"
    r"empfiehlst|nutzt|nehmt)\s+(?:du|ihr|man|es|die|der|das|sie|denn)\b"
    r"|(?:könnt|könntet|würdet|habt)\s+ihr\b"
    r"|(?:können|könnten|würden)\s+sie\s+(?:mir|uns|bitte)\b)",
    _I,
)
#: longest sentence that counts as a question on word order alone (a tweet)
INVERSION_MAX = 280
#: question clauses that also ask in the middle of a sentence; only in short posts
#: (tweets and comments often drop every question mark, long posts seldom do)
MID_ASK = _alt(
    r"(?:is|are)\s+there\s+(?:a|an|any)\s+(?:\w+\s+)?(?:way|option|reason|chance|update|fix|"
    r"number|chat|email|setting|plan|problem|issue)",
    r"how\s+(?:do|can|should|would|could)\s+(?:i|we)",
    r"how\s+come",
    r"why\s+" + _AUX + r"\s+(?:there|it|this|my|the|you|i|we|they|these|those)",
    r"(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:confirm|check|tell|help|let|look|"
    r"explain|send|fix|advise|sort|update|assist|give|add|make|bring|restock|reply)",
    r"(?<!nor\s)(?<!neither\s)(?:can|could|may)\s+i\s+(?:please\s+)?(?:still\s+)?(?:return|get|change|cancel|use|"
    r"exchange|request|ask|have|order|buy|go\s+back|recover|find|contact|speak|talk)",
    r"when\s+will\s+(?:i|my|it|the|you|this|we|they)",
    r"any\s*way\s+(?:i|to)\s+\w+",
    r"wie\s+kann\s+ich",
    r"wo\s+kann\s+ich",
    r"(?:könnt|könntet)\s+ihr\s+(?:mir|uns|bitte|das)",
)
#: a sentence ending in "!" is an exclamation, not a question without its mark
_EXCLAIMED = re.compile(r"!\W*$")
#: a post up to this long is short: :data:`MID_ASK` applies
SHORT_POST = 500
#: the phrase lists :class:`_Hits` needs; a caller that scans the text anyway (the intent
#: stage) puts them into its own :class:`~resonanz.analysis.prefilter.Scanner` and passes
#: the result to :func:`classify`, so each post is scanned once
HIT_PATTERNS = (ASK_PHRASES, MID_ASK, Q.INFO_REQUEST)
_SCANNER = Scanner(list(HIT_PATTERNS))

# --- not the author's question ------------------------------------------------------
_SPEECH_VERBS = (
    r"fragte|fragten|fragt|fragen\s+mich|meinte|meinten|meint|sagte|sagten|sagt|rief|"
    r"schrieb|schreibt|wollte\s+wissen|dachte|dachten|fragte\s+ich\s+mich|"
    r"asked|asks|said|says|wondered|thought|goes|went|was\s+like|were\s+like|yelled|told\s+me"
)
SPEECH_INTRO = re.compile(
    r"(?<![\w])(?<!was\s)(?<!wie\s)(?<!what\s)(?:" + _SPEECH_VERBS + r")(?![\w])[^?:,]{0,40}[:,]",
    _I,
)
SPEECH_AFTER = re.compile(
    r"\?[\"'“”„»«’‘)\]]*\s*[,–—-]\s*(?:" + _SPEECH_VERBS + r"|kam\s+(?:es|dann))(?![\w])", _I
)
SPEECH_NEXT = re.compile(
    r"^(?:(?:" + _SPEECH_VERBS + r")\s+(?:sie|er|mich|die|der|mein\w*|my|she|he|they)"
    # "Schreibt sie mir in die Kommentare": an imperative to the readers, not a speaker
    r"(?!\s+(?:mir|uns|gern|gerne|doch|bitte|ruhig)\b)|"
    r"(?:sie|er|she|he|they|my\s+\w+|meine?\s+\w+)\s+(?:" + _SPEECH_VERBS + r"))(?![\w])",
    _I,
)
RHETORICAL = _alt(
    r"was\s+soll\s+ich\s+(?:sagen|euch\s+sagen)",
    r"wie\s+soll\s+ich\s+(?:sagen|es\s+sagen)",
    r"wer\s+kennt\s+(?:es|das)\s+nicht",
    r"wer\s+hätte\s+das\s+gedacht",
    r"was\s+will\s+man\s+mehr",
    r"warum\s+auch\s+nicht",
    r"wisst\s+ihr\s+was",
    r"und\s+(?:dann|jetzt|nun|danach)",
    r"warum\s+ich\s+das\s+(?:erzähle|schreibe)",
    r"guess\s+what",
    r"you\s+know\s+what",
    r"who\s+knew",
    r"who\s+would\s+have\s+thought",
    r"what'?s\s+not\s+to\s+love",
    r"what\s+more\s+could\s+(?:you|i|one)\s+(?:want|ask\s+for)",
    r"why\s+not",
    r"why\s+am\s+i\s+telling\s+you\s+this",
    r"(?:and\s+)?the\s+(?:result|verdict|best\s+part|catch|answer)",
    r"(?:und\s+)?(?:das|mein)\s+(?:ergebnis|fazit|urteil|beste|problem)",
    r"der\s+(?:grund|haken)",
    r"die\s+(?:antwort|lösung)",
    r"am\s+i\s+right",
)
SELF_ANSWER = re.compile(
    r"^(?:ja|nein|jein|leider|natürlich|klar|absolut|definitiv|auf\s+jeden\s+fall|kurz\s+gesagt|"
    r"spoiler|ganz\s+ehrlich|tatsächlich|überhaupt\s+nicht|kein\s+bisschen|"
    r"yes|no|nope|yep|yup|absolutely|definitely|of\s+course|not\s+really|short\s+answer|"
    r"spoiler|turns\s+out|honestly|sadly|unfortunately|nah|(?:that|it)\s+depends|depends|"
    r"sometimes|usually|mostly|kommt\s+(?:darauf|drauf)\s+an|das\s+kommt\s+(?:darauf|drauf)|"
    r"manchmal|meistens|kommt\s+ganz\s+darauf)\b",
    _I,
)
POLL = _alt(
    r"was\s+(?:meint|denkt|sagt)\s+ihr",
    r"wie\s+(?:findet|seht)\s+ihr",
    r"(?:was|welche\w*)\s+(?:ist|sind)\s+(?:eure?|euer)\s+\w+",
    r"kennt\s+ihr\s+(?:das|die|den|es)",
    r"habt\s+ihr\s+(?:das|die|den|es|schon)\s+(?:\w+\s+){0,2}?(?:probiert|getestet|ausprobiert)",
    r"what\s+do\s+you\s+(?:guys\s+)?think",
    r"what(?:'s|\s+is|\s+are)\s+your\s+(?:favou?rites?|go-?to|thoughts)",
    r"have\s+you\s+(?:guys\s+)?(?:tried|used)",
    r"let\s+me\s+know\s+in\s+the\s+comments",
    r"schreibt\s+(?:es\s+)?(?:mir\s+)?in\s+die\s+kommentare",
)
#: someone is addressed (the reader, the brand, the community)
ADDRESSEE = _alt(
    r"du|dir|dich|dein\w*|ihr|euch|eure?\w*|jemand\w*|wer|leute|mädels|"
    r"you|u|ya|your|ur|y'?all|anyone|anybody|someone|somebody|guys|folks",
)
ADDRESSEE_SIE = re.compile(r"(?<=\w\s)(?:Sie|Ihnen|Ihr\w*)(?![\w])")
FIRST_PERSON_ASK = _alt(
    r"(?:soll|sollte|kann|könnte|muss|darf)\s+ich",
    r"(?:should|can|could|do|must|may)\s+i",
)
FIRST_PERSON = _alt(r"ich|mir|mich|mein\w*|i|i'?m|i'?ve|my|me")
#: a reply in a forum thread repeats the thread title ("Re: …", "AW: …")
REPLY_TITLE = re.compile(r"^(?:re|aw|antw|fwd?|wg)\s*:", _I)
#: laughter right after the question mark: a joke, not an ask
JOKE = re.compile(r"[!?\s]*(?:😂|🤣|😅|😆|😹|lol\b|haha)", _I)
#: a one-word question that is an interjection, not an ask ("Honestly? It's fine.")
INTERJECTION = re.compile(
    r"^\W*(?:honestly|seriously|really|right|srsly|tbh|ehrlich|ernsthaft|echt(?:\s+jetzt)?|"
    r"wirklich|oder|na|und|ok|okay|aha|ah\s+ja|ach\s+ja|ach\s+so)\s*\?+\W*$",
    _I,
)
#: a German question in verb-final (dependent-clause) order: a heading or a story device
#: ("Wie ich meine Haut gerettet habe?", "Was ich heute anders mache?"), never an ask
VERB_FINAL = re.compile(
    r"^\W*(?:und\s+)?(?:wie|was|warum|wieso|weshalb|wo|wann|woher|wofür|wozu|womit)\s+"
    r"(?:ich|wir)\s+(?:\w+\s+){1,8}?\w+\s*\?",
    _I,
)
#: the English counterpart, only as a line of its own ("How I saved my skin?")
VERB_FINAL_EN = re.compile(
    r"^\W*(?:how|why|what|when)\s+(?:i|we)\s+(?![a-z]*'|" + _AUX + r"\b)\w+", _I
)
#: "so good", "so schön": the why/how question is an exclamation of praise
SO_PRAISE = re.compile(
    r"\b(?:so|this|that|such\s+an?)\s+(?:good|pretty|gorgeous|beautiful|perfect|flawless|amazing|"
    r"natural|easy|smooth|schön|gut|toll|perfekt|natürlich|einfach|hübsch|glatt|ebenmäßig)\b",
    _I,
)
WHY = re.compile(
    r"^(?:@\w+\s+)*(?:(?:und|and|but|aber|also|so|ok)\s+)?(?:warum|wieso|weshalb|why|how\s+is|"
    r"how\s+are|wie\s+kann\s+man\s+nur|wie\s+machst\s+du)\b",
    _I,
)
HEADING_MARK = re.compile(
    r"^(?:#{1,6}\s*|\*\*|__|(?:faq|q|f|frage)\s*\d*\s*[:.)]\s*|\d{1,2}\s*[.)]\s+|[-–•]\s*\*\*)",
    _I,
)
QUOTE_LINE = re.compile(r"^\s*(?:>|&gt;)")
_QUOTE_PAIRS = re.compile(
    r"„[^“”\n]{0,400}[“”]|“[^”\n]{0,400}”|»[^«\n]{0,400}«|«[^»\n]{0,400}»|‚[^‘’\n]{0,400}[‘’]|"
    r'"[^"\n]{0,400}"|(?<![\w])\'[^\'\n]{1,200}\'(?![\w])'
)
_TRAILING = re.compile(r"[\s\"'“”„»«’‘)\]!.…]*$")


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation in ``text`` and of every ``>`` quote line."""
    regions = [(m.start(), m.end()) for m in _QUOTE_PAIRS.finditer(text)]
    pos = 0
    for line in text.split("\n"):
        if QUOTE_LINE.match(line):
            regions.append((pos, pos + len(line)))
        pos += len(line) + 1
    return regions


def _inside(pos: int, regions: list[tuple[int, int]]) -> bool:
    return any(start < pos < end for start, end in regions)


#: "Wer bleibt da freiwillig …?": an opening "wer" asks who, it addresses nobody
_OPENING_WER = re.compile(r"^\W*(?:und\s+|aber\s+)?wer(?![\w])", _I)


def _addressed(sentence: str) -> str | None:
    m = ADDRESSEE.search(sentence) or ADDRESSEE_SIE.search(sentence)
    if m is not None and m.group(0).lower() == "wer" and _OPENING_WER.match(sentence):
        m = ADDRESSEE.search(sentence, m.end()) or ADDRESSEE_SIE.search(sentence)
    return m.group(0) if m else None


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def classify(
    text: str, spans: list[Span], language: str | None = None, found: Found | None = None
) -> list[QuestionSentence]:
    """Every question-like sentence of ``text`` (``spans`` index ``text``) with its kind;
    ``language`` (e.g. ``"de"``) switches on the German-only rules of :mod:`.question_rhetoric`;
    ``found``: a scan of ``text`` by a scanner that holds :data:`HIT_PATTERNS`."""
    if not spans:
        return []
    regions = quoted_regions(text) if any(c in text for c in "\"'„“»«‚>") else []
    retweet = R.retweet_start(text) if "RT" in text else -1
    if retweet >= 0:
        regions.append((retweet, len(text) + 1))
    german = (language or "").startswith("de")
    to_company = german and R.TO_COMPANY.search(text) is not None
    lines = _lines(text)
    seeks = len(text) >= min(POLL_POST, LONG_POST_DE) and _seeks_answer(text, lines)
    long_post = len(text) >= (LONG_POST_DE if german else LONG_POST) and not seeks
    long_post = long_post and not to_company
    poll_post = len(text) >= POLL_POST and not seeks
    hits = (
        _Hits(text, inversion=not (german and len(text) >= LONG_POST_DE), found=found)
        if any("?" not in span.text for span in spans)
        else None
    )
    last_line_start = lines[-1].start if lines else 0
    faq = Q.faq_start([line.text for line in lines])
    faq_from = lines[faq].start if faq < len(lines) else len(text) + 1
    out: list[QuestionSentence] = []
    for i, span in enumerate(spans):
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        one = _classify_one(
            text,
            span,
            nxt,
            regions,
            lines,
            (long_post, poll_post),
            (last_line_start, faq_from),
            hits,
            (german, to_company),
        )
        if one is not None:
            out.append(one)
    return out


def _classify_one(
    text: str,
    span: Span,
    nxt: Span | None,
    regions: list[tuple[int, int]],
    lines: list[_Line],
    size: tuple[bool, bool],
    starts: tuple[int, int],
    hits: _Hits | None,
    lang: tuple[bool, bool] = (False, False),
) -> QuestionSentence | None:
    sentence = span.text
    german, to_company = lang
    long_post, poll_post = size
    last_line_start, faq_from = starts
    qpos = Q.last_mark(sentence)
    if qpos < 0:
        return _without_mark(span, hits) if hits is not None else None
    absolute = span.start + qpos
    if regions and _inside(absolute, regions):
        return QuestionSentence(span, "quoted", "„…?“")
    if Q.aside(sentence, qpos):
        return QuestionSentence(span, "rhetorical", "(…?)")
    m = SPEECH_INTRO.search(sentence, 0, qpos) or SPEECH_AFTER.search(sentence)
    if m:
        return QuestionSentence(span, "reported", m.group(0).strip(" :,?"))
    if nxt is not None and _same_line(text, span, nxt):
        m = SPEECH_NEXT.match(nxt.text)
        if m:
            return QuestionSentence(span, "reported", m.group(0))
    if (
        REPLY_TITLE.match(sentence)
        and span.start == _line_start(text, span.start)
        and not Q.GREETING.search(sentence, 0, qpos)
    ):
        return QuestionSentence(span, "quoted", sentence.split(":", 1)[0] + ":")
    if span.start >= faq_from:
        return QuestionSentence(span, "heading", "FAQ")
    no_ask = Q.no_ask(sentence) or R.rhetorical(sentence, german, to_company)
    if no_ask:
        return QuestionSentence(span, "rhetorical", no_ask)
    if nxt is not None and Q.TEASER.match(sentence) and not _addressed(sentence):
        return QuestionSentence(span, "heading", "teaser")
    joke = JOKE.match(text, span.start + qpos + 1, min(len(text), span.end + 12))
    if joke and WHY.match(sentence):
        return QuestionSentence(span, "rhetorical", joke.group(0))
    if INTERJECTION.match(sentence) or Q.CHALLENGE.match(sentence):
        return QuestionSentence(span, "rhetorical", sentence.strip())
    if Q.BECAUSE.match(sentence):  # a suggested answer ("Weil es … gibt?")
        return QuestionSentence(span, "rhetorical", sentence.split()[0])
    if nxt is not None and _same_line(text, span, nxt) and Q.BECAUSE.match(nxt.text):
        return QuestionSentence(span, "rhetorical", nxt.text.split()[0])
    if nxt is not None and Q.tagged(sentence):
        return QuestionSentence(span, "rhetorical", "tag")
    if (
        Q.link_title(text, span.end)
        and not _addressed(sentence)
        and not FIRST_PERSON.search(sentence)
    ):
        return QuestionSentence(span, "heading", "link title")
    if VERB_FINAL.match(sentence) or (_whole_line(span, lines) and VERB_FINAL_EN.match(sentence)):
        return QuestionSentence(span, "heading", "verb-final")
    praise = _exclamative(text, span, nxt) if WHY.match(sentence) else None
    if praise:
        return QuestionSentence(span, "rhetorical", praise)
    rhetorical = RHETORICAL.search(sentence)
    if rhetorical and _short_question(sentence, rhetorical):
        return QuestionSentence(span, "rhetorical", rhetorical.group(0))
    answered = nxt is not None and _same_line(text, span, nxt) and SELF_ANSWER.match(nxt.text)
    if answered and nxt is not None and (long_post or not _addressed(sentence)):
        return QuestionSentence(span, "rhetorical", nxt.text.split()[0])
    heading = _heading(span, lines)
    if heading:
        return QuestionSentence(span, "heading", heading)
    if poll_post and span.start >= last_line_start - 1:
        poll = POLL.search(text, span.start, min(len(text), span.end + 200))
        if poll:
            return QuestionSentence(span, "poll", poll.group(0))
    goes_on = nxt is not None and _same_line(text, span, nxt) and "?" not in nxt.text
    # the author answers at once, impersonally ("What does more money buy you? Usually ...")
    answer = goes_on and nxt is not None and not FIRST_PERSON.search(nxt.text)
    answer = answer and nxt is not None and not _addressed(nxt.text)
    addressed = _addressed(sentence)
    # German debates string questions together ("Will der Standard …? Kann man …?"): in a
    # long German post only the last sentence can be an unaddressed ask
    middle = span.start < last_line_start or goes_on or (german and nxt is not None)
    in_story = long_post and ((middle and not addressed) or answer)
    if in_story and not FIRST_PERSON_ASK.search(sentence):
        return QuestionSentence(span, "rhetorical", "story")
    if long_post and german and _OR_OPENING.match(sentence):
        return QuestionSentence(span, "rhetorical", "oder")
    if long_post and goes_on and nxt is not None and _told(sentence, nxt.text):
        return QuestionSentence(span, "rhetorical", "story")
    return QuestionSentence(span, "asked", sentence[max(0, qpos - 40) : qpos + 1].strip())


#: the author asks the community for answers (greeting, thanks in advance, "any help")
SEEKS = _alt(
    r"hallo\s+(?:zusammen|ihr|leute|alle)",
    r"(?:liebe|ihr\s+lieben)\s+(?:community|leute|mädels)",
    r"danke\s+(?:euch\s+)?(?:schon\s+(?:mal|vorab)|im\s+voraus|vorab)",
    r"(?:thanks|thank\s+you)\s+in\s+advance",
    r"tia",
    r"(?:any|all)\s+(?:help|advice|tips)\s+(?:is|would\s+be|appreciated)",
    r"hi\s+(?:all|everyone|guys|friends)",
    r"hey\s+(?:all|everyone|guys)",
    r"help\s+(?:please|me)",
    r"hilfe",
    r"(?:würde|werde)\s+(?:ich\s+)?mich\s+(?:sehr\s+|riesig\s+)?(?:über\s+\w+\s+)?freuen",
    r"freue\s+mich\s+über\s+(?:eure\s+)?(?:tipps|erfahrungen|antworten|empfehlungen)",
    r"(?:would\s+(?:really\s+|greatly\s+)?appreciate|(?:much|greatly)\s+appreciated)",
    r"(?:any|all)\s+(?:recommendations|suggestions|input)\s+(?:would\s+be\s+|are\s+)?"
    r"(?:\w+\s+)?appreciated",
)


def _seeks_answer(text: str, lines: list[_Line]) -> bool:
    """The post asks the community as a whole (then no question in it is a story device)."""
    head = lines[0].text if lines else ""
    tail = " ".join(line.text for line in lines[-2:])
    return bool(SEEKS.search(head[:200]) or SEEKS.search(tail[-300:]))


def _exclamative(text: str, span: Span, nxt: Span | None) -> str | None:
    """A why/how question that is a compliment ("Warum kannst du das so gut?? 😍", "How is
    this only $12?? Best mascara ever"): praise right after it and no problem word."""
    end = nxt.end if nxt is not None and _same_line(text, span, nxt) else span.end + 12
    around = text[span.start : min(len(text), end)]
    if PROBLEM_WORDS.search(around):
        return None
    after = text[span.end : min(len(text), end)]
    m = PRAISE_EMOJI.search(
        text, span.end - 1, min(len(text), span.end + 12)
    ) or PRAISE_WORDS.search(after)
    m = m or SO_PRAISE.search(span.text)  # "Why does this look so good on you??"
    return m.group(0) if m else None


#: "Oder geht es nur darum …?": an alternative closing a string of debating questions
_OR_OPENING = re.compile(r"^\W*oder(?![\w])", _I)

#: the reader-or-community addressees ("ihr", "anyone"): a question to them is never a story
_COMMUNITY = _alt(r"ihr|euch|eure?\w*|jemand\w*|leute|mädels|anyone|anybody|y'?all|guys|folks")


def _told(sentence: str, following: str) -> bool:
    """A du/you question told inside a story: the paragraph goes on in the past tense
    ("Warum kannst du das so gut? Das war alles, was ich rausbrachte.")."""
    return not _COMMUNITY.search(sentence) and bool(Q.NARRATIVE.search(following))


def _whole_line(span: Span, lines: list[_Line]) -> bool:
    line = next((ln for ln in lines if ln.start <= span.start < ln.end), None)
    return line is not None and span.start <= line.start + 3 and span.end >= line.end - 3


def _short_question(sentence: str, m: re.Match[str]) -> bool:
    """The rhetorical phrase is (nearly) the whole question, not part of a longer ask."""
    rest = _TRAILING.sub("", sentence[m.end() :]).strip(" ?,")
    return len(rest) <= 25


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _same_line(text: str, a: Span, b: Span) -> bool:
    return "\n" not in text[a.end : b.start]


def _heading(span: Span, lines: list[_Line]) -> str | None:
    """Why ``span`` is a heading: a marked heading line, or a line of its own followed by an
    answering paragraph; ``None`` otherwise."""
    k = next((i for i, line in enumerate(lines) if line.start <= span.start < line.end), -1)
    if k < 0:
        return None
    line = lines[k]
    if len(lines) < 2 or k == len(lines) - 1:
        return None
    whole_line = span.start <= line.start + 3 and span.end >= line.end - 3
    if HEADING_MARK.match(line.text) and len(line.text) <= 160:
        return "FAQ" if line.text[:3].lower() == "faq" else "heading mark"
    if not whole_line or len(line.text) > 120:
        return None
    follow = lines[k + 1].text
    if len(follow) < 60 or follow.rstrip().endswith("?"):
        return None
    question = span.text
    community = re.search(
        r"(?<![\w])(?:ihr|euch|eure?\w*|jemand|wer|leute|mädels|anyone|anybody|someone|"
        r"y'?all|guys)(?![\w])",
        question,
        _I,
    )
    if community:
        return None
    if SEEKS.search(follow[:80]):
        return None  # "Hi all, 27F here": the title of a forum post asking for help
    first = follow.split(". ")[0]
    if FIRST_PERSON.search(first[:80]) and not re.match(r"^(?:ich\s+finde|i\s+think)", first, _I):
        return None  # the author goes on about their own situation: a title question
    return "answered below"


class _Hits:
    """Matches of the phrase lists in the whole text, found with one literal prefilter
    pass (:mod:`.prefilter`) instead of a regex search per sentence."""

    __slots__ = ("ask", "inversion", "mid", "short")

    def __init__(self, text: str, inversion: bool = True, found: Found | None = None) -> None:
        #: word order alone may make a question (not in long German posts, where "Sollte man
        #: …, ist man …" opens a condition)
        self.inversion = inversion
        self.short = len(text) <= SHORT_POST
        found = found if found is not None else _SCANNER.scan(text)
        self.ask = [m for m in found.finditer(ASK_PHRASES)]
        self.ask += [m for m in found.finditer(Q.INFO_REQUEST)]
        self.mid = [m for m in found.finditer(MID_ASK)] if len(text) <= SHORT_POST else []

    @staticmethod
    def within(matches: list[re.Match[str]], span: Span) -> re.Match[str] | None:
        return next((m for m in matches if span.start <= m.start() < span.end), None)


def _without_mark(span: Span, hits: _Hits) -> QuestionSentence | None:
    sentence = span.text
    m = hits.within(hits.ask, span)
    if m is None and hits.inversion and len(sentence) <= INVERSION_MAX:
        m = ENGLISH_INVERSION.match(sentence)
        if m is None and not _EXCLAIMED.search(sentence):  # "Hast du super gemacht!" exclaims
            m = GERMAN_INVERSION.match(sentence)
        if m is None:
            m = hits.within(hits.mid, span)
        if m is None and not _EXCLAIMED.search(sentence):
            m = Q.WH_TO_READER.match(sentence) or Q.GIBTS.match(sentence)
        if m is None:
            m = Q.INFO_START.match(sentence)
        if m is None and hits.short:
            m = Q.TRAILING_WHY.search(sentence)
    if m is None or Q.no_ask(sentence) or _why_praise(sentence) or R.no_ask_unmarked(sentence):
        return None
    return QuestionSentence(span, "asked", m.group(0).strip())


def _why_praise(sentence: str) -> bool:
    """A why/how sentence without its mark that praises ("Why does this look so good 😍")."""
    if not WHY.match(sentence) or PROBLEM_WORDS.search(sentence):
        return False
    return bool(SO_PRAISE.search(sentence) or PRAISE_EMOJI.search(sentence))


def author_questions(found: list[QuestionSentence]) -> list[QuestionSentence]:
    return [q for q in found if q.kind in AUTHOR_KINDS]
