"""Creators and account figures from platform records and from a CSV list.

* YouTube Data API v3: ``channels.list`` answers (``youtube#channel``: snippet and
  statistics: subscribers unless hidden, views, videos) give the account's profile and
  figures; ``videos.list`` answers name the channel of each video (``channelId``,
  ``channelTitle``, the audio language); ``commentThreads.list`` answers hold no creator
  and are skipped. The videos themselves are posts: ``resonanz import`` stores them.
* Mastodon ``Account`` entities (``/api/v1/accounts/:id``, or the ``account`` of a
  status): followers, statuses, display name, note, avatar.
* Reddit ``about.json`` of a user (``kind: t2``): name, karma, the profile's
  subscribers where present.
* CSV (header row): ``name,slug,category,language,aliases,accounts,notes``; ``aliases``
  and ``accounts`` separated by ``|``; accounts written ``PLATFORM:ID``.

Every record becomes an :class:`AccountInfo`; :func:`apply` updates an account the
directory already has, or (``create=True``) adds a creator for a new one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import Connection

from resonanz.creators import directory
from resonanz.creators.directory import AccountRef
from resonanz.errors import InputError, InvalidValue
from resonanz.importers.jsondoc import BadDocument, iter_documents, text_of, to_int
from resonanz.importers.markup import html_to_text
from resonanz.store import creators as store

YOUTUBE_CHANNEL = "https://www.youtube.com/channel/"
#: largest CSV list read (bytes)
MAX_CSV = 16 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """What a record says about one account (``None``: the record did not say)."""

    platform: str
    native_id: str
    title: str | None = None
    handle: str | None = None
    url: str | None = None
    description: str | None = None
    thumbnail_url: str | None = None
    followers: int | None = None
    views: int | None = None
    content_count: int | None = None
    language: str | None = None
    #: whether the record carried figures (a video names its channel, nothing more)
    has_figures: bool = False

    def details(self, now: datetime) -> dict[str, Any]:
        values: dict[str, Any] = {
            "handle": self.handle,
            "url": self.url,
            "title": self.title,
            "description": self.description,
            "thumbnail_url": self.thumbnail_url,
        }
        if self.has_figures:
            values.update(
                followers=self.followers,
                views=self.views,
                content_count=self.content_count,
                fetched_at=now,
            )
        return {k: v for k, v in values.items() if v is not None or self.has_figures}


def _str(value: object, limit: int = 255) -> str | None:
    text = text_of(value).replace("\x00", "").strip()
    return text[:limit] or None


def _thumbnail(snippet: Mapping[str, Any]) -> str | None:
    thumbs = snippet.get("thumbnails")
    if not isinstance(thumbs, Mapping):
        return None
    for size in ("high", "medium", "default"):
        entry = thumbs.get(size)
        if isinstance(entry, Mapping) and isinstance(entry.get("url"), str):
            return _str(entry["url"], 2000)
    return None


def youtube_channel(item: Mapping[str, Any]) -> AccountInfo | None:
    """A ``youtube#channel`` resource (snippet and statistics as far as present)."""
    channel_id = _str(item.get("id"))
    if not channel_id:
        return None
    snippet = item.get("snippet") if isinstance(item.get("snippet"), Mapping) else {}
    stats = item.get("statistics") if isinstance(item.get("statistics"), Mapping) else {}
    assert isinstance(snippet, Mapping) and isinstance(stats, Mapping)
    handle = _str(snippet.get("customUrl"))
    if handle and not handle.startswith("@"):
        handle = "@" + handle
    hidden = stats.get("hiddenSubscriberCount") is True
    return AccountInfo(
        platform="youtube",
        native_id=channel_id,
        title=_str(snippet.get("title"), 500),
        handle=handle,
        url=YOUTUBE_CHANNEL + channel_id,
        description=_str(snippet.get("description"), 10_000),
        thumbnail_url=_thumbnail(snippet),
        followers=None if hidden else to_int(stats.get("subscriberCount")),
        views=to_int(stats.get("viewCount")),
        content_count=to_int(stats.get("videoCount")),
        language=_str(snippet.get("defaultLanguage"), 16),
        has_figures=bool(stats),
    )


