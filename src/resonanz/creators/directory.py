"""Creators and their accounts: add, look up, merge, split, aliases.

A creator is named by its *slug* (``lenas-beautyecke``), made from the name when none is
given. An account is written ``PLATFORM:ID`` (``youtube:UCq7…``, ``reddit:anna_b``,
``mastodon:anna@example.social``, ``blog:https://example.org/feed``); each account
belongs to exactly one creator. Merging moves every account, partnership and name of
the other creators to the first; splitting moves the named accounts to a new creator.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from resonanz.errors import CreatorConflict, InvalidValue, UnknownCreator
from resonanz.store import creators as store
from resonanz.store.creators import AccountRow, CreatorRow

#: the platforms an account may name (plug-in importers may bring others: any lower-case
#: word is accepted, these are the ones the directory knows how to read)
KNOWN_PLATFORMS = ("youtube", "reddit", "mastodon", "blog", "x")
MAX_SLUG = 120
_PLATFORM = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
#: names of routes beside ``/creators/{slug}`` (API and pages), never given as slugs
RESERVED = frozenset({"audit", "followups", "import"})


def slugify(name: str) -> str:
    """``Lenas Beautyecke!`` -> ``lenas-beautyecke`` (umlauts written out, ASCII only)."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_UMLAUTS))
    text = text.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_SLUG].strip("-")
    if slug in RESERVED:
        return f"{slug}-creator"
    return slug or "creator"


def _clean(value: str | None, limit: int, what: str) -> str | None:
    if value is None:
        return None
    value = value.replace("\x00", "").strip()
    if len(value) > limit:
        raise InvalidValue(f"{what} is longer than {limit} characters")
    return value or None


@dataclass(frozen=True, slots=True)
class AccountRef:
    """``PLATFORM:ID`` as given by the user."""

    platform: str
    native_id: str

    @classmethod
    def parse(cls, text: str) -> AccountRef:
        platform, sep, native = text.replace("\x00", "").strip().partition(":")
        platform = platform.strip().casefold()
        native = native.strip()
        if not sep or not _PLATFORM.match(platform) or not native or len(native) > 255:
            raise InvalidValue(
                f"not an account: {text[:80]!r}",
                hint="write PLATFORM:ID, e.g. youtube:UCq7Rm2pLx9vT4sWn8bYc3Qd or reddit:anna_b",
            )
        if platform in ("reddit", "x"):
            native = native.removeprefix("u/").removeprefix("@")
        return cls(platform, native)

    def __str__(self) -> str:
        return f"{self.platform}:{self.native_id}"


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def get(conn: Connection, slug: str) -> CreatorRow:
    found = store.creator_by_slug(conn, slug.strip().casefold())
    if found is None:
        raise UnknownCreator(f"no creator {slug[:120]!r}")
    return found


def free_slug(conn: Connection, wanted: str) -> str:
    base = slugify(wanted)
    slug, n = base, 1
    while store.slug_taken(conn, slug):
        n += 1
        suffix = f"-{n}"
        slug = base[: MAX_SLUG - len(suffix)] + suffix
    return slug


def add(
    conn: Connection,
    name: str,
    *,
    slug: str | None = None,
    category: str | None = None,
    language: str | None = None,
    aliases: Sequence[str] = (),
    notes: str | None = None,
    now: datetime | None = None,
) -> CreatorRow:
    """Add a creator; without ``slug`` one is made from the name (``-2`` if taken)."""
    clean_name = _clean(name, 500, "the name")
    if not clean_name:
        raise InvalidValue("a creator needs a name")
    if slug is not None:
        wanted = slugify(slug)
        if store.slug_taken(conn, wanted):
            raise CreatorConflict(f"the slug {wanted!r} is taken", hint="choose another --slug")
    else:
        wanted = free_slug(conn, clean_name)
    creator_id = store.insert_creator(
        conn,
        slug=wanted,
        name=clean_name,
        now=_now(now),
        category=_clean(category, 64, "the category"),
        language=(_clean(language, 16, "the language") or "").casefold() or None,
        aliases=_aliases(aliases, clean_name),
        notes=_clean(notes, 10_000, "the notes"),
    )
    found = store.read_creator(conn, creator_id)
    assert found is not None
    return found


