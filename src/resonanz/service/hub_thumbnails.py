"""Thumbnails copied from the data into the hub (opt-in: ``--fetch-thumbnails``).

:func:`fetch` reads the image URLs of the curated posts (their raw platform records)
and the profile pictures of the hub creators' accounts, fetches each one not yet in
the cache under the rules of :mod:`resonanz.hub.fetch` and keeps it in
``hub_thumbnails``. For every post (and every creator) the first URL that loads wins;
URLs already cached are never fetched again, failures are retried on the next run.

:func:`images` is what a build uses: only the cache, never the network, so the served
``/hub/`` and a plain ``hub build`` make no outside request either. An item shows the
post's own image, else its creator's profile picture (alt text "Profilbild von ..."),
else the placeholder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial

import httpx
from sqlalchemy import Engine

from resonanz.hub.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Failed, client, fetch_image
from resonanz.hub.images import HostPolicy, media_name, post_image_urls, url_key
from resonanz.hub.model import Thumbnail
from resonanz.service.workspace import Workspace
from resonanz.store import hub_thumbs as store

__all__ = ["Failed", "HostPolicy", "ThumbnailReport", "clear", "fetch", "images"]


@dataclass(frozen=True, slots=True)
class ThumbnailReport:
    """What one fetch did: images downloaded, found in the cache, failed URLs."""

    fetched: int = 0
    cached: int = 0
    failed: tuple[Failed, ...] = ()
    #: posts and creators that carry at least one image URL, and how many of them got one
    sources: int = 0
    with_image: int = 0
    failures_by_reason: dict[str, int] = field(default_factory=dict)


def _candidates(engine: Engine) -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]]]:
    by_post: dict[int, tuple[str, ...]] = {}
    for post_id, platform, raw in store.post_records(engine, store.curated_post_ids(engine)):
        urls = post_image_urls(platform, raw)
        if urls:
            by_post[post_id] = urls
    return by_post, store.avatar_urls(engine)


def fetch(
    workspace: Workspace,
    *,
    hosts: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    http: httpx.Client | None = None,
) -> ThumbnailReport:
    """Fill the cache from the URLs the data carries (see the module docstring)."""
    workspace._ready()
    engine = workspace.engine
    policy = HostPolicy.of(hosts)
    by_post, by_creator = _candidates(engine)
    have = store.cached_keys(engine)
    tried: dict[str, Failed | None] = {}  # each URL once per run: None = it loaded
    counts = {"fetched": 0, "cached": 0}
    own = http is None
    web = http or client(timeout)

    def first_image(urls: tuple[str, ...]) -> bool:
        for url in urls:
            if url in tried:
                if tried[url] is None:
                    return True
                continue  # failed earlier in this run
            if url_key(url) in have:
                tried[url] = None
                counts["cached"] += 1
                return True
            got = fetch_image(web, url, policy, max_bytes=max_bytes, timeout=timeout)
            if isinstance(got, Failed):
                tried[url] = got
                continue
            store.save(engine, url, got.media_type, got.data)
            tried[url] = None
            counts["fetched"] += 1
            return True
        return False

    try:
        with_image = sum(first_image(u) for u in (*by_post.values(), *by_creator.values()))
    finally:
        if own:
            web.close()
    fetched, cached = counts["fetched"], counts["cached"]
    failed = tuple(f for f in tried.values() if f is not None)
    reasons: dict[str, int] = {}
    for f in failed:
        reasons[f.reason] = reasons.get(f.reason, 0) + 1
    return ThumbnailReport(
        fetched, cached, failed, len(by_post) + len(by_creator), with_image, reasons
    )


def _first(
    engine: Engine, urls: tuple[str, ...], found: Mapping[str, tuple[str, str, str]], kind: str
) -> Thumbnail | None:
    for url in urls:
        hit = found.get(url)
        if hit is not None:
            key, media_type, digest = hit
            load = partial(store.image, engine, key)
            return Thumbnail(media_name(digest, media_type), media_type, b"", kind, load)
    return None


def images(engine: Engine) -> tuple[dict[int, Thumbnail], dict[int, Thumbnail]]:
    """The cached images by post id and by creator id (nothing when the cache is empty)."""
    if not store.count(engine):
        return {}, {}
    by_post, by_creator = _candidates(engine)
    found = store.cached(
        engine, {u for urls in (*by_post.values(), *by_creator.values()) for u in urls}
    )
    posts = {k: t for k, urls in by_post.items() if (t := _first(engine, urls, found, "post"))}
    avatars = {
        k: t for k, urls in by_creator.items() if (t := _first(engine, urls, found, "avatar"))
    }
    return posts, avatars


def clear(workspace: Workspace) -> int:
    """Empty the cache; the number of images removed."""
    workspace._ready()
    return store.clear(workspace.engine)
