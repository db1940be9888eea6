"""The loop of ``resonanz worker``: due watches, each followed by analysis and inbox sync.

Each pass runs the due watches (:class:`~resonanz.collect.runner.Runner`); after each
watch that stored new or changed posts, the new posts are analysed and the inbox is
synced. Retention enforcement is a watch of its own (kind ``retention``) created
here with the interval of the ``enforce_every`` setting, so it is due, run and
recorded like the others. ``stop`` (set by SIGTERM/SIGINT) ends the loop after the
watch running at that moment.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from resonanz.collect import retention
from resonanz.collect.runner import Runner, RunResult
from resonanz.collect.schedule import parse_every
from resonanz.service.retry import public_error
from resonanz.store import watches as store

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PassReport:
    """One pass of the worker."""

    results: list[RunResult]
    analyzed: int | None = None  # None: no analysis was needed
    inbox_created: int | None = None
    #: what went wrong outside the watches (analysis, inbox sync, the database)
    error: str | None = None


def ensure_retention_watch(runner: Runner) -> int | None:
    """Create (or re-time) the retention watch from ``enforce_every``; its id, None if off."""
    text = (runner.settings.enforce_every or "").strip().lower()
    engine = runner.engine
    existing = store.find_watch(engine, retention.KIND, retention.TARGET)
    if text in ("", "off", "never", "0"):
        if existing is not None and existing.enabled:
            store.set_enabled(engine, existing.id, False)
        return None
    every = parse_every(text)
    if existing is None:
        return store.add_watch(engine, retention.KIND, retention.TARGET, {}, every)
    if existing.every_seconds != every:
        store.set_every(engine, existing.id, every)
    return existing.id


#: what follows a pass that stored posts: ``() -> (posts analysed, inbox items created)``
AfterImport = Callable[[], tuple[int, int]]


def one_pass(runner: Runner, after_import: AfterImport | None = None) -> PassReport:
    """Run what is due; after each watch that stored posts, ``after_import`` (analysis,
    inbox sync), so the posts of one watch are in the inbox before the next watch runs."""
    totals = [0, 0]
    followed = False

    def then(result: RunResult) -> None:
        nonlocal followed
        if after_import is None or not result.changed:
            return
        analyzed, created = after_import()
        totals[0] += analyzed
        totals[1] += created
        followed = True

    results = runner.run_due(then=then)
    if not followed:
        return PassReport(results)
    return PassReport(results, analyzed=totals[0], inbox_created=totals[1])


def work(
    runner: Runner,
    *,
    once: bool,
    interval: float,
    report: Callable[[PassReport], None],
    after_import: AfterImport | None = None,
) -> int:
    """Pass after pass until ``runner.stop`` is set (or once); the number of passes."""
    runner.workspace.init()
    ensure_retention_watch(runner)
    passes = 0
    while not runner.stop.is_set():
        try:
            done = one_pass(runner, after_import)
        except Exception as exc:  # a daemon keeps going; the next pass tries again
            log.exception("worker pass failed")
            done = PassReport([], error=public_error(exc))
        report(done)
        passes += 1
        if once:
            break
        runner.stop.wait(interval)
    return passes
