"""Transparent identity: who may speak for the brand, and what a reply may not hide.

* A reply is sent only from an account that a brand the item is about declared in
  its catalog (``own_accounts``), on the platform of the conversation: a complaint
  about one brand is never answered from another brand's account. The check runs on
  draft, submit, approval and again right before the outbox publishes.
* The workspace's disclosure line is appended to every reply, once. It names the
  brand and the account that speak, in the reply's language: "— Team Marke,
  offizieller Account @marke" under a German reply, "— Marke team, official account
  @marke" under an English one (:func:`disclosure_for`).
* A reply offering an incentive (discount code, giveaway, "gratis", affiliate link)
  must disclose it; the check uses the sponsorship stage's rules
  (:func:`resonanz.analysis.sponsorship.assess`), applied to the reply text *without*
  the disclosure line (which says who speaks, not that something is advertising).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection

from resonanz.dialogue.states import ReplyRefused
from resonanz.store.inbox_sync import addressed, mentioned_brands

#: Offers the sponsorship rules may not see as a "code" but that are incentives.
_OFFER = re.compile(
    r"\b(gratis|kostenlos\w*|umsonst|geschenkt|gewinnspiel\w*|verlos\w*|giveaway\w*|"
    r"free\s+(?:sample|gift|product)s?|gutschein\w*|rabatt\w*|discount\w*|coupon\w*|"
    r"promo\s*code\w*|voucher\w*|\d{1,2}\s?%\s*(?:off|rabatt))\b",
    re.IGNORECASE,
)
#: Wording that discloses an incentive in a brand reply.
_DISCLOSED = re.compile(
    r"(#?\bwerbung\b|#?\banzeige\b|#ad\b|#sponsored\b|\badvertis\w*|"
    r"\bincentive disclosure\b|\bthis is an offer from\b|\bangebot von\b)",
    re.IGNORECASE,
)


def declared_accounts(brands: Iterable[Mapping[str, Any]], platform: str) -> dict[str, str]:
    """``normalized account -> brand name`` for every own account declared on ``platform``."""
    found: dict[str, str] = {}
    for entry in brands:
        accounts = entry.get("own_accounts") or {}
        if not isinstance(accounts, Mapping):
            continue
        values = accounts.get(platform) or ()
        if isinstance(values, str):
            values = [values]
        for value in values:
            if isinstance(value, str) and value.strip():
                found[normalize(value)] = str(entry.get("name") or "")
    return found


def normalize(account: str) -> str:
    """Accounts compare without a leading ``@`` and case-insensitively."""
    return account.strip().lstrip("@").casefold()


def _names(about: Iterable[str]) -> set[str]:
    return {name.casefold() for name in about if name}


def accounts_for(
    brands: Iterable[Mapping[str, Any]], platform: str, about: Iterable[str]
) -> list[str]:
    """The own accounts (as declared) on ``platform`` of the brands named in ``about``:
    the only accounts an item about those brands may be answered from."""
    wanted = _names(about)
    found: dict[str, str] = {}
    for entry in brands:
        if str(entry.get("name") or "").casefold() not in wanted:
            continue
        for value in _declared_values(entry, platform):
            found.setdefault(normalize(value), value.strip())
    return sorted(found.values(), key=str.casefold)


def _declared_values(entry: Mapping[str, Any], platform: str) -> list[str]:
    accounts = entry.get("own_accounts") or {}
    if not isinstance(accounts, Mapping):
        return []
    values = accounts.get(platform) or ()
    if isinstance(values, str):
        values = [values]
    return [v for v in values if isinstance(v, str) and v.strip()]


def item_brands(
    conn: Connection,
    brands: Iterable[Mapping[str, Any]],
    post_id: int,
    platform: str,
    brand: str | None = None,
) -> list[str]:
    """The catalog brands an inbox item is about: those the analysis found in the post,
    the item's own brand, and the owners of own accounts the post addresses (``@handle``)."""
    catalog = list(brands)
    names = {str(e.get("name") or "").casefold(): str(e.get("name") or "") for e in catalog}
    found: set[str] = set()
    if brand:
        found.add(brand.casefold())
    found |= {name.casefold() for name in mentioned_brands(conn, post_id)}
    handles = {normalize(str(m)) for m in addressed(conn, post_id) if isinstance(m, str)}
    owners = declared_accounts(catalog, platform)
    found |= {owners[h].casefold() for h in handles if h in owners}
    return sorted((names[n] for n in found if n in names), key=str.casefold)


