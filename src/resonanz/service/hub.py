"""The creator hub facade: curation (collections, creators, items), the site, the mix.

Every curation step names its ``actor`` and lands in the hub's audit log. The rules
(:mod:`resonanz.hub.rules`) are applied here, between reading the post's facts and
writing: a post goes in only when its creator is in the hub, and a post whose
sponsorship verdict is ``undisclosed_commercial`` only with the curator's override
note (the refusal is logged too). Only analysts and admins curate:
:func:`curator` checks a named user's role; the web API checks its own.
"""

from __future__ import annotations

import threading
from pathlib import Path

from resonanz.errors import HubError, HubRefused
from resonanz.hub.assemble import assemble
from resonanz.hub.mix import BrandMix, BrandShare, brand_mix, own_brands
from resonanz.hub.model import Hub
from resonanz.hub.rules import (
    check_creator,
    check_disclosure,
    check_note,
    check_slug,
    image_type,
)
from resonanz.hub.site import BuildReport, Page, Site, SiteOptions
from resonanz.hub.texts import LANGUAGES
from resonanz.service.hub_thumbnails import ThumbnailReport
from resonanz.service.hub_thumbnails import fetch as fetch_thumbnails
from resonanz.service.hub_thumbnails import images as thumbnail_images
from resonanz.service.workspace import Workspace
from resonanz.store import hub as store
from resonanz.store.hub import AuditRow, CollectionRow
from resonanz.users import Permission, allows, find_user

__all__ = [
    "LANGUAGES",
    "AuditRow",
    "BrandMix",
    "BrandShare",
    "BuildReport",
    "CollectionRow",
    "Hub",
    "HubError",
    "HubRefused",
    "Page",
    "Site",
    "ThumbnailReport",
    "add_collection",
    "add_creator",
    "add_item",
    "audit_log",
    "build",
    "curator",
    "fetch_thumbnails",
    "list_collections",
    "load_hub",
    "mix",
    "remove_collection",
    "remove_creator",
    "remove_item",
    "served_site",
    "site",
]

MAX_TITLE = 200
MAX_DESCRIPTION = 2000


def curator(workspace: Workspace, username: str) -> str:
    """``username`` if that web user is active and may curate (analyst, admin)."""
    workspace._ready()
    user = find_user(workspace.engine, username)
    if user is None or not user.active:
        raise HubError(f"no active user {username!r}", hint="`resonanz users list` shows them")
    if not allows(user.role, Permission.ANALYZE):
        raise HubRefused(
            f"user {username!r} is a {user.role.value}: only analysts and admins curate the hub"
        )
    return user.username


def _text(value: str | None, limit: int, what: str, required: bool = False) -> str | None:
    if value is None or not value.strip():
        if required:
            raise HubError(f"the {what} must not be empty")
        return None
    value = value.strip()
    if len(value) > limit or "\x00" in value:
        raise HubError(f"the {what} may have at most {limit} characters and no NUL characters")
    return value


def add_collection(
    workspace: Workspace,
    slug: str,
    title: str,
    actor: str,
    *,
    description: str | None = None,
    title_en: str | None = None,
    description_en: str | None = None,
) -> None:
    workspace._ready()
    store.add_collection(
        workspace.engine,
        check_slug(slug),
        _text(title, MAX_TITLE, "title", required=True) or "",
        _text(description, MAX_DESCRIPTION, "description") or "",
        _text(title_en, MAX_TITLE, "English title"),
        _text(description_en, MAX_DESCRIPTION, "English description"),
        actor,
    )


def list_collections(workspace: Workspace) -> list[CollectionRow]:
    workspace._ready()
    return store.list_collections(workspace.engine)


def remove_collection(workspace: Workspace, slug: str, actor: str) -> int:
    workspace._ready()
    return store.remove_collection(workspace.engine, slug, actor)


def add_creator(workspace: Workspace, slug: str, actor: str) -> bool:
    workspace._ready()
    return store.add_creator(workspace.engine, slug, actor)


def remove_creator(workspace: Workspace, slug: str, actor: str) -> int:
    workspace._ready()
    return store.remove_creator(workspace.engine, slug, actor)


def add_item(
    workspace: Workspace,
    collection: str,
    post_id: int,
    actor: str,
    *,
    note: str | None = None,
    override_note: str | None = None,
    thumbnail: bytes | None = None,
) -> None:
    """Put a post into a collection, if the hub's rules let it in (else HubRefused)."""
    workspace._ready()
    engine = workspace.engine
    note, override_note = check_note(note), check_note(override_note)
    image = (thumbnail, image_type(thumbnail)[0]) if thumbnail else None
    facts = store.post_facts(engine, post_id)
    creator = facts.creator
    refusal = check_creator(
        post_id, creator.slug if creator else None, bool(creator and creator.in_hub)
    ) or check_disclosure(post_id, facts.disclosure, override_note)
    if refusal is not None:
        store.audit(
            engine,
            actor,
            "item_refused",
            collection=collection,
            creator=creator.slug if creator else None,
            item=post_id,
            note=f"{refusal.code}: {refusal.reason}",
        )
        raise HubRefused(refusal.reason, hint=refusal.hint)
    kept_override = override_note if facts.disclosure == "undisclosed_commercial" else None
    if override_note and kept_override is None:
        note = f"{note}\n{override_note}" if note else override_note
    store.add_item(
        engine,
        collection,
        post_id,
        actor,
        note=note,
        override_note=kept_override,
        thumbnail=image,
    )


def remove_item(workspace: Workspace, collection: str, post_id: int, actor: str) -> None:
    workspace._ready()
    store.remove_item(workspace.engine, collection, post_id, actor)


def audit_log(workspace: Workspace, limit: int = 200) -> list[AuditRow]:
    workspace._ready()
    return store.audit_log(workspace.engine, limit)


def load_hub(workspace: Workspace) -> Hub:
    """The hub as a build shows it (own brands from the brand catalog)."""
    workspace._ready()
    posts, avatars = thumbnail_images(workspace.engine)
    return assemble(
        store.load(workspace.engine),
        own_brands(workspace.load_brands()),
        images=posts,
        avatars=avatars,
    )


def site(
    workspace: Workspace,
    languages: tuple[str, ...] = LANGUAGES,
    youtube_embeds: bool = False,
) -> Site:
    return Site(load_hub(workspace), SiteOptions(languages, youtube_embeds))


_served: dict[int, tuple[tuple[object, ...], Site]] = {}
_served_lock = threading.Lock()


def served_site(workspace: Workspace) -> Site:
    """The site ``/hub/`` serves: built once and kept until the data changes
    (:func:`resonanz.store.hub.data_version`), so public requests don't reload the hub."""
    workspace._ready()
    version = store.data_version(workspace.engine)
    key = id(workspace.engine)
    with _served_lock:
        kept = _served.get(key)
        if kept is not None and kept[0] == version:
            return kept[1]
        built = site(workspace)
        _served[key] = (version, built)
        return built


def build(
    workspace: Workspace,
    out: Path,
    languages: tuple[str, ...] = LANGUAGES,
    youtube_embeds: bool = False,
) -> BuildReport:
    """``resonanz hub build``: write the static site to ``out``."""
    return site(workspace, languages, youtube_embeds).write(out)


def mix(workspace: Workspace) -> BrandMix:
    return brand_mix(load_hub(workspace).items())