def _aliases(names: Iterable[str], own: str) -> list[str]:
    seen = {own.casefold()}
    out = []
    for name in names:
        clean = _clean(name, 500, "an alias")
        if clean and clean.casefold() not in seen:
            seen.add(clean.casefold())
            out.append(clean)
    return out


def attach(conn: Connection, creator: CreatorRow, ref: AccountRef, **details: Any) -> AccountRow:
    """Give ``creator`` the account ``ref`` (details: handle, url, title, ...)."""
    existing = store.account_by_native(conn, ref.platform, ref.native_id)
    if existing is not None:
        if existing.creator_id == creator.id:
            if details:
                store.update_account(conn, existing.id, **details)
            found = store.read_account(conn, existing.id)
            assert found is not None
            return found
        owner = store.read_creator(conn, existing.creator_id)
        raise CreatorConflict(
            f"{ref} belongs to {owner.slug if owner else existing.creator_id!r}",
            hint="merge the two creators, or split the account off first",
        )
    account_id = store.insert_account(
        conn, creator_id=creator.id, platform=ref.platform, native_id=ref.native_id, **details
    )
    found = store.read_account(conn, account_id)
    assert found is not None
    return found


def account_of(conn: Connection, ref: AccountRef) -> AccountRow:
    found = store.account_by_native(conn, ref.platform, ref.native_id)
    if found is None:
        raise UnknownCreator(f"no creator has the account {ref}")
    return found


def merge(
    conn: Connection, into: str, others: Sequence[str], now: datetime | None = None
) -> CreatorRow:
    """Move the accounts, partnerships and names of ``others`` to ``into``; delete them."""
    target = get(conn, into)
    names = list(target.aliases)
    for slug in others:
        other = get(conn, slug)
        if other.id == target.id:
            raise InvalidValue(f"cannot merge {slug!r} into itself")
        store.move_accounts(conn, [a.id for a in store.accounts_of(conn, [other.id])], target.id)
        store.move_partnerships(conn, other.id, target.id)
        names.extend([other.name, *other.aliases])
        store.delete_creator(conn, other.id)
    store.update_creator(conn, target.id, _now(now), aliases=_aliases(names, target.name))
    return get(conn, target.slug)


def split(
    conn: Connection,
    slug: str,
    refs: Sequence[AccountRef],
    name: str,
    now: datetime | None = None,
) -> CreatorRow:
    """Move the accounts ``refs`` of ``slug`` to a new creator called ``name``."""
    source = get(conn, slug)
    if not refs:
        raise InvalidValue("name at least one account to split off")
    accounts = []
    for ref in refs:
        account = account_of(conn, ref)
        if account.creator_id != source.id:
            raise InvalidValue(f"{ref} is not an account of {source.slug!r}")
        accounts.append(account)
    created = add(conn, name, category=source.category, language=source.language, now=now)
    store.move_accounts(conn, [a.id for a in accounts], created.id)
    return created


def set_aliases(
    conn: Connection,
    slug: str,
    add_names: Sequence[str] = (),
    remove_names: Sequence[str] = (),
    now: datetime | None = None,
) -> CreatorRow:
    creator = get(conn, slug)
    drop = {n.strip().casefold() for n in remove_names}
    kept = [a for a in creator.aliases if a.casefold() not in drop]
    store.update_creator(
        conn, creator.id, _now(now), aliases=_aliases([*kept, *add_names], creator.name)
    )
    return get(conn, slug)


def edit(
    conn: Connection,
    slug: str,
    *,
    name: str | None = None,
    category: str | None = None,
    language: str | None = None,
    notes: str | None = None,
    now: datetime | None = None,
) -> CreatorRow:
    """Change name, category, language or notes (``None`` leaves a value as it is)."""
    creator = get(conn, slug)
    changes: dict[str, Any] = {}
    for key, value, limit in (
        ("name", name, 500),
        ("category", category, 64),
        ("language", language, 16),
        ("notes", notes, 10_000),
    ):
        if value is not None:
            changes[key] = _clean(value, limit, f"the {key}")
    if "name" in changes and not changes["name"]:
        raise InvalidValue("a creator needs a name")
    if changes:
        store.update_creator(conn, creator.id, _now(now), **changes)
    return get(conn, slug)


def remove(conn: Connection, slug: str) -> None:
    store.delete_creator(conn, get(conn, slug).id)


def detach(conn: Connection, ref: AccountRef) -> None:
    store.delete_account(conn, account_of(conn, ref).id)
