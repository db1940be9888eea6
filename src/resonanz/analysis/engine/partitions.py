"""One partition of a cluster run (``resonanz analyze --scheduler``), as a worker runs it.

A cluster run cuts the posts needing analysis into id ranges (:class:`Partition`);
each task analyses one range with :func:`analyze_partition`. Nothing here imports
Dask: the functions are plain, picklable, and run the same in a test.

* The pipeline is built once per worker process and reused by every partition
  (:func:`worker_pipeline`, keyed by the catalog's digest and the stages); so is
  the database engine (:func:`worker_engine`).
* On PostgreSQL the task reads its posts and writes all their annotations in ONE
  transaction (:func:`~resonanz.store.annotations.write_analysis`: old annotations
  and their rollup share out, new ones in). Every row carries the run's stamp as
  ``analyzed_at`` and the partition reads "not analysed, or analysed at exactly this
  stamp", so a retried partition (its worker killed after the commit, before it
  reported) reads the same posts and rewrites the same rows: nothing doubles, the
  rollups move by zero.
* On SQLite (one writer) the client sends the docs and writes the rows the task
  returns.

The database URL travels inside :class:`DatabaseUrl`, whose ``repr`` masks the
password (Dask logs the arguments of a failed task).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from resonanz.analysis.base import Doc
from resonanz.analysis.engine.builder import build_pipeline
from resonanz.analysis.engine.pipeline import Pipeline
from resonanz.analysis.engine.runner import to_doc, to_row
from resonanz.analysis.engine.workers import run_isolated
from resonanz.catalog import Catalog
from resonanz.errors import ResonanzError
from resonanz.store.annotations import AnalysisRow, posts_needing_analysis, write_analysis


class DatabaseUrl:
    """A database URL that never shows its password (``repr``, ``str``, logs)."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def masked(self) -> str:
        return mask_url(self.value)

    def __repr__(self) -> str:
        return f"DatabaseUrl({self.masked()!r})"

    __str__ = masked

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatabaseUrl) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (unparseable URLs: fully masked)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "***"


@dataclass(frozen=True)
class Partition:
    """Posts ``first_id`` to ``last_id`` (inclusive) needing analysis at planning time."""

    index: int
    first_id: int
    last_id: int
    posts: int


@dataclass(frozen=True, repr=False)
class ClusterJob:
    """What every partition task of one run shares (its ``repr``, which Dask logs for a
    failed task, is short and shows the database URL masked)."""

    brands: list[dict[str, Any]] | None
    stages: tuple[str, ...] | None
    #: the ``{stage: version}`` map of the client's pipeline; a worker with other
    #: models refuses to write (its results would be stale at once)
    versions: dict[str, str]
    #: ``analyzed_at`` of every post of the run (see the module docs)
    stamp: datetime
    since: datetime | None = None
    all: bool = False
    batch_size: int = 512
    #: PostgreSQL: workers read and write; None (SQLite): the client does
    database: DatabaseUrl | None = None

    def __repr__(self) -> str:
        return (
            f"ClusterJob(database={self.database!r}, stamp={self.stamp.isoformat()}, "
            f"stages={self.stages!r}, brands={len(self.brands or [])}, all={self.all}, "
            f"since={self.since.isoformat() if self.since else None})"
        )


@dataclass
class PartitionResult:
    """What a task reports back."""

    index: int
    analyzed: int = 0
    failures: list[tuple[int | str, str]] = field(default_factory=list)
    #: the rows to write, when the client writes (SQLite); empty otherwise
    rows: list[AnalysisRow] = field(default_factory=list)
    worker_pid: int = 0


# --- per-process caches: models and engines are loaded once per worker -------------

_PIPELINES: dict[tuple[str, tuple[str, ...] | None], Pipeline] = {}
_ENGINES: dict[str, Engine] = {}
_BUILDING = threading.Lock()
#: how many pipelines this process has built (a test reads it through ``client.run``)
BUILDS: list[int] = [0]


def catalog_digest(brands: list[dict[str, Any]] | None) -> str:
    return hashlib.sha256(orjson.dumps(brands or [], option=orjson.OPT_SORT_KEYS)).hexdigest()


