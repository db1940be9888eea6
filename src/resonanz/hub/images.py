"""Thumbnail URLs from the data, and the rules an image from elsewhere must pass.

Nothing here touches the network (that is :mod:`resonanz.hub.fetch`):

* :func:`post_image_urls` reads the image URLs a post's raw platform record carries:
  YouTube ``snippet.thumbnails`` (the 320-pixel ``medium`` first, the card's size),
  Reddit ``preview`` images and ``thumbnail``, Mastodon image attachments and link
  cards, feed ``media:thumbnail``/``media:content``/image enclosures. Posts marked
  NSFW or sensitive give none.
* :class:`HostPolicy` is the allow-list: only ``http``/``https``, no user names or
  passwords in the URL, and only hosts on the list (``host`` allows any port,
  ``host:port`` only that one).
* :func:`sniff` tells JPEG, PNG, WebP and GIF apart by their first bytes; everything
  else (SVG above all, which can carry scripts) is refused.
* :func:`media_name` names a stored image by its content hash, so no name in a URL
  ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import orjson

#: image hosts of YouTube and Google that need no setting
DEFAULT_HOSTS: tuple[str, ...] = ("i.ytimg.com", "yt3.ggpht.com", "yt3.googleusercontent.com")
#: the most URLs kept per post (the first that loads wins)
MAX_URLS = 3
MAX_URL_CHARS = 2000
_YOUTUBE_SIZES = ("medium", "high", "standard", "default", "maxres")
_KINDS = (
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


def sniff(data: bytes) -> str | None:
    """The media type of JPEG, PNG, GIF or WebP data by its magic bytes, else None."""
    for magic, media_type, _ext in _KINDS:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def media_name(digest: str, media_type: str) -> str:
    """The file name of an image under ``media/``: its content hash and extension."""
    return f"t-{digest[:32]}.{EXTENSIONS[media_type]}"


def url_key(url: str) -> str:
    """The cache key of a URL (a hash: URLs can be longer than an index allows)."""
    return hashlib.sha256(url.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """Which image URLs may be fetched (see the module docstring)."""

    hosts: frozenset[str]

    @classmethod
    def of(cls, extra: str | Iterable[str] | None = None) -> HostPolicy:
        """The default hosts plus ``extra`` (a comma-separated setting or a list)."""
        more = extra.split(",") if isinstance(extra, str) else list(extra or ())
        return cls(frozenset(h.strip().lower() for h in (*DEFAULT_HOSTS, *more) if h.strip()))

    def refusal(self, url: str) -> str | None:
        """Why ``url`` may not be fetched (German, then English), or None."""
        if len(url) > MAX_URL_CHARS:
            return "URL zu lang (URL too long)"
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            return "keine gültige URL (not a valid URL)"
        if parts.scheme not in ("http", "https"):
            return "nur http und https (only http and https)"
        if parts.username is not None or parts.password is not None:
            return "Zugangsdaten in der URL (credentials in the URL)"
        host = (parts.hostname or "").lower()
        if not host:
            return "kein Host (no host)"
        if host in self.hosts or (port is not None and f"{host}:{port}" in self.hosts):
            return None
        return f"Host {host} nicht erlaubt (host not allowed)"


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return html.unescape(value.strip())[:MAX_URL_CHARS]
    return None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _youtube(record: Mapping[str, Any]) -> Iterator[str | None]:
    thumbs = _mapping(_mapping(record.get("snippet")).get("thumbnails"))
    for size in _YOUTUBE_SIZES:
        yield _text(_mapping(thumbs.get(size)).get("url"))


def _reddit(record: Mapping[str, Any]) -> Iterator[str | None]:
    data = _mapping(record.get("data")) or record
    if data.get("over_18") is True or data.get("spoiler") is True:
        return
    images = _mapping(data.get("preview")).get("images")
    for image in images[:1] if isinstance(images, list) else ():
        sizes = _mapping(image).get("resolutions")
        fitting = [
            s
            for s in (sizes if isinstance(sizes, list) else ())
            if isinstance(s, Mapping) and isinstance(s.get("width"), int) and s["width"] >= 300
        ]
        if fitting:
            yield _text(min(fitting, key=lambda s: int(s["width"])).get("url"))
        yield _text(_mapping(_mapping(image).get("source")).get("url"))
    yield _text(data.get("thumbnail"))  # "self", "default", "nsfw" are no URLs


def _mastodon(record: Mapping[str, Any]) -> Iterator[str | None]:
    status = _mapping(record.get("reblog")) or record
    if status.get("sensitive") is True:
        return
    media = status.get("media_attachments")
    for attachment in media if isinstance(media, list) else ():
        attachment = _mapping(attachment)
        if attachment.get("type") in ("image", "gifv", "video"):
            yield _text(attachment.get("preview_url"))
    yield _text(_mapping(status.get("card")).get("image"))


def _feed(record: Mapping[str, Any]) -> Iterator[str | None]:
    for key in ("media_thumbnail", "media_content"):
        entries = record.get(key)
        for entry in entries if isinstance(entries, list) else ():
            entry = _mapping(entry)
            kind = entry.get("type") or entry.get("medium") or "image"
            if isinstance(kind, str) and kind.startswith("image"):
                yield _text(entry.get("url"))
    for key in ("enclosures", "links"):
        entries = record.get(key)
        for entry in entries if isinstance(entries, list) else ():
            entry = _mapping(entry)
            kind = entry.get("type")
            if isinstance(kind, str) and kind.startswith("image/") and kind != "image/svg+xml":
                yield _text(entry.get("href") or entry.get("url"))
    yield _text(_mapping(record.get("image")).get("href"))


_READERS = {"youtube": _youtube, "reddit": _reddit, "mastodon": _mastodon}


def post_image_urls(platform: str, raw: bytes) -> tuple[str, ...]:
    """The image URLs of a post's raw record, best first (at most :data:`MAX_URLS`)."""
    if not raw:
        return ()
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return ()
    if not isinstance(record, Mapping):
        return ()
    reader = _READERS.get(platform, _feed)
    found = [u for u in reader(record) if u is not None]
    return tuple(dict.fromkeys(found))[:MAX_URLS]
