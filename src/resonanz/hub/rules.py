"""What may go into the hub, as pure functions (the store and the facade apply them).

* A post goes in only when its creator is in the hub (:func:`check_creator`).
* A post whose sponsorship verdict is ``undisclosed_commercial`` is refused with the
  reason until the curator overrides it with a note (:func:`check_disclosure`); the
  override is written to the hub's audit log by the store.
* Slugs are lower-case ASCII words with hyphens (they become file names and URLs).
* Links go out only as http(s) (:func:`safe_link`); a YouTube video id is recognised
  only from youtube.com/youtu.be links and only as the 11 characters YouTube uses.
* Thumbnails are images the curator hands in (PNG, JPEG, WebP, GIF by their magic
  bytes, at most :data:`MAX_THUMBNAIL` bytes); nothing is fetched from a platform.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from resonanz.errors import HubError

UNDISCLOSED = "undisclosed_commercial"
#: the creator's own words that count as a disclosure (evidence kinds of the sponsorship stage)
DISCLOSURE_KINDS = frozenset(
    {
        "disclosure_label",
        "hashtag_disclosure",
        "sponsorship_label",
        "affiliate_disclosure",
        "gift_disclosure",
        "unpaid_label",
    }
)
PARTNERSHIP_KINDS = ("sample", "paid", "affiliate", "contract")
MAX_THUMBNAIL = 512 * 1024
MAX_NOTE = 2000
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"GIF87a", "image/gif", "gif"),
    (b"GIF89a", "image/gif", "gif"),
)


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    reason: str
    hint: str


def check_slug(slug: str, what: str = "collection") -> str:
    if not _SLUG.match(slug) or len(slug) > 80:
        raise HubError(
            f"{what} slug {slug!r} is not usable",
            hint="use lower-case letters, digits and single hyphens, e.g. herbst-looks",
        )
    return slug


def check_note(note: str | None) -> str | None:
    if note is None:
        return None
    note = note.strip()
    if not note:
        return None
    if len(note) > MAX_NOTE or "\x00" in note:
        raise HubError(f"a note may have at most {MAX_NOTE} characters and no NUL characters")
    return note


def check_creator(post_id: int, creator_slug: str | None, in_hub: bool) -> Refusal | None:
    """Only posts of a creator in the hub go in."""
    if creator_slug is None:
        return Refusal(
            "no_creator",
            f"post {post_id} belongs to no creator of the directory",
            "add the creator and the account that posted it to the creator directory first",
        )
    if not in_hub:
        return Refusal(
            "creator_not_in_hub",
            f"creator {creator_slug!r} of post {post_id} is not in the hub",
            f"run `resonanz hub creator add {creator_slug}` first",
        )
    return None


def check_disclosure(
    post_id: int, verdict: str | None, override_note: str | None
) -> Refusal | None:
    """An undisclosed commercial post needs the curator's note to go in."""
    if verdict == UNDISCLOSED and not (override_note and override_note.strip()):
        return Refusal(
            UNDISCLOSED,
            f"post {post_id} looks commercial but is not labelled as advertising "
            "(sponsorship verdict undisclosed_commercial)",
            "ask the creator to label it, or add it with --override-note saying why it may be shown",
        )
    return None


_HTTP = re.compile(r"https?://[^/?#\s\\]+(?:[/?#]\S*)?", re.IGNORECASE)
_WATCH = re.compile(r"https://(?:www\.|m\.)?youtube\.com/watch\?v=([A-Za-z0-9_-]{11})(?:&\S*)?")


def safe_link(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL without control characters or spaces,
    else None (no ``javascript:``, ``data:``, protocol-relative or broken links)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if _CONTROL.search(value) or not _HTTP.fullmatch(value):
        return None
    return value


def youtube_id(platform: str, native_id: str, url: str | None) -> str | None:
    """The video id of a YouTube video post, else None."""
    watch = _WATCH.fullmatch(url) if url else None
    if watch:
        return watch.group(1)
    link = safe_link(url)
    if link is not None:
        parts = urlsplit(link)
        host = (parts.hostname or "").lower()
        if host in _YOUTUBE_HOSTS and parts.path == "/watch":
            found = parse_qs(parts.query).get("v", [""])[0]
            return found if _VIDEO_ID.match(found) else None
        if host == "youtu.be":
            found = parts.path.strip("/")
            return found if _VIDEO_ID.match(found) else None
        if host in _YOUTUBE_HOSTS and parts.path.startswith("/shorts/"):
            found = parts.path.removeprefix("/shorts/").strip("/")
            return found if _VIDEO_ID.match(found) else None
    if platform == "youtube" and _VIDEO_ID.match(native_id):
        return native_id
    return None


def image_type(data: bytes) -> tuple[str, str]:
    """``(media type, file extension)`` of an image by its magic bytes, or HubError."""
    if len(data) > MAX_THUMBNAIL:
        raise HubError(
            f"the thumbnail has {len(data)} bytes, more than {MAX_THUMBNAIL}",
            hint="scale it down (a hub card shows it at 320 pixels wide)",
        )
    for magic, media_type, ext in _MAGIC:
        if data.startswith(magic):
            return media_type, ext
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    raise HubError(
        "the thumbnail is not a PNG, JPEG, GIF or WebP image",
        hint="hand in an image file; SVG is not accepted (it can carry scripts)",
    )
