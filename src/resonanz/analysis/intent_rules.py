"""Cue tables for the intent stage (:mod:`.intent`), German and English.

Kept apart from the decision logic so the vocabulary can be reviewed and
extended without reading code. Patterns are word-bounded alternations without
nested unbounded quantifiers, so scanning long attacker-controlled posts stays
cheap.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE


def _alt(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])", _I)


URL = re.compile(r"https?://\S+|www\.\S+", _I)

COMPLAINT_PHRASES = _alt(
    # English (negation is part of the phrase)
    r"(?:not|isn'?t|is\s+not|doesn'?t|does\s+not|don'?t|won'?t|will\s+not|cannot|can'?t|cant)\s+"
    r"(?:work\w*|load\w*|open\w*|play\w*|log\s*in|sign\s*in|connect\w*|download\w*|"
    r"access\w*|find|get|update|sync\w*|charg\w*|turn\s+on|arrive\w*)",
    r"never\s+(?:arrived|received|came|showed\s+up|again(?!\s+without)|buying|ordering|"
    r"purchasing)",
    # expectation, return, refund, "never again" without negative words
    r"expected\s+(?:a\s+lot\s+|much\s+|way\s+|so\s+much\s+)?(?:more|better)",
    r"i\s+expect\s+(?:a|an|more|better|it\s+to)",
    r"returning\s+(?:it|this|them)",
    r"(?:returned|sent)\s+(?:it|this|them)\s+back",
    r"(?:sending|taking)\s+(?:it|this|them)\s+back",
    r"(?:did|does|do)\s+(?:absolutely\s+|literally\s+)?nothing\s+for",
    r"won'?t\s+be\s+(?:buying|ordering|purchasing)",
    r"switching\s+brands",
    r"(?:please\s+)?bring\s+back\s+the\s+(?:old|original)",
    r"(?:not|isn'?t)\s+worth\s+(?:the\s+(?:money|price)|it)",
    r"(?:my\s+)?money\s+back",
    r"can'?t\s+be\s+returned",
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
    r"(?:have|i'?ve|we'?ve|had)\s+waited",
    r"waited\s+(?:for\s+(?:ages|hours|days|weeks|months|over|my|our|the|a|an|\d)|over\s+an?|more\s+than|"
    r"almost|nearly|since|so\s+long|forever|(?:\w+\s+){0,2}?(?:hours?|hrs?|days?|weeks?|months?)\b)",
    r"(?:been|i'?m|am|still)\s+waiting",
    # nobody answers / helps
    r"(?:nobody|no\s+one)\s+(?:has\s+|could\s+|would\s+|was\s+able\s+to\s+)?(?:ever\s+)?"
    r"(?:answered|answer|replied|reply|responded|respond|helped|help|called\s+back|offered|"
    r"got\s+back)",
    # asking to undo a change ("bring the old formula back", "isn't the same")
    r"bring\s+(?:back\s+)?(?:the\s+)?(?:old|original|previous)\s+(?:\w+\s+){0,2}?back",
    r"(?:go|switch|change\s+it)\s+back\s+to\s+the\s+(?:old|original|previous)",
    r"(?:isn'?t|is\s+not|ain'?t)\s+(?:\w+\s+)?the\s+same(?!\s+as)",
    r"(?:is|it'?s|they'?re|are)\s+going\s+back\s+to\s+the\s+(?:store|shop)",
    # a price and an expectation it did not meet ("For 34 dollars I expected ...")
    # (starts with a word, so the literal prefilter of :mod:`.prefilter` keeps working)
    r"(?:für|for|bei|at|spent|paid|zahle|bezahle|bezahlt)\s+(?:\w+\s+){0,2}?"
    r"(?:\d+(?:[.,]\d+)?\s*(?:€|euro|eur|dollars?|bucks|pounds|franken)|[$£€]\s?\d+(?:[.,]\d+)?|"
    r"(?:so\s+)?(?:viel|much)\s+(?:geld|money)|(?:this|that|the|dem|diesem|diesen?|den)\s+"
    r"(?:price|preis))[^.!?\n]{0,40}?(?:erwarte|erwarten|erwartet|expect|expected|gewünscht|wished)",
    r"where\s+(?:is|are)\s+my",
    r"(?:hasn'?t|has\s+not|haven'?t)\s+(?:arrived|come|shipped|been)",
    r"is\s+a\s+joke",
    r"can'?t\s+recommend",
    r"messed\s+up",
    r"sent\s+me\s+(?:a|the)\s+wrong",
    r"hung?\s+up\s+on",
    r"need\s+to\s+stop",
    r"never\s+(?:deliver\w*|work\w*|respond\w*|answer\w*)",
    r"warte\s+(?:ich\s+|wir\s+)?(?:jetzt\s+|nun\s+)?(?:seit|immer\s+noch|schon)",
    r"(?:seit|schon)\s+(?:\w+\s+){1,3}?(?:warte|warten)\s+(?:ich|wir)",
    r"seit\s+(?:\d+|einer|einem|zwei|drei|vier|fünf|sechs|mehreren|vielen|über\s+\w+)\s+"
    r"(?:tag|tagen|woche|wochen|monat|monaten|stunden?)\s+(?:\w+[\s,]+){0,4}?(?:unterwegs|"
    r"warte\w*|nichts\s+(?:neues|passiert|gehört|erhalten|bekommen)|keine\s+(?:antwort|reaktion|"
    r"rückmeldung|lieferung|nachricht))",
    r"(?:bis\s+heute|immer\s+noch|noch\s+immer)\s+(?:\w+\s+){0,2}?(?:nichts|keine?\w*)\s+"
    r"(?:\w+\s+){0,2}?(?:erhalten|bekommen|gehört|angekommen|antwort|reaktion|rückmeldung|"
    r"geliefert)",
    r"(?:null|keinerlei|nicht\s+eine?)\s+(?:reaktion|antwort|rückmeldung)",
    r"(?:keiner|niemand)\s+(?:konnte|kann|wollte)\s+mir\s+(?:\w+\s+){0,2}?(?:sagen|helfen|erklären)",
    r"(?:keiner|niemand)\s+(?:hat|hat\s+sich)\s+(?:\w+\s+){0,2}?(?:gemeldet|geantwortet|"
    r"zurückgerufen)",
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
    # "es geht nicht darum, …" is an argument, not a fault
    r"(?<!es\s)geht\s+(?:nicht|nie|schon\s+wieder\s+nicht)(?!\s+(?:darum|um|so\s+sehr)\b)",
    r"nicht\s+(?:angekommen|erhalten|geliefert)",
    r"immer\s+noch\s+(?:nicht|kein\w*)",
    r"nie\s+wieder(?!\s+ohne)",
    r"keine\s+(?:antwort|rückmeldung|reaktion|erstattung)",
    r"falsch\s+geliefert",
    r"(?:erwarte|erwarten)\s+(?:ich|wir)\s+(?:mir\s+|uns\s+)?"
    r"(?:(?:einfach|eigentlich|schon|doch|aber|ehrlich\s+gesagt)[\s,]+)*,?\s*(?:mehr|besser\w*|dass)",
    r"hätte\s+(?:ich\s+)?(?:mir\s+)?(?:\w+\s+){0,3}?mehr\s+(?:\w+\s+)?(?:erwartet|gewünscht)",
    r"(?:bitte|please)\s+(?:\w+\s+){0,4}?(?:wieder|zurück)\s+(?:ins|in\s+(?:das|die|den)|zu[rm]?)\s+"
    r"(?:sortiment|programm|alten?|früheren?|original\w*)",
    r"(?:ist|sind)\s+(?:\w+\s+){0,2}?nicht\s+(?:mehr\s+)?(?:dasselbe|dieselbe|derselbe|das\s+gleiche|"
    r"die\s+gleiche)",
    r"aus\s+dem\s+sortiment\s+nehmen",
    r"bringt\s+(?:bitte\s+)?(?:die|das|den)\s+(?:alte|alten|frühere|früheren|originale)\s+\w+\s+zurück",
    r"(?:mein\s+|das\s+)?geld\s+zurück",
    r"zurück(?:geschickt|gegeben|gebracht|senden|schicken)",
    r"retourniert",
    r"reklam\w+",
    r"(?:kaufe|bestelle)\s+(?:ich\s+)?(?:(?:das|die|den|es|hier|dort|da)\s+)?(?:nicht\s+mehr|nie\s+mehr)",
    r"nicht\s+mehr\s+(?:dieselbe|dasselbe|derselbe|das\s+gleiche|die\s+gleiche|so\s+gut\s+wie)",
    r"geld\s+hätte\s+ich\s+mir\s+sparen",
    r"nicht\s+(?:das\s+geld|den\s+preis)\s+wert",
    r"lässt\s+sich\s+(?:nicht|kaum)",
    r"(?:finde\s+ich\s+(?:das\s+|es\s+)?(?:\w+\s+){0,2}?|ist\s+(?:das\s+|echt\s+|einfach\s+)?)"
    r"(?:frech|zu\s+teuer)",
    r"(?:too|way\s+too)\s+expensive\s+for",
    r"geht\s+(?:wieder\s+)?zurück(?=\s*[.!]|\s*$)",
    r"(?:brennt|juckt)\s+(?:auf|in|wie|total|furchtbar|höllisch)",
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
    r"(?:is|are|was|were|went|been|still|goes)\s+down(?!\s+(?:to|the|from|with|a|an|my)\b)",
    r"kaputt",
    # reactions to a product
    r"rash(?:es)?",
    r"hives",
    r"(?:broke|breaking|breaks)\s+me\s+out",
    r"ausschlag",
    r"fehlkauf\w*",
    r"überteuert",
    r"overpriced",
    r"rip-?off",
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
    r"ausverkauft",
    r"schade",
    # "Schon wieder Verspätung" complains, "Es ist schon wieder Freitag" does not: a weak cue
    r"schon\s+wieder",
)
NEGATOR = re.compile(
    r"(?:\bnot|\bno|\bnever|\bnothing|n['’]t|\bnicht|\bnichts|\bkein\w*|\bnie|\bwithout|\bohne)\s+(?:so\s+|too\s+|zu\s+|so\s+)?$",
    _I,
)
SARCASM = re.compile(
    r"(?<!\w)(?:na\s+(?:toll|super|klasse|prima|großartig)|vielen\s+dank\s+auch|danke\s+für\s+nichts|"
    r"thanks\s+for\s+nothing|yeah\s+right|oh\s+great|just\s+great|great\s+job\s*[,.]?\s*not|"
    r"uh\s+thanks|gut\s+gemacht\s*\.\.\.)(?!\w)|🙄|😒|🤦"
    r"|(?<!\w)(?:really|seriously|ernsthaft|echt\s+jetzt)\s*(?:\?!|!\?)",
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
    r"(?:will|möchte|würde)\s+(?!(?:\w+\s+){0,2}?(?:wieder|nach)\w*\s)(?:\w+\s+){0,3}?"
    r"(?:kaufen|bestellen)",
)
HELP = _alt(
    r"please\s+help",
    r"help\s+(?:me|us|please)",
    r"can\s+(?:you|someone|anyone)\s+help",
    r"need\s+(?:some\s+)?help",
    r"any\s+help",
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
    r"let\s+me\s+know(?!\s+(?:\w+\s+)?(?:in\s+the\s+comments|below|down\s+below))",
    r"(?:explain|help)\s*!+",
    r"tried\s+contacting",
    r"i\s+(?:want|need|would\s+like)\s+(?:you|a|an|the|my|to\s+(?:have|get|know|speak|talk))",
    r"(?:please|plz|pls)\s+(?:\w+\s+)?(?:add|allow|explain|sort|update|send|tell)",
    r"(?:behebt|repariert|löst)\s+(?:das|den|die|es)",
    r"ich\s+(?:will|möchte|brauche)\s+(?:eine|einen|mein\w*|mit)",
    r"ruft?\s+mich\s+(?:bitte\s+)?an",
)
