"""The service layer: :class:`Workspace`, the one facade every face (CLI, web) calls.

An import streams records from an importer into the store in batches. Each batch
(its posts, its quarantined rejects and the run's running totals) is one
transaction, so a crash at any moment leaves a consistent store whose
``import_runs`` row still says ``running``; importing the same input again then
completes it without loss or duplicates, because posts are upserted by key.
"""

from __future__ import annotations

import hashlib
import io
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from resonanz.errors import InputError, ResonanzError, UnknownFormatError
from resonanz.importers.base import ImportContext, Importer, ImportItem
from resonanz.importers.detect import detect_format
from resonanz.importers.limits import DEFAULT_LIMITS, InputLimits
from resonanz.importers.opening import GZIP_MAGIC, ZSTD_MAGIC, open_binary, read_head
from resonanz.importers.registry import get_importer
from resonanz.models import Post, Rejected
from resonanz.store import brands as brand_store
from resonanz.store import queries, runs
from resonanz.store.bulk import BULK_MIN_ROWS, deferred_indexes, repair_indexes
from resonanz.store.engine import make_engine, migrate
from resonanz.store.posts import BATCH_SIZE, normalize_account, upsert_posts
from resonanz.store.queries import Stats
from resonanz.store.runs import QuarantineRecord, RunCounts, RunRecord
from resonanz.store.validate import Unstorable, check_post

if TYPE_CHECKING:
    from resonanz.privacy.pseudonym import Intake

DEFAULT_URL = "sqlite:///./resonanz.db"
URL_ENV = "RESONANZ_DATABASE_URL"
#: A batch is also written once its records hold this many characters/bytes, so a
#: file of huge records cannot pile up thousands of them in memory.
BATCH_BYTES = 32 * 1024 * 1024
#: At most this many rejected records are listed in a summary (all are quarantined).
MAX_LISTED_ERRORS = 100

#: How often a write is tried again when the database stayed busy for a whole busy
#: timeout (SQLite: another process held the write lock that long, e.g. rebuilding the
#: indexes after a bulk load; PostgreSQL: a deadlock or lock timeout).
BUSY_RETRIES = 8
#: SQLSTATEs of PostgreSQL errors that mean "try again": serialisation failure,
#: deadlock, lock not available.
_PG_RETRY = frozenset({"40001", "40P01", "55P03"})
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

Progress = Callable[[int, int], None]
T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again" rather than "refused this data"."""
    if not isinstance(exc, SQLAlchemyError):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _PG_RETRY:
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return True
    return "database is locked" in str(orig)


def _pause(attempt: int) -> None:
    """Wait a little before trying a busy database again (SQLite also waited its timeout)."""
    time.sleep(min(0.05 * 2**attempt, 5.0))


def retrying(write: Callable[[], T]) -> T:
    """``write()``, tried again up to :data:`BUSY_RETRIES` times while the database is busy.

    ``write`` must be one whole transaction, so a busy attempt left nothing behind.
    """
    for attempt in range(BUSY_RETRIES):
        try:
            return write()
        except SQLAlchemyError as exc:
            if not is_busy(exc):
                raise
            _pause(attempt)
    return write()


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


