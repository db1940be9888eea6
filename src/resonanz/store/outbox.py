"""The outbox table in the store: typed entries and the conditional updates the
publishing worker (:mod:`resonanz.dialogue.outbox`) relies on."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, exists, insert, select, update

from resonanz.store.inbox_schema import dialogue_items, outbox
from resonanz.store.schema import posts


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One row of ``outbox``."""

    id: int
    item_id: int
    idempotency_key: str
    platform: str
    account: str
    target: dict[str, Any]
    text: str
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    remote_id: str | None
    remote_url: str | None
    dry_run: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None


_FIELDS = tuple(f.name for f in fields(OutboxRow))


@dataclass(frozen=True, slots=True)
class PostTarget:
    """Where a reply to a post goes (the fields of a publishing target)."""

    platform: str
    native_id: str
    kind: str
    parent_id: str | None
    thread_id: str | None
    url: str | None


def _entry(row: Any) -> OutboxRow:
    mapping = row._mapping
    return OutboxRow(*(mapping[name] for name in _FIELDS))


def post_target(conn: Connection, post_id: int) -> PostTarget:
    p = posts
    row = conn.execute(
        select(p.c.platform, p.c.native_id, p.c.kind, p.c.parent_id, p.c.thread_id, p.c.url).where(
            p.c.id == post_id
        )
    ).one()
    return PostTarget(*row)


def post_id_of(conn: Connection, platform: str, native_id: str) -> int:
    """The id of a stored post."""
    query = select(posts.c.id).where(posts.c.platform == platform, posts.c.native_id == native_id)
    return int(conn.execute(query).scalar_one())


def entry_by_key(conn: Connection, key: str) -> tuple[int, str] | None:
    """``(id, status)`` of the entry with this idempotency key."""
    row = conn.execute(
        select(outbox.c.id, outbox.c.status).where(outbox.c.idempotency_key == key)
    ).first()
    return None if row is None else (int(row.id), str(row.status))


def read_entry(conn: Connection, entry_id: int) -> OutboxRow | None:
    row = conn.execute(select(outbox).where(outbox.c.id == entry_id)).first()
    return None if row is None else _entry(row)


def insert_entry(conn: Connection, values: dict[str, Any]) -> int:
    new = conn.execute(insert(outbox).values(**values)).inserted_primary_key
    assert new is not None
    return int(new[0])


def set_entry(conn: Connection, entry_id: int, now: datetime, **values: Any) -> None:
    conn.execute(update(outbox).where(outbox.c.id == entry_id).values(updated_at=now, **values))


def due_entries(
    engine: Engine, statuses: tuple[str, ...], now: datetime, limit: int
) -> list[OutboxRow]:
    """Entries in ``statuses`` whose next attempt is due, the longest waiting first."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox)
            .where(outbox.c.status.in_(statuses), outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
        )
        return [_entry(row) for row in rows]


def list_entries(engine: Engine, status: str | None, limit: int) -> list[OutboxRow]:
    query = select(outbox)
    if status:
        query = query.where(outbox.c.status == status)
    with engine.connect() as conn:
        return [_entry(r) for r in conn.execute(query.order_by(outbox.c.id).limit(limit))]


def cancel_entries(conn: Connection, item_id: int, status: str, now: datetime, why: str) -> int:
    """Cancel the item's entries in ``status``; how many."""
    result = conn.execute(
        update(outbox)
        .where(outbox.c.item_id == item_id, outbox.c.status == status)
        .values(status="cancelled", last_error=why, updated_at=now)
    )
    return int(result.rowcount or 0)


def _item_in(item_id: int, state: str) -> Any:
    return exists().where(dialogue_items.c.id == item_id, dialogue_items.c.state == state)


def item_in_state(conn: Connection, item_id: int, state: str) -> bool:
    return bool(conn.execute(select(_item_in(item_id, state))).scalar())


def claim_entry(
    engine: Engine, entry: OutboxRow, item_state: str, now: datetime, until: datetime
) -> bool:
    """Mark ``entry`` ``sending`` (one more attempt, next try at ``until``) if nobody
    changed it since it was read and its item is in ``item_state``; all in one UPDATE."""
    with engine.begin() as conn:
        result = conn.execute(
            update(outbox)
            .where(
                outbox.c.id == entry.id,
                outbox.c.status == entry.status,
                outbox.c.attempts == entry.attempts,
                _item_in(entry.item_id, item_state),
            )
            .values(
                status="sending",
                attempts=entry.attempts + 1,
                next_attempt_at=until,
                updated_at=now,
            )
        )
        return result.rowcount == 1
