"""``resonanz brands import FILE`` and ``resonanz brands list``: the brand catalog."""

from __future__ import annotations

from pathlib import Path

import click
import orjson
from rich.table import Table

from resonanz.cli.common import ResonanzGroup, db_option, json_option, state, stderr, stdout
from resonanz.service.catalog import Catalog, load_catalog


@click.group("brands", cls=ResonanzGroup)
def brands_group() -> None:
    """Manage the brand catalog (brands, products, competitors, own accounts)."""


@brands_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@db_option
@click.pass_context
def brands_import(ctx: click.Context, file: Path) -> None:
    """Validate FILE (TOML with [[brand]] tables) and store it, replacing the catalog."""
    catalog = load_catalog(file)
    for warning in catalog.warnings:
        stderr().print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    workspace = state(ctx).open_workspace()
    workspace.save_brands(catalog.to_list())
    products = sum(len(b.products) for b in catalog.brands)
    click.echo(f"stored {len(catalog)} brands and {products} products from {file}")


@brands_group.command("list")
@json_option
@db_option
@click.pass_context
def brands_list(ctx: click.Context, as_json: bool) -> None:
    """Show the stored catalog."""
    workspace = state(ctx).open_workspace()
    stored = workspace.load_brands()
    catalog = Catalog.from_list(stored) if stored else Catalog()
    if as_json:
        click.echo(orjson.dumps(catalog.to_list(), option=orjson.OPT_INDENT_2).decode())
        return
    if not len(catalog):
        click.echo("no brands stored yet; run `resonanz brands import catalog.toml`")
        return
    table = Table(title=f"{len(catalog)} brands", title_justify="left")
    for column in ("brand", "aliases", "products", "competitors", "own accounts"):
        table.add_column(column)
    for brand in catalog.brands:
        table.add_row(
            brand.name,
            ", ".join(brand.aliases),
            ", ".join(p.name for p in brand.products),
            ", ".join(brand.competitors),
            "; ".join(f"{k}: {', '.join(v)}" for k, v in brand.own_accounts.items()),
        )
    stdout().print(table)


def register(group: click.Group) -> None:
    group.add_command(brands_group)
