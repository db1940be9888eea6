"""Context checks for the disclosure stage (:mod:`.sponsorship`): when a label is no label.

A word like "Werbung" or "affiliate links" is a disclosure only when the author
uses it about their own post. This module holds the checks that tell use from
mention, and the owner's own promotion from a third party's:

* **denials** ("nicht gesponsert", "not affiliated with this blog", "selbst
  gekauft") deny a commercial relationship; a disclosure match inside one is
  dropped, and the denial is kept as evidence.
* **text about labelling** - an explainer on advertising rules ("Wie muss man
  Werbung kennzeichnen?") or a blog's transparency/disclosure policy page - talks
  about labels without labelling anything. A post with at least
  :data:`META_MIN_CUES` distinct cues of that kind is such a text; its label
  matches count only when they label the post itself ("Dieser Beitrag enthält
  Werbung"). A label inside quotation marks is always a mention.
* **self-promotion**: the owner openly presenting their own shop, label or
  brand ("in meinem Shop", "mein eigenes Label", "I'm the founder of").
* **public codes**: shoppers passing on a newsletter or shop code ("mit dem Code
  SPAR10 gibt's 10 %") have no commercial relationship; a code counts as a
  creator's only with a sign that it is theirs ("mein Code", "use my code") or
  when it stands in the creator's own post without any sign of a public offer.
* **placement and prominence** of a disclosure: ``start`` (title or first
  line), ``above_fold``, ``end`` (last line or trailing hashtags) or ``hidden``
  (behind "mehr anzeigen"/"more"); prominence ``high`` / ``medium`` / ``low``.

Every pattern is linear (no nested unbounded quantifiers).
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741 - short alias, as in sponsorship_rules

#: distinct "about labelling" cues that make a post an explainer or policy page
META_MIN_CUES = 2

_NEG = r"(?:\b(?:not|never|nicht|kein(?:e|en|er)?|no|ohne)|n['’]t)"
DENIAL = re.compile(
    r"(?:"
    + _NEG
    + r"[\s\-]+(?:(?:a|an|been|ein(?:e|en)?|in\s+any\s+way|irgendwie|bezahlt(?:e|er)?|paid)\s+){0,2}"
    r"(?:sponsored|sponsor(?:ing|ship)?|gesponsert|gesponsort|ad|advert\w*|werbung|anzeige|"
    r"kooperation|collab\w*|partnership|affiliated|affiliation|affiliate[\s\-]*links?|"
    r"affiliatelinks?|gifted|geschenkt|pr[\s\-]?samples?|promotion|endorsement|paid|bezahlt)\b"
    r"|\bunsponsored|\bnon[\s\-]sponsored"
    r"|\bselbst\s+(?:gekauft|bezahlt|finanziert)|selber\s+(?:gekauft|bezahlt)"
    r"|(?:mit|von)\s+meinem\s+eigenen\s+geld"
    r"|(?:paid|bought|purchased)\s+(?:for\s+)?(?:it|this|these|them|everything)\s+"
    r"(?:with\s+my\s+own\s+money|myself)"
    r"|with\s+my\s+own\s+money|no\s+affiliation"
    r"|\bsponsored\s+by\s+(?:no\s*one|nobody|nothing)\b|\bvon\s+niemandem\s+(?:gesponsert|bezahlt))",
    I,
)

#: cues of a text *about* labelling (explainer, policy page); each alternative is one cue
_META_CUES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, I)
    for p in (
        r"\bkennzeichnungspflicht\w*|\bwerbekennzeichnung\w*|\bschleichwerbung",
        r"\b(?:muss|müssen|musst|sollte|sollten|darf|dürfen)\s+(?:man|ich|influencer\w*|creator\w*|"
        r"blogger\w*|youtuber\w*)\s+(?:\w+\s+){0,4}?(?:kennzeichnen|markieren|angeben)\b",
        r"\b(?:wie|wann|warum|wieso|ab\s+wann)\s+(?:muss|müssen|kennzeichne|markiere|sollte)\w*\b",
        r"\bleitfaden\b|\b(?:landes)?medienanstalt\w*",
        r"\b(?:uwg|mstv|ddg|tmg)\b(?![\s\-]*(?:-|:))",
        r"\b(?:the\s+)?ftc\s+(?:says|said|requires?|expects?|guidelines?|guides|rules?|wants)\b",
        r"\b(?:disclosure|transparency|affiliate)\s+(?:policy|policies|statement)\b|"
        r"\btransparenz(?:erklärung|hinweise?|seite)\b|\boffenlegung\b",
        r"\b(?:posts?|articles?|content)\s+on\s+(?:this|my|our)\s+(?:site|blog|website|channel)\b|"
        r"\b(?:auf|in)\s+(?:diesem|meinem)\s+(?:blog|kanal|account)\b",
        r"\bbeiträge,?\s+die\b|\balle\s+beiträge\b|\bin\s+meinen\s+beiträgen\b|"
        r"\b(?:kennzeichne|markiere)\s+ich\b",
        r"\b(?:are|is)\s+(?:always\s+)?(?:marked|labell?ed|disclosed|flagged)\s+(?:as\s+such|with|at)\b|"
        r"\b(?:werden|sind)\s+(?:immer\s+|stets\s+)?(?:als\s+\w+\s+)?(?:gekennzeichnet|markiert)\b",
        r"\b(?:how|what|when|why)\s+(?:do|does|to|is|are|should|must)\s+(?:\w+\s+){0,3}?"
        r"(?:disclos\w*|label\w*|affiliate\w*|sponsor\w*)",
        r"\b(?:influencers?|creators?|youtubers?|bloggers?)\s+(?:are\s+supposed|are\s+required|"
        r"must|have\s+to|need\s+to|should|müssen|sollten|dürfen)\b|\bsupposed\s+to\s+(?:put|use|disclose)",
        r"\b(?:isn'?t|aren'?t|is\s+not|are\s+not|not)\s+enough\b|\breich(?:t|en)\s+(?:\w+\s+){0,3}?nicht\b|"
        r"\bzu\s+(?:schwammig|vage)\b|\bnicht\s+(?:aus)?reichend\b|\btoo\s+vague\b",
        # labels given as examples ("tags like #ad", "Begriffe wie „Anzeige“")
        r"\b(?:tags?|hashtags?|labels?|words?|begriffe?n?|kennzeichnungen|hinweise?n?)\s+"
        r"(?:like|such\s+as|wie)\b",
        # a rule addressed to creators ("you have to disclose", "müsst ihr kennzeichnen")
        r"\b(?:you|creators?|influencers?)\s+(?:\w+\s+)?(?:have\s+to|must|need\s+to|are\s+required\s+to)"
        r"\s+(?:\w+\s+){0,2}?(?:disclose|label|mark|tag)\b",
        r"\b(?:explained|erklärt)\b|\bexpects?\s+(?:creators?|influencers?)\s+to\b",
    )
)

#: a label used as a word about posts ("#ad posts", "Werbung-Kennzeichnung"): a mention
LABEL_AS_WORD = re.compile(
    r"[ \t]*[\-]?(?:posts?|content|videos?|deals?|tags?|hashtags?|labels?|beiträge?|"
    r"kennzeichnung\w*|pflicht\w*|vorgaben|regeln|rules)\b",
    I,
)

#: first line / title of a policy page
POLICY_HEADING = re.compile(
    r"^[ \t#*]*(?:transparenz|offenlegung|disclosure(?:\s+policy)?|affiliate[\s\-]disclosure|"
    r"werbekennzeichnung|kooperationen|transparency|disclaimer)\b[^\n]{0,40}$",
    I,
)

#: the post speaks about itself ("dieser Beitrag", "this video")
SELF_REFERENCE = re.compile(
    r"\b(?:this|today'?s)\s+(?:video|post|episode|review|article|blog\s*post|reel|stream)\b|"
    r"\b(?:dieser|diesen|diesem)\s+(?:beitrag|post|artikel|blogpost|text)\b|\bdieses\s+video\b",
    I,
)

SELF_PROMOTION = re.compile(
    r"\b(?:(?:in|aus|im|bei|über|für)\s+(?:meinem|unserem|meinen|unseren)\s+(?:eigenen\s+|kleinen\s+)?"
    r"(?:online-?|web-?|etsy-?)?(?:shop|store|laden|onlineshop|webshop)\b"
    r"|(?:mein|meine|meinem|meiner|unser|unsere|unserem)\s+eigene[snrm]?\s+(?:[\w]+-)?"
    r"(?:label|marke|brand|kollektion|produktlinie|linie|firma|unternehmen|shop|manufaktur|produkte?)\b"
    r"|ich\s+bin\s+(?:die\s+|der\s+)?(?:mit)?gründer(?:in)?\b|als\s+(?:mit)?gründer(?:in)?\b"
    r"|my\s+(?:own\s+)?(?:etsy\s+|online\s+|little\s+|small\s+)?(?:shop|store|boutique)\b"
    r"|our\s+(?:online\s+)?(?:shop|store|website|site|webshop)\b"
    r"|my\s+own\s+(?:\w+\s+)?(?:brand|line|label|company|business|products?|collection)\b"
    r"|i\s+(?:own|founded|co-?founded|started|launched|run)\s+(?:my\s+own\s+|a\s+|an\s+|the\s+)?"
    r"(?:\w+\s+){0,2}?(?:brand|company|business|shop|store|label|line)\b"
    r"|i'?m\s+(?:the\s+|a\s+|one\s+of\s+the\s+)?(?:co-?)?founders?\b|as\s+(?:the\s+|a\s+)?(?:co-?)?founder\b"
    r"|shameless\s+(?:self[\s\-])?plug|\bi\s+(?:make\s+and\s+)?sell\b)",
    I,
)

#: a sign that a discount code is the poster's own (a creator's code)
OWN_CODE = re.compile(
    r"\b(?:mein(?:em|en|e)?|my|unser(?:em|en|e)?|our)\s+(?:[\w\-]+\s+){0,2}?"
    r"(?:\w*code|rabatt\w*|gutschein\w*|discount|coupon|promo\w*)"
    r"|\bcode\s+von\s+mir|\b(?:use|using|with)\s+my\b|\bexklusiv|\bexclusive",
    I,
)
#: where a public code comes from (a shop's newsletter, a new-customer offer): stronger than
#: the weak "for you" signs of a creator's code below
PUBLIC_SOURCE = re.compile(
    r"newsletter|\bneukunden|\berste[nr]?\s+bestellung|\bfirst\s+order\b|\bwelcome\s*code"
    r"|\bwillkommens\w*|\bsign(?:ing)?\s+up\b|\banmeld\w*|\bmeldet\s+(?:ihr\s+)?euch\b",
    I,
)
CREATOR_CODE = re.compile(
    OWN_CODE.pattern + r"|\bfür\s+(?:euch|meine\s+(?:follower|zuschauer|community))\b"
    r"|\bfor\s+(?:my\s+)?(?:followers|viewers|subscribers|you\s+guys)\b"
    r"|\blink\s+in\s+(?:(?:my\s+)?bio|(?:my\s+|the\s+)?description)\b"
    r"|\bin\s+der\s+(?:info-?box|beschreibung|bio)\b|\bspart\s+ihr\b|\bbekommt\s+ihr\b",
    I,
)
#: a sign that a code is a public offer passed on by a shopper
PUBLIC_CODE = re.compile(
    r"newsletter|\b(?:falls|wenn)\s+(?:es\s+)?jemand|\bif\s+any(?:one|body)|\bfor\s+anyone\b"
    r"|\bfür\s+alle,?\s+die\b|\bpsa\b|\bfyi\b|\bheads[\s\-]up|\btipp\b|\bfound\s+(?:it|this|the\s+code)"
    r"|\bgefunden\b|\bhat'?s?\s+bei\s+mir\s+(?:funktioniert|geklappt)|\bworks?\s+for\s+me\b"
    r"|\bworked\s+for\s+me\b|\bstill\s+works?\b|\bfunktioniert\s+(?:noch|bei\s+mir)"
    r"|\bon\s+their\s+(?:site|website|homepage|instagram|app)\b"
    r"|\bauf\s+(?:der|ihrer|deren)\s+(?:website|seite|homepage|startseite)\b|\bneukunden"
    r"|\berste[nr]?\s+bestellung|\bfirst\s+order\b|\bwelcome\s*code|\bwillkommens\w*"
    r"|\bright\s+now\b|\bgerade\b|\baktuell\b|\bim\s+angebot\b|\bpublic\b|\böffentlich"
    r"|\b(?-i:[A-Z])\w+['’]s\s+(?:\w+\s+)?code\b"
    r"|\b(?:(?-i:[A-Z])\w+|shop|store|website)\s+has\s+(?:a\s+)?code\b"
    r"|\bgibt\s+es\b|\bgibt'?s\b",
    I,
)
#: post kinds written in reply to someone else's content (a shopper's voice by default)
REPLY_KINDS = frozenset({"comment", "reply"})

_QUOTES = "\"„“”«»‚‘’'"


def denials(text: str) -> list[tuple[int, int]]:
    """Spans of phrases that deny a commercial relationship."""
    return [(m.start(), m.end()) for m in DENIAL.finditer(text)]


def meta_cues(text: str, title: str | None = None) -> list[tuple[int, int]]:
    """One span per distinct "about labelling" cue found (explainers, policy pages)."""
    out: list[tuple[int, int]] = []
    for cue in _META_CUES:
        m = cue.search(text)
        if m:
            out.append((m.start(), m.end()))
    first = (title or text.lstrip().split("\n", 1)[0]).strip()
    if POLICY_HEADING.match(first):
        out.append((0, 0))
    return out


def is_about_labelling(text: str, title: str | None = None) -> bool:
    return len(meta_cues(text, title)) >= META_MIN_CUES


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line) around ``start..end``."""
    lo = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in ".!?"))
    hi_cands = [i for i in (text.find(c, end) for c in "\n.!?") if i >= 0]
    return lo + 1, (min(hi_cands) if hi_cands else len(text))


