"""Running the pipeline in worker processes (``resonanz analyze --workers N``).

Each worker builds its pipeline once, in the pool initializer, so models are loaded
once per process; the parent sends batches of :class:`~resonanz.analysis.base.Doc`
and gets them back annotated. Workers never touch the store: the parent writes.

Workers exit by themselves when the process that started them dies (even by
``kill -9``, which runs no clean-up): a daemon thread in each worker checks once a
second that the parent still exists (:func:`_watch_parent`).

A batch on which a stage fails is retried post by post inside the worker, so one
bad post cannot sink its neighbours; the failures come back as plain strings
(exceptions with custom constructors do not survive pickling).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from resonanz.analysis.base import Doc
from resonanz.analysis.engine.pipeline import Pipeline, StageError
from resonanz.errors import ResonanzError


@dataclass
class BatchResult:
    """Annotated docs of one batch and the posts that could not be analyzed."""

    docs: list[Doc]
    failures: list[tuple[int | str, str]] = field(default_factory=list)  # (key, reason)


def run_isolated(pipeline: Pipeline, docs: Sequence[Doc]) -> BatchResult:
    """Run a batch; if a stage fails, retry each post alone and report the bad ones."""
    try:
        return BatchResult(_slim(pipeline.run(docs).docs))
    except StageError:
        pass
    good: list[Doc] = []
    failures: list[tuple[int | str, str]] = []
    for doc in docs:
        try:
            good.extend(pipeline.run([doc]).docs)
        except StageError as exc:
            failures.append(
                (doc.key, f"stage {exc.stage!r}: {type(exc.cause).__name__}: {exc.cause}")
            )
    return BatchResult(_slim(good), failures)


def _slim(docs: list[Doc]) -> list[Doc]:
    """Drop what the store does not keep (tokens, sentence cache) before sending docs back."""
    for doc in docs:
        doc.tokens = []
        doc._sentences = None
    return docs


_PIPELINE: Pipeline | None = None


#: how often a worker checks that its parent is still there (seconds)
PARENT_CHECK_SECONDS = 1.0


def _parent_alive(parent: int, first_ppid: int) -> bool:
    if os.getppid() != first_ppid:  # re-parented: whoever started us is gone
        return False
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _watch_parent(parent: int) -> None:
    """Exit this worker as soon as ``parent`` (the analysing process) has died."""
    first_ppid = os.getppid()

    def watch() -> None:
        while _parent_alive(parent, first_ppid):
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(0)  # nothing to clean up: workers never write to the store

    threading.Thread(target=watch, name="resonanz-parent-watch", daemon=True).start()


def _init(factory: Callable[[], Pipeline], parent: int | None = None) -> None:
    global _PIPELINE
    if parent is not None:
        _watch_parent(parent)
    from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

    threadpool_limits(1)  # N worker processes, not N x BLAS threads
    _PIPELINE = factory()


def _work(docs: list[Doc]) -> BatchResult:
    if _PIPELINE is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker pipeline not initialised")
    return run_isolated(_PIPELINE, docs)


def run_parallel(
    factory: Callable[[], Pipeline],
    batches: Iterable[list[Doc]],
    workers: int,
) -> Iterator[BatchResult]:
    """Analyze ``batches`` in ``workers`` processes; results come in completion order.

    ``factory`` must be picklable (a module-level function or a ``functools.partial``).
    At most ``2 * workers`` batches are in flight, so memory stays bounded.
    """
    context = multiprocessing.get_context("spawn" if os.name == "nt" else "forkserver")
    try:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_init,
            initargs=(factory, os.getpid()),
        ) as pool:
            pending: set[Future[BatchResult]] = set()
            for batch in batches:
                pending.add(pool.submit(_work, batch))
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for fut in done:
                        yield fut.result()
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
    except BrokenProcessPool as exc:
        raise ResonanzError(
            f"an analysis worker process died ({exc})",
            hint="batches finished before are stored; run again with fewer --workers "
            "or a smaller --batch-size (memory), or with --workers 1 to see the error",
        ) from exc
