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
