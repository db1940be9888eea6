"""Upload import jobs live in the database: every server process sees every job.

Two apps on one database stand for two ``resonanz serve`` workers: a job uploaded to
one is polled from the other. A job whose process died is reported as failed.
"""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from resonanz.service import Workspace
from resonanz.service.jobs import DIED, ImportJobs
from resonanz.store.schema import import_jobs
from resonanz.web import create_app
from tests.web.conftest import Member

SAMPLE = Path(__file__).resolve().parents[2] / "src/resonanz/data/sample/x_airline_tweets.csv"


def _tweets(first: int) -> bytes:
    """The sample's header and two rows from ``first`` on: a tiny X export."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    return b"".join([lines[0], *lines[1 + first : 3 + first]])


def _finished(client: TestClient, job_id: str, bearer: dict[str, str]) -> dict[str, object]:
    for _ in range(600):
        job = client.get(f"/api/v1/imports/jobs/{job_id}", headers=bearer)
        assert job.status_code == 200, job.text
        if job.json()["status"] in ("completed", "failed"):
            return dict(job.json())
        time.sleep(0.05)
    raise AssertionError("import job did not finish")


def test_a_job_uploaded_to_one_worker_is_seen_by_another(
    workspace: Workspace, team: dict[str, Member]
) -> None:
    bearer = team["analyst"].bearer
    with TestClient(create_app(workspace)) as one, TestClient(create_app(workspace)) as other:
        started = one.post(
            "/api/v1/imports",
            params={"filename": "posts.csv"},
            content=_tweets(0),
            headers=bearer,
        )
        assert started.status_code == 202, started.text
        job = _finished(other, started.json()["id"], bearer)
        listed = other.get("/api/v1/imports/jobs", headers=bearer).json()
    assert job["filename"] == "posts.csv"
    assert [j["id"] for j in listed] == [started.json()["id"]]


def test_a_job_of_a_dead_process_is_reported_failed(workspace: Workspace) -> None:
    dead_owner = f"{socket.gethostname()}:{2**22 + 12345}:0"  # no such pid
    with workspace.engine.begin() as conn:
        conn.execute(
            insert(import_jobs).values(
                id="a" * 32,
                filename="big.zst",
                size=10,
                status="running",
                created_by=1,
                created_at=datetime.now(UTC),
                bytes_read=4,
                records=2,
                new=0,
                updated=0,
                unchanged=0,
                rejected=0,
                owner=dead_owner,
            )
        )
    jobs = ImportJobs(workspace)
    job = jobs.get("a" * 32)
    jobs.shutdown()
    assert job is not None and job.status == "failed" and job.error == DIED
    assert job.finished_at is not None


def test_finished_jobs_beyond_the_limit_are_forgotten(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resonanz.service.jobs as jobs_module

    monkeypatch.setattr(jobs_module, "KEEP_FINISHED", 2)
    jobs = ImportJobs(workspace)
    ids = []
    for i in range(4):
        path = tmp_path / f"p{i}.csv"
        path.write_bytes(_tweets(2 * i))
        job = jobs.submit(path, path.name, 1)
        done = jobs.wait(job.id)
        assert done is not None and done.status == "completed", done
        ids.append(job.id)
    jobs.shutdown()
    kept = [j.id for j in jobs.list()]
    assert kept[0] == ids[-1] and ids[0] not in kept and len(kept) <= 3