def check_account(
    brands: Iterable[Mapping[str, Any]], platform: str, account: str, about: Iterable[str]
) -> str:
    """The brand ``account`` speaks for, if it is an own account on ``platform`` of one
    of the brands in ``about`` (what the item is about); else :class:`ReplyRefused`."""
    catalog = list(brands)
    about = sorted(set(about), key=str.casefold)
    allowed = accounts_for(catalog, platform, about)
    shown = account.strip() or "-"
    values = {
        "account": shown,
        "platform": platform,
        "brands": ", ".join(about) or "-",
        "allowed": ", ".join(allowed) or "-",
    }
    if not about:
        raise ReplyRefused(
            "this item names no brand of the catalog, so no account may answer it",
            hint="dismiss it, or add the brand it is about to the catalog and analyse again",
            key="inbox.refused.no_brand",
            values=values,
        )
    if not allowed:
        raise ReplyRefused(
            f"{values['brands']} declared no own account on {platform}",
            hint="declare it under own_accounts in the brand catalog",
            key="inbox.refused.no_account",
            values=values,
        )
    owner = declared_accounts(catalog, platform).get(normalize(account))
    if owner is None:
        raise ReplyRefused(
            f"{shown!r} is not a declared own account on {platform}",
            hint=f"reply from one of the brand's own accounts ({values['allowed']}) or "
            "declare it under own_accounts in the brand catalog",
            key="inbox.refused.undeclared",
            values=values,
        )
    if normalize(account) not in {normalize(a) for a in allowed}:
        values["owner"] = owner
        raise ReplyRefused(
            f"{shown!r} is {owner}'s account; this item is about {values['brands']}",
            hint=f"reply from {values['allowed']}",
            key="inbox.refused.foreign_account",
            values=values,
        )
    return owner


def with_disclosure(text: str, line: str) -> str:
    """``text`` with the disclosure line appended once (nothing added when it is empty)."""
    body = text.rstrip()
    line = line.strip()
    if not line or body.endswith(line):
        return body
    return f"{body}\n\n{line}"


#: The default lines, German (``disclosure_line``) and English (``disclosure_line_en``).
DISCLOSURE_DE = "— Team {{brand}}, offizieller Account {{account}}"
DISCLOSURE_EN = "— {{brand}} team, official account {{account}}"
#: The old default, which named neither: read as the new default.
_OLD_DEFAULT = "— Team, offizieller Account"
_VAR = re.compile(r"\{\{\s*(brand|account)\s*\}\}")
_AT_PLATFORMS = frozenset({"x", "mastodon", "bluesky", "instagram", "tiktok"})
#: A reply is taken to be in the detected language only above this probability.
LANGUAGE_CONFIDENCE = 0.8


def account_label(brands: Iterable[Mapping[str, Any]], platform: str, account: str) -> str:
    """The account as the catalog spells it, ``@``-prefixed where handles are written so."""
    key = normalize(account)
    label = next(
        (v.strip() for e in brands for v in _declared_values(e, platform) if normalize(v) == key),
        account.strip(),
    )
    if platform in _AT_PLATFORMS and not label.startswith("@"):
        return "@" + label
    return label


def reply_language(text: str, item_language: str | None = None) -> str:
    """``de`` or ``en``: the language the reply is written in when that is clear, else
    the language of the post it answers, else German."""
    from resonanz.analysis.language import identify

    found, probability = identify(text)
    if found in ("de", "en") and probability >= LANGUAGE_CONFIDENCE:
        return found
    return item_language if item_language in ("de", "en") else "de"


def disclosure_for(settings: Mapping[str, Any], language: str, brand: str, account: str) -> str:
    """The disclosure line in ``language`` naming ``brand`` and ``account``.

    The workspace's lines may use ``{{brand}}`` and ``{{account}}``; the English line is
    used for English replies, the German one for every other."""
    german = str(settings.get("disclosure_line") or "").strip()
    if german in ("", _OLD_DEFAULT):
        german = DISCLOSURE_DE
    english = str(settings.get("disclosure_line_en") or "").strip() or DISCLOSURE_EN
    template = english if language == "en" else german
    values = {"brand": brand, "account": account}
    return " ".join(_VAR.sub(lambda m: values[m.group(1)], template).split())


def incentive_problem(text: str, language: str | None = None) -> str | None:
    """Why ``text`` may not be sent as is (an undisclosed incentive), or ``None``.

    Uses the sponsorship stage's verdict (discount codes, affiliate links without a
    matching notice) and, for offers it does not treat as signals (giveaways,
    "gratis"), requires an advertising label in the reply.
    """
    from resonanz.analysis.sponsorship import assess

    verdict = assess(text, language=language)
    if verdict.verdict == "undisclosed_commercial":
        kinds = sorted({e.kind for e in verdict.evidence if not e.weak})
        return (
            "the reply contains " + ", ".join(kinds or ["an incentive"]) + " without a disclosure"
        )
    offer = _OFFER.search(text)
    if (
        offer
        and not _DISCLOSED.search(text)
        and verdict.verdict not in ("disclosed", "self_promotion")
    ):
        return f"the reply offers an incentive ({offer.group(0)!r}) without a disclosure"
    return None


def check_reply(text: str, language: str | None = None) -> None:
    """Raise :class:`ReplyRefused` for an empty reply or one with an undisclosed incentive."""
    if not text.strip():
        raise ReplyRefused("the reply is empty", hint="write a reply or pick a template")
    problem = incentive_problem(text, language)
    if problem:
        raise ReplyRefused(
            problem,
            hint='label the offer (e.g. "Werbung:" / "Ad:") or remove it; '
            "the same rules as the sponsorship check apply",
        )
