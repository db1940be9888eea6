"""Import runs and the quarantine of rejected records."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from resonanz.models import Rejected
from resonanz.store.schema import RUN_STATUSES, import_runs, quarantine

#: Quarantined raw text is cut at this many characters, with a note appended.
MAX_RAW_TEXT = 1_000_000
TRUNCATION_NOTE = "\n[... truncated by resonanz: the original record was {size} characters long]"


@dataclass(frozen=True, slots=True)
class RunCounts:
    """Running totals of one import."""

    read: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One row of ``import_runs``."""

    id: int
    source: str
    sha256: str | None
    format: str
    platform: str | None
    read: int
    new: int
    updated: int
    unchanged: int
    rejected: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    error: str | None


@dataclass(frozen=True, slots=True)
class QuarantineRecord:
    """One rejected input record kept for inspection."""

    id: int
    run_id: int | None
    source: str
    line: int | None
    reason: str
    raw_text: str | None
    created_at: datetime


#: a run owned by another host counts as dead when its last batch is this old
STALE_AFTER = timedelta(minutes=30)
#: what :func:`reap_dead_runs` writes into ``error``
INTERRUPTED_NOTE = (
    "the importing process ended without finishing (killed or crashed); "
    "the records stored before are kept, import the same file again to complete it"
)


def _process_start(pid: int) -> str:
    """Start time of process ``pid`` in clock ticks since boot ('' when unknown, e.g. not Linux)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # the command name (field 2) may hold spaces and parentheses: fields follow its last ")"
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else ""


def process_owner(pid: int | None = None) -> str:
    """``host:pid:start`` naming the process that owns a run."""
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{_process_start(pid)}"


def owner_alive(owner: str) -> bool | None:
    """Whether the process named by ``owner`` still runs (``None``: another host, can't tell)."""
    host, _, rest = owner.partition(":")
    pid_text, _, start = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by another user
    return not start or _process_start(pid) == start  # a reused pid is another process


def reap_dead_runs(conn: Connection, now: datetime | None = None) -> list[int]:
    """Mark ``running`` runs whose process is gone as ``interrupted``; returns their ids.

    A run on this host is dead when its process no longer exists (or its pid now
    belongs to a process started later). A run of another host, or one from before
    owners were recorded, is dead when it wrote no batch for :data:`STALE_AFTER`.
    """
    now = now or datetime.now(UTC)
    rows = conn.execute(
        select(
            import_runs.c.id,
            import_runs.c.owner,
            import_runs.c.heartbeat_at,
            import_runs.c.started_at,
        ).where(import_runs.c.status == "running")
    ).all()
    dead: list[int] = []
    for row in rows:
        alive = owner_alive(row.owner) if row.owner else None
        if alive is None:
            last = row.heartbeat_at or row.started_at
            alive = last is not None and now - last < STALE_AFTER
        if not alive:
            dead.append(int(row.id))
    if dead:
        conn.execute(
            update(import_runs)
            .where(import_runs.c.id.in_(dead), import_runs.c.status == "running")
            .values(status="interrupted", finished_at=now, error=INTERRUPTED_NOTE)
        )
    return dead


def start_run(conn: Connection, source: str, fmt: str, platform: str | None = None) -> int:
    """Record the start of an import (status ``running``, owned by this process); return its id."""
    now = datetime.now(UTC)
    result = conn.execute(
        insert(import_runs).returning(import_runs.c.id),
        {
            "source": source,
            "format": fmt,
            "platform": platform,
            "read": 0,
            "new": 0,
            "updated": 0,
            "unchanged": 0,
            "rejected": 0,
            "started_at": now,
            "status": "running",
            "owner": process_owner(),
            "heartbeat_at": now,
        },
    )
    return int(result.scalar_one())


def update_run(
    conn: Connection, run_id: int, counts: RunCounts, now: datetime | None = None
) -> None:
    """Store the running totals and the heartbeat ``now`` (default: the current time).

    Call it in the same transaction as the batch the totals cover.
    """
    conn.execute(
        update(import_runs)
        .where(import_runs.c.id == run_id)
        .values(
            read=counts.read,
            new=counts.new,
            updated=counts.updated,
            unchanged=counts.unchanged,
            rejected=counts.rejected,
            heartbeat_at=now or datetime.now(UTC),
        )
    )


def finish_run(
    conn: Connection,
    run_id: int,
    status: str,
    sha256: str | None = None,
    error: str | None = None,
) -> None:
    """Mark a run as ended with ``status`` (completed, failed or interrupted)."""
    if status not in RUN_STATUSES or status == "running":
        raise ValueError(f"not a final run status: {status!r}")
    values: dict[str, Any] = {"status": status, "finished_at": datetime.now(UTC), "error": error}
    if sha256 is not None:
        values["sha256"] = sha256
    conn.execute(update(import_runs).where(import_runs.c.id == run_id).values(**values))


def _clip(raw: str) -> str:
    raw = raw.replace("\x00", "") if "\x00" in raw else raw
    if len(raw) <= MAX_RAW_TEXT:
        return raw
    return raw[:MAX_RAW_TEXT] + TRUNCATION_NOTE.format(size=len(raw))


def quarantine_records(conn: Connection, run_id: int | None, items: Sequence[Rejected]) -> None:
    """Keep rejected records (raw text clipped to about 1 MB, NULs removed)."""
    if not items:
        return
    now = datetime.now(UTC)
    conn.execute(
        insert(quarantine),
        [
            {
                "run_id": run_id,
                "source": item.source,
                "line": item.line,
                "reason": item.reason.replace("\x00", ""),
                "raw_text": _clip(item.raw),
                "created_at": now,
            }
            for item in items
        ],
    )


def _run(row: Any) -> RunRecord:
    return RunRecord(**{name: getattr(row, name) for name in RunRecord.__slots__})


def get_run(engine: Engine, run_id: int) -> RunRecord | None:
    """The run with ``run_id``, or ``None``."""
    with engine.connect() as conn:
        row = conn.execute(select(import_runs).where(import_runs.c.id == run_id)).first()
    return None if row is None else _run(row)


def list_runs(engine: Engine, limit: int = 20) -> list[RunRecord]:
    """The most recent runs, newest first (runs whose process died shown as interrupted)."""
    with engine.begin() as conn:
        reap_dead_runs(conn)
    stmt = select(import_runs).order_by(import_runs.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return [_run(row) for row in conn.execute(stmt)]


def list_quarantine(
    engine: Engine, run_id: int | None = None, limit: int = 1000
) -> list[QuarantineRecord]:
    """Quarantined records, of one run or of all, in the order they were rejected."""
    stmt = select(quarantine).order_by(quarantine.c.id).limit(limit)
    if run_id is not None:
        stmt = stmt.where(quarantine.c.run_id == run_id)
    with engine.connect() as conn:
        return [
            QuarantineRecord(**{name: getattr(row, name) for name in QuarantineRecord.__slots__})
            for row in conn.execute(stmt)
        ]
