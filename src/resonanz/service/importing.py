"""Streaming records into the store: the batches of an import run and its summary.

An import streams records from an importer into the store in batches. Each batch
(its posts, its quarantined rejects and the run's running totals) is one
transaction, so a crash at any moment leaves a consistent store whose
``import_runs`` row still says ``running``; importing the same input again then
completes it without loss or duplicates, because posts are upserted by key.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from resonanz.importers.base import Checkpoint, StreamItem
from resonanz.importers.opening import GZIP_MAGIC, ZSTD_MAGIC
from resonanz.models import Post, Rejected
from resonanz.service.retry import is_busy, public_error, retrying
from resonanz.store import runs
from resonanz.store.posts import BATCH_SIZE, UpsertCounts, upsert_posts
from resonanz.store.runs import RunCounts
from resonanz.store.validate import Unstorable, check_post

#: A batch is also written once its records hold this many characters/bytes, so a
#: file of huge records cannot pile up thousands of them in memory.
BATCH_BYTES = 32 * 1024 * 1024
#: At most this many rejected records are listed in a summary (all are quarantined).
MAX_LISTED_ERRORS = 100

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportIssue:
    """A record that could not be imported, or the error that ended an import."""

    source: str
    line: int | None
    reason: str


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of one import run."""

    run_id: int
    source: str
    format: str
    read: int
    new: int
    updated: int
    unchanged: int
    rejected: int
    errors: list[ImportIssue] = field(default_factory=list)
    status: str = "completed"
    #: what the importer reported about records it kept (``ImportContext.notes``)
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The machine-readable summary printed by ``resonanz import --json``."""
        return {
            "run_id": self.run_id,
            "format": self.format,
            "read": self.read,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": [
                {"source": e.source, "line": e.line, "reason": e.reason} for e in self.errors
            ],
            "notes": list(self.notes),
        }


class _RawTap(io.RawIOBase):
    """Pass-through over the file being imported that hashes and counts its bytes.

    If the importer seeks (spreadsheets do), the running hash is no longer the
    file's and :meth:`sha256` reads the file once more instead.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._sha = hashlib.sha256()
        self.position = 0
        self._sequential = True

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        if n and self._sequential:
            self._sha.update(data)
        self.position += n
        return n

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        new = self._raw.seek(offset, whence)
        if new != self.position:
            self._sequential = False
        self.position = new
        return new

    def tell(self) -> int:
        return self.position

    def close(self) -> None:
        self._raw.close()
        super().close()

    def sha256(self, path: Path) -> str:
        """The hex digest of the whole file, reading whatever was not consumed yet."""
        if self._sequential and not self._raw.closed:
            while chunk := self._raw.read(1 << 20):
                self._sha.update(chunk)
            return self._sha.hexdigest()
        digest = hashlib.sha256()
        with path.open("rb") as again:
            while chunk := again.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()


def _expected_records(path: Path) -> int:
    """A rough record count from the file size (compressed dumps expand about 5x)."""
    size = path.stat().st_size
    with path.open("rb") as raw:
        magic = raw.read(4)
    if magic.startswith((ZSTD_MAGIC, GZIP_MAGIC)):
        size *= 5
    return size // 400


def _raw_of(post: Any) -> str:
    return str(post.raw.decode("utf-8", "replace") if post.raw else post.text)