def worker_pipeline(
    brands: list[dict[str, Any]] | None, stages: tuple[str, ...] | None
) -> Pipeline:
    """The pipeline for (catalog, stages), built on first use in this process."""
    key = (catalog_digest(brands), stages)
    with _BUILDING:  # a worker with several threads builds it once, not once per thread
        found = _PIPELINES.get(key)
        return found if found is not None else _build(key, brands, stages)


def _build(
    key: tuple[str, tuple[str, ...] | None],
    brands: list[dict[str, Any]] | None,
    stages: tuple[str, ...] | None,
) -> Pipeline:
    """Build and warm up the pipeline for ``key`` (the caller holds the lock)."""
    if not _PIPELINES:  # first pipeline here: one BLAS thread per worker process
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

        threadpool_limits(1)
    _PIPELINES.clear()  # a new catalog replaces the old pipeline (memory)
    pipeline = build_pipeline(Catalog.from_list(brands) if brands else None, stages)
    pipeline.run([Doc(-1, "Modelle laden, load the models")])  # stages load lazily
    _PIPELINES[key] = pipeline
    BUILDS[0] += 1
    return pipeline


def worker_engine(url: DatabaseUrl) -> Engine:
    """The engine for ``url``, created on first use in this process."""
    from resonanz.store.engine import make_engine

    engine = _ENGINES.get(url.value)
    if engine is None:
        engine = _ENGINES[url.value] = make_engine(url.value)
    return engine


def pipeline_builds() -> int:
    """How many pipelines this process built (tests: once per worker, not per task)."""
    return BUILDS[0]


# --- the task -------------------------------------------------------------------------


def analyze_docs(
    pipeline: Pipeline, job: ClusterJob, docs: Sequence[Doc], hashes: dict[int, int]
) -> tuple[list[AnalysisRow], list[tuple[int | str, str]]]:
    """Run ``docs`` through ``pipeline`` in batches; the rows to store and the failures."""
    rows: list[AnalysisRow] = []
    failures: list[tuple[int | str, str]] = []
    for start in range(0, len(docs), job.batch_size):
        result = run_isolated(pipeline, docs[start : start + job.batch_size])
        rows.extend(to_row(d, pipeline.versions, hashes.get(int(d.key))) for d in result.docs)
        failures.extend(result.failures)
    return rows, failures


def analyze_partition(
    job: ClusterJob,
    part: Partition,
    docs: list[Doc] | None = None,
    hashes: dict[int, int] | None = None,
) -> PartitionResult:
    """Analyse one partition (on a worker).

    With ``job.database`` the task reads the range itself and writes every row in one
    transaction; otherwise it analyses ``docs`` (read by the client) and returns rows.
    Errors come back as plain ``RuntimeError`` (the tree's constructors do not survive
    pickling), with the hint in the message.
    """
    try:
        return _analyze_partition(job, part, docs, hashes or {})
    except ResonanzError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        raise RuntimeError(f"{exc}{hint}") from None


def _analyze_partition(
    job: ClusterJob, part: Partition, docs: list[Doc] | None, hashes: dict[int, int]
) -> PartitionResult:
    pipeline = worker_pipeline(job.brands, job.stages)
    if pipeline.versions != job.versions:
        raise ResonanzError(
            f"worker {os.getpid()} runs other analysis stage versions than the client: "
            f"{pipeline.versions} != {job.versions}",
            hint="install the same Resonanz version and models on every Dask worker",
        )
    result = PartitionResult(index=part.index, worker_pid=os.getpid())
    if job.database is None:
        result.rows, result.failures = analyze_docs(pipeline, job, docs or [], hashes)
        result.analyzed = len(result.rows)
        return result
    engine = worker_engine(job.database)
    read: list[Doc] = []
    for batch in posts_needing_analysis(
        engine,
        limit=job.batch_size,
        since=job.since,
        all=job.all,
        id_range=(part.first_id, part.last_id),
        stamped=job.stamp,
    ):
        hashes.update((p.id, p.content_hash) for p in batch)
        read.extend(to_doc(p) for p in batch)
    rows, result.failures = analyze_docs(pipeline, job, read, hashes)
    with engine.begin() as conn:  # the whole partition or nothing
        write_analysis(conn, rows, now=job.stamp)
    result.analyzed = len(rows)
    return result