def inside_quotes(text: str, start: int) -> bool:
    """Whether ``start`` lies inside a quotation on its line (apostrophes inside words ignored)."""
    line_start = text.rfind("\n", 0, start) + 1
    depth = 0
    for i in range(line_start, start):
        c = text[i]
        if c not in _QUOTES:
            continue
        if c in "'’":
            left = text[i - 1] if i > 0 else " "
            right = text[i + 1] if i + 1 < len(text) else " "
            if left.isalnum() and right.isalnum():  # isn't, gibt's
                continue
            if left.isalnum() and c == "'" and not right.isalnum():  # Sephora's / plural
                continue
        depth ^= 1
    return depth == 1


def labels_itself(text: str, start: int, end: int) -> bool:
    """A match in an explainer still counts when its sentence speaks about the post itself."""
    if inside_quotes(text, start):
        return False
    lo, hi = sentence_bounds(text, start, end)
    return any(not inside_quotes(text, m.start()) for m in SELF_REFERENCE.finditer(text, lo, hi))


def self_promotions(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in SELF_PROMOTION.finditer(text)]


def creator_code(sentence: str) -> bool:
    """Whether a code in ``sentence`` reads as the poster's own: "mein Code", "use my code",
    or a weaker "für euch" / "bekommt ihr" when no public source (newsletter, first order)
    is named."""
    if OWN_CODE.search(sentence):
        return True
    return bool(CREATOR_CODE.search(sentence)) and not PUBLIC_SOURCE.search(sentence)


