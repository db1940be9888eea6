"""Cheap, language-independent spam signals that hold on any platform and any length.

The spam model only knows 2013-2015 YouTube comments (see :mod:`resonanz.analysis.spam`).
These rules catch what spam looks like everywhere, without a model:

``promo``
    a channel or self-promotion plug in English or German: "check out my channel",
    "sub4sub", "subscribe to my channel", "like this comment", "schaut auf meinem
    Kanal vorbei", "Abo für Abo", "folgt mir auf ...", free gift cards and
    "earn $500 a day". Only a *possessive* plug counts ("check out MY video", not
    "check out the new shade"), so a review recommending a product is not promo.
``link_only``
    the post is only a link: after removing links, domains, @handles, hashtags,
    e-mail addresses, emoji and punctuation at most :data:`LINK_ONLY_WORDS` words
    remain. Alone this is no verdict (forum users share news links without a word);
    it marks spam when the link goes to a shortener or a spam-favoured domain
    (``suspicious_link``: bit.ly, .tk, .ru ...), and it is a cue of the YouTube model.
``repeated``
    the same text (compared after :func:`repeat_key`) was posted by at least
    :data:`REPEAT_AUTHORS` different authors; only texts with at least
    :data:`REPEAT_MIN_CHARS` characters or a link count, so "Love this song!" from
    three fans is not spam.

Every rule reads at most :data:`SIGNAL_CHARS` characters (bounded work on a 5 MB post).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from resonanz.analysis.prefilter import Scanner

SIGNAL_CHARS = 5_000
LINK_ONLY_WORDS = 0
REPEAT_AUTHORS = 3
REPEAT_MIN_CHARS = 40

LINK = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|ly|co|tk|ru|de|us|biz|me|tv|gl|be)\b\S*",
    re.IGNORECASE,
)
_STRIP = re.compile(r"@\w+|#\w+", re.UNICODE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: a giveaway lure ("kostenlose Gutscheine", "free gift cards"): with a shortener or a
#: spam-favoured domain anywhere in the post it marks spam
LURE = re.compile(
    r"\b(?:free|gratis|kostenlos\w*|umsonst)\b.{0,60}\b(?:gift\s*cards?|gutschein\w*|vouchers?|"
    r"iphones?|coupons?|geld|money|samples?|proben)\b|\b(?:gift\s*cards?|gutschein\w*|vouchers?)\b"
    r".{0,60}\b(?:free|gratis|kostenlos\w*|umsonst)\b",
    re.IGNORECASE,
)
#: shops and reference sites a viewer links to when answering "where did you get it?"
PLAIN_SITES = re.compile(
    r"^(?:https?://)?(?:www\.|[\w-]+\.)?(?:douglas\.(?:de|at|ch)|dm\.de|rossmann\.de|mueller\.de|"
    r"flaconi\.\w+|notino\.\w+|sephora\.\w+|ulta\.com|boots\.com|superdrug\.com|target\.com|"
    r"amazon\.(?:com|de|co\.uk|at|fr|it|es)(?![^\s]*[?&]tag=)|walmart\.com|cultbeauty\.\w+|"
    r"lookfantastic\.\w+|zalando\.\w+|yesstyle\.com|"
    r"wikipedia\.org|ncbi\.nlm\.nih\.gov|pubmed\.ncbi\.nlm\.nih\.gov|doi\.org)(?:[/?#]|$)",
    re.IGNORECASE,
)
#: a viewer saying why they subscribed ("Subscribed after this video", "abonniert, weil ...")
VIEWER_SUBSCRIBED = re.compile(
    r"\b(?:subscribed|subbed|abonniert|aboniert)\s+(?:\w+\s+){0,2}?(?:after|because|since|for|"
    r"nach|weil|wegen|seit)\b",
    re.IGNORECASE,
)
#: link shorteners and top-level domains that spam favours (a link-only post to them is spam)
SUSPICIOUS = re.compile(
    r"(?:https?://)?(?:www\.)?(?:bit\.ly|goo\.gl|tinyurl\.com|ow\.ly|is\.gd|adf\.ly|"
    r"cutt\.ly|shorturl\.at|[\w-]+(?:\.[\w-]+)*\.(?:tk|ru|biz|info|xyz|top|click))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)

_MY = r"(?:my|our|me|mine)"
_MEIN = r"(?:mein(?:e|en|em|er)?|unser(?:e|en|em|er)?)"
_THING_EN = (
    r"(?:new\s+)?(?:youtube\s+)?(?:channel|chanel|vids?|videos?|songs?|music|page|mixtape|"
    r"covers?|playlist|blog|website|site|profile|insta(?:gram)?|tiktok|twitch|stream|shop|"
    r"store|rap|beats?|track|album)"
)
_THING_DE = (
    r"(?:neue[nms]?\s+)?(?:kanal|channel|videos?|songs?|musik|seite|blog|shop|profil|"
    r"insta(?:gram)?|tiktok|twitch|stream)"
)
_PROMO_PATTERNS = (
    # English channel plugs
    rf"\b(?:check|chek|checkout|take\s+a\s+look\s+at|look\s+at|visit|watch|listen\s+to|go\s+to)"
    rf"\s+(?:out\s+)?{_MY}\s+{_THING_EN}\b",
    rf"\bsub(?:scribe)?(?:\s+to)?\s+{_MY}\s+(?:youtube\s+)?(?:channel|chanel)\b",
    r"\bsub\s*(?:4|for|2|to)\s*sub\b",
    r"\b(?:please|pls|plz)\s+(?:sub|subscribe)\b",
    r"\bsubscribe\s*!{2,}",
    rf"\b{_MY}\s+(?:own\s+|new\s+|little\s+|small\s+)?(?:youtube\s+)?(?:channel|chanel)\b",
    r"\b(?:check|see)\s+out\s+(?:this|our)\s+(?:\w+\s+)?channel\b",
    r"\bi(?:'|&#39;|’)?(?:m|\s+am)\s+(?:just\s+|only\s+)?an?\s+(?:[\w-]+\s+){0,4}"
    r"(?:rapper|singer|youtuber|producer|musician|songwriter)\b",
    r"\bthumbs?\s+(?:this\s+)?up\s+so\b",
    r"\bgive\s+me\s+a\s+chance\b",
    r"\bspare\s+(?:a|\d+)\s+min",
    r"\b(?:earn|earning|make|making)\s+(?:extra\s+)?(?:money|income|cash)\b",
    r"\bsubscribe\s+(?:to\s+)?me\b",
    r"\blike\s+(?:this|my)\s+comment\b",
    r"\bfollow\s+me\s+(?:on|at)\b",
    r"\b(?:i'?ll\s+|will\s+)?sub(?:scribe)?\s+back\b",
    # investment and "recovery" scams: a named helper reached on a messenger
    r"\b(?:contact|message|text|reach|write\s+to)\s+(?:him|her|them|me)\s+(?:on|via|through)\s+"
    r"(?:whats\s*app|telegram|signal|instagram)\b",
    r"\b(?:whats\s*app|telegram)\s*:?\s*\+\s?\d",
    r"\b(?:bitcoin|crypto|forex)\s+(?:trading|investment|mining)\b.{0,80}\b(?:made|earned|profit)\b",
    rf"\bsupport\s+{_MY}\s+{_THING_EN}\b",
    r"\bfree\s+(?:gift\s*cards?|iphones?|robux|v-?bucks|followers)\b",
    r"\b(?:earn|make)\s+(?:up\s+to\s+)?[$€£]?\d[\d,.]*\s*(?:[$€£]|dollars?|euros?)?\s*"
    r"(?:per|a|an|every)\s+(?:day|hour|week)\b",
    r"\bwork(?:ing)?\s+from\s+home\b.{0,60}\b(?:earn|money|\$)",
    # German channel plugs
    rf"\bschaut?\s+(?:\w+\s+){{0,3}}(?:auf|bei|in)\s+{_MEIN}\s+{_THING_DE}\s+vorbei\b",
    rf"\bschaut?\s+(?:euch\s+)?(?:\w+\s+){{0,2}}{_MEIN}\s+{_THING_DE}\s+an\b",
    rf"\b(?:abonniert|aboniert|abonniere|abbonniert|besucht|folgt)\s+(?:\w+\s+){{0,2}}"
    rf"(?:mich|{_MEIN}\s+{_THING_DE})\b",
    r"\babo\s*(?:für|gegen|4)\s*abo\b",
    rf"\b{_MEIN}\s+{_THING_DE}\s+(?:abonniert|abonniere|abonnieren|aboniert|besucht)\b",
    rf"\b(?:auf|in)\s+{_MEIN}\s+(?:youtube[-\s]?)?kanal\b",
    r"\bich\s+bin\s+(?:ein|eine)\s+(?:[\w-]+\s+){0,3}(?:rapper(?:in)?|sänger(?:in)?|youtuber(?:in)?)\b",
    r"\bfolgt\s+mir\s+(?:auf|bei)\b",
    r"\blass(?:t)?\s+(?:doch\s+)?(?:ein|n)\s+abo\s+da\b",
    r"\bgratis\s+(?:iphones?|gutscheine?|follower)\b",
    r"\bverdiene?n?\s+(?:bis\s+zu\s+)?\d[\d.,]*\s*(?:€|euro)\s*(?:pro|am|die|jeden)\s+"
    r"(?:tag|stunde|woche)\b",
)
PROMO = re.compile("|".join(f"(?:{p})" for p in _PROMO_PATTERNS), re.IGNORECASE | re.UNICODE)
#: finds the same first match as ``PROMO.search``, trying the regex only where one of its
#: literal prefixes occurs (66 -> 13 us per tweet; see :mod:`resonanz.analysis.prefilter`)
_PROMO_SCANNER = Scanner([PROMO, VIEWER_SUBSCRIBED])


@dataclass(frozen=True, slots=True)
class Signals:
    """The cheap signals found in one text."""

    link: bool
    link_only: bool
    promo: bool
    #: link-only, and the link goes to a shortener or a spam-favoured domain (or such a
    #: link next to a giveaway lure)
    suspicious_link: bool = False
    #: words plus links that all go to shops or reference sites (a viewer answering
    #: "where did you get it?"), or a viewer saying why they subscribed: the YouTube
    #: model's link and "subscribe" cues do not apply (see ``spam.length_guard``)
    viewer_note: bool = False

    @property
    def any(self) -> bool:
        """Whether a signal that alone marks spam fired (a plain link does not)."""
        return self.suspicious_link or self.promo


def _head(text: str) -> str:
    return unicodedata.normalize("NFKC", (text or "")[:SIGNAL_CHARS])


def signals(text: str) -> Signals:
    """The signals of ``text`` (at most :data:`SIGNAL_CHARS` characters read)."""
    head = _head(text)
    if "@" in head:  # an address needs its "@" (the substitution is skipped, not changed)
        head = _EMAIL.sub(" ", head)
    # every link alternative holds a literal "." or "://": without them no search
    has_link = ("." in head or "://" in head) and LINK.search(head) is not None
    link_only = False
    if has_link:
        rest = _STRIP.sub(" ", LINK.sub(" ", head))
        link_only = len(_WORD.findall(rest)) <= LINK_ONLY_WORDS
    shady = SUSPICIOUS.search(head) is not None if has_link else False
    suspicious = shady and (link_only or LURE.search(head) is not None)
    links = [m.group(0) for m in LINK.finditer(head)] if has_link else []
    plain = bool(links) and not link_only and all(PLAIN_SITES.match(u) for u in links)
    found = _PROMO_SCANNER.scan(head)  # one prefilter pass for both cue lists
    viewer = plain or found.search(VIEWER_SUBSCRIBED) is not None
    promo = found.search(PROMO) is not None
    return Signals(has_link, link_only, promo, suspicious, viewer)


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def repeat_key(text: str) -> str | None:
    """What two posts must share to count as the same text; ``None`` when too short.

    Case, white space, punctuation, emoji and invisible characters are ignored; links
    are kept (the same link dropped by many accounts is the point).
    """
    head = _head(text).casefold()
    has_link = LINK.search(head) is not None
    key = _NON_WORD.sub(" ", head).strip()
    if len(key) < REPEAT_MIN_CHARS and not (has_link and key):
        return None
    return key


def repeated_flags(texts: Sequence[str], authors: Sequence[str | None]) -> list[bool]:
    """Per text: posted (after :func:`repeat_key`) by >= :data:`REPEAT_AUTHORS` authors.

    Posts without an author do not count (nothing says their authors differ).
    """
    keys = [repeat_key(t) if a else None for t, a in zip(texts, authors, strict=True)]
    seen: dict[str, set[str]] = {}
    for key, author in zip(keys, authors, strict=True):
        if key is not None and author:
            seen.setdefault(key, set()).add(author.casefold())
    return [key is not None and len(seen[key]) >= REPEAT_AUTHORS for key in keys]
