"""``resonanz watch add|list|runs|remove|pause|resume|run`` and ``resonanz worker``.

Watches are sources collected on a schedule: a YouTube channel or video, a Mastodon
hashtag, a subreddit, a feed. ``watch run`` runs the due ones once (for cron or a
systemd timer); ``worker`` runs them continuously, analyses what came in, syncs the
inbox and enforces retention on its own schedule. Credentials come only from the
settings, never from the command line.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

import click
import orjson

from resonanz.cli.common import db_option, json_option, state

if TYPE_CHECKING:
    from resonanz.service.watches import PassReport, RunResult, WatchRecord

EVERY_HELP = "How often: 30m, 1h, 6h, 1d (default 1h)."
STATUS_DE = {
    "completed": "abgeschlossen (completed)",
    "failed": "fehlgeschlagen (failed)",
    "rate_limited": "Rate-Limit/Kontingent erschöpft (rate limited)",
    "interrupted": "abgebrochen (interrupted)",
    "skipped": "übersprungen: läuft schon in einem anderen Prozess (skipped: running elsewhere)",
    "missing": "nicht gefunden (no such watch)",
}


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value is not None else "-"


@click.group("watch")
def watch_group() -> None:
    """Sources collected on a schedule (Quellen beobachten)."""


@watch_group.group("add")
def add_group() -> None:
    """Add a watch; it is due at once."""


def _add(ctx: click.Context, kind: str, target: str, every: str, options: dict[str, Any]) -> None:
    from resonanz.service.watches import add_watch

    workspace = state(ctx).open_workspace()
    watch_id = add_watch(workspace, kind, target, every, options)
    click.echo(f"Watch {watch_id} angelegt (added): {kind} {target}, alle (every) {every}")


def _every_option(func: Any) -> Any:
    return click.option("--every", default="1h", show_default=True, help=EVERY_HELP)(func)


def _pages_option(func: Any) -> Any:
    return click.option(
        "--max-pages", type=click.IntRange(min=1), default=None, help="Pages per run (default 5)."
    )(func)


@add_group.command("youtube")
@click.option(
    "--channel", metavar="ID", help="A channel (UC... id or @handle): its recent uploads."
)
@click.option("--video", metavar="ID", help="One video and its comments.")
@click.option("--max-videos", type=click.IntRange(min=1), default=None, help="Videos (default 10).")
@_pages_option
@_every_option
@db_option
@click.pass_context
def add_youtube(
    ctx: click.Context,
    channel: str | None,
    video: str | None,
    max_videos: int | None,
    max_pages: int | None,
    every: str,
) -> None:
    """Watch a YouTube channel or video (API key from the settings)."""
    from resonanz.errors import UsageError

    if bool(channel) == bool(video):
        raise UsageError("give exactly one of --channel or --video", hint="e.g. --channel UC...")
    mode = "channel" if channel else "video"
    options = {"mode": mode, "max_videos": max_videos, "max_pages": max_pages}
    _add(ctx, "youtube", channel or video or "", every, options)


@add_group.command("mastodon")
@click.option("--hashtag", metavar="TAG", required=True, help="Public hashtag timeline.")
@click.option("--instance", metavar="URL", help="Server (default: the mastodon_instance setting).")
@_pages_option
@_every_option
@db_option
@click.pass_context
def add_mastodon(
    ctx: click.Context, hashtag: str, instance: str | None, max_pages: int | None, every: str
) -> None:
    """Watch a Mastodon hashtag."""
    _add(ctx, "mastodon", hashtag, every, {"instance": instance, "max_pages": max_pages})


@add_group.command("reddit")
@click.option("--subreddit", metavar="NAME", required=True, help="e.g. de (without r/).")
@click.option("--comments", is_flag=True, help="Watch the newest comments instead of posts.")
@_pages_option
@_every_option
@db_option
@click.pass_context
def add_reddit(
    ctx: click.Context, subreddit: str, comments: bool, max_pages: int | None, every: str
) -> None:
    """Watch a subreddit's public listing (no account needed)."""
    listing = "comments" if comments else "new"
    _add(ctx, "reddit", subreddit, every, {"listing": listing, "max_pages": max_pages})


