"""``resonanz hub ...``: curate the creator hub and build its static site.

\b
resonanz hub collection add SLUG --title "Herbst-Looks" [--title-en ...]
resonanz hub collection list | remove SLUG
resonanz hub creator add|remove SLUG
resonanz hub item add COLLECTION POST_ID [--note ...] [--override-note ...] [--thumbnail FILE]
resonanz hub item remove COLLECTION POST_ID
resonanz hub build --out DIR [--lang de|en] [--youtube-embeds] [--fetch-thumbnails]
resonanz hub thumbnails fetch | clear
resonanz hub mix [--json]
resonanz hub log [--json]

Curation is logged with the actor: ``--as USER`` names a web user, who must be an
analyst or admin; without it the actor is ``cli:<system user>`` (whoever can reach
the database runs the command).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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
    system_actor,
)

F = TypeVar("F", bound=Callable[..., Any])


def _as_option(func: F) -> F:
    return click.option(
        "--as",
        "as_user",
        metavar="USER",
        default=None,
        help="Curate as this web user (must be an analyst or admin); logged as the actor.",
    )(func)


def _actor(ctx: click.Context, as_user: str | None) -> str:
    from resonanz.service.hub import curator

    if as_user is not None:
        return curator(state(ctx).open_workspace(), as_user)
    return system_actor()


def _json(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2, default=str).decode()


@click.group("hub", cls=ResonanzGroup)
def hub_group() -> None:
    """The creator hub: curated collections of creators' posts, as a public static site."""


@hub_group.group("collection", cls=ResonanzGroup)
def collection_group() -> None:
    """Collections of the hub ("Herbst-Looks", "Sensible Haut")."""


@collection_group.command("add")
@click.argument("slug")
@click.option("--title", required=True, help="German title (shown first).")
@click.option("--description", default=None, help="German description.")
@click.option("--title-en", default=None, help="English title (else the German one).")
@click.option("--description-en", default=None, help="English description.")
@_as_option
@db_option
@click.pass_context
def collection_add(
    ctx: click.Context,
    slug: str,
    title: str,
    description: str | None,
    title_en: str | None,
    description_en: str | None,
    as_user: str | None,
) -> None:
    """Create collection SLUG (lower-case letters, digits, hyphens)."""
    from resonanz.service.hub import add_collection

    actor = _actor(ctx, as_user)
    add_collection(
        state(ctx).open_workspace(),
        slug,
        title,
        actor,
        description=description,
        title_en=title_en,
        description_en=description_en,
    )
    click.echo(f"collection {slug!r} created")


@collection_group.command("list")
@json_option
@db_option
@click.pass_context
def collection_list(ctx: click.Context, as_json: bool) -> None:
    """The collections with their item counts."""
    from resonanz.service.hub import list_collections

    rows = list_collections(state(ctx).open_workspace())
    if as_json:
        click.echo(_json([dataclasses.asdict(r) for r in rows]))
        return
    if not rows:
        click.echo("no collections yet; run `resonanz hub collection add SLUG --title ...`")
        return
    table = Table(title=f"{len(rows)} collections", title_justify="left")
    for column in ("slug", "title", "title (en)", "items"):
        table.add_column(column)
    for row in rows:
        table.add_row(row.slug, row.title, row.title_en or "", str(row.items))
    stdout().print(table)


@collection_group.command("remove")
@click.argument("slug")
@_as_option
@db_option
@click.pass_context
def collection_remove(ctx: click.Context, slug: str, as_user: str | None) -> None:
    """Delete collection SLUG and its items (the posts stay)."""
    from resonanz.service.hub import remove_collection

    actor = _actor(ctx, as_user)
    gone = remove_collection(state(ctx).open_workspace(), slug, actor)
    click.echo(f"collection {slug!r} removed with {gone} item(s)")


@hub_group.group("creator", cls=ResonanzGroup)
def creator_group() -> None:
    """Which creators of the creator directory are in the hub."""


