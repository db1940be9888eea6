"""``resonanz analyze --scheduler``: the analysis on a Dask cluster (the ``scale`` extra).

The client (this process) plans and collects; the workers analyse:

1. Every worker loads the models (one task each, at the same time) and reports its
   pipeline's ``{stage: version}`` map; they must agree. Posts analysed by other
   versions are marked stale, as in a local run.
2. The posts needing analysis are cut into id ranges of ``partition_size`` posts
   (:func:`~resonanz.store.annotations.id_partitions`); each range is one task
   (:func:`~resonanz.analysis.engine.partitions.analyze_partition`).
3. PostgreSQL: each task reads its range and writes it in one transaction. SQLite
   (a single writer): the client reads a range, the task analyses it and returns
   the rows, the client writes them. At most two tasks per worker thread are in
   flight, so the client's memory stays bounded.
4. Dask re-runs the tasks of a worker that died (``distributed.scheduler.allowed-failures``
   times) and a task that raised (``RETRIES`` times); both are idempotent (see
   :mod:`.partitions`). Progress moves as partitions finish.

``dask`` and ``distributed`` are imported only here and only when called.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from resonanz.analysis.engine.partitions import (
    ClusterJob,
    DatabaseUrl,
    Partition,
    PartitionResult,
    analyze_partition,
    worker_pipeline,
)
from resonanz.analysis.engine.runner import AnalyzeSummary, Progress, finish, to_doc
from resonanz.errors import ResonanzError, UsageError
from resonanz.store.annotations import (
    id_partitions,
    mark_stale_versions,
    posts_needing_analysis,
    write_analysis,
)

if TYPE_CHECKING:
    from distributed import Client, Future

    from resonanz.service import Workspace

#: scheduler address that starts a cluster on this machine instead
LOCAL = "local"
#: how often a task that raised is re-run (worker deaths: Dask's allowed-failures)
RETRIES = 2
#: posts per partition (one task, one transaction) unless told otherwise
PARTITION_SIZE = 2048
#: how long to try reaching a remote scheduler
CONNECT_TIMEOUT = "20s"


@contextmanager
def open_client(scheduler: str, workers: int = 1) -> Iterator[Client]:
    """A Dask client: a new ``LocalCluster`` of ``workers`` processes for ``"local"``,
    else a connection to the scheduler at ``scheduler`` (``tcp://host:8786``)."""
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
        return
    if workers > 1:
        raise UsageError(
            "--workers sets the size of a local cluster (--scheduler local) only",
            hint="start more `dask worker` processes to grow a running cluster",
        )
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ResonanzError(
            f"Dask-Scheduler {scheduler} nicht erreichbar / scheduler not reachable: {exc}",
            hint="start it with `dask scheduler` and workers with `dask worker ADDRESS` "
            "(see docs/scale.md), or use --scheduler local",
        ) from exc
    with client:
        yield client


def worker_versions(
    brands: list[dict[str, Any]] | None, stages: tuple[str, ...] | None
) -> dict[str, str]:
    """The ``{stage: version}`` map of a worker's pipeline (loading it there)."""
    try:
        return dict(worker_pipeline(brands, stages).versions)
    except ResonanzError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        raise RuntimeError(f"{exc}{hint}") from None


def _threads(client: Client) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def analyze_on_cluster(
    ws: Workspace,
    client: Client,
    all: bool = False,  # mirrors the CLI flag --all
    since: datetime | None = None,
    batch_size: int = 512,
    partition_size: int = PARTITION_SIZE,
    progress: Progress | None = None,
    stages: tuple[str, ...] | None = None,
) -> AnalyzeSummary:
    """Analyze the new and stale posts of ``ws`` on the cluster behind ``client``."""
    from distributed import as_completed

    started = time.perf_counter()
    run = f"resonanz-analyze-{uuid.uuid4().hex[:12]}"
    brands = ws.load_brands() or None
    versions = _load_models(client, run, brands, stages)
    summary = AnalyzeSummary(versions=dict(versions))
    if not all:
        summary.stale = mark_stale_versions(ws.engine, versions, since=since)
    parts = [
        Partition(i, first, last, n)
        for i, (first, last, n) in enumerate(id_partitions(ws.engine, partition_size, since, all))
    ]
    total = sum(p.posts for p in parts)
    if progress:
        progress(0, total)
    job = ClusterJob(
        brands=brands,
        stages=stages,
        versions=dict(versions),
        stamp=datetime.now(UTC),
        since=since,
        all=all,
        batch_size=batch_size,
        database=DatabaseUrl(ws.url) if ws.engine.dialect.name != "sqlite" else None,
    )

    def submit(part: Partition) -> Future[PartitionResult]:
        docs, hashes = None, None
        if job.database is None:  # SQLite: the client reads, the task only analyses
            posts = [
                p
                for batch in posts_needing_analysis(
                    ws.engine,
                    limit=max(batch_size, part.posts),
                    since=since,
                    all=all,
                    id_range=(part.first_id, part.last_id),
                    stamped=job.stamp,
                )
                for p in batch
            ]
            docs, hashes = [to_doc(p) for p in posts], {p.id: p.content_hash for p in posts}
        return client.submit(
            analyze_partition, job, part, docs, hashes, key=f"{run}-{part.index}", retries=RETRIES
        )

    todo = iter(parts)
    window = 2 * _threads(client)
    running = as_completed([submit(p) for _, p in zip(range(window), todo, strict=False)])
    try:
        for future in running:
            result: PartitionResult = _call(future, "partition")
            if result.rows:  # the client is the writer (SQLite)
                with ws.engine.begin() as conn:
                    write_analysis(conn, result.rows, now=job.stamp)
            summary.analyzed += result.analyzed
            summary.failed += len(result.failures)
            summary.failures.extend(f"post {key}: {why}" for key, why in result.failures)
            if progress:
                progress(summary.analyzed + summary.failed, total)
            following = next(todo, None)
            if following is not None:
                running.add(submit(following))
    finally:
        running.clear()
    return finish(ws, summary, started)


def _load_models(
    client: Client, run: str, brands: list[dict[str, Any]] | None, stages: tuple[str, ...] | None
) -> dict[str, str]:
    """Load the models on every worker at once; the ``{stage: version}`` map they share.

    One task per worker (a worker that dies meanwhile has its task run elsewhere);
    workers joining later load the models with their first partition.
    """
    addresses = list(client.scheduler_info().get("workers", {})) or [None]
    futures = [
        client.submit(
            worker_versions,
            brands,
            stages,
            key=f"{run}-load-{i}",
            workers=[address] if address else None,
            allow_other_workers=True,
        )
        for i, address in enumerate(addresses)
    ]
    maps = [_call(future, "loading the models") for future in futures]
    for other in maps[1:]:
        if other != maps[0]:
            raise ResonanzError(
                f"Dask workers run different analysis stage versions: {maps[0]} != {other}",
                hint="install the same Resonanz version and models on every Dask worker",
            )
    versions: dict[str, str] = maps[0]
    return versions


def _call(future: Future[Any], what: str) -> Any:
    """The future's result; a failure on the cluster becomes a :class:`ResonanzError`."""
    try:
        return future.result()
    except Exception as exc:
        raise ResonanzError(
            f"Analyse auf dem Dask-Cluster fehlgeschlagen / analysis on the Dask cluster "
            f"failed ({what}): {type(exc).__name__}: {exc}",
            hint="partitions finished before are stored; run `resonanz analyze` again "
            "to finish the rest (it picks up where this run stopped)",
        ) from exc
