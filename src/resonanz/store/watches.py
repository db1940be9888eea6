"""Watches and their runs: ``watches`` and ``watch_runs``.

A watch is claimed by one process at a time with a conditional ``UPDATE`` (the lease),
which works the same on SQLite and PostgreSQL: of two processes trying at once,
exactly one sees its row count at 1. The cursor is written with
:func:`save_cursor` inside the transaction that stores the posts it covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, insert, or_, select, update

from resonanz.store.runs import owner_alive
from resonanz.store.schema import watch_runs, watches

#: how long a claim holds without a heartbeat (a process on another host that died)
LEASE = timedelta(minutes=15)
#: what :func:`reap_dead` writes into ``watch_runs.error``
INTERRUPTED_NOTE = (
    "the collecting process ended without finishing (killed or crashed); "
    "the next run goes on from the stored cursor"
)


@dataclass(frozen=True, slots=True)
class WatchRecord:
    """One row of ``watches``."""

    id: int
    kind: str
    target: str
    options: dict[str, Any]
    every_seconds: int
    enabled: bool
    created_at: datetime
    next_due_at: datetime
    cursor: dict[str, Any]
    last_status: str | None
    last_run_at: datetime | None
    failures: int
    backoff_until: datetime | None
    lease_owner: str | None
    lease_until: datetime | None


@dataclass(frozen=True, slots=True)
class WatchRunRecord:
    """One row of ``watch_runs``."""

    id: int
    watch_id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    fetched: int
    new: int
    updated: int
    unchanged: int
    rejected: int
    removed: int
    http_requests: int
    error: str | None
    note: str | None
    import_run_id: int | None


@dataclass(frozen=True, slots=True)
class RunOutcome:
    """The counts and result of a finished run, for :func:`finish_run`."""

    status: str
    fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    removed: int = 0
    http_requests: int = 0
    error: str | None = None
    note: str | None = None
    import_run_id: int | None = None


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _watch(row: Any) -> WatchRecord:
    return WatchRecord(
        id=int(row.id),
        kind=row.kind,
        target=row.target,
        options=dict(row.options or {}),
        every_seconds=int(row.every_seconds),
        enabled=bool(row.enabled),
        created_at=row.created_at,
        next_due_at=row.next_due_at,
        cursor=dict(row.cursor or {}),
        last_status=row.last_status,
        last_run_at=row.last_run_at,
        failures=int(row.failures),
        backoff_until=row.backoff_until,
        lease_owner=row.lease_owner,
        lease_until=row.lease_until,
    )


def add_watch(
    engine: Engine,
    kind: str,
    target: str,
    options: Mapping[str, Any],
    every_seconds: int,
    now: datetime | None = None,
) -> int:
    """Store a new watch, due at once; return its id."""
    now = _now(now)
    with engine.begin() as conn:
        result = conn.execute(
            insert(watches).returning(watches.c.id),
            {
                "kind": kind,
                "target": target,
                "options": dict(options),
                "every_seconds": every_seconds,
                "enabled": True,
                "created_at": now,
                "next_due_at": now,
                "cursor": {},
                "failures": 0,
            },
        )
        return int(result.scalar_one())


def find_watch(engine: Engine, kind: str, target: str) -> WatchRecord | None:
    """The first watch of ``kind`` on ``target``, if there is one."""
    with engine.connect() as conn:
        row = conn.execute(
            select(watches)
            .where(watches.c.kind == kind, watches.c.target == target)
            .order_by(watches.c.id)
        ).first()
    return _watch(row) if row is not None else None


def get_watch(engine: Engine, watch_id: int) -> WatchRecord | None:
    with engine.connect() as conn:
        row = conn.execute(select(watches).where(watches.c.id == watch_id)).first()
    return _watch(row) if row is not None else None


def list_watches(engine: Engine) -> list[WatchRecord]:
    with engine.connect() as conn:
        rows = conn.execute(select(watches).order_by(watches.c.id)).all()
    return [_watch(r) for r in rows]


def remove_watch(engine: Engine, watch_id: int) -> bool:
    """Delete a watch and its run history; whether it existed."""
    with engine.begin() as conn:
        conn.execute(delete(watch_runs).where(watch_runs.c.watch_id == watch_id))
        result = conn.execute(delete(watches).where(watches.c.id == watch_id))
    return result.rowcount == 1


def set_enabled(engine: Engine, watch_id: int, enabled: bool) -> bool:
    """Pause or resume a watch (resuming clears its backoff); whether it exists."""
    values: dict[str, Any] = {"enabled": enabled}
    if enabled:
        values.update(backoff_until=None, failures=0)
    with engine.begin() as conn:
        result = conn.execute(update(watches).where(watches.c.id == watch_id).values(**values))
    return result.rowcount == 1


def set_every(engine: Engine, watch_id: int, every_seconds: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(watches).where(watches.c.id == watch_id).values(every_seconds=every_seconds)
        )


def due_ids(engine: Engine, now: datetime | None = None) -> list[int]:
    """Enabled watches that are due and not backing off, oldest due first."""
    now = _now(now)
    with engine.connect() as conn:
        rows = conn.execute(
            select(watches.c.id)
            .where(
                watches.c.enabled.is_(True),
                watches.c.next_due_at <= now,
                or_(watches.c.backoff_until.is_(None), watches.c.backoff_until <= now),
            )
            .order_by(watches.c.next_due_at, watches.c.id)
        ).all()
    return [int(r.id) for r in rows]


def claim(
    engine: Engine,
    watch_id: int,
    owner: str,
    *,
    due_only: bool = True,
    now: datetime | None = None,
) -> bool:
    """Take the lease of a watch for ``owner``; ``False`` when another process has it.

    With ``due_only`` the watch must also be enabled, due and not backing off, checked
    in the same statement, so a watch that another process just finished is not run
    again.
    """
    now = _now(now)
    free = or_(watches.c.lease_owner.is_(None), watches.c.lease_until < now)
    condition = and_(watches.c.id == watch_id, free)
    if due_only:
        condition = and_(
            condition,
            watches.c.enabled.is_(True),
            watches.c.next_due_at <= now,
            or_(watches.c.backoff_until.is_(None), watches.c.backoff_until <= now),
        )
    with engine.begin() as conn:
        result = conn.execute(
            update(watches).where(condition).values(lease_owner=owner, lease_until=now + LEASE)
        )
    return result.rowcount == 1


def save_cursor(
    conn: Connection,
    watch_id: int,
    owner: str,
    cursor: Mapping[str, Any],
    now: datetime | None = None,
) -> None:
    """Store the cursor and extend the lease; call it in the posts' transaction."""
    now = _now(now)
    conn.execute(
        update(watches)
        .where(watches.c.id == watch_id, watches.c.lease_owner == owner)
        .values(cursor=dict(cursor), lease_until=now + LEASE)
    )