@creator_group.command("add")
@click.argument("slug")
@_as_option
@db_option
@click.pass_context
def creator_add(ctx: click.Context, slug: str, as_user: str | None) -> None:
    """Put creator SLUG (from the creator directory) into the hub."""
    from resonanz.service.hub import add_creator

    actor = _actor(ctx, as_user)
    added = add_creator(state(ctx).open_workspace(), slug, actor)
    click.echo(f"creator {slug!r} " + ("added to the hub" if added else "is in the hub already"))


@creator_group.command("remove")
@click.argument("slug")
@_as_option
@db_option
@click.pass_context
def creator_remove(ctx: click.Context, slug: str, as_user: str | None) -> None:
    """Take creator SLUG out of the hub, with their items in every collection."""
    from resonanz.service.hub import remove_creator

    actor = _actor(ctx, as_user)
    gone = remove_creator(state(ctx).open_workspace(), slug, actor)
    click.echo(f"creator {slug!r} removed from the hub with {gone} item(s)")


@hub_group.group("item", cls=ResonanzGroup)
def item_group() -> None:
    """Posts in a collection."""


@item_group.command("add")
@click.argument("collection")
@click.argument("post_id", type=click.IntRange(1))
@click.option("--note", default=None, help="The curator's note shown with the item.")
@click.option(
    "--override-note",
    default=None,
    help="Let in a post the analysis found commercial but unlabelled, saying why (logged).",
)
@click.option(
    "--thumbnail",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A PNG, JPEG, GIF or WebP image to show (else a placeholder).",
)
@_as_option
@db_option
@click.pass_context
def item_add(
    ctx: click.Context,
    collection: str,
    post_id: int,
    note: str | None,
    override_note: str | None,
    thumbnail: Path | None,
    as_user: str | None,
) -> None:
    """Put post POST_ID into COLLECTION (its creator must be in the hub)."""
    from resonanz.service.hub import add_item

    actor = _actor(ctx, as_user)
    image = thumbnail.read_bytes() if thumbnail is not None else None
    add_item(
        state(ctx).open_workspace(),
        collection,
        post_id,
        actor,
        note=note,
        override_note=override_note,
        thumbnail=image,
    )
    click.echo(f"post {post_id} added to {collection!r}")


@item_group.command("remove")
@click.argument("collection")
@click.argument("post_id", type=click.IntRange(1))
@_as_option
@db_option
@click.pass_context
def item_remove(ctx: click.Context, collection: str, post_id: int, as_user: str | None) -> None:
    """Take post POST_ID out of COLLECTION."""
    from resonanz.service.hub import remove_item

    actor = _actor(ctx, as_user)
    remove_item(state(ctx).open_workspace(), collection, post_id, actor)
    click.echo(f"post {post_id} removed from {collection!r}")


@hub_group.command("build")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path, file_okay=False), help="Folder."
)
@click.option(
    "--lang",
    "languages",
    type=click.Choice(["de", "en"]),
    multiple=True,
    help="Language(s) to build (repeatable; default: German and English). The first is at the root.",
)
@click.option(
    "--youtube-embeds",
    is_flag=True,
    help="Offer click-to-load players from youtube-nocookie.com (off: no external requests).",
)
@click.option(
    "--fetch-thumbnails",
    is_flag=True,
    help="First copy the images the data names (allowed hosts only) into the thumbnail cache.",
)
@db_option
@click.pass_context
def build_command(
    ctx: click.Context,
    out: Path,
    languages: tuple[str, ...],
    youtube_embeds: bool,
    fetch_thumbnails: bool,
) -> None:
    """Write the hub as a static site to OUT."""
    from resonanz.service.hub import LANGUAGES, build

    if fetch_thumbnails:
        _fetch(ctx)
    report = build(state(ctx).open_workspace(), out, languages or LANGUAGES, youtube_embeds)
    size = f"{report.bytes:,}".replace(",", ".")
    click.echo(
        f"Hub geschrieben nach {report.out}: {report.pages} Seiten, {report.feeds} Feeds, "
        f"{report.media} Bilder, {size} Bytes"
    )
    click.echo(
        f"hub written to {report.out}: {report.pages} pages, {report.feeds} feeds, "
        f"{report.media} thumbnails, {report.bytes:,} bytes"
    )


