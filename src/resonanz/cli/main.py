"""The root ``resonanz`` command group and the console-script entry point.

Command modules register themselves through a ``register(group)`` function listed in
:data:`COMMAND_MODULES`. Library errors are translated to ``error:``/``hint:`` lines
and an exit code by :class:`~resonanz.cli.common.ResonanzGroup`, never shown as tracebacks.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import click

from resonanz.cli.common import CliState, ResonanzGroup

#: Modules under ``resonanz.cli`` whose ``register(group)`` adds commands, in help order.
COMMAND_MODULES: tuple[str, ...] = (
    "resonanz.cli.workspace",  # init, stats
    "resonanz.cli.imports",  # import (files, youtube, mastodon, feed-url)
    "resonanz.cli.brands",  # brands import / list
    "resonanz.cli.config",  # settings
    "resonanz.cli.demo",  # demo
    "resonanz.cli.analysis",  # analyze, train, eval
    "resonanz.cli.report",  # report
    "resonanz.cli.export",  # export posts|insights
    "resonanz.cli.web",  # serve, users, tokens
    "resonanz.cli.inbox",  # inbox list/sync, outbox run
    "resonanz.cli.privacy",  # privacy erase/export
)


@click.group(cls=ResonanzGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="URL",
    default=None,
    help="Database URL (overrides RESONANZ_DATABASE_URL and resonanz.toml).",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Settings file (default: ./resonanz.toml when present).",
)
@click.version_option(package_name="resonanz", prog_name="resonanz")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config: Path | None) -> None:
    """Resonanz: self-hosted social listening for brands.

    \b
    resonanz init                      create ./resonanz.db (or --db URL)
    resonanz import FILE...            import exports (format sniffed)
    resonanz stats                     what is in the workspace
    resonanz demo                      try it on bundled sample data
    """
    ctx.obj = CliState(config=config, db=db)


def _register_all(group: click.Group) -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(group)


_register_all(cli)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="resonanz")