def public_code(window: str, kind: str | None) -> bool:
    """Whether a discount code in ``window`` reads as a shopper passing on a public offer."""
    if OWN_CODE.search(window):
        return False
    if PUBLIC_SOURCE.search(window):
        return True
    if CREATOR_CODE.search(window):
        return False
    return bool(PUBLIC_CODE.search(window)) or (kind or "").lower() in REPLY_KINDS


def placement(text: str, start: int, title_len: int, fold: int, trailing: int) -> str:
    """Where a disclosure stands: ``start``, ``hidden``, ``end`` or ``above_fold``.

    ``start`` is the title or the first 60 characters of the first line of the
    body; ``hidden`` is behind the fold; ``end`` is the last line, the trailing
    hashtags or the last 40 characters.
    """
    if start < title_len:
        return "start"
    body = title_len + len(text[title_len:]) - len(text[title_len:].lstrip())
    first_line_end = text.find("\n", body)
    if start < (first_line_end if first_line_end >= 0 else len(text)) and start - body <= 60:
        return "start"
    if start >= fold:
        return "hidden"
    last_line = text.rstrip().rfind("\n")
    if start >= trailing or (last_line >= body and start > last_line) or len(text) - start <= 40:
        return "end"
    return "above_fold"


def prominence(place: str, weak: bool) -> str:
    if place == "hidden" or weak:
        return "low"
    return "high" if place == "start" else "medium"