@add_group.command("feed")
@click.argument("url")
@_every_option
@db_option
@click.pass_context
def add_feed(ctx: click.Context, url: str, every: str) -> None:
    """Watch an RSS/Atom feed (conditional requests: ETag, Last-Modified)."""
    _add(ctx, "feed", url, every, {})


def _watch_json(w: WatchRecord) -> dict[str, Any]:
    return {
        "id": w.id,
        "kind": w.kind,
        "target": w.target,
        "options": w.options,
        "every_seconds": w.every_seconds,
        "enabled": w.enabled,
        "next_due_at": w.next_due_at.isoformat(),
        "last_status": w.last_status,
        "last_run_at": w.last_run_at.isoformat() if w.last_run_at else None,
        "failures": w.failures,
        "backoff_until": w.backoff_until.isoformat() if w.backoff_until else None,
        "cursor": w.cursor,
    }


@watch_group.command("list")
@json_option
@db_option
@click.pass_context
def list_command(ctx: click.Context, as_json: bool) -> None:
    """The watches, when they are due and how their last run went."""
    from resonanz.service.watches import format_every, list_watches

    found = list_watches(state(ctx).open_workspace())
    if as_json:
        click.echo(orjson.dumps([_watch_json(w) for w in found]).decode())
        return
    if not found:
        click.echo("Keine Watches (no watches). Beispiel: resonanz watch add feed URL")
        return
    for w in found:
        paused = "" if w.enabled else " [pausiert/paused]"
        backoff = f", Pause bis (backoff until) {_when(w.backoff_until)}" if w.backoff_until else ""
        click.echo(
            f"{w.id:>4}  {w.kind:<9} {w.target:<40} alle {format_every(w.every_seconds):<5} "
            f"fällig (due) {_when(w.next_due_at)}  zuletzt (last) {w.last_status or '-'}"
            f"{backoff}{paused}"
        )


@watch_group.command("runs")
@click.argument("watch_id", type=int, required=False)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@json_option
@db_option
@click.pass_context
def runs_command(ctx: click.Context, watch_id: int | None, limit: int, as_json: bool) -> None:
    """The newest runs (of one watch or of all) with their counts."""
    from resonanz.service.watches import list_runs

    found = list_runs(state(ctx).open_workspace(), watch_id, limit)
    if as_json:
        rows = [
            {
                "id": r.id,
                "watch_id": r.watch_id,
                "status": r.status,
                "started_at": r.started_at.isoformat(),
                "finished_at": r.finished_at.isoformat() if r.finished_at else None,
                "fetched": r.fetched,
                "new": r.new,
                "updated": r.updated,
                "unchanged": r.unchanged,
                "rejected": r.rejected,
                "removed": r.removed,
                "http_requests": r.http_requests,
                "error": r.error,
                "note": r.note,
                "import_run_id": r.import_run_id,
            }
            for r in found
        ]
        click.echo(orjson.dumps(rows).decode())
        return
    for r in found:
        click.echo(
            f"{r.id:>5}  watch {r.watch_id:<4} {_when(r.started_at)}  {r.status:<12} "
            f"gelesen {r.fetched}, neu {r.new}, geändert {r.updated}, unverändert "
            f"{r.unchanged}, abgelehnt {r.rejected}, entfernt {r.removed}, "
            f"Anfragen {r.http_requests}" + (f"  {r.error or r.note}" if r.error or r.note else "")
        )


def _id_command(name: str, doc: str, action: str) -> click.Command:
    @click.command(name, help=doc)
    @click.argument("watch_id", type=int)
    @db_option
    @click.pass_context
    def command(ctx: click.Context, watch_id: int) -> None:
        from resonanz.service import watches

        workspace = state(ctx).open_workspace()
        if name == "remove":
            watches.remove_watch(workspace, watch_id)
        else:
            watches.set_enabled(workspace, watch_id, name == "resume")
        click.echo(f"Watch {watch_id} {action}")

    return command


for _name, _doc, _action in (
    ("remove", "Delete a watch and its run history.", "gelöscht (removed)"),
    ("pause", "Stop running a watch until it is resumed.", "pausiert (paused)"),
    ("resume", "Run a paused watch again (clears its backoff).", "fortgesetzt (resumed)"),
):
    watch_group.add_command(_id_command(_name, _doc, _action))


