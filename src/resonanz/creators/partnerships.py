"""Declared partnerships, and follow-up tasks for partner posts without a disclosure.

A brand declares that it works with a creator (``kind``: sample, paid, affiliate,
contract) from ``starts_on`` to ``ends_on`` (open-ended without). A post of that creator
that names the brand and was published in that time is commercial; when it carries no
disclosure it is flagged: :func:`flag_followups` puts an internal task into the inbox
(reason ``disclosure_followup``). Such a task is never answered in public: the inbox
refuses drafts on it (:mod:`resonanz.dialogue.actions`); the team follows up with the
creator privately and closes it with a note.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Connection

from resonanz.creators import directory
from resonanz.creators.figures import CommercialPost
from resonanz.errors import InvalidValue, UnknownCreator
from resonanz.store import creators as store
from resonanz.store.creators import PartnershipRow
from resonanz.store.creators_schema import PARTNERSHIP_KINDS
from resonanz.store.inbox_items import add_audit, audit_log, insert_item, item_id_for_post
from resonanz.store.inbox_schema import REASON_DISCLOSURE_FOLLOWUP

#: ``dialogue_items.reason`` of an internal follow-up task (never published)
FOLLOWUP_REASON = REASON_DISCLOSURE_FOLLOWUP
#: its priority: "high" band (see resonanz.dialogue.priority), due within a week
FOLLOWUP_PRIORITY = 60.0
FOLLOWUP_BAND = "high"
FOLLOWUP_DUE = timedelta(days=7)
SYSTEM = "system:creators"


def canonical_brand(brand: str, catalog_brands: Iterable[str]) -> str:
    """The catalog's spelling of ``brand`` (case-insensitive); unknown brands are refused."""
    wanted = brand.replace("\x00", "").strip()
    for name in catalog_brands:
        if name.casefold() == wanted.casefold():
            return name
    raise InvalidValue(
        f"{wanted[:120]!r} is not a brand of the catalog",
        hint="declare partnerships for catalog brands (resonanz brands list)",
    )


def declare(
    conn: Connection,
    slug: str,
    brand: str,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    *,
    catalog_brands: Iterable[str],
    note: str | None = None,
    created_by: str | None = None,
    now: datetime | None = None,
) -> PartnershipRow:
    creator = directory.get(conn, slug)
    if kind not in PARTNERSHIP_KINDS:
        raise InvalidValue(
            f"unknown partnership kind {kind[:40]!r}", hint=f"one of {', '.join(PARTNERSHIP_KINDS)}"
        )
    if ends_on is not None and ends_on < starts_on:
        raise InvalidValue("the partnership ends before it starts")
    clean_note = (note or "").replace("\x00", "").strip()[:2000] or None
    deal_id = store.insert_partnership(
        conn,
        creator_id=creator.id,
        brand=canonical_brand(brand, catalog_brands),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        now=now or datetime.now(UTC),
        note=clean_note,
        created_by=(created_by or "")[:255] or None,
    )
    found = store.read_partnership(conn, deal_id)
    assert found is not None
    return found


def end(conn: Connection, partnership_id: int) -> None:
    if store.read_partnership(conn, partnership_id) is None:
        raise UnknownCreator(f"no partnership {partnership_id}")
    store.delete_partnership(conn, partnership_id)


@dataclass(frozen=True, slots=True)
class FollowUps:
    created: int
    #: posts already in the inbox (one item per post): their item's audit log notes the
    #: follow-up (once), the item itself is left as it is
    already: int


def flag_followups(
    conn: Connection,
    posts: Sequence[tuple[str, CommercialPost]],
    now: datetime | None = None,
) -> FollowUps:
    """An inbox task per partner post lacking a disclosure; ``posts``: (creator slug, post)."""
    now = now or datetime.now(UTC)
    created = already = 0
    for slug, post in posts:
        if not post.needs_followup:
            continue
        brands = ", ".join(sorted({b for b, _ in post.partners}))
        existing = item_id_for_post(conn, post.post_id)
        if existing is not None:  # the post is in the inbox already: note it there, once
            if not any(e.action == FOLLOWUP_REASON for e in audit_log(conn, existing)):
                add_audit(
                    conn,
                    existing,
                    SYSTEM,
                    FOLLOWUP_REASON,
                    now,
                    None,
                    None,
                    {"creator": slug, "brands": brands, "rules": list(post.rules)},
                )
            already += 1
            continue
        why = (
            f"Partner post without disclosure ({slug}; partnership: "
            + "; ".join(f"{b} {k}" for b, k in post.partners)
            + "): follow up with the creator, do not reply in public"
        )
        item_id = insert_item(
            conn,
            {
                "post_id": post.post_id,
                "platform": post.platform,
                "thread_key": f"{post.platform}:{post.native_id}",
                "brand": post.partners[0][0],
                "product": None,
                "intent": FOLLOWUP_REASON,
                "language": None,
                "reason": FOLLOWUP_REASON,
                "priority": FOLLOWUP_PRIORITY,
                "band": FOLLOWUP_BAND,
                "explanation": why,
                "state": "new",
                "post_created_at": post.created_at,
                "due_at": now + FOLLOWUP_DUE,
                "clock": "live",
                "created_at": now,
                "updated_at": now,
            },
        )
        add_audit(
            conn,
            item_id,
            SYSTEM,
            "created",
            now,
            None,
            "new",
            {"creator": slug, "brands": brands, "rules": list(post.rules)},
        )
        created += 1
    return FollowUps(created, already)
