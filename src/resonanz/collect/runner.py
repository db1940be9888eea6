"""Running watches: claim, import (cursor saved with each page), record, back off.

A watch is claimed with a lease (:func:`resonanz.store.watches.claim`), so two
processes running ``resonanz watch run`` at once never run the same watch twice. A
run killed at any point leaves its posts and its cursor consistent (they are written
in one transaction a page); the next run marks the killed one ``interrupted`` and
goes on from the cursor.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import orjson
from sqlalchemy import Connection, Engine

from resonanz.collect.base import Cursor, Source
from resonanz.collect.retention import enforce_retention
from resonanz.collect.schedule import failure_backoff, rate_backoff
from resonanz.collect.sources import open_source
from resonanz.errors import RateLimitedError, ResonanzError
from resonanz.importers.base import Checkpoint, StreamItem
from resonanz.service.retry import public_error
from resonanz.settings import Settings
from resonanz.store import runs as import_runs
from resonanz.store import watches as store
from resonanz.store.runs import process_owner
from resonanz.store.watches import RunOutcome, WatchRecord

if TYPE_CHECKING:
    from resonanz.service.workspace import Workspace


@dataclass(frozen=True, slots=True)
class RunResult:
    """What became of one watch in one pass."""

    watch_id: int
    kind: str
    target: str
    #: ``skipped`` when another process holds the watch, else the run's status
    status: str
    outcome: RunOutcome | None = None
    backoff_until: datetime | None = None

    @property
    def changed(self) -> bool:
        """Whether the run stored new or changed posts."""
        return self.outcome is not None and (self.outcome.new + self.outcome.updated) > 0


@dataclass
class _Failure:
    error: ResonanzError | None = None


def _guarded(items: Iterator[StreamItem], box: _Failure) -> Iterator[StreamItem]:
    """Pass ``items`` through, remembering the connector error that ended them."""
    try:
        yield from items
    except ResonanzError as exc:
        box.error = exc
        raise


def _copy(cursor: Cursor) -> Cursor:
    copied: Cursor = orjson.loads(orjson.dumps(cursor))
    return copied


@dataclass
class Runner:
    """Runs watches of one workspace with the given settings."""

    workspace: Workspace
    settings: Settings
    owner: str = field(default_factory=process_owner)
    #: set from a signal handler: no further watch is started
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def engine(self) -> Engine:
        return self.workspace.engine

    def run_due(
        self,
        ids: list[int] | None = None,
        then: Callable[[RunResult], None] | None = None,
    ) -> list[RunResult]:
        """Run every due watch (or the ``ids`` given, due or not) once.

        ``then`` is called after each watch run, before the next watch starts.
        """
        self.workspace.init()
        with self.engine.begin() as conn:
            import_runs.reap_dead_runs(conn)
        store.reap_dead(self.engine)
        chosen = ids if ids is not None else store.due_ids(self.engine)
        results: list[RunResult] = []
        for watch_id in chosen:
            if self.stop.is_set():
                break
            result = self.run_one(watch_id, due_only=ids is None)
            results.append(result)
            if then is not None:
                then(result)
        return results

    def run_one(self, watch_id: int, due_only: bool = True) -> RunResult:
        watch = store.get_watch(self.engine, watch_id)
        if watch is None:
            return RunResult(watch_id, "?", "", "missing")
        if not store.claim(self.engine, watch_id, self.owner, due_only=due_only):
            return RunResult(watch_id, watch.kind, watch.target, "skipped")
        watch = store.get_watch(self.engine, watch_id) or watch  # the cursor as claimed
        run_id = store.start_run(self.engine, watch_id, self.owner)
        try:
            outcome = self._execute(watch)
        except Exception as exc:  # e.g. the database went away: a failure, backed off
            outcome = RunOutcome(status="failed", error=public_error(exc))
        except BaseException:  # Ctrl-C or SystemExit: due again at once
            now = datetime.now(UTC)
            interrupted = RunOutcome(status="interrupted", error="interrupted by a signal")
            store.finish_run(self.engine, run_id, interrupted, now)
            store.release(
                self.engine,
                watch_id,
                self.owner,
                status="interrupted",
                next_due_at=now,
                failures=watch.failures,
                backoff_until=None,
            )
            raise
        return self._record(watch, run_id, outcome)

    def _record(self, watch: WatchRecord, run_id: int, outcome: RunOutcome) -> RunResult:
        now = datetime.now(UTC)
        failures = watch.failures
        backoff: datetime | None = None
        if outcome.status == "completed":
            failures = 0
        elif outcome.status == "rate_limited":
            backoff = rate_backoff(self._retry_after, now)
        else:
            failures += 1
            backoff = failure_backoff(failures, now)
        store.finish_run(self.engine, run_id, outcome, now)
        store.release(
            self.engine,
            watch.id,
            self.owner,
            status=outcome.status,
            next_due_at=now + timedelta(seconds=watch.every_seconds),
            failures=failures,
            backoff_until=backoff,
            now=now,
        )
        return RunResult(watch.id, watch.kind, watch.target, outcome.status, outcome, backoff)

    _retry_after: float | None = None

    def _execute(self, watch: WatchRecord) -> RunOutcome:
        self._retry_after = None
        if watch.kind == "retention":
            return enforce_retention(self.engine, self.settings)
        try:
            source = open_source(watch, self.settings)
        except ResonanzError as exc:
            return RunOutcome(status="failed", error=_message(exc))
        try:
            return self._import(watch, source)
        finally:
            source.close()

    def _import(self, watch: WatchRecord, source: Source) -> RunOutcome:
        def mark(cursor: Cursor) -> Checkpoint:
            saved = _copy(cursor)

            def save(conn: Connection) -> None:
                store.save_cursor(conn, watch.id, self.owner, saved)

            return Checkpoint(save)

        box = _Failure()
        items = _guarded(source.items(_copy(watch.cursor), mark), box)
        try:
            summary = self.workspace.import_items(items, source.name, source.fmt)
        except ResonanzError as exc:  # failed before the first record
            box.error = box.error or exc
            return self._failed(box.error, source)
        error = box.error
        if error is None and summary.status != "completed":
            reason = summary.errors[-1].reason if summary.errors else "import failed"
            error = ResonanzError(reason)
        outcome = RunOutcome(
            status="completed",
            fetched=summary.read,
            new=summary.new,
            updated=summary.updated,
            unchanged=summary.unchanged,
            rejected=summary.rejected,
            http_requests=source.requests,
            note=source.note,
            import_run_id=summary.run_id,
        )
        if error is None:
            return outcome
        failed = self._failed(error, source)
        return replace(outcome, status=failed.status, error=failed.error)

    def _failed(self, error: ResonanzError, source: Source) -> RunOutcome:
        status = "failed"
        if isinstance(error, RateLimitedError):
            status = "rate_limited"
            self._retry_after = error.retry_after
        return RunOutcome(status=status, http_requests=source.requests, error=_message(error))


def _message(exc: ResonanzError) -> str:
    text = " ".join(str(exc.message or exc).split())
    return f"{text} ({exc.hint})" if exc.hint else text
