"""``resonanz serve``, ``resonanz users ...`` and ``resonanz tokens ...``.

There is no default account and no default password: the first admin is created
with ``resonanz users create-admin``, the password typed at a hidden prompt (twice)
or read from standard input with ``--password-stdin`` (for scripts).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click
import orjson
from rich.table import Table

from resonanz.cli.common import ResonanzGroup, db_option, json_option, state, stdout
from resonanz.errors import UsageError

if TYPE_CHECKING:
    from resonanz.service import Workspace

F = TypeVar("F", bound=Callable[..., Any])


def _workspace(ctx: click.Context) -> Workspace:
    workspace = state(ctx).open_workspace()
    workspace.init()
    return workspace


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            raise UsageError("no password on standard input", hint="echo the password into it")
        return password
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


def _password_option(func: F) -> F:
    return click.option(
        "--password-stdin",
        is_flag=True,
        help="Read the password from the first line of standard input instead of a prompt.",
    )(func)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="Trust X-Forwarded-Proto/-For from a reverse proxy on this machine (TLS there).",
)
@click.option(
    "--upload-limit",
    default=512,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="Largest export file accepted by upload, in MiB.",
)
@db_option
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, behind_proxy: bool, upload_limit: int) -> None:
    """Run the web app and the REST API."""
    from resonanz.extras import require_extra

    require_extra("web", "the web app (resonanz serve)")
    import uvicorn

    from resonanz.service.users import count_admins
    from resonanz.web import WebConfig, create_app

    workspace = _workspace(ctx)
    if count_admins(workspace.engine) == 0:
        click.echo(
            "note: no admin yet; create one with `resonanz users create-admin NAME`", err=True
        )
    config = WebConfig(
        trust_forwarded_proto=behind_proxy,
        upload_limit=upload_limit << 20,
        settings=state(ctx).settings(),
    )
    app = create_app(workspace, config)
    click.echo(f"serving on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(
        app,
        host=host,
        port=port,
        proxy_headers=behind_proxy,
        forwarded_allow_ips="127.0.0.1" if behind_proxy else None,
        server_header=False,
        log_level="info",
    )


@click.group("users", cls=ResonanzGroup)
def users_group() -> None:
    """Web users and their roles (admin, analyst, agent, viewer)."""
    from resonanz.extras import require_extra

    require_extra("web", "managing web users")


@users_group.command("create-admin")
@click.argument("username")
@_password_option
@db_option
@click.pass_context
def users_create_admin(ctx: click.Context, username: str, password_stdin: bool) -> None:
    """Create an admin (the way to create the first user)."""
    from resonanz.service.users import create_user

    workspace = _workspace(ctx)
    user = create_user(workspace.engine, username, _password(password_stdin), "admin")
    click.echo(f"created admin {user.username!r} (id {user.id})")


@users_group.command("create")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "analyst", "agent", "viewer"]),
    help="What the user may do.",
)
@click.option("--language", type=click.Choice(["de", "en"]), default=None, help="UI language.")
@_password_option
@db_option
@click.pass_context
def users_create(
    ctx: click.Context, username: str, role: str, language: str | None, password_stdin: bool
) -> None:
    """Create a user with a role."""
    from resonanz.service.users import create_user

    workspace = _workspace(ctx)
    user = create_user(workspace.engine, username, _password(password_stdin), role, language)
    click.echo(f"created {user.role.value} {user.username!r} (id {user.id})")


@users_group.command("list")
@json_option
@db_option
@click.pass_context
def users_list(ctx: click.Context, as_json: bool) -> None:
    """Show all users."""
    from resonanz.service.users import list_users

    found = list_users(_workspace(ctx).engine)
    if as_json:
        rows = [
            {
                "id": u.id,
                "username": u.username,
                "role": u.role.value,
                "language": u.language,
                "active": u.active,
                "last_login_at": u.last_login_at.isoformat() if u.last_login_at else None,
            }
            for u in found
        ]
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    if not found:
        click.echo("no users yet; run `resonanz users create-admin NAME`")
        return
    table = Table(title=f"{len(found)} users", title_justify="left")
    for column in ("id", "user", "role", "language", "active", "last login"):
        table.add_column(column)
    for u in found:
        table.add_row(
            str(u.id),
            u.username,
            u.role.value,
            u.language or "(browser)",
            "yes" if u.active else "no",
            u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "never",
        )
    stdout().print(table)


@click.group("tokens", cls=ResonanzGroup)
def tokens_group() -> None:
    """API tokens (Bearer) for the REST API."""
    from resonanz.extras import require_extra

    require_extra("web", "managing API tokens")


@tokens_group.command("create")
@click.option("--user", "username", required=True, help="The user the token acts as.")
@click.option("--name", required=True, help="What the token is for (shown in lists).")
@db_option
@click.pass_context
def tokens_create(ctx: click.Context, username: str, name: str) -> None:
    """Create a token; its secret is printed this once and never again."""
    from resonanz.service.users import create_token, find_user

    engine = _workspace(ctx).engine
    user = find_user(engine, username)
    if user is None:
        raise UsageError(f"no user {username!r}", hint="see `resonanz users list`")
    record, secret = create_token(engine, user.id, name)
    click.echo(f"token {record.id} for {user.username!r} ({record.name}); store it now:", err=True)
    click.echo(secret)


@tokens_group.command("list")
@click.option("--user", "username", default=None, help="Only this user's tokens.")
@json_option
@db_option
@click.pass_context
def tokens_list(ctx: click.Context, username: str | None, as_json: bool) -> None:
    """Show tokens (never their secrets)."""
    from resonanz.service.users import find_user, list_tokens, list_users

    engine = _workspace(ctx).engine
    owner = None
    if username is not None:
        user = find_user(engine, username)
        if user is None:
            raise UsageError(f"no user {username!r}", hint="see `resonanz users list`")
        owner = user.id
    names = {u.id: u.username for u in list_users(engine)}
    found = list_tokens(engine, owner)
    rows = [
        {
            "id": t.id,
            "user": names.get(t.user_id, str(t.user_id)),
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at.isoformat(),
            "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
            "revoked": t.revoked_at is not None,
        }
        for t in found
    ]
    if as_json:
        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    table = Table(title=f"{len(rows)} tokens", title_justify="left")
    for column in ("id", "user", "name", "starts with", "last used", "revoked"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["user"]),
            str(row["name"]),
            f"{row['prefix']}…",
            str(row["last_used_at"] or "never"),
            "yes" if row["revoked"] else "no",
        )
    stdout().print(table)


@tokens_group.command("revoke")
@click.argument("token_id", type=click.IntRange(1, 2**63 - 1))
@db_option
@click.pass_context
def tokens_revoke(ctx: click.Context, token_id: int) -> None:
    """Revoke a token at once (requests with it get 401 from then on)."""
    from resonanz.service.users import revoke_token

    if not revoke_token(_workspace(ctx).engine, token_id):
        raise UsageError(f"no active token with id {token_id}", hint="see `resonanz tokens list`")
    click.echo(f"revoked token {token_id}")


def register(group: click.Group) -> None:
    group.add_command(serve)
    group.add_command(users_group)
    group.add_command(tokens_group)