def _result_line(r: RunResult) -> str:
    text = f"Watch {r.watch_id} {r.kind} {r.target}: {STATUS_DE.get(r.status, r.status)}"
    o = r.outcome
    if o is not None:
        if r.kind == "retention":
            text += f" - entfernt (removed) {o.removed}"
        else:
            text += (
                f" - gelesen {o.fetched}, neu {o.new}, geändert {o.updated}, "
                f"unverändert {o.unchanged}, abgelehnt {o.rejected}, Anfragen {o.http_requests}"
            )
        if o.note:
            text += f"; {o.note}"
        if o.error:
            text += f"\n    {o.error}"
    if r.backoff_until is not None:
        text += f"\n    nächster Versuch frühestens (next try) {_when(r.backoff_until)}"
    return text


def _result_json(r: RunResult) -> dict[str, Any]:
    o = r.outcome
    return {
        "watch_id": r.watch_id,
        "kind": r.kind,
        "target": r.target,
        "status": r.status,
        "fetched": o.fetched if o else 0,
        "new": o.new if o else 0,
        "updated": o.updated if o else 0,
        "unchanged": o.unchanged if o else 0,
        "rejected": o.rejected if o else 0,
        "removed": o.removed if o else 0,
        "http_requests": o.http_requests if o else 0,
        "error": o.error if o else None,
        "backoff_until": r.backoff_until.isoformat() if r.backoff_until else None,
    }


def _runner(ctx: click.Context) -> Any:
    from resonanz.service.watches import Runner

    cli_state = state(ctx)
    return Runner(cli_state.open_workspace(), cli_state.settings())


@contextmanager
def _stop_on_signals(runner: Any) -> Iterator[None]:
    """SIGTERM/SIGINT: finish the watch running now, then stop (old handlers come back)."""

    def handler(signum: int, frame: object) -> None:
        runner.stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (e.g. under a test runner's thread)
        return
    before = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in before.items():
            signal.signal(sig, old)


@watch_group.command("run")
@click.argument("watch_ids", nargs=-1, type=int)
@json_option
@db_option
@click.pass_context
def run_command(ctx: click.Context, watch_ids: tuple[int, ...], as_json: bool) -> None:
    """Run the due watches once (or the WATCH_IDS given, due or not); for cron/timers."""
    runner = _runner(ctx)
    with _stop_on_signals(runner):
        results: list[RunResult] = runner.run_due(list(watch_ids) if watch_ids else None)
    if as_json:
        click.echo(orjson.dumps([_result_json(r) for r in results]).decode())
    elif not results:
        click.echo("Nichts fällig (nothing due).")
    for r in results if not as_json else []:
        click.echo(_result_line(r))
    ctx.exit(1 if any(r.status in ("failed", "missing") for r in results) else 0)


def _print_pass(report: PassReport) -> None:
    for r in report.results:
        click.echo(_result_line(r))
    if report.error:
        click.echo(f"Fehler im Durchlauf (pass failed): {report.error}", err=True)
    if report.analyzed is not None:
        click.echo(
            f"Analysiert (analyzed): {report.analyzed}; "
            f"Inbox neu (inbox new): {report.inbox_created or 0}"
        )


@click.command("worker")
@click.option("--once", is_flag=True, help="One pass, then exit.")
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=60.0,
    show_default=True,
    help="Seconds between passes.",
)
@db_option
@click.pass_context
def worker_command(ctx: click.Context, once: bool, interval: float) -> None:
    """Run watches continuously, analyse and sync the inbox after imports, enforce retention."""
    from resonanz.service.watches import work

    runner = _runner(ctx)
    with _stop_on_signals(runner):
        click.echo(f"Worker läuft (running), Intervall {interval:g} s; Stopp mit SIGTERM/Ctrl-C.")
        passes = work(runner, once=once, interval=interval, report=_print_pass)
    click.echo(f"Worker beendet (stopped) nach {passes} Durchlauf/Durchläufen (passes).")


def register(group: click.Group) -> None:
    group.add_command(watch_group)
    group.add_command(worker_command)
