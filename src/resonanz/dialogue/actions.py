"""What people do with an inbox item: claim, assign, draft, submit, approve, dismiss.

Every function takes the acting :class:`Actor` (user name and role), checks the
state machine and the rules of the workspace, and writes the audit log in the
same transaction as the change. Transparency rules are enforced on submit and
again on approval: the reply must come from an account the brand declared as its
own, carries the workspace's disclosure line, and may not contain an incentive
offer without a disclosure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from resonanz.dialogue import config as cfg
from resonanz.dialogue.audit import move
from resonanz.dialogue.identity import (
    account_label,
    check_account,
    check_reply,
    declared_accounts,
    disclosure_for,
    item_brands,
    normalize,
    reply_language,
    with_disclosure,
)
from resonanz.dialogue.outbox import enqueue
from resonanz.dialogue.states import (
    DialogueError,
    IllegalTransition,
    NotAllowed,
    NotFound,
    ReplyRefused,
    State,
    check_transition,
)
from resonanz.dialogue.views import ItemView
from resonanz.store.brands import load_brands
from resonanz.store.inbox_items import ItemRow, read_item
from resonanz.store.inbox_schema import INTERNAL_REASONS

#: Roles that may work items (claim, draft, submit).
WORKING_ROLES = frozenset({"agent", "admin"})
#: Roles that may always approve (agents only when the workspace allows it).
APPROVING_ROLES = frozenset({"analyst", "admin"})
MAX_REPLY = 10_000


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    role: str


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _row(conn: Connection, item_id: int) -> ItemRow:
    row = read_item(conn, item_id)
    if row is None:
        raise NotFound(f"no inbox item {item_id}")
    return row


def _must_be_public(row: ItemRow) -> None:
    """Internal tasks (a partner post lacking a disclosure) are never answered in public."""
    if row.reason in INTERNAL_REASONS:
        raise ReplyRefused(
            f"inbox item {row.id} is an internal task ({row.reason}): it gets no public reply",
            hint="follow up with the creator directly, then dismiss the item with a note",
        )


def _must_work(actor: Actor) -> None:
    if actor.role not in WORKING_ROLES:
        raise NotAllowed(f"a {actor.role} cannot work inbox items", hint="ask an agent")


def claim(engine: Engine, item_id: int, actor: Actor, now: datetime | None = None) -> None:
    """Take an item: it becomes assigned to the actor."""
    _must_work(actor)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        move(
            conn,
            item_id,
            row.state,
            State.ASSIGNED,
            actor.name,
            "claim",
            _now(now),
            {"previous_assignee": row.assignee},
            assignee=actor.name,
        )


def assign(
    engine: Engine,
    item_id: int,
    actor: Actor,
    agent: str,
    team: str | None = None,
    now: datetime | None = None,
) -> None:
    """Give an item to ``agent`` (by an agent, analyst or admin)."""
    if actor.role not in WORKING_ROLES | APPROVING_ROLES:
        raise NotAllowed(f"a {actor.role} cannot assign items")
    if not agent.strip():
        raise DialogueError("name the agent to assign the item to")
    with engine.begin() as conn:
        row = _row(conn, item_id)
        move(
            conn,
            item_id,
            row.state,
            State.ASSIGNED,
            actor.name,
            "assign",
            _now(now),
            {"agent": agent, "team": team},
            assignee=agent.strip(),
            team=team,
        )


def draft(
    engine: Engine,
    item_id: int,
    actor: Actor,
    text: str,
    account: str,
    template: str | None = None,
    now: datetime | None = None,
) -> None:
    """Save the reply text and the sending account (the item moves to ``drafted``).

    The account must be an own account, on the item's platform, of a brand the item
    is about (:class:`ReplyRefused` otherwise)."""
    _must_work(actor)
    text = text.replace("\x00", "").strip()
    if len(text) > MAX_REPLY:
        raise DialogueError(f"the reply is longer than {MAX_REPLY} characters")
    catalog = load_brands(engine)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        _must_be_public(row)
        check_account(catalog, row.platform, account, _about(conn, catalog, row))
        move(
            conn,
            item_id,
            row.state,
            State.DRAFTED,
            actor.name,
            "draft",
            _now(now),
            {"template": template, "account": account, "length": len(text)},
            draft=text,
            account=account.strip(),
            template=template,
            assignee=row.assignee or actor.name,
        )


def final_text(
    engine: Engine, draft_text: str, brand: str, account: str, language: str | None = None
) -> str:
    """The text that will be published: the draft plus the disclosure line naming
    ``brand`` and ``account`` in the reply's language (see :func:`reply_language`)."""
    settings = cfg.get_settings(engine)
    line = disclosure_for(settings, reply_language(draft_text, language), brand, account)
    return with_disclosure(draft_text, line)


def disclosure_preview(
    engine: Engine, item: ItemView | ItemRow, brands: list[str], account: str | None, text: str
) -> str:
    """The disclosure line the reply would get: for ``account`` (the brands the item is
    about and "…" while none is chosen), in the language of ``text`` (else the post's)."""
    settings = cfg.get_settings(engine)
    catalog = load_brands(engine)
    language = reply_language(text, item.language)
    owner = declared_accounts(catalog, item.platform).get(normalize(account or ""))
    if account and owner:
        return disclosure_for(
            settings, language, owner, account_label(catalog, item.platform, account)
        )
    return disclosure_for(settings, language, ", ".join(brands) or "…", "…")