def release(
    engine: Engine,
    watch_id: int,
    owner: str,
    *,
    status: str,
    next_due_at: datetime,
    failures: int,
    backoff_until: datetime | None,
    cursor: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """End a claim: record the outcome and when the watch is due next."""
    values: dict[str, Any] = {
        "lease_owner": None,
        "lease_until": None,
        "last_status": status,
        "last_run_at": _now(now),
        "next_due_at": next_due_at,
        "failures": failures,
        "backoff_until": backoff_until,
    }
    if cursor is not None:
        values["cursor"] = dict(cursor)
    with engine.begin() as conn:
        conn.execute(
            update(watches)
            .where(watches.c.id == watch_id, watches.c.lease_owner == owner)
            .values(**values)
        )


def start_run(engine: Engine, watch_id: int, owner: str, now: datetime | None = None) -> int:
    """Record the start of a run (status ``running``); return its id."""
    counts = dict.fromkeys(
        ("fetched", "new", "updated", "unchanged", "rejected", "removed", "http_requests"), 0
    )
    with engine.begin() as conn:
        result = conn.execute(
            insert(watch_runs).returning(watch_runs.c.id),
            {
                "watch_id": watch_id,
                "started_at": _now(now),
                "status": "running",
                "owner": owner,
                **counts,
            },
        )
        return int(result.scalar_one())


def finish_run(
    engine: Engine, run_id: int, outcome: RunOutcome, now: datetime | None = None
) -> None:
    values = {
        "status": outcome.status,
        "finished_at": _now(now),
        "fetched": outcome.fetched,
        "new": outcome.new,
        "updated": outcome.updated,
        "unchanged": outcome.unchanged,
        "rejected": outcome.rejected,
        "removed": outcome.removed,
        "http_requests": outcome.http_requests,
        "error": outcome.error,
        "note": outcome.note,
        "import_run_id": outcome.import_run_id,
    }
    with engine.begin() as conn:
        conn.execute(update(watch_runs).where(watch_runs.c.id == run_id).values(**values))


def list_runs(engine: Engine, watch_id: int | None = None, limit: int = 20) -> list[WatchRunRecord]:
    """The newest runs (of one watch or of all), newest first."""
    query = select(watch_runs).order_by(watch_runs.c.id.desc()).limit(limit)
    if watch_id is not None:
        query = query.where(watch_runs.c.watch_id == watch_id)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        WatchRunRecord(
            id=int(r.id),
            watch_id=int(r.watch_id),
            started_at=r.started_at,
            finished_at=r.finished_at,
            status=r.status,
            fetched=int(r.fetched),
            new=int(r.new),
            updated=int(r.updated),
            unchanged=int(r.unchanged),
            rejected=int(r.rejected),
            removed=int(r.removed),
            http_requests=int(r.http_requests),
            error=r.error,
            note=r.note,
            import_run_id=int(r.import_run_id) if r.import_run_id is not None else None,
        )
        for r in rows
    ]


def reap_dead(engine: Engine, now: datetime | None = None) -> list[int]:
    """Free leases and close ``running`` runs whose process is gone; ids of the runs closed.

    A process on this host is dead when it no longer exists; one on another host when
    its lease ran out (:data:`LEASE` without a heartbeat).
    """
    now = _now(now)
    with engine.begin() as conn:
        held = conn.execute(
            select(watches.c.id, watches.c.lease_owner, watches.c.lease_until).where(
                watches.c.lease_owner.is_not(None)
            )
        ).all()
        for row in held:
            alive = owner_alive(row.lease_owner)
            if alive is False or (alive is None and row.lease_until < now):
                conn.execute(
                    update(watches)
                    .where(watches.c.id == row.id, watches.c.lease_owner == row.lease_owner)
                    .values(lease_owner=None, lease_until=None, last_status="interrupted")
                )
        running = conn.execute(
            select(watch_runs.c.id, watch_runs.c.owner, watch_runs.c.watch_id).where(
                watch_runs.c.status == "running"
            )
        ).all()
        holders = {
            int(r.id): r.lease_owner
            for r in conn.execute(select(watches.c.id, watches.c.lease_owner)).all()
        }
        dead = [
            int(r.id)
            for r in running
            if owner_alive(r.owner or "") is False or holders.get(int(r.watch_id)) != r.owner
        ]
        if dead:
            conn.execute(
                update(watch_runs)
                .where(watch_runs.c.id.in_(dead), watch_runs.c.status == "running")
                .values(status="interrupted", finished_at=now, error=INTERRUPTED_NOTE)
            )
    return dead
