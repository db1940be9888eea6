"""The hub's thumbnail cache (``hub_thumbnails``) and the image sources it is filled from.

The sources are the raw platform records of the curated posts (decompressed here,
read by :func:`resonanz.hub.images.post_image_urls`) and the profile pictures of the
hub creators' accounts (``creator_accounts.thumbnail_url``). The cache maps a URL
(by its SHA-256) to the image that was fetched from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from resonanz.hub.images import content_hash, url_key
from resonanz.store.creators_schema import creator_accounts
from resonanz.store.hub_schema import hub_creators, hub_items, hub_thumbnails
from resonanz.store.raw import decompress_raw
from resonanz.store.schema import posts

CHUNK = 500


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def post_records(engine: Engine, post_ids: Iterable[int]) -> Iterator[tuple[int, str, bytes]]:
    """``(post id, platform, raw record)`` of each post that still has its raw record."""
    ids = sorted(set(post_ids))
    with engine.connect() as conn:
        for chunk in _chunks(ids):
            rows = conn.execute(
                select(posts.c.id, posts.c.platform, posts.c.raw).where(
                    posts.c.id.in_(chunk), posts.c.raw.is_not(None)
                )
            )
            for post_id, platform, raw in rows:
                yield int(post_id), platform, decompress_raw(raw)


def avatar_urls(engine: Engine) -> dict[int, tuple[str, ...]]:
    """The profile picture URLs of each hub creator's accounts, by creator id."""
    found: dict[int, list[str]] = {}
    with engine.connect() as conn:
        rows = conn.execute(
            select(creator_accounts.c.creator_id, creator_accounts.c.thumbnail_url)
            .where(
                creator_accounts.c.creator_id.in_(select(hub_creators.c.creator_id)),
                creator_accounts.c.thumbnail_url.is_not(None),
            )
            .order_by(creator_accounts.c.creator_id, creator_accounts.c.id)
        )
        for creator_id, url in rows:
            found.setdefault(int(creator_id), []).append(url)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items()}


def curated_post_ids(engine: Engine) -> list[int]:
    """Every curated post without an uploaded thumbnail."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(hub_items.c.post_id).where(hub_items.c.thumbnail.is_(None)).distinct()
        )
        return [int(r) for (r,) in rows]


def cached(engine: Engine, urls: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    """``url -> (url key, media type, content hash)`` of the URLs in the cache (without
    the images themselves: :func:`image` reads one when it is written)."""
    keys = {url_key(u): u for u in urls}
    found: dict[str, tuple[str, str, str]] = {}
    with engine.connect() as conn:
        for chunk in _chunks(sorted(keys)):
            rows = conn.execute(
                select(
                    hub_thumbnails.c.url_key,
                    hub_thumbnails.c.media_type,
                    hub_thumbnails.c.sha256,
                ).where(hub_thumbnails.c.url_key.in_(chunk))
            )
            for key, media_type, digest in rows:
                found[keys[key]] = (key, media_type, digest)
    return found


def image(engine: Engine, key: str) -> bytes:
    """The cached image of one URL key (empty when it was cleared meanwhile)."""
    with engine.connect() as conn:
        data = conn.execute(
            select(hub_thumbnails.c.data).where(hub_thumbnails.c.url_key == key)
        ).scalar_one_or_none()
    return bytes(data) if data is not None else b""


def cached_keys(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return {k for (k,) in conn.execute(select(hub_thumbnails.c.url_key))}


def save(engine: Engine, url: str, media_type: str, data: bytes) -> None:
    key = url_key(url)
    with engine.begin() as conn:
        conn.execute(delete(hub_thumbnails).where(hub_thumbnails.c.url_key == key))
        conn.execute(
            insert(hub_thumbnails).values(
                url_key=key,
                url=url,
                media_type=media_type,
                sha256=content_hash(data),
                data=data,
                fetched_at=datetime.now(UTC),
            )
        )


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(hub_thumbnails)).scalar_one())


def clear(engine: Engine) -> int:
    with engine.begin() as conn:
        return int(conn.execute(delete(hub_thumbnails)).rowcount or 0)


def version(conn: Connection) -> tuple[Any, ...]:
    """A fingerprint of the cache (for the served site's rebuild check)."""
    row = conn.execute(
        select(func.count(), func.max(hub_thumbnails.c.fetched_at)).select_from(hub_thumbnails)
    ).one()
    return tuple(row)
