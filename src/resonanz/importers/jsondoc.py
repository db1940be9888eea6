"""Helpers for importers that read saved API responses (YouTube, Mastodon, ...).

Saved API answers come in two shapes: one JSON document (often pretty-printed,
one API page) or JSON Lines (one compact document per line, many pages).
:func:`iter_documents` tells them apart from the first lines, streams JSON Lines
in constant memory, and parses a single document whole after checking its size.

HTML in text fields is turned into plain text by
:func:`resonanz.importers.markup.html_to_text`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain
from typing import Any, BinaryIO

import orjson

from resonanz.errors import InputError
from resonanz.importers.textio import (
    MAX_LINE_BYTES,
    TOO_LONG,
    clean_text,
    decode,
    extract_entities,
    iter_lines,
    parse_time,
)

_ZERO = timedelta(0)
#: A single (not line-delimited) JSON document larger than this is refused.
MAX_DOCUMENT_BYTES = 512 * 1024 * 1024
#: How much of a bad record is kept for the quarantine table.
RAW_KEEP = 64 * 1024
#: Links, hashtags and mentions are looked for in this many leading characters only:
#: real posts are far shorter, and a pathological 50 MB text must not stall an import.
ENTITY_SCAN_CHARS = 200_000


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed JSON value and the 1-based line where it started."""

    line: int
    value: Any
    single: bool  # True when the input was one whole document, not JSON Lines


@dataclass(frozen=True, slots=True)
class BadDocument:
    """Input that is not JSON; ``raw`` is (a bounded prefix of) its text."""

    line: int
    reason: str
    raw: str


def loads(data: bytes) -> Any:
    """Parse JSON bytes; UTF-8 first, then Latin-1/cp1252 text with NULs dropped."""
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return orjson.loads(decode(data))


def raw_text(data: bytes) -> str:
    """Readable, bounded text of a rejected record."""
    return decode(data[:RAW_KEEP])


def record_text(value: Any) -> str:
    """Readable, bounded text of a rejected parsed record (JSON where possible)."""
    try:
        return dumps(value).decode()[:RAW_KEEP]
    except TypeError:
        return repr(value)[:RAW_KEEP]


def dumps(value: Any) -> bytes:
    """Compact JSON bytes of one platform record (what ``Post.raw`` keeps)."""
    return orjson.dumps(value)


def iter_documents(
    stream: BinaryIO,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    max_line: int = MAX_LINE_BYTES,
) -> Iterator[Document | BadDocument]:
    """Yield every JSON document of ``stream`` (see the module docstring).

    The input is JSON Lines when its first non-blank line is a complete JSON value,
    or when its second one is (the first line is then simply bad). Otherwise it is
    one multi-line document, read whole up to ``max_document_bytes``; beyond that an
    :class:`InputError` says to save the responses as JSON Lines instead. A line
    longer than ``max_line`` bytes is rejected without being held in memory.
    """
    lines = iter_lines(stream, max_line)
    head: list[tuple[int, bytes]] = []
    for lineno, line in lines:
        if line is TOO_LONG or line.strip():
            head.append((lineno, line))
        if len(head) == 2:
            break
    if not head:
        return
    opener = head[0][1] is not TOO_LONG and head[0][1].strip() in (b"[", b"{")
    parsed = [] if opener else [_one(lineno, line) for lineno, line in head]
    if any(isinstance(p, Document) for p in parsed) or (parsed and head[0][1] is TOO_LONG):
        yield from parsed  # JSON Lines (possibly starting with a bad line)
        for lineno, line in lines:
            if line is TOO_LONG or line.strip():
                yield _one(lineno, line)
        return
    del parsed
    start = head[0][0]
    buf = bytearray()
    for _, line in chain(head, lines):
        if line is TOO_LONG:
            raise _too_big(max_document_bytes)
        buf += line
        buf += b"\n"
        if len(buf) > max_document_bytes:
            raise _too_big(max_document_bytes)
    try:
        value = loads(bytes(buf))
    except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
        yield BadDocument(start, f"invalid JSON document: {exc}", raw_text(bytes(buf)))
        return
    yield Document(start, value, single=True)


def _too_big(limit: int) -> InputError:
    return InputError(
        f"single JSON document larger than {limit // (1024 * 1024)} MB",
        hint="save large API exports as JSON Lines (one response per line)",
    )


def _one(lineno: int, line: bytes) -> Document | BadDocument:
    if line is TOO_LONG:
        return BadDocument(lineno, "line longer than the supported maximum", "")
    try:
        return Document(lineno, loads(line), single=False)
    except (orjson.JSONDecodeError, UnicodeDecodeError) as exc:
        return BadDocument(lineno, f"invalid JSON: {exc}", raw_text(line))


def scan_entities(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``(links, hashtags, mentions)`` of free text, skipping the regexes when the text
    cannot contain any and looking only at the first :data:`ENTITY_SCAN_CHARS`."""
    head = text[:ENTITY_SCAN_CHARS]
    if "#" not in head and "@" not in head and "://" not in head:
        return (), (), ()
    return extract_entities(head)


def api_time(value: object) -> datetime:
    """An API timestamp as aware UTC; the common ISO 8601 form takes a fast path.

    Anything else (no zone, epoch seconds/milliseconds, RFC 2822) goes through
    :func:`resonanz.importers.textio.parse_time`, which raises ``ValueError``.
    """
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if parsed.tzinfo is not None:
                return parsed if parsed.utcoffset() == _ZERO else parsed.astimezone(UTC)
    return parse_time(value)


def to_int(value: object) -> int | None:
    """An API counter as ``int`` (YouTube sends them as strings); ``None`` if absent/odd."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def text_of(value: object) -> str:
    """A string field with NULs removed; anything else becomes ``""``."""
    return clean_text(value) if isinstance(value, str) else ""
