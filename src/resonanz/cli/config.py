"""``resonanz settings``: every setting, its value and where the value came from."""

from __future__ import annotations

import click
import orjson
from rich.table import Table

from resonanz.cli.common import json_option, safe_url, state, stdout
from resonanz.settings import BY_NAME, SETTINGS


@click.command("settings")
@json_option
@click.pass_context
def settings_command(ctx: click.Context, as_json: bool) -> None:
    """List settings with their source (default, resonanz.toml, env, flag); secrets masked."""
    resolved = state(ctx).settings()
    rows = []
    for name, shown, source in resolved.rows():
        if name == "database_url" and resolved.database_url:
            shown = safe_url(resolved.database_url)
        rows.append((name, shown, source, BY_NAME[name].env))
    if as_json:
        payload = [{"name": n, "value": v, "source": s, "env": e} for n, v, s, e in rows]
        click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title=f"{len(SETTINGS)} settings", title_justify="left")
    for column in ("name", "value", "source", "environment variable"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    stdout().print(table)


def register(group: click.Group) -> None:
    group.add_command(settings_command)
