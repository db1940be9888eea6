"""What every command shares: the invocation state, the ``--db`` option, error output.

The CLI is a thin face. Commands parse input, call :class:`resonanz.service.Workspace`
and render; library errors (:class:`~resonanz.errors.ResonanzError`) are turned into
a one-line message plus a hint on stderr and an exit code in exactly one place,
:class:`ResonanzGroup`.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click
import orjson
from rich.console import Console
from rich.table import Table

from resonanz.errors import ResonanzError
from resonanz.settings import Settings, load_settings

if TYPE_CHECKING:
    from resonanz.service import Workspace

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    """Per-invocation state stored in ``ctx.obj``: where settings come from."""

    config: Path | None = None
    db: str | None = None
    _settings: Settings | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        """Settings resolved once: defaults < resonanz.toml < env < flags."""
        if self._settings is None:
            self._settings = load_settings(self.config, overrides={"database_url": self.db})
        return self._settings

    def open_workspace(self) -> Workspace:
        """Open the workspace; it is closed when the command finishes."""
        from resonanz.service import Workspace
        from resonanz.service.privacy import intake_for
        from resonanz.service.sources import InputLimits

        settings = self.settings()
        workspace = Workspace.open(settings.database_url)
        workspace.limits = InputLimits(
            max_expansion=settings.import_max_expansion,
            max_member_bytes=settings.import_max_member_mb << 20,
            max_blank_rows=settings.import_max_blank_rows,
        )
        workspace.intake = intake_for(settings)
        current = click.get_current_context(silent=True)
        if current is not None:
            current.find_root().call_on_close(workspace.close)
        return workspace


def state(ctx: click.Context) -> CliState:
    """The :class:`CliState` of this invocation (created on demand, e.g. under CliRunner)."""
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj


def _store_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        state(ctx).db = value
        state(ctx)._settings = None
    return value


def db_option(func: F) -> F:
    """``--db URL`` accepted on the root and on subcommands (the later one wins)."""
    option = click.option(
        "--db",
        "db",
        metavar="URL",
        default=None,
        expose_value=False,
        callback=_store_db,
        help="Database URL (overrides RESONANZ_DATABASE_URL and resonanz.toml).",
    )
    return option(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")(
        func
    )


#: Width used when output is not a terminal (pipes, files, tests): wide enough not to fold.
PIPE_WIDTH = 160


def _console(stream: TextIO) -> Console:
    width = None if stream.isatty() else PIPE_WIDTH
    return Console(file=stream, soft_wrap=True, width=width)


def stdout() -> Console:
    """A console on the current ``sys.stdout`` (so CliRunner captures it)."""
    return _console(sys.stdout)


def stderr() -> Console:
    return _console(sys.stderr)


def report_error(exc: ResonanzError) -> None:
    """Print ``error: message`` and ``hint: ...`` on stderr (one line each, no traceback)."""
    message = " ".join(str(exc.message).split())
    click.echo(f"error: {message}", err=True)
    if exc.hint:
        click.echo(f"hint: {' '.join(exc.hint.split())}", err=True)


class ResonanzGroup(click.Group):
    """A click group that translates library errors at the edge."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ResonanzError as exc:
            if ctx.parent is not None:  # only the root group reports
                raise
            report_error(exc)
            sys.stderr.flush()
            ctx.exit(exc.exit_code)


def safe_url(url: str) -> str:
    """A database URL fit for printing: any password is replaced by ``***``."""
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy understands: show nothing secret-looking
        return url.split("@")[-1] if "@" in url else url


def system_actor() -> str:
    """The actor of an audit log entry made from the command line: ``cli:<system user>``."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def print_log(rows: Sequence[Any], title: str, columns: Sequence[str], as_json: bool) -> None:
    """An audit log's rows (dataclasses with an ``at`` time): every field as JSON, or a
    table of ``columns`` (empty cells for ``None``)."""
    if as_json:
        data = [dataclasses.asdict(r) for r in rows]
        click.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2, default=str).decode())
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column)
    for r in rows:
        cells = [getattr(r, column) for column in columns]
        table.add_row(
            *(
                v.isoformat(timespec="seconds") if column == "at" else "" if v is None else str(v)
                for column, v in zip(columns, cells, strict=True)
            )
        )
    stdout().print(table)
