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

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from resonanz.errors import Unstorable as Unstorable
from resonanz.models import Post, Row, post_from_row, row_of

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


#: ids made of letters and digits only that are still not ids (checked in lower case)
_WORDS = frozenset({"true", "false", "null", "none", "nan", "undefined"})


def _id_problem(value: str) -> str | None:
    if value.isalnum() and len(value) <= MAX_ID and value.lower() not in _WORDS:
        return None  # the common case, without the regular expressions
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
    row = row_of(post)
    checked = check_row(row, now)
    return post if checked is row else post_from_row(checked, post.line)


_TEXTS = (5, 6, 7)  # url, title, text
_LISTS = (20, 21, 22)  # links, hashtags, mentions
_COUNTERS = (13, 15, 16, 17, 18, 19)  # followers, views, likes, replies, shares, score


def _fine_id(value: str) -> bool:
    """The common case of an id that needs nothing: letters and digits, not a word."""
    return (
        value.isalnum() and len(value) <= MAX_ID and (len(value) > 9 or value.lower() not in _WORDS)
    )


def check_row(row: Row, now: datetime | None = None) -> Row:
    """``row`` (:data:`~resonanz.models.ROW_FIELDS` order) as the store can hold it.

    Returns ``row`` itself when nothing needed repairing; raises :class:`Unstorable`.
    A caller checking many rows passes ``now`` once (the bulk import does).
    """
    fixed: list[Any] | None = None

    def put(index: int, value: Any) -> None:
        nonlocal fixed
        if fixed is None:
            fixed = list(row)
        fixed[index] = value

    native_id: str = row[1]
    if not _fine_id(native_id):
        native_id = native_id.strip()
        problem = _id_problem(native_id)
        if problem:
            raise Unstorable(f"id {problem}")
        if native_id != row[1]:
            put(1, native_id)
    for index in (3, 4):  # thread_id, parent_id
        value = row[index]
        if value is None or _fine_id(value):
            continue
        stripped = value.strip()
        if _id_problem(stripped):
            put(index, None)
        elif stripped != value:
            put(index, stripped)
    created: datetime = row[9]
    if created < EARLIEST:
        raise Unstorable(f"created_at {created.isoformat()} is before 1970")
    if created > (now or datetime.now(UTC)) + FUTURE_SLACK:
        raise Unstorable(f"created_at {created.isoformat()} lies in the future")
    kind: str = row[2]
    if len(kind) > MAX_KIND or "\x00" in kind:
        put(2, _cut(kind, MAX_KIND) or "post")
    language = row[8]
    if language is not None and (len(language) > MAX_LANGUAGE or "\x00" in language):
        put(8, None)
    for index in _TEXTS:
        value = row[index]
        if value and "\x00" in value:
            put(index, _no_nul(value))
    for index in _LISTS:
        values = row[index]
        if values and any("\x00" in v for v in values):
            put(index, tuple(v.replace("\x00", "") for v in values))
    for index in (10, 11):  # author id, handle
        value = row[index]
        if value is not None and (len(value) > MAX_AUTHOR_FIELD or "\x00" in value):
            put(index, _cut(value, MAX_AUTHOR_FIELD))
    name = row[12]
    if name and "\x00" in name:
        put(12, _no_nul(name))
    for index in _COUNTERS:
        value = row[index]
        if value is not None and not INT64_MIN <= value <= INT64_MAX:
            put(index, _clamp(value))
    return row if fixed is None else tuple(fixed)
