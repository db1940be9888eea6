"""Checks every imported post against what the store can hold, one record at a time.

Importers turn whatever a file says into :class:`~resonanz.models.Post` records; a
hostile or broken file can still say things no database column takes: a counter
beyond 64 bits, an id of 300 characters, a NUL byte (PostgreSQL text refuses it),
a date in the year 9000. Without a check such a value fails the whole batch in the
database and, on the last batch, the whole import.

:func:`check_post` runs before a post joins a batch. It either returns the post,
repaired where repairing loses nothing that matters, or a reason why the record
cannot be stored; the caller quarantines just that record. The rules:

* ids (``native_id``, ``thread_id``, ``parent_id``) are keys and are never cut:
  surrounding white space is removed; an id that is then empty, longer than
  :data:`MAX_ID` characters, holds a NUL or a control character, or looks like a
  serialised object, list or boolean (``{"a": 1}``, ``[1]``, ``true``, ``None``)
  rejects the record; a bad thread or parent id is dropped instead (the post stays,
  unthreaded).
* ``created_at`` before 1970 or more than :data:`FUTURE_SLACK` after the import
  rejects the record.
* counters (views, likes, replies, shares, score, followers) outside the signed 64-bit
  range are clamped to its ends (a counter of 2**70 is stored as 2**63 - 1).
* ``kind`` and author id/handle longer than their columns are cut; a language code
  longer than its column is dropped (it cannot be a language code).
* NUL characters are removed from every text field.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta

from resonanz.errors import Unstorable as Unstorable
from resonanz.models import Author, Metrics, Post

#: longest id the store keeps (``String(255)`` columns)
MAX_ID = 255
MAX_KIND = 32
MAX_LANGUAGE = 16
MAX_AUTHOR_FIELD = 255
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
#: how far in the future a post may be dated (clock skew, time zones)
FUTURE_SLACK = timedelta(days=2)
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SERIALISED = re.compile(r"^(?:[\[{].*[\]}]|true|false|null|none|nan|undefined)$", re.I | re.S)


def _id_problem(value: str) -> str | None:
    if not value:
        return "is empty"
    if len(value) > MAX_ID:
        return f"is {len(value)} characters long (at most {MAX_ID})"
    if _CONTROL.search(value):
        return "contains a control character"
    if _SERIALISED.match(value):
        return f"is not an id but a serialised value ({value[:40]!r})"
    return None


def _clamp(value: int | None) -> int | None:
    if value is None or INT64_MIN <= value <= INT64_MAX:
        return value
    return INT64_MAX if value > INT64_MAX else INT64_MIN


def _no_nul(value: str | None) -> str | None:
    return value.replace("\x00", "") if value and "\x00" in value else value


def _cut(value: str | None, limit: int) -> str | None:
    value = _no_nul(value)
    return value[:limit] if value is not None and len(value) > limit else value


def check_post(post: Post, now: datetime | None = None) -> Post:
    """``post`` as the store can hold it; raises :class:`Unstorable` naming the reason."""
    changes: dict[str, object] = {}
    native_id = post.native_id.strip()
    problem = _id_problem(native_id)
    if problem:
        raise Unstorable(f"id {problem}")
    if native_id != post.native_id:
        changes["native_id"] = native_id
    for name in ("thread_id", "parent_id"):
        value = getattr(post, name)
        if value is None:
            continue
        stripped = value.strip()
        if _id_problem(stripped):
            changes[name] = None
        elif stripped != value:
            changes[name] = stripped
    now = now or datetime.now(UTC)
    if post.created_at < EARLIEST:
        raise Unstorable(f"created_at {post.created_at.isoformat()} is before 1970")
    if post.created_at > now + FUTURE_SLACK:
        raise Unstorable(f"created_at {post.created_at.isoformat()} lies in the future")
    if len(post.kind) > MAX_KIND or "\x00" in post.kind:
        changes["kind"] = _cut(post.kind, MAX_KIND) or "post"
    if post.language is not None and (len(post.language) > MAX_LANGUAGE or "\x00" in post.language):
        changes["language"] = None
    for name in ("text", "title", "url"):
        value = getattr(post, name)
        if value and "\x00" in value:
            changes[name] = _no_nul(value)
    for name in ("links", "hashtags", "mentions"):
        values = getattr(post, name)
        if any("\x00" in v for v in values):
            changes[name] = tuple(v.replace("\x00", "") for v in values)
    author = _checked_author(post.author)
    if author is not post.author:
        changes["author"] = author
    metrics = _checked_metrics(post.metrics)
    if metrics is not post.metrics:
        changes["metrics"] = metrics
    return dataclasses.replace(post, **changes) if changes else post  # type: ignore[arg-type]


def _checked_author(author: Author) -> Author:
    fixed = {
        "id": _cut(author.id, MAX_AUTHOR_FIELD),
        "handle": _cut(author.handle, MAX_AUTHOR_FIELD),
        "display_name": _no_nul(author.display_name),
        "followers": _clamp(author.followers),
    }
    if all(getattr(author, k) == v for k, v in fixed.items()):
        return author
    return dataclasses.replace(author, **fixed)  # type: ignore[arg-type]


def _checked_metrics(metrics: Metrics) -> Metrics:
    names = ("views", "likes", "replies", "shares", "score")
    fixed = {name: _clamp(getattr(metrics, name)) for name in names}
    if all(getattr(metrics, k) == v for k, v in fixed.items()):
        return metrics
    return dataclasses.replace(metrics, **fixed)
