"""``resonanz inbox list|sync|draft`` and ``resonanz outbox run [--dry-run]``.

Publishing credentials come from the settings (``youtube_oauth_token``,
``reddit_oauth_token``, ``mastodon_token`` with ``mastodon_instance``); see
docs/dialogue.md.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import click
import orjson
from rich.table import Table

from resonanz.cli.common import db_option, json_option, state, stdout


def _json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2, default=str).decode()


@click.group("inbox")
def inbox_group() -> None:
    """The reply inbox: posts waiting for an answer from the brand."""


@inbox_group.command("sync")
@db_option
@click.pass_context
def inbox_sync(ctx: click.Context) -> None:
    """Add items for analysed posts that need a reply; close items answered elsewhere."""
    from resonanz.service.creators import followups_for_sync
    from resonanz.service.inbox import sync

    workspace = state(ctx).open_workspace()
    workspace.init()
    counts = sync(workspace.engine, actor="cli")
    click.echo(
        f"inbox: {counts.created} new item(s), {counts.assigned} assigned by rule, "
        f"{counts.closed} closed (answered outside the inbox)"
    )
    followups = followups_for_sync(workspace.engine)
    if followups is not None and followups.created:
        click.echo(
            f"inbox: {followups.created} Nachfass-Aufgabe(n) zu Partner-Beiträgen ohne "
            f"Werbekennzeichnung (follow-up task(s) for partner posts without disclosure)"
        )


@inbox_group.command("list")
@click.option(
    "--state",
    "states",
    multiple=True,
    type=click.Choice(
        ["new", "assigned", "drafted", "awaiting_approval", "approved", "sent", "dismissed"]
    ),
    help="Only items in this state (repeatable; default: all open states).",
)
@click.option("--assignee", default=None, help="Only items assigned to this user.")
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="At most this many items.",
)
@json_option
@db_option
@click.pass_context
def inbox_list(
    ctx: click.Context, states: tuple[str, ...], assignee: str | None, limit: int, as_json: bool
) -> None:
    """Open items, highest priority first, with the reason for their priority."""
    from resonanz.service.inbox import OPEN_VALUES, list_items

    workspace = state(ctx).open_workspace()
    workspace.init()
    items = list_items(workspace.engine, states or OPEN_VALUES, assignee, limit)
    if as_json:
        click.echo(_json([dataclasses.asdict(i) for i in items]))
        return
    table = Table(title=f"inbox ({len(items)})", title_justify="left")
    for column in ("id", "priority", "state", "assignee", "platform", "SLA", "text"):
        table.add_column(column)
    for i in items:
        if i.clock == "archive":  # measured against the archive's own time, never breached
            as_of = i.clock_at.strftime("%Y-%m-%d %H:%M") if i.clock_at else "?"
            sla = f"archive (as of {as_of})"
        elif i.breached:
            sla = "breached"
        else:
            sla = i.due_at.strftime("%Y-%m-%d %H:%M") if i.due_at else ""
        text = " ".join(i.text.split())
        table.add_row(
            str(i.id),
            i.explanation,
            i.state,
            i.assignee or "",
            i.platform,
            sla,
            text[:80] + ("…" if len(text) > 80 else ""),
        )
    stdout().print(table)


@inbox_group.command("draft")
@click.argument("item_id", type=int)
@click.option("--account", required=True, help="The own account that answers (as in the catalog).")
@click.option("--text", required=True, help="The reply (the disclosure line is added on submit).")
@click.option("--by", "agent", default="cli", show_default=True, help="Who writes the draft.")
@db_option
@click.pass_context
def inbox_draft(ctx: click.Context, item_id: int, account: str, text: str, agent: str) -> None:
    """Save a reply draft; only an own account of the item's brand(s) on its platform may send it."""
    from resonanz.service.inbox import Actor, draft

    workspace = state(ctx).open_workspace()
    workspace.init()
    draft(workspace.engine, item_id, Actor(agent, "agent"), text, account)
    click.echo(f"item {item_id}: draft saved, to be sent as {account}")


@click.group("outbox")
def outbox_group() -> None:
    """Approved replies waiting to be published."""


@outbox_group.command("run")
@click.option(
    "--dry-run", is_flag=True, help="Record the request each entry would make; send nothing."
)
@click.option(
    "--limit",
    type=click.IntRange(1, 10_000),
    default=100,
    show_default=True,
    help="At most this many entries in this run.",
)
@json_option
@db_option
@click.pass_context
def outbox_run(ctx: click.Context, dry_run: bool, limit: int, as_json: bool) -> None:
    """Publish the due entries once (retries wait for their backoff); safe to re-run."""
    from resonanz.service.inbox import Credentials, default_factory, run_outbox

    settings = state(ctx).settings()
    workspace = state(ctx).open_workspace()
    workspace.init()
    credentials = Credentials.from_settings(settings)
    reports = run_outbox(
        workspace.engine, default_factory(credentials), dry_run=dry_run, limit=limit
    )
    if as_json:
        click.echo(_json([dataclasses.asdict(r) for r in reports]))
        return
    if not reports:
        click.echo("outbox: nothing due")
    for r in reports:
        detail = f": {r.detail}" if r.detail else ""
        click.echo(f"entry {r.entry_id} (item {r.item_id}, {r.platform}) {r.outcome}{detail}")


@outbox_group.command("list")
@click.option("--status", default=None, help="Only entries in this state (e.g. unknown, failed).")
@json_option
@db_option
@click.pass_context
def outbox_list(ctx: click.Context, status: str | None, as_json: bool) -> None:
    """Outbox entries; `unknown` ones wait for a person to check the platform."""
    from resonanz.service.inbox import list_outbox

    workspace = state(ctx).open_workspace()
    workspace.init()
    entries = list_outbox(workspace.engine, status)
    if as_json:
        click.echo(_json(entries))
        return
    if not entries:
        click.echo("outbox: no entries")
    for e in entries:
        error = f" ({e['last_error']})" if e["last_error"] else ""
        click.echo(f"entry {e['id']} (item {e['item_id']}, {e['platform']}) {e['status']}{error}")


@outbox_group.command("resolve")
@click.argument("entry_id", type=int)
@click.option("--posted", is_flag=True, help="The reply is on the platform: record it as sent.")
@click.option("--url", default=None, help="Where the reply is (implies --posted).")
@click.option("--not-posted", is_flag=True, help="It is not there: queue it again.")
@db_option
@click.pass_context
def outbox_resolve(
    ctx: click.Context, entry_id: int, posted: bool, url: str | None, not_posted: bool
) -> None:
    """Settle an `unknown` entry after looking at the platform yourself."""
    from resonanz.errors import UsageError
    from resonanz.service.inbox import resolve_unknown

    if (posted or url is not None) == not_posted:
        raise UsageError("say either --posted (or --url) or --not-posted")
    workspace = state(ctx).open_workspace()
    workspace.init()
    resolve_unknown(workspace.engine, entry_id, "cli", posted_url=url, posted=posted)
    click.echo(f"entry {entry_id}: " + ("recorded as sent" if not not_posted else "queued again"))


def register(group: click.Group) -> None:
    group.add_command(inbox_group)
    group.add_command(outbox_group)
