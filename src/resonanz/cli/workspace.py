"""``resonanz init`` and ``resonanz stats``: create a workspace, look into it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click
import orjson
from rich.console import Console
from rich.table import Table

from resonanz.cli.common import db_option, json_option, safe_url, state, stdout


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
    data = stats_data(workspace.stats())
    if as_json:
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
        return
    render_stats(data, stdout())


def stats_data(stats: object) -> dict[str, Any]:
    """The stats as plain JSON-ready data, whatever object the service returns."""
    as_json = getattr(stats, "as_json", None)
    if callable(as_json):
        data = as_json()
    elif isinstance(stats, Mapping):
        data = dict(stats)
    else:
        data = dict(vars(stats))
    plain: dict[str, Any] = orjson.loads(orjson.dumps(data, default=str))
    return plain


def _title(key: str) -> str:
    return key.replace("_", " ")


def render_stats(data: Mapping[str, Any], console: Console) -> None:
    """Scalars as one summary line, mappings as two-column tables, lists of rows as tables."""
    scalars = [(k, v) for k, v in data.items() if not isinstance(v, Mapping | list)]
    if scalars:
        console.print("  ".join(f"[bold]{_title(k)}[/bold]: {v}" for k, v in scalars))
    for key, value in data.items():
        if isinstance(value, Mapping):
            console.print(_mapping_table(_title(key), value))
        elif isinstance(value, list):
            console.print(_rows_table(_title(key), value))


def _mapping_table(title: str, value: Mapping[str, Any]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("key")
    table.add_column("value", justify="right")
    for k, v in value.items():
        table.add_row(str(k), _cell(v))
    if not value:
        table.add_row("(none)", "")
    return table


def _rows_table(title: str, rows: Sequence[Any]) -> Table:
    table = Table(title=title, title_justify="left")
    columns: list[str] = []
    for row in rows:
        if isinstance(row, Mapping):
            columns.extend(str(c) for c in row if str(c) not in columns)
    if not columns:
        table.add_column("value")
        for row in rows:
            table.add_row(_cell(row))
        return table
    for column in columns:
        table.add_column(_title(column))
    for row in rows:
        if isinstance(row, Mapping):
            table.add_row(*(_cell(row.get(c)) for c in columns))
    if not rows:
        table.add_row(*(["(none)"] + [""] * (len(columns) - 1)))
    return table


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Mapping | list):
        return orjson.dumps(value).decode()
    return str(value)


def register(group: click.Group) -> None:
    group.add_command(init_command)
    group.add_command(stats_command)
