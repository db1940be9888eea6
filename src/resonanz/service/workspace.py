"""The workspace: one database and the operations on it (import, stats, brands)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import Engine

from resonanz.errors import InputError, ResonanzError, UnknownFormatError
from resonanz.importers.base import ImportContext, Importer, ImportItem
from resonanz.importers.detect import detect_format
from resonanz.importers.limits import DEFAULT_LIMITS, InputLimits
from resonanz.importers.opening import open_binary, read_head
from resonanz.importers.registry import get_importer
from resonanz.service.importing import (
    ImportIssue,
    ImportSummary,
    Progress,
    _Batch,
    _expected_records,
    _RawTap,
)
from resonanz.service.retry import is_busy, public_error, retrying
from resonanz.store import brands as brand_store
from resonanz.store import queries, runs
from resonanz.store.bulk import BULK_MIN_ROWS, deferred_indexes, repair_indexes
from resonanz.store.engine import make_engine, migrate
from resonanz.store.posts import normalize_account
from resonanz.store.queries import Stats
from resonanz.store.runs import QuarantineRecord, RunRecord

if TYPE_CHECKING:
    from resonanz.privacy.pseudonym import Intake

DEFAULT_URL = "sqlite:///./resonanz.db"
URL_ENV = "RESONANZ_DATABASE_URL"


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
            items = self.intake(items, own, self.creator_accounts())
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

    def creator_accounts(self) -> set[tuple[str, str]]:
        """``(platform, id)`` and ``(platform, handle)`` of every account of the creator
        directory: pseudonymisation keeps them in clear."""
        from resonanz.store.creators import all_accounts

        with self.engine.connect() as conn:
            accounts = all_accounts(conn)
        found: set[tuple[str, str]] = set()
        for account in accounts:
            for value in (account.native_id, account.handle):
                if value:
                    found.add((account.platform, value))
        return found

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