class Workspace:
    """A database plus the operations on it: import, stats, brands.

    ``importers`` replaces the entry-point registry (tests pass fakes this way).
    On SQLite, files expected to hold at least ``bulk_min_rows`` records are
    loaded in bulk mode (see :mod:`resonanz.store.bulk`).
    """

    bulk_min_rows: int = BULK_MIN_ROWS
    #: bounds on decompression and padding per input file
    limits: InputLimits = DEFAULT_LIMITS
    #: rewrites records before they are stored, given the own accounts (pseudonymisation,
    #: set by the faces from the settings: :func:`resonanz.privacy.pseudonym.intake_for`)
    intake: Intake | None = None

    def __init__(
        self,
        url: str,
        engine: Engine | None = None,
        importers: Mapping[str, type[Importer]] | None = None,
    ) -> None:
        self.url = url
        self.engine = engine if engine is not None else make_engine(url)
        self._importers = dict(importers) if importers is not None else None
        self._migrated = False

    @classmethod
    def open(
        cls, url: str | None = None, importers: Mapping[str, type[Importer]] | None = None
    ) -> Workspace:
        """Open the workspace at ``url``, else ``$RESONANZ_DATABASE_URL``, else ./resonanz.db."""
        return cls(url or os.environ.get(URL_ENV) or DEFAULT_URL, importers=importers)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def init(self) -> None:
        """Create the database schema or upgrade it to the newest revision (idempotent).

        Also restores indexes a killed bulk import may have left dropped (not those of
        a bulk import running right now in another process).
        """
        migrate(self.engine)
        repair_indexes(self.engine)
        self._migrated = True

    def _ready(self) -> None:
        if not self._migrated:
            self.init()

    # -- importing ---------------------------------------------------------------

    def _importer(self, fmt: str) -> Importer:
        if self._importers is None:
            return get_importer(fmt)
        if fmt not in self._importers:
            raise UnknownFormatError(
                f"unknown format {fmt!r}",
                hint="known formats: " + ", ".join(sorted(self._importers)),
            )
        return self._importers[fmt]()

    def import_file(
        self,
        path: Path,
        fmt: str | None = None,
        platform: str | None = None,
        options: Mapping[str, str] | None = None,
        progress: Progress | None = None,
    ) -> ImportSummary:
        """Import one file (plain, ``.gz`` or ``.zst``); the format is sniffed unless given.

        Raises :class:`InputError` (or a subclass) when the file is unusable as a
        whole: missing, empty, of unknown format. Problems inside the file do not
        raise: bad records are quarantined, and a stream that breaks off midway
        keeps what was stored and ends the run with status ``failed``.
        """
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: no such file", hint="check the path")
        if not read_head(path).replace(b"\xef\xbb\xbf", b"").strip():
            raise InputError(f"{path}: file is empty", hint="nothing to import")
        fmt = fmt or detect_format(path, self._importers)
        importer = self._importer(fmt)
        self._ready()
        repair_indexes(self.engine)  # what a killed bulk import left (not one running now)
        taps: list[_RawTap] = []

        def tap(raw: BinaryIO) -> BinaryIO:
            taps.append(_RawTap(raw))
            return io.BufferedReader(taps[0], 1 << 20)

        stream = open_binary(path, wrap_raw=tap, limits=self.limits)
        ctx = ImportContext(
            source=str(path), platform=platform, options=dict(options or {}), limits=self.limits
        )
        try:
            with deferred_indexes(self.engine, _expected_records(path), self.bulk_min_rows):
                summary = self._run(
                    importer.read(stream, ctx),
                    str(path),
                    fmt,
                    platform,
                    progress,
                    position=lambda: taps[0].position,
                    finish_sha=lambda: taps[0].sha256(path),
                )
                summary.notes.extend(ctx.notes)
                return summary
        finally:
            stream.close()

    def import_items(
        self,
        items: Iterable[ImportItem],
        source: str,
        fmt: str,
        progress: Progress | None = None,
        platform: str | None = None,
    ) -> ImportSummary:
        """Import records that do not come from a file (live API modes)."""
        self._ready()
        return self._run(iter(items), source, fmt, platform, progress)

    def _run(
        self,
        items: Iterator[ImportItem],
        source: str,
        fmt: str,
        platform: str | None,
        progress: Progress | None,
        position: Callable[[], int] = lambda: 0,
        finish_sha: Callable[[], str | None] = lambda: None,
    ) -> ImportSummary:
        def start() -> int:
            with self.engine.begin() as conn:
                runs.reap_dead_runs(conn)
                return runs.start_run(conn, source, fmt, platform)

        own = frozenset(self.own_accounts())
        if self.intake is not None:  # before the run starts: a bad key leaves no run behind
            items = self.intake(items, own)
        run_id = retrying(start)
        batch = _Batch(self.engine, run_id, own, source)
        try:
            for item in items:
                batch.add(item)
                if batch.full():
                    batch.flush()
                    if progress is not None:
                        progress(position(), batch.counts.read)
        except (KeyboardInterrupt, SystemExit):
            batch.flush()
            self._finish(run_id, "interrupted", error="interrupted by the user")
            raise
        except Exception as exc:
            try:  # keep the good records read before the failure
                if is_busy(exc):
                    raise exc  # it stayed busy through every retry: do not wait again
                batch.flush()
            except Exception:  # the store itself failed: that batch rolled back whole
                batch.drop()
            where = f"after {batch.counts.read} record(s)"
            if position():
                where += f", at byte {position()} of the input"
            detail = public_error(exc)
            if detail.startswith(f"{source}: "):  # most input errors name the file already
                detail = detail[len(source) + 2 :]
            message = f"{source}: import stopped {where}: {detail}"
            self._finish(run_id, "failed", error=message)
            if batch.counts.read == 0 and isinstance(exc, ResonanzError):
                raise  # unusable as a whole: let the face show message and hint
            issue = ImportIssue(source, None, message)
            return batch.summary(source, fmt, "failed", extra=issue)
        batch.flush()
        if progress is not None:
            progress(position(), batch.counts.read)
        self._finish(run_id, "completed", sha256=finish_sha())
        return batch.summary(source, fmt, "completed")

    def _finish(
        self, run_id: int, status: str, sha256: str | None = None, error: str | None = None
    ) -> None:
        def finish() -> None:
            with self.engine.begin() as conn:
                runs.finish_run(conn, run_id, status, sha256=sha256, error=error)

        retrying(finish)

    # -- reading -------------------------------------------------------------------

    def stats(self) -> Stats:
        """Posts by platform, kind, day and brand, plus the latest import runs."""
        self._ready()
        return queries.stats(self.engine)

    def runs(self, limit: int = 20) -> list[RunRecord]:
        """The most recent import runs, newest first."""
        self._ready()
        return runs.list_runs(self.engine, limit)

    def quarantine(self, run_id: int | None = None, limit: int = 1000) -> list[QuarantineRecord]:
        """Rejected records, of one run or of all."""
        self._ready()
        return runs.list_quarantine(self.engine, run_id, limit)

    # -- brand catalog ---------------------------------------------------------------

    def save_brands(self, brands: list[dict[str, Any]]) -> None:
        """Replace the stored brand catalog (entries as plain dicts, each with a name)."""
        self._ready()
        brand_store.save_brands(self.engine, brands)

    def load_brands(self) -> list[dict[str, Any]]:
        self._ready()
        return brand_store.load_brands(self.engine)

    def own_accounts(self) -> set[tuple[str, str]]:
        """``(platform, account)`` pairs from the brands' ``own_accounts``, normalized.

        Accounts are compared without a leading ``@`` and case-insensitively, against
        both the author id and the handle of imported posts.
        """
        found: set[tuple[str, str]] = set()
        for entry in self.load_brands():
            accounts = entry.get("own_accounts") or {}
            if not isinstance(accounts, Mapping):
                continue
            for platform, values in accounts.items():
                if isinstance(values, str):
                    values = [values]
                for value in values or ():
                    if isinstance(value, str) and value.strip():
                        found.add((str(platform), normalize_account(value)))
        return found


