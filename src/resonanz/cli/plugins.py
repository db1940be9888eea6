"""``resonanz plugins``: every plug-in of every group, where it comes from, and what failed."""

from __future__ import annotations

import sys

import click
import orjson
from rich.table import Table

from resonanz import plugins
from resonanz.cli.common import json_option, stdout


def _rows() -> list[dict[str, str]]:
    rows = []
    for item in plugins.report():
        failed = isinstance(item, plugins.Failure)
        rows.append(
            {
                "group": plugins.GROUPS[item.group].entry_point,
                "name": item.name,
                "value": item.value,
                "origin": item.origin,
                "status": "failed" if failed else "ok",
                "reason": item.reason if isinstance(item, plugins.Failure) else "",
            }
        )
    return rows


@click.command("plugins")
@json_option
def plugins_command(as_json: bool) -> None:
    """List the plug-ins of every group (importers, stages, pages, ...) and load failures.

    Exits with status 1 when a plug-in failed to load.
    """
    rows = _rows()
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
    else:
        table = Table(title=f"{len(rows)} plug-ins", title_justify="left")
        for column in ("group", "name", "origin", "status"):
            table.add_column(column, overflow="fold")
        for row in rows:
            status = row["status"] if not row["reason"] else f"failed: {row['reason']}"
            table.add_row(row["group"], row["name"], row["origin"], status)
        stdout().print(table, highlight=False, markup=False)
    if any(row["status"] == "failed" for row in rows):
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(plugins_command)
