"""``resonanz creators ...``: the creator directory (curate, rank, show, import, partners)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import click
import orjson
from rich.table import Table

from resonanz.cli.common import (
    ResonanzGroup,
    db_option,
    json_option,
    print_log,
    state,
    stdout,
)
from resonanz.cli.common import system_actor as _actor
from resonanz.errors import InvalidValue
from resonanz.service import creators as C


def _day(value: str | None, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{what}: {value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _period(since: str | None, until: str | None) -> C.Period:
    start, end = _day(since, "--since"), _day(until, "--until")
    return C.Period(
        datetime.combine(start, time(), UTC) if start else None,
        datetime.combine(end, time(), UTC) if end else None,
    )


def period_options(func: Any) -> Any:
    func = click.option("--until", help="content published before this day (YYYY-MM-DD)")(func)
    return click.option("--since", help="content published from this day (YYYY-MM-DD)")(func)


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f} %"


def _num(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", ".")


def _dump(value: Any) -> None:
    click.echo(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode())


@click.group("creators", cls=ResonanzGroup)
def creators_group() -> None:
    """The creator directory: channels and accounts that publish about the brands."""


@creators_group.command("add")
@click.argument("name")
@click.option("--account", "accounts", multiple=True, help="PLATFORM:ID, repeatable")
@click.option("--slug", help="the short name (default: made from NAME)")
@click.option("--category")
@click.option("--language", help="e.g. de, en")
@click.option("--alias", "aliases", multiple=True, help="another name, repeatable")
@click.option("--notes")
@db_option
@click.pass_context
def creators_add(
    ctx: click.Context,
    name: str,
    accounts: tuple[str, ...],
    slug: str | None,
    category: str | None,
    language: str | None,
    aliases: tuple[str, ...],
    notes: str | None,
) -> None:
    """Add a creator NAME with its accounts (youtube:UC..., reddit:name, mastodon:ID)."""
    engine = state(ctx).open_workspace().engine
    creator = C.add(
        engine,
        name,
        accounts,
        slug=slug,
        category=category,
        language=language,
        aliases=aliases,
        notes=notes,
        actor=_actor(),
    )
    click.echo(f"added {creator.slug} ({len(accounts)} accounts)")


@creators_group.command("account")
@click.argument("slug")
@click.argument("account")
@click.option("--handle", help="the account's handle (@name), matched against post authors")
@click.option("--remove", is_flag=True, help="remove the account from the directory")
@db_option
@click.pass_context
def creators_account(
    ctx: click.Context, slug: str, account: str, handle: str | None, remove: bool
) -> None:
    """Give creator SLUG the ACCOUNT (PLATFORM:ID), or --remove it."""
    engine = state(ctx).open_workspace().engine
    if remove:
        C.detach(engine, account, actor=_actor())
        click.echo(f"removed {account}")
        return
    row = C.attach(engine, slug, account, handle, actor=_actor())
    click.echo(f"{row.platform}:{row.native_id} belongs to {slug}")


@creators_group.command("list")
@click.option("--brand")
@click.option("--category")
@click.option("--language")
@click.option("--reach", "reach_band", type=click.Choice(C.REACH_BAND_NAMES))
@click.option("--min-engagement", type=float, help="e.g. 0.05 for 5 %")
@click.option("--disclosure", type=click.Choice(C.DISCLOSURE_FILTERS), default="any")
@click.option("--not-partner", is_flag=True, help="talk about --brand but are not partners")
@click.option("--partner-gaps", is_flag=True, help="partners of --brand lacking disclosures")
@click.option("--sort", type=click.Choice(C.SORTS), default="reach")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50)
@period_options
@json_option
@db_option
@click.pass_context
def creators_list(
    ctx: click.Context,
    /,
    since: str | None,
    until: str | None,
    limit: int,
    as_json: bool,
    **filters: Any,
) -> None:
    """Rank the creators (reach, engagement, brand affinity, transparency)."""
    engine = state(ctx).open_workspace().engine
    page = C.directory_page(engine, C.Query(**filters), _period(since, until), 0, limit)
    if as_json:
        _dump({"total": page.total, "creators": [C.as_json(f) for f in page.rows]})
        return
    table = Table(title=f"{page.total} of {page.creators} creators", title_justify="left")
    for column in ("creator", "platforms", "followers", "views", "engagement", "transparency"):
        table.add_column(column)
    for f in page.rows:
        score = f.record.transparency
        table.add_row(
            f"{f.creator.name} ({f.creator.slug})",
            ", ".join(f.platforms),
            _num(f.followers),
            _num(f.views),
            _pct(f.engagement_rate, 2),
            "–" if score is None else f"{score:.0f} ({f.record.undisclosed} undisclosed)",
        )
    stdout().print(table)


@creators_group.command("show")
@click.argument("slug")
@period_options
@json_option
@db_option
@click.pass_context
def creators_show(
    ctx: click.Context, slug: str, since: str | None, until: str | None, as_json: bool
) -> None:
    """Every figure of one creator, with its formula and the disclosure record."""
    engine = state(ctx).open_workspace().engine
    f = C.show(engine, slug, _period(since, until))
    if as_json:
        _dump(C.as_json(f))
        return
    out = stdout()
    c = f.creator
    out.print(f"[bold]{c.name}[/bold] ({c.slug})", highlight=False)
    if c.aliases:
        out.print(f"aliases: {', '.join(c.aliases)}", highlight=False)
    for a in f.accounts:
        out.print(f"  {a.platform}:{a.native_id} {a.handle or ''} {_num(a.followers)} followers")
    out.print(f"reach: {_num(f.followers)} followers, {_num(f.views)} views, {f.content} posts")
    for e in f.engagement:
        out.print(
            f"engagement {e.platform}: {_pct(e.rate, 2)} = {e.formula} "
            f"= ({e.likes} + {e.comments}) / "
            + (f"{e.views}" if e.basis == "views" else f"({e.posts} × {_num(e.followers)})"),
            highlight=False,
        )
    q = f.quality
    out.print(
        f"comments: {q.comments}; spam {_pct(q.spam_share)} ({C.FORMULAS['spam']}); "
        f"repeat commenters {_pct(q.repeat_share)} ({C.FORMULAS['repeat']})",
        highlight=False,
    )
    out.print(f"audience sentiment: net {_pct(f.sentiment.net, 0)}", highlight=False)
    for b in f.affinity:
        rival = f" (competitor of {', '.join(b.competitor_of)})" if b.competitor_of else ""
        out.print(f"brand {b.brand}: {b.posts} posts, affinity {_pct(b.score, 0)}{rival}")
    r = f.record
    score = "–" if r.transparency is None else f"{r.transparency:.1f}"
    out.print(
        f"transparency {score} = {C.FORMULAS['transparency']} "
        f"({r.clear} clear, {r.weak} weak, {r.commercial} commercial)",
        highlight=False,
    )
    for p in r.posts:
        state_ = f"disclosed ({p.strength})" if p.disclosed else "NOT disclosed"
        flag = " -> follow-up" if p.needs_followup else ""
        found = [f"{c.kind}: {c.text}" for c in p.evidence]
        found += [f"partnership: {brand} ({kind})" for brand, kind in p.partners]
        out.print(
            f"  {p.created_at:%Y-%m-%d} {p.platform}:{p.native_id} {state_}{flag}; "
            f"rules {', '.join(p.rules) or '–'}; evidence: {'; '.join(found) or '–'}",
            highlight=False,
        )


@creators_group.command("merge")
@click.argument("into")
@click.argument("others", nargs=-1, required=True)
@db_option
@click.pass_context
def creators_merge(ctx: click.Context, into: str, others: tuple[str, ...]) -> None:
    """Merge the creators OTHERS into INTO (accounts, partnerships, names as aliases)."""
    creator = C.merge(state(ctx).open_workspace().engine, into, others, actor=_actor())
    click.echo(f"merged {len(others)} into {creator.slug}")


@creators_group.command("split")
@click.argument("slug")
@click.argument("accounts", nargs=-1, required=True)
@click.option("--name", required=True, help="name of the new creator")
@db_option
@click.pass_context
def creators_split(ctx: click.Context, slug: str, accounts: tuple[str, ...], name: str) -> None:
    """Move ACCOUNTS of SLUG to a new creator called --name."""
    creator = C.split(state(ctx).open_workspace().engine, slug, accounts, name, actor=_actor())
    click.echo(f"split {len(accounts)} accounts off into {creator.slug}")


@creators_group.command("alias")
@click.argument("slug")
@click.option("--add", "add_names", multiple=True)
@click.option("--remove", "remove_names", multiple=True)
@db_option
@click.pass_context
def creators_alias(
    ctx: click.Context, slug: str, add_names: tuple[str, ...], remove_names: tuple[str, ...]
) -> None:
    """Add or remove other names of a creator."""
    creator = C.alias(
        state(ctx).open_workspace().engine, slug, add_names, remove_names, actor=_actor()
    )
    click.echo(f"{creator.slug}: {', '.join(creator.aliases) or 'no aliases'}")


@creators_group.command("remove")
@click.argument("slug")
@db_option
@click.pass_context
def creators_remove(ctx: click.Context, slug: str) -> None:
    """Delete a creator with its accounts and partnerships (their posts stay)."""
    C.remove(state(ctx).open_workspace().engine, slug, actor=_actor())
    click.echo(f"removed {slug}")


@creators_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["api", "csv"]),
    default=None,
    help="api: saved YouTube/Mastodon/Reddit answers (JSON, JSON Lines); csv: a list",
)
@click.option("--update-only", is_flag=True, help="update known accounts, add no creators")
@db_option
@click.pass_context
def creators_import(ctx: click.Context, file: Path, fmt: str | None, update_only: bool) -> None:
    """Creators and account figures from FILE (format from the suffix unless --format)."""
    engine = state(ctx).open_workspace().engine
    if (fmt or ("csv" if file.suffix.casefold() == ".csv" else "api")) == "csv":
        result = C.import_csv(engine, file.read_bytes())
        bad = 0
    else:
        with file.open("rb") as stream:
            result, bad = C.import_records(engine, stream, create=not update_only)
    click.echo(
        f"{len(result.created)} creators added, {result.updated} updated, "
        f"{result.skipped} skipped" + (f", {bad} unreadable documents" if bad else "")
    )


@creators_group.command("refresh")
@click.option(
    "--platform",
    "platforms",
    type=click.Choice(["youtube", "reddit", "mastodon"]),
    multiple=True,
    help="Which accounts to refresh (repeatable; default: youtube).",
)
@click.option(
    "--mastodon-url",
    default=None,
    metavar="URL",
    help="Ask this server instead of each account's own instance (a proxy or test server).",
)
@db_option
@click.pass_context
def creators_refresh(
    ctx: click.Context, platforms: tuple[str, ...], mastodon_url: str | None
) -> None:
    """Fetch followers, views and profile of the accounts live.

    YouTube: channels.list (needs youtube_api_key). Reddit: /user/NAME/about.json with
    the reddit_user_agent. Mastodon: /api/v1/accounts/lookup on the account's instance.
    """
    from resonanz.service import creators_live as L
    from resonanz.service.live import MastodonClient, RedditPublicClient, YouTubeClient

    settings = state(ctx).settings()
    engine = state(ctx).open_workspace().engine
    for platform in platforms or ("youtube",):
        if platform == "youtube":
            client = YouTubeClient(
                settings.youtube_api_key or "",
                base_url=settings.youtube_api_url,
                timeout=settings.http_timeout,
            )
            with client:
                result = C.refresh_youtube(engine, client)
            n = result.updated
            click.echo(f"{n} YouTube-Konten aktualisiert ({n} YouTube accounts refreshed)")
            continue
        if platform == "reddit":
            with RedditPublicClient(
                settings.reddit_public_url,
                user_agent=settings.reddit_user_agent,
                timeout=settings.http_timeout,
            ) as reddit:
                done = L.refresh_reddit(engine, reddit)
        else:
            done = L.refresh_mastodon(
                engine,
                lambda host: MastodonClient(
                    mastodon_url or f"https://{host}", timeout=settings.http_timeout
                ),
            )
        click.echo(
            f"{platform}: {done.applied.updated} Konten aktualisiert, {len(done.failed)} "
            f"fehlgeschlagen ({done.applied.updated} accounts refreshed, "
            f"{len(done.failed)} failed)"
        )
        for ref, reason in done.failed:
            click.echo(f"  {ref}: {reason}")


@creators_group.group("partner", cls=ResonanzGroup, invoke_without_command=False)
def partner_group() -> None:
    """Declared partnerships of the brands with creators."""


@partner_group.command("add")
@click.argument("slug")
@click.argument("brand")
@click.option("--kind", type=click.Choice(C.PARTNERSHIP_KINDS), required=True)
@click.option("--from", "starts", required=True, help="first day (YYYY-MM-DD)")
@click.option("--to", "ends", help="last day (YYYY-MM-DD); open-ended without")
@click.option("--note")
@db_option
@click.pass_context
def partner_add(
    ctx: click.Context,
    slug: str,
    brand: str,
    kind: str,
    starts: str,
    ends: str | None,
    note: str | None,
) -> None:
    """Declare that BRAND works with creator SLUG."""
    start = _day(starts, "--from")
    assert start is not None
    deal = C.declare_partnership(
        state(ctx).open_workspace().engine,
        slug,
        brand,
        kind,
        start,
        _day(ends, "--to"),
        note,
        created_by=_actor(),
    )
    click.echo(f"partnership {deal.id}: {deal.brand} x {slug} ({deal.kind})")


@partner_group.command("end")
@click.argument("partnership_id", type=int)
@db_option
@click.pass_context
def partner_remove(ctx: click.Context, partnership_id: int) -> None:
    """Delete a declared partnership."""
    C.end_partnership(state(ctx).open_workspace().engine, partnership_id, actor=_actor())
    click.echo(f"partnership {partnership_id} removed")


@partner_group.command("check")
@period_options
@db_option
@click.pass_context
def partner_check(ctx: click.Context, since: str | None, until: str | None) -> None:
    """Put an inbox task on every partner post that lacks a disclosure (never a reply)."""
    result = C.flag_followups(state(ctx).open_workspace().engine, _period(since, until))
    click.echo(f"{result.created} follow-up tasks created, {result.already} already in the inbox")


@creators_group.command("log")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_option
@db_option
@click.pass_context
def creators_log(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The directory's audit log (who added, split, merged, removed what), newest first."""
    rows = C.audit_log(state(ctx).open_workspace().engine, limit)
    columns = ("at", "actor", "action", "creator", "account", "detail")
    print_log(rows, "Creator-Protokoll (creator audit log)", columns, as_json)


def register(group: click.Group) -> None:
    group.add_command(creators_group)
