"""``resonanz init`` and ``resonanz stats``: create a workspace, look into it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

import click
import orjson
from rich.columns import Columns
from rich.console import Console
from rich.table import Table

from resonanz.cli.common import db_option, json_option, safe_url, state, stdout

if TYPE_CHECKING:
    from resonanz.service.sources import Stats


@click.command("init")
@db_option
@click.pass_context
def init_command(ctx: click.Context) -> None:
    """Create (or upgrade) the workspace database; SQLite files use WAL mode."""
    settings = state(ctx).settings()
    workspace = state(ctx).open_workspace()
    workspace.init()
    click.echo(f"workspace ready: {safe_url(settings.database_url)}")


@click.command("stats")
@json_option
@db_option
@click.pass_context
def stats_command(ctx: click.Context, as_json: bool) -> None:
    """Posts by platform, brand and day, and the recent import runs."""
    workspace = state(ctx).open_workspace()
    stats = workspace.stats()
    if as_json:
        click.echo(orjson.dumps(stats_data(stats), option=orjson.OPT_INDENT_2).decode())
        return
    render_stats(stats, stdout())


def stats_data(stats: Stats) -> dict[str, Any]:
    """The stats as plain JSON-ready data (what ``stats --json`` prints)."""
    return stats.as_json()


def _counts(title: str, rows: Sequence[tuple[str, int]], limit: int = 12) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(title.split()[-1])
    table.add_column("posts", justify="right")
    for key, count in rows[:limit]:
        table.add_row(str(key), f"{count:,}")
    if len(rows) > limit:
        table.add_row(f"… {len(rows) - limit} more", "")
    if not rows:
        table.add_row("(none)", "")
    return table


def _days(stats: Stats, recent: int = 5) -> Table:
    """Per platform: the span of its days with posts and its latest ``recent`` days (an
    archive from 2015 and this week's posts each show their own days)."""
    table = Table(title="by day, per platform", title_justify="left")
    for column in ("platform", "first day", "last day", "days with posts"):
        table.add_column(column, justify="right" if column == "days with posts" else "left")
    table.add_column(f"latest {recent} days (posts)")
    for p in stats.by_platform_day:
        latest = ", ".join(f"{d} ({n:,})" for d, n in p.recent[-recent:])
        table.add_row(p.platform, p.first, p.last, f"{p.days:,}", latest)
    if not stats.by_platform_day:
        table.add_row("(none)", "", "", "", "")
    return table


def _runs(stats: Stats, limit: int = 10) -> Table:
    table = Table(title="latest import runs", title_justify="left")
    for column in ("run", "source", "format", "status"):
        table.add_column(column, overflow="ellipsis", max_width=40)
    for column in ("read", "new", "upd.", "same", "rej."):
        table.add_column(column, justify="right")
    table.add_column("started (UTC)", no_wrap=True)
    for run in stats.runs[:limit]:
        table.add_row(
            str(run.id),
            PurePath(run.source).name or run.source,
            run.format,
            run.status,
            *(f"{v:,}" for v in (run.read, run.new, run.updated, run.unchanged, run.rejected)),
            run.started_at.strftime("%Y-%m-%d %H:%M"),
        )
    if not stats.runs:
        table.add_row("(none)", *[""] * 9)
    return table


def render_stats(stats: Stats, console: Console) -> None:
    """A summary line, posts by platform / kind / brand / day, and the latest runs."""
    console.print(
        f"[bold]{stats.posts:,}[/bold] posts · {stats.analyzed:,} analyzed · "
        f"{stats.quarantined:,} rejected records in quarantine",
        highlight=False,
    )
    console.print(
        Columns(
            [
                _counts("by platform", stats.by_platform),
                _counts("by kind", stats.by_kind),
                _counts("by brand", stats.by_brand),
            ]
        )
    )
    console.print(_days(stats))
    console.print(_runs(stats))


@click.group("rollups")
def rollups_group() -> None:
    """Rollup tables (brand counts, the creator directory's people rollups)."""


@rollups_group.command("rebuild")
@db_option
@click.pass_context
def rollups_rebuild_command(ctx: click.Context) -> None:
    """Recompute every rollup table from the raw tables (one transaction)."""
    from resonanz.service.rollups import rebuild

    done = rebuild(state(ctx).open_workspace().engine)
    click.echo(
        f"Rollups neu berechnet / rollups rebuilt: {done.analysed:,} analysierte Beiträge "
        f"(brand rollups), {done.posts:,} Beiträge (people rollups)"
    )


def register(group: click.Group) -> None:
    group.add_command(init_command)
    group.add_command(stats_command)
    group.add_command(rollups_group)
