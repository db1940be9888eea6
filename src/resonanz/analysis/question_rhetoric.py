"""Question marks that make a point instead of asking (issue 9, item 5, third round).

Read from the ``dev`` split of the real-post check (``tests/fixtures/real_posts``):
forum debates, Facebook comments and tweets are full of question marks nobody
expects an answer to. The forms found there, each a bounded regular expression over
one sentence:

* *fragments*: one or two words and a mark ("Fair?", "Von Ihnen?", "und die CDU?????",
  "RAF vergessen ?", "Lasership?") echo or challenge; a fragment that opens with a
  question word ("what link?", "welche Farbe?") or "any" ("Any advice?") still asks;
* *German particles of rhetoric*: "doch", "etwa", "wohl" ("Sie versuchen doch nicht
  etwa …?", "Schade - warum wohl?"), a question word followed by "bitte" ("wo bitte
  wird Ihnen …?") and "überhaupt schon mal" / "so schwer zu verstehen";
* *negative yes/no questions* in German ("Ist das nicht bei den meisten so?",
  "Verstehen Sie nicht?", "Die Prüfer haben nie etwas bemerkt?"): they expect a
  "yes" and ask nothing; a question word or the author's own case ("Kann ich nicht
  …?", "noch nicht da?") keeps the question;
* *indignation* in German: "?!", "!?" or three and more marks ("warum … nehmen?!");
  English customer tweets use them in real asks ("where did voicemail go?!"), so the
  rule is German only;
* *advertising teasers* in German ("Sie suchen eine Textagentur?", "Du suchst noch
  ein Geschenk?");
* *help without information* ("Can you help?"): a request for an action, which the
  intent stage reports as ``help_request``, not as a question;
* *retweets*: everything after "RT @name:" is someone else's text (see :func:`retweet_start`).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

_LEAD = re.compile(
    r"^(?:@\w+|#(?=\w)|[\W_])*(?:(?:und|and|oder|or|aber|but|also|so|ok|okay|äh|ähm)\b[\s,]*)*",
    _I,
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
#: a fragment that opens with one of these still asks ("what link?", "Any advice?")
_ASKING_FIRST = re.compile(
    r"^(?:what|which|who|whose|where|when|why|how|was|welche\w*|wer|wo|wann|warum|wieso|"
    r"weshalb|wie|woher|wohin|any|anyone|anybody|jemand)$",
    _I,
)
_URL = re.compile(r"(?:https?://|www\.)\S+", _I)
#: German modal particles that turn a question into a statement
PARTICLE = re.compile(
    r"(?<![\w])(?:doch(?!\s+(?:noch|mal|bitte)\b)|etwa|wohl(?!\s+(?:fühl|auf)\w*))(?![\w])"
    r"|(?<![\w])(?:wo|wer|was|wie|wann|warum|wieso)\s+bitte(?![\w])"
    r"|(?<![\w])überhaupt\s+(?:schon\s+)?mal(?![\w])"
    r"|(?<![\w])so\s+(?:schwer|schwierig|bescheuert|dumm|blöd|naiv|verbohrt)(?![\w])"
    # "wer hat einen so gekrümmten Rücken, dass …": a consequence nobody asks about
    r"|(?<![\w])so\s+\w+(?:\s+\w+)?,?\s+dass(?![\w])"
    r"|^\W*ja\s+(?:is|ist|sind|hat|haben|gibt|kann)(?![\w])|(?<![\w])alles\s+klar(?![\w])"
    # an invitation, not a request for information ("Wer hat Bock auf ne Runde …?")
    r"|^\W*(?:wer|(?:noch\s+)?jemand)\s+(?:hat\s+)?(?:bock|lust)(?![\w])"
    # fixed phrases: "Ist das euer Ernst?", "Wozu dann …?", "Kann man sich dafür was kaufen?",
    # "Dir ist klar, dass …?"
    r"|(?<![\w])ist\s+das\s+(?:euer|dein|ihr|sein)\s+ernst(?![\w])"
    r"|(?<![\w])wozu\s+(?:dann|denn|also|noch)(?![\w])"
    r"|(?<![\w])kann\s+man\s+sich\s+dafür\s+(?:was|etwas)\s+kaufen(?![\w])"
    r"|^\W*(?:dir|ihnen|euch)\s+ist\s+(?:schon\s+|doch\s+)?klar(?![\w])"
    # a German tag after a statement ("haste kaputt gefahren wa ?", "… gelle ?")
    r"|[\s,](?:wa|gelle|gell|gelt|ne|nich|woll)\s*\?+\W*$",
    _I,
)
#: a formal "Sie" challenge in a debate ("Wissen Sie, was … bedeutet?", "Haben Sie sich schon
#: einmal mit … beschäftigt?"); asking for a source still asks ("Haben Sie eine Quelle?")
CHALLENGE_SIE = re.compile(
    r"^(?i:wissen|kennen|verstehen|haben|glauben|meinen|denken|finden|sind|wollen)\s+Sie(?![\w])"
)
#: a German infinitive question ("Warum bei EA beschweren?", "Wozu noch kaufen?"): no finite
#: verb, no subject; a short one is a shrug, not an ask
INFINITIVE_DE = re.compile(
    r"^(?:warum|wieso|weshalb|wozu)\s+(?!(?:\w+\s+){0,3}?(?:ist|sind|hat|haben|hast|habt|wird|"
    r"werden|kann|kannst|können|gibt|geht|muss|soll|darf|war|waren|ich|du|er|sie|es|wir|ihr|man)"
    r"(?![\w]))(?:\S+\s+){0,3}?\w+en\s*\?",
    _I,
)
#: laughter before the question: a joke ("Hihi mit Heidi übern Laufsteg ?")
LAUGH_FIRST = re.compile(r"^(?:hihi|haha\w*|hehe\w*|lol|xd|😂|🤣)", _I)
_SOURCE = re.compile(r"(?<![\w])(?:quelle\w*|link|beleg\w*|studie\w*|zahlen|source)(?![\w])", _I)
#: the post speaks to the company or the editors ("Liebe Redaktion", "Lieber Standard",
#: "Liebes … Team", "Hallo @DB_Bahn", "Sehr geehrte …"): its questions are asks, however loud
TO_COMPANY = re.compile(
    r"(?<![\w])(?:liebe[rs]?\s+(?:\S+\s+)?(?:redaktion|team|standard|support|kundenservice|"
    r"forenmoderation|community)|sehr\s+geehrte\w*|hallo\s+@\w+|bitte\s+um\s+"
    r"(?:antwort|klärung|rückmeldung))(?![\w])",
    _I,
)
#: a brand's own advertising ("Hast du schon die Jobs auf unserer Homepage gesehen?")
OWN_ADVERT = re.compile(
    r"(?<![\w])(?:unser\w*|our)\s+(?:\w+\s+)?(?:homepage|website|webseite|seite|shop|onlineshop|"
    r"angebot\w*|blog|channel|kanal|newsletter|app|store|sortiment)(?![\w])",
    _I,
)
#: a headline: a list of names and a colon before the question ("Telekom, Börse, Bahn: …?")
HEADLINE = re.compile(r"^\W*[A-ZÄÖÜ][\w-]*(?:,\s+[A-ZÄÖÜ][\w-]*)+:\s")
#: asking for help to reach someone is a request for an action ("can you help me speak to …")
HELP_REACH = re.compile(
    r"(?<![\w])(?:can|could|would)\s+(?:you|u)\s+(?:please\s+)?help\s+(?:me|us)\s+(?:to\s+)?"
    r"(?:speak|talk|reach|contact|get\s+(?:through|in\s+touch))(?![\w])",
    _I,
)
#: "when will I learn", "Who needs enemies": fixed English rhetorical phrases
RHETORICAL_EN = re.compile(
    r"(?<![\w])when\s+will\s+i\s+(?:ever\s+)?learn(?![\w])"
    # "why would they make me share a room?": indignation ("why would my card fail" asks)
    r"|^(?:@\w+[\s,:]+)*why\s+would\s+(?:they|you|u|anyone|anybody|someone)(?![\w])",
    _I,
)


def no_ask_unmarked(sentence: str) -> bool:
    """A sentence without question mark that only looks like an ask ("when will I learn",
    "can you help me speak to a real person")."""
    return bool(HELP_REACH.search(sentence) or RHETORICAL_EN.search(sentence))


_INTERROGATIVE_START = re.compile(
    r"^(?:what|which|who|whose|where|when|why|how|do|does|did|can|could|should|would|will|is|"
    r"are|was|were|has|have|any|anyone|anybody|may|might|wie|wo|was|wann|warum|wieso|weshalb|"
    r"welche\w*|wer|kann|können|könnt|gibt|ist|sind|hat|habt|haben|wird|werden)\b",
    _I,
)
_BECAUSE = re.compile(r"(?<![\w])(?:because|since|just\s+because)(?![\w])", _I)
#: a request for an action put as a question ("Kannst du beim Thema bleiben?", "Können die
#: Damen bitte …?"); a verb of telling keeps it a question ("Könnt ihr sagen, was das war?")
REQUEST_DE = re.compile(
    r"^(?:kannst|könntest|würdest)\s+du|^(?:könnt|könntet|würdet)\s+ihr"
    r"|^(?:können|könnten|würden)\s+(?:sie|die|ihr)",
    _I,
)
_TELL_DE = re.compile(
    r"(?<![\w])(?:sagen|erklären|verraten|nennen|mitteilen|schreiben|empfehlen|helfen|"
    r"weiterhelfen|bestätigen|zeigen|schicken|geben)(?![\w])|(?<![\w])(?:ob|wann|wie|wo|was|"
    r"warum|welche\w*)(?![\w])",
    _I,
)
#: English statements with a question mark: "You think you're smart?", "So you are …?"
DECLARATIVE_EN = re.compile(
    r"^(?:(?:so|and|but|then)[\s,]+)*(?:you|u|they|he|she)\s+(?:are|is|were|was|think|really|"
    r"seriously|just|expect|want|must|honestly)(?![\w])"
    r"|^(?:(?:so|and|but|then)[\s,]+)*(?:don'?t\s+i|isn'?t\s+(?:it|that)|wouldn'?t\s+it)(?![\w])",
    _I,
)
_NEGATION = re.compile(r"(?<![\w])(?:nicht|nie|niemals|kein\w*)(?![\w])", _I)
#: the author's own open case ("Kann ich nicht …?", "ist mein Paket noch nicht da?")
_OWN_CASE = re.compile(
    r"(?<![\w])(?:ich|mir|mich|mein\w*|wir|uns|unser\w*|noch\s+nicht|noch\s+kein\w*|"
    r"immer\s+noch)(?![\w])",
    _I,
)
_WH_DE = re.compile(
    r"^(?:wie|wo|was|wann|warum|wieso|weshalb|woher|wohin|welche\w*|wer|wen|wem|womit|"
    r"wofür|wozu|worauf|worüber|ob)$",
    _I,
)
_INDIGNANT = re.compile(r"\?+\s*!|!\s*\?|\?{3,}")
TEASER_DE = re.compile(
    r"^(?:du|sie|ihr)\s+(?:\w+\s+)?(?:suchst|suchen|sucht|willst|wollen|wollt|möchtest|"
    r"möchten|brauchst|brauchen|braucht)(?![\w])"
    r"|^(?:möchtest|möchtet|willst|wollt)\s+(?:du|ihr)\s+(?:\w+\s+){0,3}?(?:gerne?|auch|uns|mal)(?![\w])",
    _I,
)
HELP_ONLY = re.compile(
    r"(?:^|[-–,.:;]\s*)(?:(?:hi|hey|hello|please|pls|plz)[\s,]+)*(?:can|could)\s+(?:you|u|"
    r"someone|anyone|somebody|anybody)\s+(?:please\s+)?help(?:\s+(?:me|us))?(?:\s+(?:out|"
    r"please))?\s*\?+\W*$",
    _I,
)
RETWEET = re.compile(r"(?<!\S)RT\s+@\w+\s*:")


def _words(sentence: str) -> list[str]:
    body = _LEAD.sub("", _URL.sub(" ", sentence))
    return _WORD.findall(body.split("?", 1)[0])


def fragment(sentence: str) -> bool:
    """One or two words and a question mark, not opened by a question word."""
    words = _words(sentence)
    if not words:
        return False
    if len(words) == 1:
        return True
    return len(words) == 2 and not _ASKING_FIRST.match(words[0])


def _negative_polar(sentence: str) -> bool:
    if not _NEGATION.search(sentence) or _OWN_CASE.search(sentence):
        return False
    words = _words(sentence)
    return bool(words) and not _WH_DE.match(words[0])


def rhetorical(sentence: str, german: bool, to_company: bool = False) -> str | None:
    """Why ``sentence`` (a sentence with a question mark) makes a point, or ``None``;
    ``to_company``: the post addresses the company or the editors (:data:`TO_COMPANY`),
    where loud marks and "Sie" questions still ask."""
    if fragment(sentence):
        return "fragment"
    body = _LEAD.sub("", sentence)
    if HELP_ONLY.search(sentence) or HELP_ONLY.search(body):
        return "help"
    m = (
        DECLARATIVE_EN.match(body)
        or OWN_ADVERT.search(sentence)
        or HEADLINE.match(sentence)
        or HELP_REACH.search(sentence)
        or RHETORICAL_EN.search(sentence)
        or LAUGH_FIRST.match(body)
    )
    if m:
        return m.group(0)
    # a statement closed by "????" ("says my account doesn't exist????") or put as a
    # question with its reason ("I can't hang my suit up because I didn't buy first class?")
    loud = "???" in sentence and not to_company
    reasoned = body[:2].lower() == "i " and _BECAUSE.search(sentence) is not None
    if (loud or reasoned) and not _INTERROGATIVE_START.match(body):
        return "statement"
    if german:
        m = REQUEST_DE.match(body)
        if m and not _TELL_DE.search(sentence, m.end()):
            return m.group(0)
        m = PARTICLE.search(body) or PARTICLE.search(sentence)
        if m:
            return m.group(0)
        if to_company:
            return None
        if _INDIGNANT.search(sentence):
            return "?!"
        if _negative_polar(sentence):
            return "negative yes/no question"
        if CHALLENGE_SIE.match(body) and not _SOURCE.search(sentence):
            return "Sie?"
        m = INFINITIVE_DE.match(body)
        if m:
            return m.group(0)
        m = TEASER_DE.match(body)
        if m:
            return m.group(0)
    return None


def retweet_start(text: str) -> int:
    """Where a retweeted text starts ("RT @name: …"), or -1."""
    m = RETWEET.search(text)
    return m.start() if m else -1