def public_error(exc: BaseException) -> str:
    """What an error may tell a user: for database errors the driver's first line only.

    SQLAlchemy's own message carries the SQL statement and its parameters (other
    people's post texts, kilobytes of them); that never goes into ``import_runs`` or
    a page.
    """
    if is_busy(exc):
        return (
            "the database stayed busy (another process kept it locked); "
            "the records stored so far are kept, import the same file again to complete it"
        )
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        first = (str(orig) if orig is not None else "").strip().splitlines()
        kind = type(orig).__name__ if orig is not None else type(exc).__name__
        return f"the database refused the data ({kind}: {first[0][:300] if first else 'no detail'})"
    detail = str(exc) or type(exc).__name__
    return detail if len(detail) <= 2000 else detail[:2000] + " [...]"


def _raw_of(post: Post) -> str:
    return post.raw.decode("utf-8", "replace") if post.raw else post.text


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
        self.posts: list[Post] = []
        self.rejected: list[Rejected] = []
        self.counts = RunCounts()
        self.issues: list[ImportIssue] = []
        self.size = 0

    def add(self, item: ImportItem) -> None:
        if isinstance(item, Post):
            try:
                post = check_post(item)
            except Unstorable as exc:
                self._reject(item, str(exc))
                return
            self.posts.append(post)
            self.size += len(post.raw) + len(post.text)
        elif isinstance(item, Rejected):
            self.rejected.append(item)
            self.size += len(item.raw)
            if len(self.issues) < MAX_LISTED_ERRORS:
                self.issues.append(ImportIssue(item.source, item.line, item.reason))
        else:
            raise TypeError(f"importers yield Post or Rejected, not {type(item).__name__}")

    def full(self) -> bool:
        return self.size >= BATCH_BYTES or len(self.posts) + len(self.rejected) >= BATCH_SIZE

    def _reject(self, post: Post, reason: str) -> None:
        self.add(
            Rejected(
                source=self.source,
                line=post.line,
                reason=f"record {post.native_id.strip()[:80]!r}: {reason}",
                raw=_raw_of(post),
            )
        )

    def flush(self) -> None:
        if not self.posts and not self.rejected:
            return
        try:
            self._write(self.posts)
        except SQLAlchemyError as exc:
            if is_busy(exc) or (len(self.posts) <= 1 and not self.rejected):
                raise  # busy even after retries: no record is to blame
            self._write_one_by_one()
        self.drop()

    def _write(self, items: list[Post]) -> None:
        def write() -> RunCounts:
            with self.engine.begin() as conn:
                done = upsert_posts(conn, items, self.run_id, self.own)
                runs.quarantine_records(conn, self.run_id, self.rejected)
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
        if self.rejected:
            self._write([])

    def drop(self) -> None:
        self.posts = []
        self.rejected = []
        self.size = 0

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
