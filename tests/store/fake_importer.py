"""A tiny line-oriented importer used to drive the store and the service in tests.

Each line is a JSON object ``{"id", "text", "ts", "likes"?, "author"?, "title"?}``;
anything else on a line becomes a :class:`Rejected` with that line number.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO, ClassVar

import orjson

from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.textio import decode, iter_lines, parse_time
from resonanz.models import Author, Metrics, Post, Rejected


class LinesImporter:
    name: ClassVar[str] = "lines"
    description: ClassVar[str] = "test lines"

    def sniff(self, head: bytes, filename: str) -> float:
        return 0.9 if head.lstrip().startswith(b'{"id"') else 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        for lineno, line in iter_lines(stream):
            if not line.strip():
                continue
            try:
                data: Any = orjson.loads(line)
                yield Post(
                    platform=ctx.platform or "testnet",
                    native_id=str(data["id"]),
                    kind="comment",
                    created_at=parse_time(data["ts"]),
                    text=data["text"],
                    title=data.get("title"),
                    author=Author(id=data.get("author_id"), handle=data.get("author")),
                    metrics=Metrics(likes=data.get("likes")),
                    raw=line,
                )
            except (ValueError, KeyError, TypeError) as exc:
                yield Rejected(ctx.source, lineno, f"bad line: {exc}", decode(line))


class OtherImporter:
    """Claims files that start with ``<other``; never used to read."""

    name: ClassVar[str] = "other"
    description: ClassVar[str] = "test other"

    def sniff(self, head: bytes, filename: str) -> float:
        return 0.5 if head.startswith(b"<other") else 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        return iter(())


FAKES = {"lines": LinesImporter, "other": OtherImporter}


def line(native_id: object, text: str = "hallo", ts: object = 1_700_000_000, **extra: Any) -> bytes:
    """One input line for :class:`LinesImporter`."""
    return orjson.dumps({"id": native_id, "text": text, "ts": ts, **extra}) + b"\n"
