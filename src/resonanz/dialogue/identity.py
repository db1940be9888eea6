"""Transparent identity: who may speak for the brand, and what a reply may not hide.

* A reply is sent only from an account the brand declared in its catalog
  (``own_accounts``), on the platform of the conversation.
* The workspace's disclosure line (e.g. "— Team Marke, offizieller Account") is
  appended to every reply, once.
* A reply offering an incentive (discount code, giveaway, "gratis", affiliate link)
  must disclose it; the check uses the sponsorship stage's rules
  (:func:`resonanz.analysis.sponsorship.assess`), applied to the reply text *without*
  the disclosure line (which says who speaks, not that something is advertising).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from resonanz.dialogue.states import ReplyRefused

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


def check_account(brands: Iterable[Mapping[str, Any]], platform: str, account: str) -> str:
    """The brand that declared ``account`` on ``platform``; :class:`ReplyRefused` if none."""
    declared = declared_accounts(brands, platform)
    brand = declared.get(normalize(account or ""))
    if brand is None:
        names = ", ".join(sorted(declared)) or "none declared"
        raise ReplyRefused(
            f"{account!r} is not a declared own account on {platform}",
            hint=f"reply from one of the brand's own accounts ({names}) or declare it "
            "under own_accounts in the brand catalog",
        )
    return brand


def with_disclosure(text: str, line: str) -> str:
    """``text`` with the disclosure line appended once (nothing added when it is empty)."""
    body = text.rstrip()
    line = line.strip()
    if not line or body.endswith(line):
        return body
    return f"{body}\n\n{line}"


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