class _Batch:
    """Collects records and writes them, with the run's totals, one transaction a batch.

    Each post is checked against what the store can hold first
    (:func:`resonanz.store.validate.check_post`); one that cannot be stored is
    quarantined alone. Should the database still refuse a batch, it is written again
    post by post so only the refused records are quarantined.
    """

    def __init__(
        self, engine: Engine, run_id: int, own: frozenset[tuple[str, str]], source: str = ""
    ) -> None:
        self.engine = engine
        self.run_id = run_id
        self.own = own
        self.source = source
        self.posts: list[Any] = []  # Post here, rows in the bulk batch
        self.rejected: list[Rejected] = []
        self.counts = RunCounts()
        self.issues: list[ImportIssue] = []
        self.size = 0
        #: the newest checkpoint not yet written (see :class:`Checkpoint`)
        self.checkpoint: Checkpoint | None = None
        self.max_items = BATCH_SIZE

    def add(self, item: StreamItem) -> None:
        if isinstance(item, Checkpoint):
            self.checkpoint = item
        elif isinstance(item, Post):
            try:
                post = check_post(item)
            except Unstorable as exc:
                self._reject(item, str(exc))
                return
            self.posts.append(post)
            self.size += len(post.raw) + len(post.text)
        elif isinstance(item, Rejected):
            self._add_rejected(item)
        else:
            raise TypeError(f"importers yield Post or Rejected, not {type(item).__name__}")

    def _add_rejected(self, item: Rejected) -> None:
        self.rejected.append(item)
        self.size += len(item.raw)
        if len(self.issues) < MAX_LISTED_ERRORS:
            self.issues.append(ImportIssue(item.source, item.line, item.reason))

    def full(self) -> bool:
        if self.checkpoint is not None:  # a page ended: store it with its cursor now
            return True
        return self.size >= BATCH_BYTES or len(self.posts) + len(self.rejected) >= self.max_items

    def _reject(self, post: Any, reason: str) -> None:
        self._add_rejected(
            Rejected(
                source=self.source,
                line=post.line,
                reason=f"record {post.native_id.strip()[:80]!r}: {reason}",
                raw=_raw_of(post),
            )
        )

    def _upsert(self, conn: Connection, items: list[Any]) -> UpsertCounts:
        return upsert_posts(conn, items, self.run_id, self.own)

    def flush(self) -> None:
        if not self.posts and not self.rejected and self.checkpoint is None:
            return
        try:
            self._write(self.posts, self.checkpoint)
        except SQLAlchemyError as exc:
            if is_busy(exc) or (len(self.posts) <= 1 and not self.rejected):
                raise  # busy even after retries: no record is to blame
            self._write_one_by_one()
        self.drop()

    def _write(self, items: list[Any], checkpoint: Checkpoint | None = None) -> None:
        def write() -> RunCounts:
            with self.engine.begin() as conn:
                done = self._upsert(conn, items)
                runs.quarantine_records(conn, self.run_id, self.rejected)
                if checkpoint is not None:
                    checkpoint.save(conn)
                c = self.counts
                counts = RunCounts(
                    read=c.read + len(items) + len(self.rejected),
                    new=c.new + done.new,
                    updated=c.updated + done.updated,
                    unchanged=c.unchanged + done.unchanged,
                    rejected=c.rejected + len(self.rejected),
                )
                runs.update_run(conn, self.run_id, counts)
            return counts

        self.counts = retrying(write)
        self.rejected = []

    def _write_one_by_one(self) -> None:
        """The database refused the batch: store what it takes, quarantine the rest."""
        pending, self.posts = self.posts, []
        for post in pending:
            try:
                self._write([post])
            except SQLAlchemyError as exc:
                if is_busy(exc):
                    raise
                self._reject(post, public_error(exc))
        if self.rejected or self.checkpoint is not None:
            self._write([], self.checkpoint)  # the cursor only once all its posts are in

    def drop(self) -> None:
        self.posts = []
        self.rejected = []
        self.size = 0
        self.checkpoint = None

    def summary(
        self, source: str, fmt: str, status: str, extra: ImportIssue | None = None
    ) -> ImportSummary:
        c = self.counts
        errors = [*self.issues, extra] if extra is not None else list(self.issues)
        return ImportSummary(
            run_id=self.run_id,
            source=source,
            format=fmt,
            read=c.read,
            new=c.new,
            updated=c.updated,
            unchanged=c.unchanged,
            rejected=c.rejected,
            errors=errors,
            status=status,
        )