def youtube_video_channel(item: Mapping[str, Any]) -> AccountInfo | None:
    """The channel a ``youtube#video`` resource names (no figures: those are the video's)."""
    snippet = item.get("snippet")
    if not isinstance(snippet, Mapping):
        return None
    channel_id = _str(snippet.get("channelId"))
    if not channel_id:
        return None
    language = _str(snippet.get("defaultAudioLanguage") or snippet.get("defaultLanguage"), 16)
    return AccountInfo(
        platform="youtube",
        native_id=channel_id,
        title=_str(snippet.get("channelTitle"), 500),
        url=YOUTUBE_CHANNEL + channel_id,
        language=language.split("-")[0].casefold() if language else None,
    )


def mastodon_account(entity: Mapping[str, Any]) -> AccountInfo | None:
    """A Mastodon ``Account`` entity; its ``acct`` (``user@host``) is the handle."""
    account_id = _str(entity.get("id"))
    acct = _str(entity.get("acct"))
    url = _str(entity.get("url"), 2000)
    if not account_id or not acct:
        return None
    if "@" not in acct and url and "://" in url:  # a local account: add the host
        acct = f"{acct}@{url.split('://', 1)[1].split('/', 1)[0]}"
    note = entity.get("note")
    return AccountInfo(
        platform="mastodon",
        native_id=account_id,
        title=_str(entity.get("display_name"), 500) or acct,
        handle=acct,
        url=url,
        description=html_to_text(note).text[:10_000] if isinstance(note, str) else None,
        thumbnail_url=_str(entity.get("avatar_static") or entity.get("avatar"), 2000),
        followers=to_int(entity.get("followers_count")),
        content_count=to_int(entity.get("statuses_count")),
        has_figures=True,
    )


def reddit_user(thing: Mapping[str, Any]) -> AccountInfo | None:
    """A Reddit ``t2`` (user) thing from ``/user/NAME/about.json``."""
    data = thing.get("data") if isinstance(thing.get("data"), Mapping) else thing
    assert isinstance(data, Mapping)
    name = _str(data.get("name"))
    if not name:
        return None
    profile = data.get("subreddit") if isinstance(data.get("subreddit"), Mapping) else {}
    assert isinstance(profile, Mapping)
    description = _str(profile.get("public_description"), 10_000)
    icon = _str(data.get("icon_img") or data.get("snoovatar_img"), 2000)
    return AccountInfo(
        platform="reddit",
        native_id=name,
        title=_str(profile.get("title"), 500) or name,
        handle=name,
        url=f"https://www.reddit.com/user/{name}/",
        description=description,
        thumbnail_url=icon.split("?")[0] if icon else None,
        followers=to_int(profile.get("subscribers")),
        has_figures=True,
    )


