"""``resonanz watch`` and ``resonanz worker`` as real processes against emulators.

kill -9 in the middle of a run, then run again: everything arrives once, the killed
run is marked interrupted. Two ``watch run`` at once: one runs, the other skips.
SIGTERM stops the worker cleanly.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from resonanz.service import Workspace
from resonanz.service.watches import get_watch, list_runs
from resonanz.store.schema import import_runs, posts
from tests.cli.conftest import Invoke
from tests.support import platforms as p
from tests.support.httpserver import ReplayServer

TAG = "/api/v1/timelines/tag/maybelline"


@pytest.fixture
def srv() -> Iterator[ReplayServer]:
    with ReplayServer() as server:
        yield server


def env_for(db_url: str, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RESONANZ_")}
    env.update(
        RESONANZ_DATABASE_URL=db_url,
        RESONANZ_ENFORCE_EVERY="off",
        PYTHONUNBUFFERED="1",
        HOME=str(tmp_path),
    )
    return env


def resonanz(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "resonanz", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "resonanz", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(check: Callable[[], bool], what: str, limit: float = 60.0) -> None:
    """Poll until ``check()``; the limit only stops a broken test from hanging."""
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def count(db_url: str) -> tuple[int, int]:
    with Workspace.open(db_url) as ws, ws.engine.connect() as conn:
        rows = conn.execute(select(func.count()).select_from(posts)).scalar_one()
        distinct = conn.execute(select(func.count(func.distinct(posts.c.native_id)))).scalar_one()
    return int(rows), int(distinct)


def seen(srv: ReplayServer, min_id: str) -> int:
    return sum(1 for r in srv.requests if r.path == TAG and r.query.get("min_id") == min_id)


def add_tag_watch(env: dict[str, str], srv: ReplayServer) -> None:
    added = resonanz(
        env, "watch", "add", "mastodon", "--hashtag", "maybelline", "--instance", srv.url
    )
    assert added.returncode == 0, added.stderr
    assert "Watch 1 angelegt" in added.stdout


def test_kill_9_mid_fetch_then_rerun_completes_without_duplicates(
    srv: ReplayServer, db_url: str, tmp_path: Path
) -> None:
    env = env_for(db_url, tmp_path)
    srv.add("GET", TAG, 200, p.statuses(1, 5), match={"min_id": None})
    add_tag_watch(env, srv)
    assert resonanz(env, "watch", "run").returncode == 0

    srv.add("GET", TAG, 200, p.statuses(6, 10), match={"min_id": p.status_id(5)})
    srv.add("GET", TAG, 200, p.statuses(11, 15), match={"min_id": p.status_id(10)}, hold=True)
    proc = start(env, "watch", "run", "1")
    wait_for(lambda: seen(srv, p.status_id(10)) == 1, "the stalled second page")
    # the first page and its cursor are stored while the process waits for the second
    with Workspace.open(db_url) as ws:
        assert get_watch(ws, 1).cursor == {"min_id": p.status_id(10)}
    assert count(db_url) == (10, 10)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    srv.release()  # the stalled answer goes to a dead socket

    srv.add("GET", TAG, 200, p.statuses(11, 15), match={"min_id": p.status_id(10)})
    srv.add("GET", TAG, 200, [], match={"min_id": p.status_id(15)})
    rerun = resonanz(env, "watch", "run", "1")
    assert rerun.returncode == 0, rerun.stderr
    assert "abgeschlossen" in rerun.stdout
    assert seen(srv, p.status_id(5)) == 1  # resumed from the cursor, not from the start
    assert count(db_url) == (15, 15)
    with Workspace.open(db_url) as ws:
        runs = list_runs(ws, 1)
        assert [r.status for r in runs] == ["completed", "interrupted", "completed"]
        assert runs[1].error is not None and "killed" in runs[1].error
        assert get_watch(ws, 1).lease_owner is None
        with ws.engine.connect() as conn:
            statuses = conn.execute(select(import_runs.c.status).order_by(import_runs.c.id))
            assert list(statuses.scalars()) == ["completed", "interrupted", "completed"]


def test_two_watch_runs_at_once_do_not_run_the_same_watch_twice(
    srv: ReplayServer, db_url: str, tmp_path: Path
) -> None:
    env = env_for(db_url, tmp_path)
    srv.add("GET", TAG, 200, p.statuses(1, 3), match={"min_id": None}, hold=True)
    add_tag_watch(env, srv)
    first = start(env, "watch", "run")
    wait_for(lambda: seen(srv, None) == 1, "the first run's request")  # type: ignore[arg-type]
    second = resonanz(env, "watch", "run", "--json")
    assert second.returncode == 0, second.stderr
    assert '"status":"skipped"' in second.stdout or second.stdout.strip() == "[]"
    srv.release()
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert "abgeschlossen" in out
    assert seen(srv, None) == 1  # type: ignore[arg-type]
    with Workspace.open(db_url) as ws:
        assert [r.status for r in list_runs(ws, 1)] == ["completed"]
    assert count(db_url) == (3, 3)


def test_worker_stops_cleanly_on_sigterm(srv: ReplayServer, db_url: str, tmp_path: Path) -> None:
    env = env_for(db_url, tmp_path)
    srv.add("GET", TAG, 200, p.statuses(1, 2), match={"min_id": None})
    add_tag_watch(env, srv)
    worker = start(env, "worker", "--interval", "3600")
    wait_for(lambda: seen(srv, None) == 1, "the worker's first pass")  # type: ignore[arg-type]
    with Workspace.open(db_url) as ws:
        wait_for(lambda: bool(list_runs(ws, 1)) and list_runs(ws, 1)[0].status != "running", "run")
    worker.send_signal(signal.SIGTERM)
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert "Worker beendet" in out
    assert "Analysiert" in out  # the imported posts were analysed


def test_watch_commands(invoke: Invoke, srv: ReplayServer, tmp_path: Path) -> None:
    db = ["--db", f"sqlite:///{tmp_path / 'w.db'}"]
    srv.add("GET", "/feed.xml", 200, p.rss([(1, datetime.now(UTC))]), headers={"ETag": '"e1"'})
    added = invoke("watch", "add", "feed", srv.url + "/feed.xml", "--every", "2h", *db)
    assert added.exit_code == 0 and "Watch 1 angelegt" in added.stdout
    bad = invoke("watch", "add", "feed", "ftp://example.org/feed", *db)
    assert bad.exit_code == 2 and "http" in bad.stderr
    assert invoke("watch", "add", "feed", "https://e.org/f", "--every", "5s", *db).exit_code == 2
    both = invoke("watch", "add", "youtube", "--channel", "UC1", "--video", "v1", *db)
    assert both.exit_code == 2

    ran = invoke("watch", "run", "--json", *db)
    assert ran.exit_code == 0
    assert json.loads(ran.stdout)[0] | {"backoff_until": None} == {
        "watch_id": 1, "kind": "feed", "target": srv.url + "/feed.xml", "status": "completed",
        "fetched": 1, "new": 1, "updated": 0, "unchanged": 0, "rejected": 0, "removed": 0,
        "http_requests": 1, "error": None, "backoff_until": None,
    }  # fmt: skip
    (watch,) = json.loads(invoke("watch", "list", "--json", *db).stdout)
    assert (watch["every_seconds"], watch["last_status"], watch["cursor"]) == (
        7200, "completed", {"etag": '"e1"'},
    )  # fmt: skip
    (run,) = json.loads(invoke("watch", "runs", "1", "--json", *db).stdout)
    assert (run["status"], run["new"], run["http_requests"]) == ("completed", 1, 1)
    assert "neu 1" in invoke("watch", "runs", *db).stdout

    assert invoke("watch", "pause", "1", *db).exit_code == 0
    listed = invoke("watch", "list", *db).stdout
    assert "pausiert" in listed and "alle 2h" in listed
    assert invoke("watch", "run", *db).stdout.startswith("Nichts fällig")
    assert invoke("watch", "resume", "1", *db).exit_code == 0
    assert invoke("watch", "remove", "1", *db).exit_code == 0
    assert invoke("watch", "remove", "1", *db).exit_code == 2
    assert invoke("watch", "list", *db).stdout.startswith("Keine Watches")
