"""Imports in separate processes into one database at the same time (issue 15, item 7).

Each child process imports its own file through :class:`Workspace`; a gate (a line
on stdin) holds every child at the same point until all have reached it, so the
imports really overlap: normal mode against normal mode with half of the keys
shared, a bulk load against a normal import, and two children racing to create the
schema of a fresh database (on PostgreSQL too). Afterwards: no run failed (no "database is locked", no
"already exists"), every record is stored exactly once, the indexes and the
full-text index are complete.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest
from sqlalchemy import func, inspect, select

from resonanz.service import Workspace
from resonanz.store.posts import BATCH_SIZE
from resonanz.store.schema import import_runs, posts
from tests.store.fake_importer import FAKES, line

ROOT = Path(__file__).resolve().parents[2]
RECORDS = BATCH_SIZE * 4 + 7  # several batches after the gate opens

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import orjson

    from resonanz.service import Workspace
    from tests.store.fake_importer import FAKES

    url, path, bulk_min, gate_at = sys.argv[1:]

    def gate():
        print("ready", flush=True)
        sys.stdin.readline()

    if gate_at == "open":
        gate()
    ws = Workspace.open(url, importers=FAKES)
    ws.bulk_min_rows = int(bulk_min)
    waited = [gate_at == "open"]

    def progress(position, records):
        if not waited[0]:  # after the first batch: inside the import (a bulk load: indexes off)
            waited[0] = True
            gate()

    summary = ws.import_file(Path(path), progress=progress)
    print(orjson.dumps({"status": summary.status, "new": summary.new,
                        "errors": [e.reason for e in summary.errors]}).decode(), flush=True)
    """
)


def _file(path: Path, first: int, word: str) -> Path:
    path.write_bytes(b"".join(line(i, f"{word} {i}") for i in range(first, first + RECORDS)))
    return path


def _run_together(url: str, jobs: list[tuple[Path, int]], gate_at: str) -> list[dict[str, object]]:
    """Start one child per ``(file, bulk_min_rows)``, open the gate for all at once, collect."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, url, str(path), str(bulk_min), gate_at],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for path, bulk_min in jobs
    ]
    for child in children:  # every child waits at the gate
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", child.communicate()[1].decode()
    for child in children:
        assert child.stdin is not None
        child.stdin.write(b"go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=600)
        assert child.returncode == 0, err.decode()
        assert b"locked" not in err and b"already exists" not in err, err.decode()
        results.append(orjson.loads(out.splitlines()[-1]))
    return results


def _check_store(url: str, expected: int) -> None:
    with Workspace.open(url, importers=FAKES) as ws:
        with ws.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(posts)).scalar_one()
            keys = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar_one()
            found = stored
            if conn.dialect.name == "sqlite":
                found = conn.exec_driver_sql(
                    "SELECT count(*) FROM posts_fts WHERE posts_fts MATCH 'erster OR zweiter'"
                ).scalar_one()
            runs = conn.execute(select(import_runs.c.status, import_runs.c.error)).all()
        names = {ix["name"] for ix in inspect(ws.engine).get_indexes("posts")}
    assert stored == keys == expected  # none lost, none twice
    assert found == expected  # the full-text index saw every post
    assert [tuple(r) for r in runs] == [("completed", None)] * len(runs)
    assert {ix.name for ix in posts.indexes} <= names


@pytest.fixture
def url(sqlite_url: str) -> str:
    with Workspace.open(sqlite_url, importers=FAKES) as ws:
        ws.init()
    return sqlite_url


@pytest.mark.parametrize(
    "modes", [(10**9, 10**9), (1, 10**9)], ids=["normal+normal", "bulk+normal"]
)
def test_two_processes_import_into_one_sqlite_file_at_once(
    url: str, tmp_path: Path, modes: tuple[int, int]
) -> None:
    first = _file(tmp_path / "a.jsonl", 0, "erster")
    second = _file(tmp_path / "b.jsonl", RECORDS // 2, "zweiter")  # half the keys shared
    results = _run_together(url, [(first, modes[0]), (second, modes[1])], gate_at="import")
    assert [r["status"] for r in results] == ["completed", "completed"], results
    assert all(not r["errors"] for r in results), results
    _check_store(url, RECORDS + RECORDS // 2)


def test_two_processes_create_a_fresh_workspace_at_once(db_url: str, tmp_path: Path) -> None:
    """Both find no schema and upgrade it: one after the other, not "already exists"."""
    first = _file(tmp_path / "a.jsonl", 0, "erster")
    second = _file(tmp_path / "b.jsonl", RECORDS, "zweiter")
    results = _run_together(db_url, [(first, 1), (second, 1)], gate_at="open")
    assert [r["status"] for r in results] == ["completed", "completed"], results
    _check_store(db_url, 2 * RECORDS)


def test_a_busy_database_is_waited_for_never_blamed_on_the_records(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the write lock longer than the busy timeout: retry the batch.

    Before, "database is locked" counted as the database refusing the records: the batch
    was written post by post and every post quarantined as refused (or the run failed).
    """
    import sqlite3

    import resonanz.service.retry
    import resonanz.store.engine

    with Workspace.open(sqlite_url, importers=FAKES) as ws:
        ws.init()
    monkeypatch.setattr(resonanz.store.engine, "BUSY_TIMEOUT_MS", 1)  # give up at once
    other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    pauses: list[int] = []

    def progress(position: int, records: int) -> None:
        if records == BATCH_SIZE:  # between two batches another writer takes the lock ...
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE import_runs SET error = NULL")

    def pause(attempt: int) -> None:
        pauses.append(attempt)
        if len(pauses) == 3:  # ... for three busy timeouts, then lets go
            other.execute("COMMIT")

    monkeypatch.setattr(resonanz.service.retry, "_pause", pause)
    path = tmp_path / "a.jsonl"
    path.write_bytes(b"".join(line(i, f"Text {i}") for i in range(BATCH_SIZE * 2 + 5)))
    with Workspace.open(sqlite_url, importers=FAKES) as ws:
        summary = ws.import_file(path, progress=progress)
        with ws.engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(posts)).scalar_one()
    other.close()
    assert pauses == [0, 1, 2]
    assert (summary.status, summary.rejected, summary.errors) == ("completed", 0, [])
    assert summary.new == stored == BATCH_SIZE * 2 + 5
