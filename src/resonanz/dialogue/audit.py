"""Moving an item between states, always together with its audit-log entry.

Every change goes through :func:`move`, inside the caller's transaction: the
update is conditional on the state the caller saw (two agents clicking at once
cannot both win), and the audit row records who, when, what, from and to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from resonanz.dialogue.states import IllegalTransition, State, check_transition
from resonanz.store.inbox_items import AuditEntry, add_audit, audit_log, set_state

__all__ = ["AuditEntry", "history", "move", "record"]


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
    add_audit(conn, item_id, actor, action, now, from_state, to_state, detail or {})


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
    if not set_state(conn, item_id, current, wanted.value, now, **values):
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
    return audit_log(conn, item_id)
