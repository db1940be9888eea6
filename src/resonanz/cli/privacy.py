"""``resonanz privacy erase|export|enforce|new-key``: GDPR requests, retention, keys.

``erase`` removes everything stored about one author and leaves tombstones so a
re-import does not bring it back (see :mod:`resonanz.privacy.erase`); it asks for
confirmation unless ``--yes`` is given. ``export`` writes everything stored about the
author as one JSON document. Both are logged without personal data. ``enforce``
applies the retention settings (:mod:`resonanz.privacy.retention`); ``new-key``
prints a fresh key for pseudonymised imports (:mod:`resonanz.privacy.pseudonym`).
"""

from __future__ import annotations

import getpass
from pathlib import Path

import click
import orjson

from resonanz.cli.common import db_option, state

AUTHOR_HELP = "The author as PLATFORM:HANDLE (or PLATFORM:AUTHOR_ID), e.g. youtube:@anna."


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


@click.group("privacy")
def privacy_group() -> None:
    """Erase or export an author's data (GDPR requests)."""


@privacy_group.command("erase")
@click.option("--author", required=True, help=AUTHOR_HELP)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@click.pass_context
def erase_command(ctx: click.Context, author: str, yes: bool) -> None:
    """Delete everything stored about AUTHOR; a re-import will not bring it back."""
    from resonanz.service.privacy import Subject, erase_subject

    subject = Subject.parse(author)
    workspace = state(ctx).open_workspace()
    workspace.init()
    if not yes:
        click.confirm(
            f"Erase everything stored about {subject.platform}:{subject.handle}? "
            "This cannot be undone",
            abort=True,
        )
    report = erase_subject(workspace.engine, state(ctx).settings(), subject, _actor())
    click.echo(
        f"erased {report.posts} posts, {report.dependent_rows} linked rows and "
        f"{report.quarantined} quarantined records; the handle was redacted in "
        f"{report.redacted_rows} other rows; {report.tombstones} tombstones keep the posts "
        "out of future imports"
        + (
            f"; {report.creator_accounts} accounts left the creator directory"
            if report.creator_accounts
            else ""
        )
    )


@privacy_group.command("export")
@click.option("--author", required=True, help=AUTHOR_HELP)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the JSON here (default: standard output).",
)
@db_option
@click.pass_context
def export_command(ctx: click.Context, author: str, out: Path | None) -> None:
    """Everything stored about AUTHOR as one JSON document (right of access)."""
    from resonanz.service.privacy import Subject, export_subject

    subject = Subject.parse(author)
    workspace = state(ctx).open_workspace()
    workspace.init()
    document = export_subject(workspace.engine, state(ctx).settings(), subject, _actor())
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    if out is None:
        click.echo(data.decode())
        return
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)
    total = sum(document["counts"].values())
    click.echo(f"{out}: {total} rows about {subject.platform}:{subject.handle}")


@privacy_group.command("enforce")
@click.option("--dry-run", is_flag=True, help="Only count what would go; change nothing.")
@db_option
@click.pass_context
def enforce_command(ctx: click.Context, dry_run: bool) -> None:
    """Delete or blank what is older than the retention settings allow."""
    from resonanz.service.privacy import run_enforce

    cli_state = state(ctx)
    workspace = cli_state.open_workspace()
    workspace.init()
    for line in run_enforce(workspace.engine, cli_state.settings(), _actor(), dry_run):
        click.echo(line)


@privacy_group.command("new-key")
def new_key_command() -> None:
    """Print a new random pseudonym key (set it as RESONANZ_PSEUDONYM_KEY)."""
    from resonanz.service.privacy import new_key

    click.echo(new_key())


def register(group: click.Group) -> None:
    group.add_command(privacy_group)
