"""Inbox items and their audit log in the store: typed rows, compare-and-set moves.

The rules (which moves are allowed, who may make them) live in :mod:`resonanz.dialogue`;
these functions only read and write, always inside the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from resonanz.store.inbox_schema import dialogue_audit, dialogue_items


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One row of ``dialogue_items``."""

    id: int
    post_id: int
    platform: str
    thread_key: str
    brand: str | None
    product: str | None
    intent: str | None
    language: str | None
    reason: str
    priority: float
    band: str
    explanation: str
    state: str
    assignee: str | None
    team: str | None
    draft: str | None
    account: str | None
    template: str | None
    submitted_by: str | None
    approved_by: str | None
    dismiss_reason: str | None
    post_created_at: datetime
    due_at: datetime | None
    first_response_at: datetime | None
    reply_post_id: int | None
    clock: str
    clock_at: datetime | None
    created_at: datetime
    updated_at: datetime


ITEM_FIELDS = tuple(f.name for f in fields(ItemRow))


def item_of(row: Any) -> ItemRow:
    """An :class:`ItemRow` from a result row holding every ``dialogue_items`` column."""
    mapping = row._mapping
    return ItemRow(*(mapping[name] for name in ITEM_FIELDS))


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of an item's audit log."""

    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


def read_item(conn: Connection, item_id: int) -> ItemRow | None:
    row = conn.execute(select(dialogue_items).where(dialogue_items.c.id == item_id)).first()
    return None if row is None else item_of(row)


def item_state(conn: Connection, item_id: int) -> str:
    """The state of an item that exists."""
    return str(
        conn.execute(
            select(dialogue_items.c.state).where(dialogue_items.c.id == item_id)
        ).scalar_one()
    )


def item_id_for_post(conn: Connection, post_id: int) -> int | None:
    """The id of the inbox item of a post, if it has one."""
    found = conn.execute(
        select(dialogue_items.c.id).where(dialogue_items.c.post_id == post_id)
    ).scalar_one_or_none()
    return None if found is None else int(found)


def insert_item(conn: Connection, values: dict[str, Any]) -> int:
    """Add an item (``values`` names ``dialogue_items`` columns); its id."""
    key = conn.execute(insert(dialogue_items).values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def set_state(
    conn: Connection, item_id: int, current: str, wanted: str, now: datetime, **values: Any
) -> bool:
    """Move the item to ``wanted`` and set ``values`` if it is still in ``current``."""
    result = conn.execute(
        update(dialogue_items)
        .where(dialogue_items.c.id == item_id, dialogue_items.c.state == current)
        .values(state=wanted, updated_at=now, **values)
    )
    return result.rowcount == 1


def add_audit(
    conn: Connection,
    item_id: int,
    actor: str,
    action: str,
    now: datetime,
    from_state: str | None,
    to_state: str | None,
    detail: dict[str, Any],
) -> None:
    conn.execute(
        insert(dialogue_audit).values(
            item_id=item_id,
            at=now,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            detail=detail,
        )
    )


def audit_log(conn: Connection, item_id: int) -> list[AuditEntry]:
    """The audit log of one item, oldest first."""
    t = dialogue_audit
    rows = conn.execute(
        select(t.c.at, t.c.actor, t.c.action, t.c.from_state, t.c.to_state, t.c.detail)
        .where(t.c.item_id == item_id)
        .order_by(t.c.id)
    )
    return [
        AuditEntry(r.at, r.actor, r.action, r.from_state, r.to_state, r.detail or {}) for r in rows
    ]