#: failed URLs listed one by one; beyond that, only counted by reason
SHOWN_FAILURES = 20


def _fetch(ctx: click.Context) -> None:
    from resonanz.service.hub import fetch_thumbnails

    settings = state(ctx).settings()
    found = fetch_thumbnails(
        state(ctx).open_workspace(),
        hosts=settings.hub_thumbnail_hosts,
        max_bytes=settings.hub_thumbnail_max_kb * 1024,
        timeout=max(0.5, settings.hub_thumbnail_timeout),
    )
    click.echo(
        f"Vorschaubilder: {found.fetched} geladen, {found.cached} aus dem Cache, "
        f"{len(found.failed)} fehlgeschlagen; {found.with_image} von {found.sources} "
        "Beiträgen und Creators mit Bild-URL haben ein Bild, die übrigen zeigen den Platzhalter."
    )
    click.echo(
        f"thumbnails: {found.fetched} fetched, {found.cached} from the cache, "
        f"{len(found.failed)} failed; {found.with_image} of {found.sources} posts and creators "
        "with an image URL have an image, the others show the placeholder."
    )
    for failure in found.failed[:SHOWN_FAILURES]:
        click.echo(f"  fehlgeschlagen (failed): {failure.url[:200]} - {failure.reason}")
    if len(found.failed) > SHOWN_FAILURES:
        for reason, n in sorted(found.failures_by_reason.items(), key=lambda kv: -kv[1]):
            click.echo(f"  {n} x {reason}")


@hub_group.group("thumbnails", cls=ResonanzGroup)
def thumbnails_group() -> None:
    """The thumbnail cache: images copied from the URLs the data carries."""


@thumbnails_group.command("fetch")
@db_option
@click.pass_context
def thumbnails_fetch(ctx: click.Context) -> None:
    """Copy the images of the curated posts and the hub creators into the cache.

    Only http/https URLs on an allowed host (setting hub_thumbnail_hosts besides the
    YouTube image hosts), at most hub_thumbnail_max_kb, JPEG, PNG, WebP or GIF.
    `hub build` and the served /hub/ then show them without any outside request.
    """
    _fetch(ctx)


@thumbnails_group.command("clear")
@db_option
@click.pass_context
def thumbnails_clear(ctx: click.Context) -> None:
    """Empty the thumbnail cache (the next fetch loads every image again)."""
    from resonanz.service.hub_thumbnails import clear

    n = clear(state(ctx).open_workspace())
    click.echo(f"{n} Vorschaubilder gelöscht ({n} thumbnails removed)")


@hub_group.command("mix")
@json_option
@db_option
@click.pass_context
def mix_command(ctx: click.Context, as_json: bool) -> None:
    """The hub's brand mix: share of items per brand, own brands vs others."""
    from resonanz.service.hub import mix

    found = mix(state(ctx).open_workspace())
    if as_json:
        click.echo(_json(dataclasses.asdict(found)))
        return
    click.echo(
        f"{found.total} items: {found.own_items} with an own brand "
        f"({found.share(found.own_items):.1%}), {found.other_items} with other brands only "
        f"({found.share(found.other_items):.1%}), {found.unbranded_items} without a brand"
    )
    table = Table(title="brand mix", title_justify="left")
    for column in ("brand", "kind", "items", "share", "sponsored"):
        table.add_column(column)
    for share in found.brands:
        table.add_row(
            share.brand,
            "own" if share.own else "other",
            str(share.items),
            f"{share.share:.1%}",
            str(share.sponsored),
        )
    stdout().print(table)


@hub_group.command("log")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_option
@db_option
@click.pass_context
def log_command(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The hub's audit log: curation steps, overrides and refusals, newest first."""
    from resonanz.service.hub import audit_log

    rows = audit_log(state(ctx).open_workspace(), limit)
    columns = ("at", "actor", "action", "collection", "creator", "item", "note")
    print_log(rows, "hub audit log", columns, as_json)


def register(group: click.Group) -> None:
    group.add_command(hub_group)
