"""The watches facade: sources collected on a schedule, their runs, and the worker.

Faces call these names; the scheduling lives in :mod:`resonanz.collect`, the SQL in
:mod:`resonanz.store.watches`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from resonanz.collect import worker
from resonanz.collect.runner import Runner, RunResult
from resonanz.collect.schedule import format_every, parse_every
from resonanz.collect.sources import SOURCE_KINDS
from resonanz.collect.worker import PassReport, ensure_retention_watch
from resonanz.errors import UsageError
from resonanz.service.workspace import Workspace
from resonanz.store import watches as store
from resonanz.store.watches import WatchRecord, WatchRunRecord

__all__ = [
    "PassReport",
    "RunResult",
    "Runner",
    "WatchRecord",
    "WatchRunRecord",
    "add_watch",
    "ensure_retention_watch",
    "format_every",
    "get_watch",
    "list_runs",
    "list_watches",
    "parse_every",
    "remove_watch",
    "set_enabled",
    "work",
]


def add_watch(
    workspace: Workspace, kind: str, target: str, every: str, options: dict[str, Any]
) -> int:
    """Check and store a watch; it is due at once. Returns its id."""
    target = target.strip()
    if kind not in (*SOURCE_KINDS, "retention"):
        raise UsageError(f"unknown watch kind {kind!r}", hint="youtube, mastodon, reddit, feed")
    if not target:
        raise UsageError("the watch needs a target", hint="e.g. --channel UC..., --hashtag ...")
    if kind == "feed" and urlsplit(target).scheme not in ("http", "https"):
        raise UsageError(f"not an http(s) URL: {target!r}", hint="give the feed's full URL")
    if kind == "mastodon":
        target = target.lstrip("#")
    if kind == "reddit":
        target = target.removeprefix("/").removeprefix("r/").strip("/")
    seconds = parse_every(every)
    workspace.init()
    clean = {k: v for k, v in options.items() if v is not None}
    return store.add_watch(workspace.engine, kind, target, clean, seconds)


def list_watches(workspace: Workspace) -> list[WatchRecord]:
    workspace.init()
    return store.list_watches(workspace.engine)


def get_watch(workspace: Workspace, watch_id: int) -> WatchRecord:
    workspace.init()
    found = store.get_watch(workspace.engine, watch_id)
    if found is None:
        raise UsageError(f"no watch {watch_id}", hint="see `resonanz watch list`")
    return found


def remove_watch(workspace: Workspace, watch_id: int) -> None:
    workspace.init()
    if not store.remove_watch(workspace.engine, watch_id):
        raise UsageError(f"no watch {watch_id}", hint="see `resonanz watch list`")


def set_enabled(workspace: Workspace, watch_id: int, enabled: bool) -> None:
    workspace.init()
    if not store.set_enabled(workspace.engine, watch_id, enabled):
        raise UsageError(f"no watch {watch_id}", hint="see `resonanz watch list`")


def list_runs(
    workspace: Workspace, watch_id: int | None = None, limit: int = 20
) -> list[WatchRunRecord]:
    workspace.init()
    return store.list_runs(workspace.engine, watch_id, limit)


def _analyse_and_sync(runner: Runner) -> tuple[int, int]:
    """Analyse the new posts and sync the inbox, including the follow-up tasks for partner
    posts without disclosure: (posts analysed, inbox items created)."""
    from resonanz.service.analysis import analyze
    from resonanz.service.creators import followups_for_sync
    from resonanz.service.inbox import sync

    summary = analyze(runner.workspace, workers=runner.settings.workers)
    counts = sync(runner.engine, actor="worker")
    followups = followups_for_sync(runner.engine)  # partner posts lacking a disclosure
    return summary.analyzed, counts.created + (followups.created if followups else 0)


def work(
    runner: Runner, *, once: bool, interval: float, report: Callable[[PassReport], None]
) -> int:
    """The worker loop: due watches, then analysis and inbox sync when posts came in,
    until ``runner.stop`` is set (or once); returns the number of passes."""
    return worker.work(
        runner,
        once=once,
        interval=interval,
        report=report,
        after_import=lambda: _analyse_and_sync(runner),
    )