def _entries(doc: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(doc, list):
        for entry in doc:
            yield from _entries(entry)
    elif isinstance(doc, Mapping):
        if isinstance(doc.get("items"), list):  # a YouTube list response
            yield from _entries(doc["items"])
        elif doc.get("kind") == "Listing" and isinstance(doc.get("data"), Mapping):
            yield from _entries(doc["data"].get("children") or [])
        else:
            yield doc


def infos_of(doc: Any) -> Iterator[AccountInfo]:
    """Every account a parsed document describes (unknown records are skipped)."""
    for entry in _entries(doc):
        kind = entry.get("kind")
        info: AccountInfo | None = None
        if kind == "youtube#channel":
            info = youtube_channel(entry)
        elif kind == "youtube#video":
            info = youtube_video_channel(entry)
        elif kind == "t2":
            info = reddit_user(entry)
        elif isinstance(entry.get("account"), Mapping):  # a Mastodon status
            info = mastodon_account(entry["account"])
        elif "acct" in entry and "followers_count" in entry:
            info = mastodon_account(entry)
        if info is not None:
            yield info


def read_records(stream: BinaryIO) -> tuple[list[AccountInfo], int]:
    """The accounts of a JSON or JSON Lines file, and the number of unreadable documents."""
    found: dict[tuple[str, str], AccountInfo] = {}
    bad = 0
    for doc in iter_documents(stream):
        if isinstance(doc, BadDocument):
            bad += 1
            continue
        for info in infos_of(doc.value):
            key = (info.platform, info.native_id)
            # a channel resource beats a video naming the same channel
            if key not in found or info.has_figures:
                found[key] = info
    return list(found.values()), bad


@dataclass
class Applied:
    created: list[str] = field(default_factory=list)
    updated: int = 0
    skipped: int = 0


def apply(
    conn: Connection,
    infos: Iterable[AccountInfo],
    *,
    create: bool = True,
    now: datetime | None = None,
) -> Applied:
    """Update known accounts; add a creator per unknown one when ``create``."""
    now = now or datetime.now(UTC)
    out = Applied()
    for info in infos:
        details = info.details(now)
        known = store.account_by_native(conn, info.platform, info.native_id)
        if known is not None:
            store.update_account(conn, known.id, **details)
            out.updated += 1
            continue
        if not create:
            out.skipped += 1
            continue
        name = info.title or info.handle or info.native_id
        creator = directory.add(
            conn,
            name,
            language=info.language,
            now=now,
        )
        directory.attach(conn, creator, AccountRef(info.platform, info.native_id), **details)
        out.created.append(creator.slug)
    return out


CSV_COLUMNS = ("name", "slug", "category", "language", "aliases", "accounts", "notes")


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def apply_csv(conn: Connection, data: bytes, now: datetime | None = None) -> Applied:
    """Add or update creators from a CSV list (see the module docstring).

    A row whose slug exists, or whose accounts belong to one creator already, updates
    that creator (category, language, notes when given; aliases and accounts added).
    """
    if len(data) > MAX_CSV:
        raise InputError(f"the CSV list is larger than {MAX_CSV // (1024 * 1024)} MiB")
    text = data.decode("utf-8-sig", errors="replace").replace("\x00", "")
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip().casefold() for h in reader.fieldnames or ()}
    if "name" not in header:
        raise InputError(
            "the CSV list has no 'name' column", hint=f"columns: {', '.join(CSV_COLUMNS)}"
        )
    out = Applied()
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().casefold(): (v or "").strip() for k, v in raw.items()}
        try:
            refs = [AccountRef.parse(a) for a in _split(row.get("accounts"))]
        except InvalidValue as exc:
            raise InputError(f"line {number}: {exc}") from None
        if not row.get("name"):
            out.skipped += 1
            continue
        creator = _existing(conn, row.get("slug") or None, refs)
        if creator is None:
            creator = directory.add(
                conn,
                row["name"],
                slug=row.get("slug") or None,
                category=row.get("category") or None,
                language=row.get("language") or None,
                aliases=_split(row.get("aliases")),
                notes=row.get("notes") or None,
                now=now,
            )
            out.created.append(creator.slug)
        else:
            directory.edit(
                conn,
                creator.slug,
                now=now,
                category=row.get("category") or None,
                language=row.get("language") or None,
                notes=row.get("notes") or None,
            )
            directory.set_aliases(conn, creator.slug, _split(row.get("aliases")), now=now)
            out.updated += 1
        for ref in refs:
            directory.attach(conn, creator, ref)
    return out


def _existing(
    conn: Connection, slug: str | None, refs: list[AccountRef]
) -> store.CreatorRow | None:
    if slug:
        found = store.creator_by_slug(conn, directory.slugify(slug))
        if found is not None:
            return found
    owners = {
        account.creator_id
        for ref in refs
        if (account := store.account_by_native(conn, ref.platform, ref.native_id)) is not None
    }
    if len(owners) > 1:
        raise InputError(f"the accounts {', '.join(map(str, refs))} belong to different creators")
    return store.read_creator(conn, owners.pop()) if owners else None