def _about(conn: Connection, catalog: list[dict[str, Any]], row: ItemRow) -> list[str]:
    return item_brands(conn, catalog, row.post_id, row.platform, row.brand)


def check_identity(
    conn: Connection, catalog: list[dict[str, Any]], row: ItemRow, account: str
) -> str:
    """:func:`check_account` for an item row (raises :class:`ReplyRefused`)."""
    return check_account(catalog, row.platform, account, _about(conn, catalog, row))


def _check_transparency(engine: Engine, row: ItemRow) -> str:
    catalog = load_brands(engine)
    with engine.connect() as conn:
        brand = check_identity(conn, catalog, row, row.account or "")
    check_reply(row.draft or "", row.language)
    label = account_label(catalog, row.platform, row.account or "")
    return final_text(engine, row.draft or "", brand, label, row.language)


def submit(engine: Engine, item_id: int, actor: Actor, now: datetime | None = None) -> str:
    """Send the draft to review, or straight to the outbox when approval is off.

    Returns the new state.
    """
    _must_work(actor)
    now = _now(now)
    settings = cfg.get_settings(engine)
    with engine.connect() as conn:
        row = _row(conn, item_id)
    check_transition(row.state, State.AWAITING_APPROVAL)
    text = _check_transparency(engine, row)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        if settings["approval_required"]:
            move(
                conn,
                item_id,
                row.state,
                State.AWAITING_APPROVAL,
                actor.name,
                "submit",
                now,
                {"text": text},
                submitted_by=actor.name,
            )
            return State.AWAITING_APPROVAL.value
        move(
            conn,
            item_id,
            row.state,
            State.APPROVED,
            actor.name,
            "submit",
            now,
            {"text": text, "approval": "not required"},
            submitted_by=actor.name,
        )
        enqueue(conn, row, text, now)
        return State.APPROVED.value


def may_approve(settings: Mapping[str, Any], actor: Actor, submitted_by: str | None) -> str | None:
    """Why ``actor`` may not approve (``None`` when they may)."""
    if actor.name == submitted_by:
        return "nobody can approve their own reply"
    if actor.role in APPROVING_ROLES:
        return None
    if actor.role == "agent" and settings.get("agents_approve"):
        return None
    return f"a {actor.role} cannot approve replies in this workspace"


def approve(engine: Engine, item_id: int, actor: Actor, now: datetime | None = None) -> None:
    """Approve a submitted reply; it is queued in the outbox for publishing."""
    now = _now(now)
    settings = cfg.get_settings(engine)
    with engine.connect() as conn:
        row = _row(conn, item_id)
    _must_be_public(row)
    if row.state != State.AWAITING_APPROVAL.value:
        raise IllegalTransition(
            f"only a reply awaiting approval can be approved (this item is {row.state!r})"
        )
    why = may_approve(settings, actor, row.submitted_by)
    if why:
        raise NotAllowed(why, hint="ask another analyst, admin or agent to approve")
    text = _check_transparency(engine, row)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        move(
            conn,
            item_id,
            row.state,
            State.APPROVED,
            actor.name,
            "approve",
            now,
            {"text": text},
            approved_by=actor.name,
        )
        enqueue(conn, row, text, now)


def reject(
    engine: Engine, item_id: int, actor: Actor, note: str, now: datetime | None = None
) -> None:
    """Send a submitted reply back to its author with a note."""
    settings = cfg.get_settings(engine)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        why = may_approve(settings, actor, None)
        if why:
            raise NotAllowed(why)
        move(
            conn,
            item_id,
            row.state,
            State.DRAFTED,
            actor.name,
            "reject",
            _now(now),
            {"note": note[:2000]},
        )


def dismiss(
    engine: Engine, item_id: int, actor: Actor, reason: str, now: datetime | None = None
) -> None:
    """Close an item without a reply; a reason is required."""
    if actor.role not in WORKING_ROLES | APPROVING_ROLES:
        raise NotAllowed(f"a {actor.role} cannot dismiss items")
    reason = reason.replace("\x00", "").strip()
    if not reason:
        raise DialogueError("say why the item is dismissed", hint="e.g. spam, already solved")
    with engine.begin() as conn:
        row = _row(conn, item_id)
        move(
            conn,
            item_id,
            row.state,
            State.DISMISSED,
            actor.name,
            "dismiss",
            _now(now),
            {"reason": reason[:2000]},
            dismiss_reason=reason[:2000],
        )


def reopen(engine: Engine, item_id: int, actor: Actor, now: datetime | None = None) -> None:
    """Bring a dismissed item back to ``new``."""
    _must_work(actor)
    with engine.begin() as conn:
        row = _row(conn, item_id)
        move(
            conn,
            item_id,
            row.state,
            State.NEW,
            actor.name,
            "reopen",
            _now(now),
            dismiss_reason=None,
            assignee=None,
        )
