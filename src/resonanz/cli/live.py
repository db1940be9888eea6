"""Live sources under ``resonanz import``: ``youtube``, ``mastodon`` and ``feed-url``.

Each command builds a connector from the settings (API key, instance, timeout), asks
it for posts and hands them to :meth:`Workspace.import_items`, which records an
import run exactly like a file import. Output and exit codes match file imports.
Credentials come only from settings (``resonanz.toml`` or ``RESONANZ_*``), never from
the command line, so they do not end up in shell history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click

from resonanz.cli.common import db_option, json_option, state, stderr
from resonanz.cli.imports import EXIT_OK, EXIT_REJECTED, print_results
from resonanz.cli.render import ImportProgress

if TYPE_CHECKING:
    from resonanz.service.live import ImportItem


def _run(
    ctx: click.Context,
    items: Callable[[], Iterable[ImportItem]],
    source: str,
    fmt: str,
    as_json: bool,
) -> None:
    """Import the items of one live source and exit with the file-import exit codes."""
    workspace = state(ctx).open_workspace()
    with (
        ImportProgress(stderr(), enabled=not as_json) as progress,
        progress.track(source, None) as callback,
    ):
        summary = workspace.import_items(items(), source, fmt, progress=callback)
    print_results([(source, summary)], as_json)
    ctx.exit(EXIT_REJECTED if summary.rejected or summary.status != "completed" else EXIT_OK)


@click.command("youtube")
@click.option("--video", metavar="ID", help="One video and its comments.")
@click.option("--channel", metavar="ID", help="Recent videos of a channel (UC... id).")
@click.option("--search", metavar="QUERY", help="Videos matching a search (100 quota units/page).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Pages per listing.")
@json_option
@db_option
@click.pass_context
def youtube_command(
    ctx: click.Context,
    video: str | None,
    channel: str | None,
    search: str | None,
    max_pages: int | None,
    as_json: bool,
) -> None:
    """Fetch videos, comments and replies from the YouTube Data API (key from settings)."""
    from resonanz.service.live import YouTubeClient, youtube_posts

    settings = state(ctx).settings()
    client = YouTubeClient(
        settings.youtube_api_key or "",
        base_url=settings.youtube_api_url,
        timeout=settings.http_timeout,
    )
    what = "video" if video else "channel" if channel else "search"
    source = f"youtube:{what}={video or channel or search}"
    with client:
        _run(
            ctx,
            lambda: youtube_posts(
                client, video=video, channel=channel, search=search, max_pages=max_pages
            ),
            source,
            "youtube-api",
            as_json,
        )


@click.command("mastodon")
@click.option("--instance", metavar="URL", help="Server, e.g. https://mastodon.social.")
@click.option("--hashtag", metavar="TAG", help="Public hashtag timeline.")
@click.option("--account", metavar="ACCT", help="Statuses of an account (user or user@host).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Pages to follow.")
@json_option
@db_option
@click.pass_context
def mastodon_command(
    ctx: click.Context,
    instance: str | None,
    hashtag: str | None,
    account: str | None,
    max_pages: int | None,
    as_json: bool,
) -> None:
    """Fetch a hashtag or account timeline from a Mastodon server."""
    from resonanz.errors import UsageError
    from resonanz.service.live import MastodonClient, mastodon_posts

    settings = state(ctx).settings()
    server = instance or settings.mastodon_instance
    if not server:
        raise UsageError(
            "no Mastodon server given",
            hint="pass --instance https://mastodon.social or set RESONANZ_MASTODON_INSTANCE",
        )
    client = MastodonClient(server, settings.mastodon_token, timeout=settings.http_timeout)
    what = "hashtag" if hashtag else "account"
    source = f"mastodon:{client.base_url}:{what}={(hashtag or account or '').lstrip('#')}"
    with client:
        _run(
            ctx,
            lambda: mastodon_posts(client, hashtag=hashtag, account=account, max_pages=max_pages),
            source,
            "mastodon",
            as_json,
        )


@click.command("feed-url")
@click.argument("url")
@json_option
@db_option
@click.pass_context
def feed_url_command(ctx: click.Context, url: str, as_json: bool) -> None:
    """Fetch an RSS/Atom feed by URL (blog posts, comment feeds)."""
    from resonanz.service.live import fetch_feed

    timeout = state(ctx).settings().http_timeout
    _run(ctx, lambda: fetch_feed(url, timeout=timeout), url, "feed", as_json)


def register(group: click.Group) -> None:
    """Add the live subcommands to the ``import`` group."""
    for command in (youtube_command, mastodon_command, feed_url_command):
        group.add_command(command)
