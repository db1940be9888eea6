"""The root ``resonanz`` command group and the console-script entry point.

Command modules register themselves through a ``register(group)`` function, each an
entry point of the ``resonanz.commands`` plug-in group (built-ins included; contract
:class:`resonanz.hookspecs.CommandRegistrar`). A module that fails to load leaves the
other commands working; a warning on stderr and ``resonanz plugins`` name it with the
reason. Library errors are translated to ``error:``/``hint:`` lines and an exit code by
:class:`~resonanz.cli.common.ResonanzGroup`, never shown as tracebacks.
"""

from __future__ import annotations

from pathlib import Path

import click

from resonanz import plugins
from resonanz.cli.common import CliState, ResonanzGroup


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
    for register in plugins.load("commands").values():
        register(group)


_register_all(cli)


def main() -> None:
    """Console-script entry point."""
    for name, reason in plugins.failures("commands").items():
        click.echo(f"warning: command plug-in {name!r} left out: {reason}", err=True)
    cli(prog_name="resonanz")
