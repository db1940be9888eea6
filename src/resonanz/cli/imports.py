"""``resonanz import``: files by default, live sources by subcommand.

Syntax::

    resonanz import [OPTIONS] PATH...              # files (same as `resonanz import files`)
    resonanz import youtube --video ID | --channel ID | --search QUERY
    resonanz import mastodon [--instance URL] --hashtag TAG | --account NAME
    resonanz import feed-url URL

``import`` is a group whose first argument picks a live source when it is one of the
subcommand names; anything else (a path, an option) is handed to the hidden ``files``
subcommand. A file literally named like a subcommand is imported with ``./youtube``
or ``resonanz import files youtube``.

Exit codes: 0 nothing rejected, 3 some records rejected (the good ones are kept),
2 an input was unusable (missing, empty, unreadable, unknown format).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from resonanz.cli.common import db_option, report_error, state, stderr, stdout
from resonanz.cli.render import ImportProgress, summary_json, summary_table
from resonanz.errors import InputError, PluginLoadError, UsageError

if TYPE_CHECKING:
    from resonanz.service import ImportSummary, Workspace

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_UNUSABLE, EXIT_REJECTED = 0, 2, 3
LIVE_COMMANDS = ("youtube", "mastodon", "feed-url")


class ImportGroup(click.Group):
    """Routes ``import PATH...`` to ``files`` and ``import youtube ...`` to the live command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in {"--help", "-h"}:
            args = ["files", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, "[OPTIONS] PATH... | youtube|mastodon|feed-url ...")


@click.group("import", cls=ImportGroup)
def import_group() -> None:
    """Import export files (sniffed or --format) or fetch from a live source.

    \b
    resonanz import comments.json dump.ndjson.zst feed.xml tweets.csv
    resonanz import --format table --platform x --map native_id=id,text=text t.csv
    resonanz import youtube --video dQw4w9WgXcQ
    """


def pseudonymise_option(func: F) -> F:
    """``--pseudonymise``: replace authors by keyed hashes (see docs/privacy.md)."""
    return click.option(
        "--pseudonymise",
        is_flag=True,
        help="Store authors as keyed hashes, no raw records (needs pseudonym_key).",
    )(func)


def open_for_import(ctx: click.Context, pseudonymise: bool) -> Workspace:
    """The workspace, pseudonymising this import when ``--pseudonymise`` was given."""
    from resonanz.service.privacy import intake_for

    cli_state = state(ctx)
    workspace = cli_state.open_workspace()
    if pseudonymise:
        workspace.intake = intake_for(cli_state.settings(), force=True)
    return workspace


def _options(map_spec: str | None, map_file: Path | None) -> dict[str, str]:
    options: dict[str, str] = {}
    if map_spec:
        options["map"] = map_spec
    if map_file is not None:
        options["map_file"] = str(map_file)
    return options


def _check_readable(path: Path) -> None:
    if not path.exists():
        raise InputError(f"{path}: no such file", hint="check the path")
    if path.is_dir():
        raise InputError(f"{path}: is a directory", hint="pass the files inside it")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}", hint="check permissions") from exc
    if size == 0:
        raise InputError(f"{path}: file is empty", hint="export the data again")


def _exit_code(summaries: list[ImportSummary], unusable: int) -> int:
    if unusable:
        return EXIT_UNUSABLE
    if any(s.rejected or s.status != "completed" for s in summaries):
        return EXIT_REJECTED
    return EXIT_OK


def print_results(rows: list[tuple[str, ImportSummary]], as_json: bool) -> None:
    if as_json:
        for _, summary in rows:
            click.echo(summary_json(summary))
    elif rows:
        stdout().print(summary_table(rows))


@import_group.command("files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", metavar="NAME", help="Force an importer instead of sniffing.")
@click.option("--platform", metavar="P", help="Platform of the records (needed by `table`).")
@click.option("--map", "map_spec", metavar="SPEC", help="Column mapping FIELD=COLUMN,...")
@click.option("--map-file", type=click.Path(path_type=Path, dir_okay=False), help="Mapping TOML.")
@click.option("--json", "as_json", is_flag=True, help="One JSON summary per file, one per line.")
@click.option(
    "--bulk/--no-bulk",
    default=None,
    help="Force the bulk path (rows, large transactions, COPY) on or off; "
    "by default files of about 50,000 records or more take it.",
)
@pseudonymise_option
@db_option
@click.pass_context
def import_files(
    ctx: click.Context,
    paths: tuple[Path, ...],
    fmt: str | None,
    platform: str | None,
    map_spec: str | None,
    map_file: Path | None,
    as_json: bool,
    bulk: bool | None,
    pseudonymise: bool,
) -> None:
    """Import export files (the default: `resonanz import PATH...`); .gz/.zst work too."""
    options = _options(map_spec, map_file)
    workspace = open_for_import(ctx, pseudonymise)
    code = import_paths(workspace, list(paths), fmt, platform, options, as_json, bulk=bulk)
    ctx.exit(code)


def import_paths(
    workspace: Workspace,
    paths: list[Path],
    fmt: str | None,
    platform: str | None,
    options: Mapping[str, str],
    as_json: bool,
    show_progress: bool | None = None,
    bulk: bool | None = None,
) -> int:
    """Import each path in turn, print the results, return the exit code.

    An unusable file is reported on stderr (one line + hint) and the others still run.
    """
    err = stderr()
    progress_on = (not as_json) if show_progress is None else show_progress
    rows: list[tuple[str, ImportSummary]] = []
    unusable = 0
    with ImportProgress(err, enabled=progress_on) as progress:
        for path in paths:
            try:
                _check_readable(path)
                with progress.track(path.name, path.stat().st_size) as callback:
                    summary = workspace.import_file(
                        path,
                        fmt=fmt,
                        platform=platform,
                        options=dict(options),
                        progress=callback,
                        bulk=bulk,
                    )
            except (UsageError, PluginLoadError) as exc:
                unusable += 1
                _say_unusable(exc)
                continue
            rows.append((path.name, summary))
    print_results(rows, as_json)
    return _exit_code([s for _, s in rows], unusable)


def _say_unusable(exc: UsageError | PluginLoadError) -> None:
    report_error(exc)
    sys.stderr.flush()


def register(group: click.Group) -> None:
    from resonanz.cli import live

    live.register(import_group)
    group.add_command(import_group)
