"""Moving an item between states, always together with its audit-log entry.

Every change goes through :func:`move`, inside the caller's transaction: the
update is conditional on the state the caller saw (two agents clicking at once
cannot both win), and the audit row records who, when, what, from and to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from resonanz.dialogue.states import IllegalTransition, State, check_transition
from resonanz.dialogue.tables import dialogue_audit, dialogue_items


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    from_state: str | None
    to_state: str | None
    detail: dict[str, Any]


def record(
    conn: Connection,
    item_id: int,
    actor: str,
    action: str,
    now: datetime,
    from_state: str | None = None,
    to_state: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit entry."""
    conn.execute(
        insert(dialogue_audit).values(
            item_id=item_id,
            at=now,
            actor=actor,
            action=action,
            from_state=from_state,
            to_state=to_state,
            detail=detail or {},
        )
    )


def move(
    conn: Connection,
    item_id: int,
    current: str,
    wanted: State,
    actor: str,
    action: str,
    now: datetime,
    detail: dict[str, Any] | None = None,
    *,
    checked: bool = True,
    **values: Any,
) -> None:
    """Move ``item_id`` from ``current`` to ``wanted``, set ``values``, write the audit entry.

    ``checked=False`` skips the transition table (only for system corrections such
    as "answered outside the inbox"); the compare-and-set on ``current`` always holds.
    """
    if checked:
        check_transition(current, wanted)
    result = conn.execute(
        update(dialogue_items)
        .where(dialogue_items.c.id == item_id, dialogue_items.c.state == current)
        .values(state=wanted.value, updated_at=now, **values)
    )
    if result.rowcount != 1:
        raise IllegalTransition(
            f"item {item_id} changed meanwhile (it is no longer {current!r})",
            hint="reload the inbox and try again",
        )
    record(conn, item_id, actor, action, now, current, wanted.value, detail)
    if current == State.APPROVED.value and wanted not in (State.APPROVED, State.SENT):
        from resonanz.dialogue.outbox import cancel_for_item

        cancel_for_item(conn, item_id, now, f"{action} by {actor}")


def history(conn: Connection, item_id: int) -> list[AuditEntry]:
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
