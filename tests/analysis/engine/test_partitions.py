"""Partitions of a cluster run, run as a worker would: id ranges, one transaction,
retries that change nothing, models built once per process, masked URLs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import update

from resonanz.analysis.engine import partitions
from resonanz.analysis.engine.partitions import (
    ClusterJob,
    DatabaseUrl,
    Partition,
    analyze_partition,
    mask_url,
    worker_pipeline,
)
from resonanz.analysis.engine.runner import analyze
from resonanz.service import Workspace
from resonanz.store.annotations import id_partitions
from resonanz.store.schema import posts
from tests.analysis.engine.corpus import BRANDS, seed, snapshot

STAGES = ("mentions", "sentiment", "aspects", "brand_sentiment", "spam")
N = 30


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    workspace = Workspace(db_url)
    seed(workspace, N)
    yield workspace
    workspace.close()


def job_for(ws: Workspace, **changes: object) -> ClusterJob:
    values: dict[str, object] = {
        "brands": BRANDS,
        "stages": STAGES,
        "versions": dict(worker_pipeline(BRANDS, STAGES).versions),
        "stamp": datetime.now(UTC),
        "batch_size": 4,
        "database": DatabaseUrl(ws.url),
    }
    values.update(changes)
    return ClusterJob(**values)  # type: ignore[arg-type]


def test_id_partitions_cover_the_pending_posts_in_order(ws: Workspace) -> None:
    ranges = id_partitions(ws.engine, 7)
    assert [n for *_, n in ranges] == [7, 7, 7, 7, 2]
    assert all(a <= b for a, b, _ in ranges)
    assert all(ranges[i][1] < ranges[i + 1][0] for i in range(len(ranges) - 1))
    with ws.engine.begin() as conn:  # posts 1..10 analysed already: not pending
        conn.execute(update(posts).where(posts.c.id <= 10).values(analyzed_at=datetime.now(UTC)))
    assert sum(n for *_, n in id_partitions(ws.engine, 7)) == N - 10
    assert sum(n for *_, n in id_partitions(ws.engine, 7, all=True)) == N
    since = datetime(2025, 3, 5, tzinfo=UTC)
    assert sum(n for *_, n in id_partitions(ws.engine, 7, since=since, all=True)) < N
    assert id_partitions(ws.engine, 100, since=datetime(2030, 1, 1, tzinfo=UTC)) == []


def test_a_retried_partition_changes_nothing(ws: Workspace, tmp_path: Path) -> None:
    """The worker wrote, died before reporting, and the task runs again elsewhere."""
    ((first, last, n),) = id_partitions(ws.engine, 1000)
    job = job_for(ws)
    part = Partition(0, first, last, n)
    once = analyze_partition(job, part)
    stored = snapshot(ws)
    twice = analyze_partition(job, part)
    assert once.analyzed == twice.analyzed == N and not once.rows
    assert snapshot(ws) == stored and stored["pending"] == 0
    reference = Workspace(f"sqlite:///{tmp_path / 'reference.db'}")
    seed(reference, N)
    analyze(reference, stages=STAGES)
    assert snapshot(reference) == stored  # as a plain local run left it
    reference.close()


def test_partitions_split_the_work_and_another_run_is_not_a_retry(ws: Workspace) -> None:
    job = job_for(ws)
    ranges = id_partitions(ws.engine, 8)
    done = [analyze_partition(job, Partition(i, a, b, n)) for i, (a, b, n) in enumerate(ranges)]
    assert [r.analyzed for r in done] == [n for *_, n in ranges]
    later = job_for(ws)  # a new run has its own stamp: nothing is pending any more
    assert analyze_partition(later, Partition(0, ranges[0][0], ranges[-1][1], N)).analyzed == 0
    everything = job_for(ws, all=True)
    assert analyze_partition(everything, Partition(0, ranges[0][0], ranges[-1][1], N)).analyzed == N


def test_client_side_partition_returns_rows_and_writes_nothing(ws: Workspace) -> None:
    from resonanz.analysis.engine.runner import to_doc
    from resonanz.store.annotations import posts_needing_analysis

    read = [p for batch in posts_needing_analysis(ws.engine, limit=50) for p in batch]
    job = job_for(ws, database=None)
    result = analyze_partition(
        job,
        Partition(3, read[0].id, read[-1].id, len(read)),
        [to_doc(p) for p in read],
        {p.id: p.content_hash for p in read},
    )
    assert result.index == 3 and result.analyzed == len(result.rows) == N
    assert {r.post_id for r in result.rows} == {p.id for p in read}
    assert all(r.content_hash is not None for r in result.rows)
    assert snapshot(ws)["pending"] == N


def test_models_are_built_once_per_process() -> None:
    first = worker_pipeline(BRANDS, STAGES)
    builds = partitions.pipeline_builds()
    assert worker_pipeline([dict(b) for b in BRANDS], STAGES) is first
    assert partitions.pipeline_builds() == builds
    other = worker_pipeline(BRANDS[:1], STAGES)  # another catalog: a new pipeline
    assert other is not first and partitions.pipeline_builds() == builds + 1


def test_other_model_versions_refuse_to_write(ws: Workspace) -> None:
    job = job_for(ws, versions={"sentiment": "0-old"})
    with pytest.raises(RuntimeError, match="other analysis stage versions"):
        analyze_partition(job, Partition(0, 1, 10**9, N))
    assert snapshot(ws)["pending"] == N


def test_database_urls_never_show_the_password() -> None:
    url = DatabaseUrl("postgresql+psycopg://analyst:s3cr3t@db.example:5432/resonanz")
    for shown in (repr(url), str(url), url.masked(), repr(job_for_url(url))):
        assert "s3cr3t" not in shown
        assert "analyst" in shown and "db.example" in shown
    assert repr(job_for_url(url)).startswith(
        "ClusterJob(database=DatabaseUrl('postgresql+psycopg://analyst:***@db.example"
    )
    assert mask_url("not a url ://") == "***"
    assert url == DatabaseUrl(url.value) and hash(url) == hash(DatabaseUrl(url.value))


def job_for_url(url: DatabaseUrl) -> ClusterJob:
    return ClusterJob(None, None, {}, datetime.now(UTC), database=url)
