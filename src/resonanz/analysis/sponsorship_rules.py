"""Pattern tables for the sponsorship & disclosure stage (:mod:`.sponsorship`).

Kept apart from the matching logic so the vocabulary can be reviewed (and
extended) without reading code. Every pattern is a plain regular expression
without nested unbounded quantifiers, so scanning attacker-controlled text of
any length stays linear.

Vocabulary:

* a **signal** says "there is money or value behind this post" without telling
  the reader so: affiliate links, discount codes, URL shorteners (weak).
* a **disclosure** tells the reader. Each disclosure *covers* one or more signal
  families: a general advertising label ("Werbung", "Anzeige", "#ad") covers
  everything; "sponsored by X" covers the sponsorship (and its codes/gifts) but
  not affiliate links the creator earns from on the side; an affiliate notice
  covers affiliate links and codes; "PR-Sample" covers a gifted product; an
  "unbezahlte Werbung" label covers gifts and brand mentions only.
* a **negation** ("not sponsored", "keine Werbung") cancels a disclosure match
  right after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: signal families a disclosure can cover; ``ANY`` covers all of them
AFFILIATE = "affiliate"
DISCOUNT = "discount"
SPONSORED = "sponsored"
GIFT = "gift"
MENTION = "mention"
ANY = "any"

I = re.IGNORECASE  # noqa: E741 - short alias used in the tables below


@dataclass(frozen=True)
class Rule:
    """One pattern. ``family`` is set for signals, ``covers`` for disclosures."""

    kind: str
    regex: re.Pattern[str]
    family: str = ""
    covers: frozenset[str] = frozenset()
    weak: bool = False
    english_label: bool = False  # an English-only label (weak for a German audience)
    note: str = ""
    #: lower-case substrings one of which must occur before the regex is tried (speed)
    needles: tuple[str, ...] = ()
    #: wording explicit enough that the sentence model need not confirm it
    explicit: bool = False


def _r(pattern: str, flags: int = I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --------------------------------------------------------------------------- rule citations
# Written in our own words; they summarise, they do not quote.
RULE_UWG = (
    "UWG §5a Abs. 4 (DE): the commercial purpose of a post must be made recognisable "
    "unless it is obvious from the context"
)
RULE_UWG_UNPAID = (
    "UWG §5a Abs. 4 S. 2-3 (DE): a post for another company is not commercial if no payment "
    "or similar consideration was received; receiving one is presumed until shown otherwise"
)
RULE_MSTV = (
    "MStV §8 Abs. 3 and §22 Abs. 1 (DE): advertising in broadcasts and telemedia must be "
    "clearly recognisable as such and set apart from the other content; no surreptitious "
    "advertising, product placement must be labelled"
)
RULE_LEITFADEN = (
    "Leitfaden Werbekennzeichnung der Medienanstalten (DE): label with 'Werbung' or "
    "'Anzeige' at the very start, recognisable at first glance; English tags such as '#ad' "
    "or 'sponsored by' and vague words like 'Kooperation' are not enough for a German audience"
)
RULE_DDG = (
    "DDG §6 Abs. 1 (DE, formerly TMG §6): commercial communications in digital services must "
    "be clearly recognisable as such, and the person on whose behalf they are made must be "
    "identifiable"
)
RULE_UWG_SELF = (
    "UWG §5a Abs. 4 (DE): the commercial purpose need not be labelled separately when it is "
    "obvious from the context - here the owner openly presents their own shop, brand or product"
)
RULE_FTC = (
    "FTC 16 CFR Part 255 (US, Endorsement Guides, §255.5): a material connection between "
    "endorser and brand (payment, free product, commission) must be disclosed"
)
RULE_FTC_101 = (
    "FTC 'Disclosures 101 for Social Media Influencers' (US): the disclosure must be clear "
    "and hard to miss - above 'show more', not mixed into a string of hashtags at the end, "
    "not vague ('#sp', '#spon', '#collab', 'thanks [brand]')"
)

# --------------------------------------------------------------------------- signals
#: query parameters used by affiliate networks and retailer partner programmes
_AFF_PARAMS = (
    r"tag|aff|affid|aff_id|affiliate|affiliate_id|affiliateid|a_aid|aid|campid|tagid|"
    r"partner|partnerid|partner_id|irgwc|clickref|clickid|paffiliateid|ranmid|ranEAID|"
    r"wmid|awinmid|awinaffid|pubref|subid|sub_id|linkcode|ascsubtag|cjevent"
)
#: hosts that only exist to count affiliate clicks (or are influencer storefronts)
_AFF_HOSTS = (
    r"amzn\.to|amzn\.eu|a\.co|amzlink\.to|geni\.us|awin1\.com|rstyle\.me|shopstyle\.[a-z.]+|"
    r"shopstyle\.it|go\.magik\.ly|liketoknow\.it|liketk\.it|ltk\.app|shopltk\.com|"
    r"go\.skimresources\.com|skimlinks\.com|redirect\.viglink\.com|click\.linksynergy\.com|"
    r"linksynergy\.com|shareasale\.com|anrdoezrs\.net|jdoqocy\.com|tkqlhce\.com|dpbolvw\.net|"
    r"kqzyfj\.com|prf\.hn|pntra\.com|pntrs\.com|clk\.tradedoubler\.com|track\.webgains\.com|"
    r"ad\.zanox\.com|financeads\.net|belboon\.de|adcell\.de|avantlink\.com|"
    r"s\.click\.aliexpress\.com|ali\.pub|alii\.pub|click\.aliexpress\.com|rover\.ebay\.[a-z.]+|"
    r"ebay\.to|go\.shopmy\.us|shopmy\.us|howl\.me|bam-x\.com|fave\.co|"
    r"amazon\.[a-z.]+/shop/|amazon\.[a-z.]+/gp/associates"
)
_SHORTENERS = (
    r"bit\.ly|goo\.gl|tinyurl\.com|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at|"
    r"tiny\.cc|t\.ly|rb\.gy|lnkd\.in|smarturl\.it|po\.st|adf\.ly|bit\.do"
)

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'\)\]]+", I)
AFFILIATE_HOST = _r(r"(?:^|[/.])(?:" + _AFF_HOSTS + r")")
AFFILIATE_PARAM = _r(r"[?&#;](?:" + _AFF_PARAMS + r")=[^&\s]+")
REF_PARAM = _r(r"[?&](?:ref|referral|referrer|ref_id)=[^&\s]+")
INFLUENCER_UTM = _r(
    r"[?&]utm_(?:campaign|medium|source|content)=[^&\s]*(?:influenc|affiliat|creator|partner|ambassador)"
)
SHORTENER = _r(r"(?:^|//|\.)(?:" + _SHORTENERS + r")/")

#: discount codes: keyword, then a code-like token (case-sensitive check done in code)
DISCOUNT_CODE = _r(
    r"\b(?:rabatt-?code|gutschein-?code|promo-?code|coupon-?code|discount-?code|voucher-?code|"
    r"code|coupon|gutschein)\b\s*[:=\-\"'„“»«]?\s*[\"'„“»«]?([A-Za-z0-9][A-Za-z0-9_\-]{2,24})\b"
)
#: keywords that make any following token a discount code (no code-likeness needed)
EXPLICIT_CODE_WORD = _r(r"rabatt|gutschein|promo|coupon|discount|voucher")
#: "20 % off/Rabatt" near a code keyword strengthens a plain "code" hit
PERCENT_OFF = _r(r"\d{1,2}\s?%\s?(?:off|rabatt|discount|auf|on|günstiger)|\b(?:save|spare)\s+\d")

# --------------------------------------------------------------------------- disclosures
_LINE_START = r"(?:^|\n)[ \t]*+[\[\(\*\|►▶▪•·\-–—_~]*+[ \t]*+"
_LABEL_END = r"[ \t]*(?:[\]\)\*\|:/\-–—!.,]|[\u2600-\u27bf\U0001f300-\U0001faff]|\n|$)"

_NOT_NEGATED = r"(?:(?!(?:keine?|keinerlei|nicht|no|not|never|kein)\b)[\w\-]+\s+){0,2}?"

DISCLOSURES: tuple[Rule, ...] = (
    # --- "Dieser Beitrag enthält Werbung": a label anywhere in the text
    Rule(
        "disclosure_label",
        _r(
            r"\b((?:enthält|beinhaltet|contains|includes?)\s+"
            + _NOT_NEGATED
            + r"(?:werbung|anzeigen?|"
            r"reklame|advertising|advertisements?|sponsored\s+content|paid\s+content|"
            r"produktplatzierung(?:en)?|product\s+placements?))\b"
        ),
        covers=frozenset({ANY}),
        note="advertising label ('contains advertising')",
        needles=("enthält", "beinhaltet", "contains", "include"),
        explicit=True,
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:enthält|beinhaltet|contains|includes?|uses?|nutzt|verwendet)\s+"
            + _NOT_NEGATED
            + r"(?:(?:affiliate|partner|provisions|werbe|referral)[\s\-]*links?|affiliatelinks?))\b"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="affiliate notice ('contains affiliate links')",
        needles=("enthält", "beinhaltet", "contains", "include", "use", "nutzt", "verwendet"),
        explicit=True,
    ),
    Rule(
        "disclosure_label",
        _r(r"(?:[|•·–—]|\s-)[ \t]*(\*?(?:werbung|anzeige))[ \t]*[.!]?[ \t]*(?=\n|$)"),
        covers=frozenset({ANY}),
        note="advertising label at the end of a line",
        needles=("werbung", "anzeige"),
    ),
    Rule(
        "disclosure_label",
        _r(r"(?<![\w*])\*[ \t]?(werbung|anzeige)\b"),
        covers=frozenset({ANY}),
        note="advertising label marked with an asterisk",
        needles=("werbung", "anzeige"),
    ),
    Rule(
        "sponsorship_label",
        _r(_LINE_START + r"(sponsored(?:\s+(?:post|content|video))?)" + _LABEL_END),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        english_label=True,
        note="sponsorship label",
        needles=("sponsored",),
    ),
    Rule(
        "sponsorship_label",
        _r(r"[\[\(]\s*(sponsored|sponsor)\s*[\]\)]"),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        english_label=True,
        note="sponsorship label in brackets",
        needles=("sponsor",),
    ),
    # --- general advertising labels: cover everything in the post
    Rule(
        "disclosure_label",
        _r(_LINE_START + r"((?:\*?)(?:werbung|anzeige|reklame))" + _LABEL_END),
        covers=frozenset({ANY}),
        note="advertising label",
        needles=("werbung", "anzeige", "reklame"),
    ),
    Rule(
        "disclosure_label",
        # also opening a bracketed note mid-caption: "(Werbung, weil ...)", "(Anzeige: ...)"
        _r(r"[\[\(\*]\s*(werbung|anzeige)\s*[\]\)\*,:;–—]"),
        covers=frozenset({ANY}),
        note="advertising label in brackets",
        needles=("werbung", "anzeige"),
    ),
    Rule(
        "disclosure_label",
        _r(r"\b(dauerwerbesendung|werbevideo|werbebeitrag|werbepost)\b"),
        covers=frozenset({ANY}),
        note="advertising label",
        needles=("werbe",),
    ),
    Rule(
        "disclosure_label",
        _r(r"\b(bezahlte\s+(?:werbe)?partnerschaft|bezahlte\s+kooperation|bezahlte\s+werbung)\b"),
        covers=frozenset({ANY}),
        note="paid partnership label",
        needles=("bezahlte",),
    ),
    Rule(
        "disclosure_label",
        _r(r"\b(paid\s+partnership|paid\s+promotion|paid\s+advertisement|advertorial)\b"),
        covers=frozenset({ANY}),
        english_label=True,
        note="paid partnership label",
        needles=("paid", "advertorial"),
    ),
    Rule(
        "disclosure_label",
        _r(_LINE_START + r"(ad|advertisement|advertising)" + _LABEL_END),
        covers=frozenset({ANY}),
        english_label=True,
        note="advertising label",
        needles=("ad",),
    ),
    Rule(
        "disclosure_label",
        _r(r"[\[\(]\s*(ad|advert|advertisement)\s*[\]\)]"),
        covers=frozenset({ANY}),
        english_label=True,
        note="advertising label in brackets",
        needles=("ad",),
    ),
    Rule(
        "hashtag_disclosure",
        _r(r"(?<![\w#])(#(?:werbung|anzeige|bezahltewerbung|werbepartnerschaft))\b"),
        covers=frozenset({ANY}),
        note="advertising hashtag",
        needles=("#",),
    ),
    Rule(
        "hashtag_disclosure",
        _r(r"(?<![\w#])(#(?:ad|ads|advertisement|advert|paidpartnership|paidpartner))\b"),
        covers=frozenset({ANY}),
        english_label=True,
        note="advertising hashtag",
        needles=("#",),
    ),
    # --- sponsorship / product placement: covers the sponsor's own deal
    Rule(
        "sponsorship_label",
        _r(
            r"\b((?:this|the|today'?s)\s+(?:video|episode|post|stream|show)\s+(?:is|was)\s+"
            r"(?:(?:kindly|generously|proudly)\s+)?sponsored|sponsored\s+by|brought\s+to\s+you\s+by|"
            r"thanks?\s+(?:you\s+)?to\s+[^.\n]{1,40}?\s+for\s+sponsoring|in\s+partnership\s+with|"
            r"sponsoring\s+(?:this|today'?s)\s+(?:video|episode))"
        ),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        english_label=True,
        note="sponsorship statement",
        needles=("sponsor", "brought to you", "partnership with"),
    ),
    Rule(
        "hashtag_disclosure",
        _r(r"(?<![\w#])(#(?:sponsored|sponsoredpost|sponsor|sponsoring|gesponsert))\b"),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        english_label=True,
        note="sponsorship hashtag",
        needles=("#",),
    ),
    Rule(
        "sponsorship_label",
        _r(
            r"\b(gesponsert|gesponsort|sponsored\s+post|sponsored\s+video|gesponserter?\s+\w+|"
            r"mit\s+freundlicher\s+unterstützung\s+(?:von|durch)|unterstützt\s+von)\b"
        ),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        note="sponsorship statement",
        needles=("gespons", "sponsored", "unterstützung", "unterstützt von"),
    ),
    Rule(
        "sponsorship_label",
        _r(r"\b((?:enthält|beinhaltet|mit)\s+produktplatzierung(?:en)?|produktplatzierung)\b"),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        note="product placement label",
        needles=("produktplatzierung",),
    ),
    Rule(
        "sponsorship_label",
        _r(r"\b(includes?\s+paid\s+(?:product\s+)?placement|product\s+placement)\b"),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        english_label=True,
        note="product placement label",
        needles=("placement",),
    ),
    Rule(
        "sponsorship_label",
        _r(_LINE_START + r"((?:channel\s+|video\s+)?sponsors?)\s*[:!]"),
        covers=frozenset({SPONSORED, DISCOUNT}),
        english_label=True,
        weak=True,
        note="sponsor list heading (names sponsors without saying the post is advertising)",
        needles=("sponsor",),
    ),
    # vague German wording: the Leitfaden says it does not suffice on its own
    Rule(
        "sponsorship_label",
        _r(
            r"\b(in\s+(?:freundlicher\s+)?(?:kooperation|zusammenarbeit)\s+mit|"
            r"in\s+freundlicher\s+zusammenarbeit|kooperation\s+mit)\b"
        ),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        weak=True,
        note="vague cooperation wording",
        needles=("kooperation", "zusammenarbeit"),
    ),
    # vague English tags (FTC: not clear)
    Rule(
        "hashtag_disclosure",
        _r(
            r"(?<![\w#])(#(?:sp|spon|collab|partner|partnership|ambassador|brandambassador|"
            r"kooperation|kooperiert|collaboration|supplied|gifted|prsample|pr))\b"
        ),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT}),
        weak=True,
        english_label=True,
        note="vague hashtag",
        needles=("#",),
    ),
    # --- affiliate notices: cover affiliate links and partner codes
    Rule(
        "affiliate_disclosure",
        _r(
            # a marker on the link itself: "(affiliate)", "[Affiliate-Link]", "(Werbelink)",
            # "http://… affiliate link", "affiliate link: http://…" (issue 9: the bracket
            # forms never matched after a space or a line start before)
            r"((?<![\w(\[])[(\[]\s*(?:amazon\s+)?(?:affiliate|aff\.?|werbe)[\s\-]*(?:links?)?\s*[)\]]"
            r"(?!\s*(?:programs?|programmes?|marketing|networks?|partner)\b)|"
            # URLs are blanked before the rules run: a link is a run of 8+ spaces
            r"(?<=[ ]{8})(?:-[ \t]+|\([ \t]*)?affiliate[ \t\-]*link\b|"
            r"\baffiliate[ \t\-]*links?[ \t]*[:\-–]?(?=[ ]{8}))"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="affiliate marker on the link",
        needles=("affiliat", "(aff", "[aff", "werbe"),
        explicit=True,
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b(affiliate[\s\-]*(?:links?|partner(?:ship)?s?|commissions?|disclaimer|disclosure|"
            r"ids?|codes?|urls?|programs?\s+(?:i|we)\b|referrals?|tracking|"
            r"product[\s\-]*links?)|affiliates?\s+links?|affiliated\s+links?|"
            r"affiliatelinks?)(?!\w)"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="affiliate notice",
        needles=("affiliat", "(aff", "[aff"),
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:are|is|be|am|as\s+an|i'?m\s+an?|an|my|our)\s+(?:\w+\s+){0,2}?"
            r"(?:affiliates?|affiliated)(?:\s+(?:links?|with|for|of))?)(?!\w)"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="affiliate notice",
        needles=("affiliat",),
    ),
    Rule(
        # the author's own commission, stated outright ("we may earn a small commission",
        # "I get a commission if you buy"): explicit, no model confirmation needed
        "affiliate_disclosure",
        _r(
            r"\b((?:i|we)\s+(?:\w+\s+){0,2}?(?:earn|receive|get|make)\s+(?:a\s+|an\s+)?"
            r"(?:small\s+|tiny\s+|little\s+|affiliate\s+)*commission)\b"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="the author's own commission statement",
        needles=("commission",),
        explicit=True,
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:earn|earns|earned|receive|receives|get|gets|make|makes|paid|small|tiny|a)\s+"
            r"(?:[\w$€%'’-]+\s+){0,6}?(?:commission|kickback|referral\s+(?:fee|bonus)|few\s+(?:pennies|cents))|"
            r"(?:portion|percentage|share|cut)\s+of\s+(?:the\s+|each\s+|every\s+)?"
            r"(?:sales?|purchases?|proceeds)\b[^.\n]{0,40}?\b(?:go(?:es)?|goes\s+to|to|supports?|helps?|fund))"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="commission statement",
        needles=(
            "commission",
            "kickback",
            "referral",
            "pennies",
            "cents",
            "portion",
            "percentage",
            "share of",
            "cut of",
        ),
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:amazon\s+)?(?:services\s+llc\s+)?associates?\s+program(?:me)?|"
            r"as\s+an\s+amazon\s+associate|amazon\s+associates?|amazon-partnerprogramm|"
            r"amazon\s+partnerprogramm|partnerprogramm)\b"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="associates programme notice",
        needles=("associate", "partnerprogramm"),
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b(at\s+no\s+(?:extra|additional)\s+cost\s+to\s+you|"
            r"(?:costs?|cost\s+you)\s+(?:you\s+)?nothing(?:\s+(?:extra|more))?|"
            r"without\s+any\s+(?:extra|additional|more)\s+costs?\s+(?:for|to)\s+you|"
            r"no\s+(?:extra\s+)?cost\s+to\s+you|(?:the\s+)?price\s+is\s+the\s+same\s+for\s+you)\b"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="no-extra-cost explanation of a commission",
        needles=("cost", "price is the same"),
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:provisions?|partner|werbe|empfehlungs|referral|ref)[\s\-]?links?|"
            r"(?:erhalte|bekomme|verdiene|erhalten|bekommen|verdienen)\s+(?:ich|wir)\s+"
            r"(?:\w+\s+){0,4}?provision|kleine\s+provision|eine\s+provision)\b"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        note="commission notice (German) / referral link",
        needles=("link", "provision"),
    ),
    Rule(
        "affiliate_disclosure",
        _r(
            r"\b((?:links?|purchases?|shopping|buying|orders?|shop)\b[^.\n]{0,60}?"
            r"\bsupports?\s+(?:the|this|my|our|me|us|[A-Z]\w*)\b|"
            r"supports?\s+(?:the|this|my|our)?\s*(?:channel|show|podcast|editor|me|us|[A-Z]\w*)\b"
            r"[^.\n]{0,60}?\b(?:shop\w*|purchas\w*|buy\w*|amazon|links?)\b|"
            r"(?:shop\w*|buy\w*|purchas\w*)[^.\n]{0,40}?\b(?:help|helps|will\s+help)\s+"
            r"(?:out\s+)?(?:the|this|my|our|me|us)\b|"
            r"bookmark\s+(?:it|this|the|our|my|them|these)\b|"
            r"(?:unterstützt|unterstützen)\s+(?:ihr\s+|du\s+|sie\s+)?(?:mich|uns|den\s+kanal|"
            r"meinen\s+kanal|unseren\s+kanal)|"
            r"(?:use|using|through)\s+(?:this|my|our)\s+(?:amazon\s+)?link\s+"
            r"(?:\w+\s+){0,3}?(?:shop|shopping|when\s+you\s+shop|before\s+shopping))"
        ),
        covers=frozenset({AFFILIATE, DISCOUNT}),
        weak=True,
        note="'shopping through these links supports the channel' (implies a commission)",
        needles=("support", "bookmark", "help", "unterstütz"),
    ),
    # --- gifts
    Rule(
        "gift_disclosure",
        _r(
            r"\b(pr[\s\-]?samples?|press\s+samples?|pr[\s\-]?produkte?|pr[\s\-]?paket\w*|"
            r"pr[\s\-]?(?:package|box|haul|mailer|kit)s?|press\s+(?:kit|package)s?|"
            r"(?:was\s+|were\s+)?(?:kindly\s+)?(?:gifted|sent\s+to\s+me|provided\s+to\s+me|"
            r"sent\s+me\s+(?:this|these))|"
            r"(?:was|were|got|been|i\s+received|i\s+got)\s+(?:sent\s+)?(?:this|these|it|them)\s+"
            r"(?:\w+\s+){0,2}?(?:for\s+free|free\s+of\s+charge|complimentary)|"
            r"wurden?\s+mir\s+(?:\w+\s+){0,3}?(?:kostenlos\s+|gratis\s+)?(?:zugeschickt|zugesandt|"
            r"geschenkt)|kostenlos\s+(?:zur\s+verfügung\s+gestellt|erhalten)|"
            r"zur\s+verfügung\s+gestellt|(?:free|complimentary)\s+(?:sample|product)s?\s+"
            r"(?:from|provided|sent))\b"
        ),
        covers=frozenset({GIFT}),
        note="gifted product notice",
        needles=(
            "pr",
            "sample",
            "gift",
            "sent",
            "provided",
            "verfügung",
            "kostenlos",
            "free",
            "complimentary",
            "zugeschickt",
            "zugesandt",
            "geschenkt",
        ),
    ),
    # --- a material connection stated outright (employee, ambassador)
    Rule(
        "sponsorship_label",
        _r(
            r"((?:full\s+disclosure|disclaimer|transparenz\w*|offenlegung)\s*[:\-–]\s*"
            r"(?:i\s+(?:work|worked)\s+(?:for|at)|i'?m\s+(?:an?\s+)?(?:employee|ambassador)|"
            r"ich\s+arbeite\s+(?:für|bei))|i'?m\s+an?\s+(?:\w+\s+)?(?:brand\s+)?ambassador\s+for|"
            r"ich\s+bin\s+(?:\w+\s+)?markenbotschafter(?:in)?\s+(?:von|für|bei))"
        ),
        covers=frozenset({SPONSORED, GIFT, DISCOUNT, MENTION}),
        note="material connection stated (employee or brand ambassador)",
        needles=(
            "disclosure",
            "disclaimer",
            "transparenz",
            "offenlegung",
            "ambassador",
            "markenbotschafter",
        ),
    ),
    # --- unpaid mentions (German over-labelling practice)
    Rule(
        "unpaid_label",
        _r(
            r"((?:unbezahlte|unbeauftragte|unbezahlt|unbeauftragt)\s*[/,:\-]?\s*werbung|"
            r"werbung\s*[(/,:\-]\s*(?:unbezahlt|unbeauftragt|ohne\s+auftrag|markennennung)\)?|"
            r"werbung\s+(?:wegen|durch|da)\s+(?:markennennung|markenerkennung|verlinkung)|"
            r"\bmarkennennung|#unbezahltewerbung|#markennennung|#unbeauftragt\w*)"
        ),
        covers=frozenset({GIFT, MENTION}),
        note="labelled as unpaid advertising / brand mention",
        needles=("unbezahlt", "unbeauftragt", "markennennung", "werbung"),
    ),
)

#: a hypothetical before a disclosure ("this should be sponsored by ...") is no disclosure
#: an author's own hedged commission notice ("I may earn a small commission", "we might
#: receive"): the usual affiliate wording, not a hypothetical
OWN_MODAL_BEFORE = _r(r"\b(?:i|we)\s+(?:\w+\s+)?(?:may|might|could|can|will|would)\s+$")
HYPOTHETICAL_BEFORE = _r(
    r"\b(?:should|could|would|might|must|ought\s+to|sollte|sollten|könnte|könnten|würde|"
    r"müsste|müssten)\s+(?:\w+\s+){0,2}?(?:be|have\s+been|sein|werden)?\s*$"
)
#: negations that cancel a disclosure they precede ("not sponsored", "keine Werbung")
NEGATION_BEFORE = _r(
    r"(?:\b(?:not|never|no|nicht|kein\w*|ohne|non)\b|n['’]t)[\s\-]*(?:a\s+|an\s+|been\s+|ein\s+)?"
    r"(?:\w+[\s\-]+){0,2}$"
)
#: phrases that look like a disclosure but are contact lines or third-party notices
NON_DISCLOSURE_CONTEXT = _r(
    r"(?:inquir|enquir|anfrage|contact|kontakt|e-?mail|booking|business)[^\n]{0,40}$"
)


# --------------------------------------------------------------------------- helpers
def classify_link(url: str) -> tuple[str, bool, str] | None:
    """Classify one URL: ``(evidence kind, weak, note)`` or None."""
    if AFFILIATE_HOST.search(url):
        return "affiliate_link", False, "affiliate/click-tracking host"
    if AFFILIATE_PARAM.search(url):
        return "affiliate_link", False, "partner id in the link"
    if INFLUENCER_UTM.search(url):
        return "affiliate_link", False, "influencer campaign tracking"
    if REF_PARAM.search(url):
        return "affiliate_link", True, "ref= parameter (often, not always, a partner id)"
    if SHORTENER.search(url):
        return "short_link", True, "URL shortener (can hide an affiliate link)"
    return None


def code_like(token: str, explicit: bool) -> bool:
    if token.lower() in NOT_CODES:
        return False
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    if not has_alpha:
        return False
    if explicit:
        return True
    return has_digit or (token.isupper() and len(token) >= 4)


NOT_CODES = frozenset(
    {
        "here", "below", "link", "links", "the", "this", "und", "der", "die", "das", "is",
        "for", "and", "von", "mit", "für", "auf", "at", "in", "on", "geht", "gilt", "word",
        "html", "css", "java", "python", "source", "qr", "zip", "snippet", "page",
    }
)  # fmt: skip
