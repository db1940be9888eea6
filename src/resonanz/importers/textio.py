"""Byte-level helpers every importer shares: decoding, line splitting, timestamps.

Real exports are messy: UTF-8 with a BOM, Latin-1 from old spreadsheet tools, NUL
bytes, epoch seconds or milliseconds, ISO strings without a zone. These helpers
normalize all of that in one place so importers stay small.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"
#: Longest line we are willing to parse; longer ones are rejected, not loaded.
MAX_LINE_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


def decode(data: bytes) -> str:
    """Decode UTF-8 (BOM stripped), falling back to Windows-1252/Latin-1; drop NULs."""
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    return clean_text(text)


def clean_text(text: str) -> str:
    """Remove NUL characters (PostgreSQL cannot store them); nothing else changes."""
    return text.replace("\x00", "") if "\x00" in text else text


def iter_lines(stream: BinaryIO, max_line: int = MAX_LINE_BYTES) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, raw_line)`` (1-based, without the newline) in constant memory.

    A UTF-8 BOM at the start is dropped. A line longer than ``max_line`` is not
    kept in memory: the sentinel :data:`TOO_LONG` is yielded in its place so the
    caller can reject it with the right line number. Each chunk read is split at
    once (``bytes.split``), so a line costs no copy of its own beyond its slice.
    """
    lineno = 0
    tail: list[bytes] = []  # the unfinished last line, in pieces (at most max_line)
    tail_size = 0
    overflow = False  # that line is already longer than max_line
    first = True
    while True:
        chunk = stream.read(_CHUNK)
        if not chunk:
            break
        if first:
            if chunk.startswith(BOM):
                chunk = chunk[len(BOM) :]
            first = False
        parts = chunk.split(b"\n")
        rest = parts.pop()  # after the last newline: continued by the next chunk
        if parts:
            if overflow:
                parts[0] = TOO_LONG
            elif tail:
                parts[0] = b"".join((*tail, parts[0]))
            tail, tail_size, overflow = [], 0, False
            for line in parts:
                lineno += 1
                if line is not TOO_LONG:
                    line = line.rstrip(b"\r") if line.endswith(b"\r") else line
                    if len(line) > max_line:
                        line = TOO_LONG
                yield lineno, line
        if not overflow and rest:
            tail.append(rest)
            tail_size += len(rest)
            if tail_size > max_line:
                overflow, tail, tail_size = True, [], 0
    if tail or overflow:
        lineno += 1
        line = b"".join(tail).rstrip(b"\r")
        yield lineno, (TOO_LONG if overflow or len(line) > max_line else line)


#: Sentinel yielded by :func:`iter_lines` in place of a line over the limit.
TOO_LONG = b"\x00<line too long>\x00"

_NUMERIC = re.compile(r"^-?\d+(\.\d+)?$")


def parse_time(value: object) -> datetime:
    """Parse a platform timestamp into an aware UTC datetime.

    Accepts ISO 8601 (with ``Z``, an offset, or no zone, which is taken as UTC),
    RFC 2822 strings, and epoch seconds or milliseconds (int, float or numeric
    string; values above 10^11 are taken as milliseconds). Raises ``ValueError``
    with a readable reason otherwise.
    """
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not a timestamp: {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMERIC.match(value)):
        seconds = float(value)
        if abs(seconds) > 1e11:
            seconds /= 1000.0
        return datetime.fromtimestamp(seconds, tz=UTC)
    if not isinstance(value, str):
        raise ValueError(f"not a timestamp: {value!r}")
    text = value.strip()
    if not text:
        raise ValueError("empty timestamp")
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            for fmt in ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%d %H:%M:%S %z", "%d.%m.%Y %H:%M"):
                try:
                    parsed = datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            else:
                raise ValueError(f"unrecognised timestamp: {text[:60]!r}") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


_HASHTAG = re.compile(r"(?<![\w&])#(\w[\w\-]*)", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@])@([A-Za-z0-9_.\-]{1,64})")
_URL = re.compile(r"https?://[^\s<>\"'\)\]]+", re.IGNORECASE)


def extract_entities(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return ``(links, hashtags, mentions)`` found in free text, de-duplicated in order."""

    def uniq(items: list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(items))

    links = uniq([m.rstrip(".,;:!?") for m in _URL.findall(text)])
    hashtags = uniq(["#" + m.lower() for m in _HASHTAG.findall(text)])
    mentions = uniq(["@" + m.rstrip(".") for m in _MENTION.findall(text)])
    return links, hashtags, mentions
