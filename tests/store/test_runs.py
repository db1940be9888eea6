from __future__ import annotations

import pytest
from sqlalchemy import Engine

from resonanz.models import Rejected
from resonanz.store.runs import (
    MAX_RAW_TEXT,
    RunCounts,
    finish_run,
    get_run,
    list_quarantine,
    list_runs,
    quarantine_records,
    start_run,
    update_run,
)


def test_run_lifecycle(engine: Engine) -> None:
    with engine.begin() as conn:
        run_id = start_run(conn, "dump.zst", "reddit", "reddit")
    started = get_run(engine, run_id)
    assert started is not None
    assert started.status == "running" and started.finished_at is None
    assert started.started_at.tzinfo is not None
    with engine.begin() as conn:
        update_run(conn, run_id, RunCounts(read=10, new=7, updated=1, unchanged=1, rejected=1))
        finish_run(conn, run_id, "completed", sha256="ab" * 32)
    done = get_run(engine, run_id)
    assert done is not None
    assert (done.read, done.new, done.updated, done.unchanged, done.rejected) == (10, 7, 1, 1, 1)
    assert done.status == "completed" and done.sha256 == "ab" * 32
    assert done.finished_at is not None and done.finished_at >= done.started_at
    with engine.begin() as conn, pytest.raises(ValueError):
        finish_run(conn, run_id, "running")


def test_runs_are_listed_newest_first(engine: Engine) -> None:
    with engine.begin() as conn:
        ids = [start_run(conn, f"f{i}", "x") for i in range(3)]
    assert [r.id for r in list_runs(engine)] == ids[::-1]
    assert [r.id for r in list_runs(engine, limit=1)] == [ids[-1]]


def test_quarantine_keeps_reason_line_and_clipped_raw(engine: Engine) -> None:
    huge = "x" * (MAX_RAW_TEXT + 500)
    with engine.begin() as conn:
        first = start_run(conn, "a.jsonl", "reddit")
        second = start_run(conn, "b.jsonl", "reddit")
        quarantine_records(
            conn,
            first,
            [
                Rejected("a.jsonl", 3, "invalid JSON", '{"id": 1,\x00'),
                Rejected("a.jsonl", 9, "line too long", huge),
            ],
        )
        quarantine_records(conn, second, [Rejected("b.jsonl", None, "no id", "{}")])
    records = list_quarantine(engine, first)
    assert [(r.line, r.reason) for r in records] == [(3, "invalid JSON"), (9, "line too long")]
    assert records[0].raw_text == '{"id": 1,'
    clipped = records[1].raw_text or ""
    assert clipped.startswith("x" * 1000) and len(clipped) < len(huge)
    assert f"{len(huge)} characters" in clipped
    assert [r.source for r in list_quarantine(engine)] == ["a.jsonl", "a.jsonl", "b.jsonl"]


def _set_owner(engine: Engine, run_id: int, owner: str | None, heartbeat: object) -> None:
    from sqlalchemy import update

    from resonanz.store.schema import import_runs

    with engine.begin() as conn:
        conn.execute(
            update(import_runs)
            .where(import_runs.c.id == run_id)
            .values(owner=owner, heartbeat_at=heartbeat, started_at=heartbeat)
        )


def test_runs_of_dead_processes_are_marked_interrupted(engine: Engine) -> None:
    import socket
    import subprocess
    import sys
    from datetime import UTC, datetime, timedelta

    from resonanz.store.runs import STALE_AFTER, process_owner, reap_dead_runs

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    now = datetime.now(UTC)
    old = now - STALE_AFTER - timedelta(minutes=1)
    cases = {
        "mine": (process_owner(), now),  # this very process: alive
        "dead": (process_owner(gone.pid).rsplit(":", 1)[0] + ":1", now),  # pid gone
        "reused": (f"{socket.gethostname()}:{__import__('os').getpid()}:1", now),  # other start
        "far-fresh": ("elsewhere.example:42:7", now),  # other host, recent batch
        "far-stale": ("elsewhere.example:42:7", old),  # other host, silent too long
        "legacy-old": (None, old),  # from before owners were recorded
        "legacy-new": (None, now),
    }
    ids = {}
    for name, (owner, beat) in cases.items():
        with engine.begin() as conn:
            ids[name] = start_run(conn, f"{name}.jsonl", "table")
        _set_owner(engine, ids[name], owner, beat)
    with engine.begin() as conn:
        dead = reap_dead_runs(conn, now)
    assert sorted(dead) == sorted(ids[n] for n in ("dead", "reused", "far-stale", "legacy-old"))
    status = {name: get_run(engine, run_id) for name, run_id in ids.items()}
    assert {n for n, r in status.items() if r is not None and r.status == "running"} == {
        "mine",
        "far-fresh",
        "legacy-new",
    }
    reaped = status["dead"]
    assert reaped is not None and reaped.finished_at is not None
    assert reaped.error is not None and "ended without finishing" in reaped.error
    with engine.begin() as conn:  # a second look changes nothing
        assert reap_dead_runs(conn, now) == []


def test_update_run_writes_a_heartbeat(engine: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from resonanz.store.schema import import_runs

    first = datetime(2024, 5, 1, 10, tzinfo=UTC)
    beats = []
    with engine.begin() as conn:
        run_id = start_run(conn, "x.jsonl", "table")
        for n, now in enumerate((first, first + timedelta(minutes=7)), start=1):
            update_run(conn, run_id, RunCounts(read=n, new=n), now=now)
            beat = conn.execute(select(import_runs.c.heartbeat_at)).scalar_one()
            beats.append(beat.replace(tzinfo=beat.tzinfo or UTC))
        owner = conn.execute(select(import_runs.c.owner)).scalar_one()
    assert beats == [first, first + timedelta(minutes=7)]  # each batch moves the beat on
    assert owner.split(":")[1] == str(__import__("os").getpid())
