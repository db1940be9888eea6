"""Background import jobs for uploaded export files.

An upload is streamed to a temporary file first (see ``api/imports.py``); the
import itself runs on one worker thread, one job after another, so a large file
neither blocks the server nor competes with a second import for the database.
Progress (bytes read of the file, records stored) is updated as the import goes
and can be polled. Jobs are kept in memory for the life of the server process;
the import runs they create are in the database for good.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from resonanz.errors import ResonanzError

if TYPE_CHECKING:
    from resonanz.service import Workspace

JobStatus = Literal["queued", "running", "completed", "failed"]
#: Finished jobs beyond this many are forgotten, oldest first.
KEEP_FINISHED = 200


@dataclass(frozen=True, slots=True)
class ImportJob:
    id: str
    filename: str
    format: str | None
    size: int
    status: JobStatus
    created_by: int
    created_at: datetime
    bytes_read: int = 0
    records: int = 0
    run_id: int | None = None
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error: str | None = None
    hint: str | None = None
    finished_at: datetime | None = None

    @property
    def progress(self) -> float:
        """Fraction of the file read, in [0, 1] (1 once finished)."""
        if self.status in ("completed", "failed"):
            return 1.0
        return min(self.bytes_read / self.size, 1.0) if self.size else 0.0


class ImportJobs:
    """Runs imports on a single worker thread and keeps their state."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resonanz-import")

    def get(self, job_id: str) -> ImportJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def list(self) -> list[ImportJob]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: j.created_at, reverse=True)

    def _update(self, job_id: str, **changes: object) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)  # type: ignore[arg-type]

    def _forget_old(self) -> None:
        finished = [j for j in self._jobs.values() if j.finished_at is not None]
        finished.sort(key=lambda j: j.finished_at or j.created_at)
        for job in finished[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.id]

    def submit(
        self,
        path: Path,
        filename: str,
        user_id: int,
        fmt: str | None = None,
        platform: str | None = None,
    ) -> ImportJob:
        """Queue the import of ``path`` (deleted afterwards, whatever happens)."""
        job = ImportJob(
            id=uuid.uuid4().hex,
            filename=filename,
            format=fmt,
            size=path.stat().st_size,
            status="queued",
            created_by=user_id,
            created_at=datetime.now(UTC),
        )
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        self._pool.submit(self._run, job.id, path, fmt, platform)
        return job

    def _run(self, job_id: str, path: Path, fmt: str | None, platform: str | None) -> None:
        self._update(job_id, status="running")

        def progress(position: int, records: int) -> None:
            self._update(job_id, bytes_read=position, records=records)

        try:
            summary = self.workspace.import_file(path, fmt, platform, progress=progress)
        except ResonanzError as exc:
            self._update(
                job_id,
                status="failed",
                error=exc.message,
                hint=exc.hint,
                finished_at=datetime.now(UTC),
            )
        except Exception as exc:  # report, never kill the worker thread
            self._update(
                job_id,
                status="failed",
                error=f"import failed: {type(exc).__name__}",
                finished_at=datetime.now(UTC),
            )
        else:
            failed = summary.status != "completed"
            self._update(
                job_id,
                status="failed" if failed else "completed",
                run_id=summary.run_id,
                records=summary.read,
                new=summary.new,
                updated=summary.updated,
                unchanged=summary.unchanged,
                rejected=summary.rejected,
                format=summary.format,
                error=summary.errors[-1].reason if failed and summary.errors else None,
                finished_at=datetime.now(UTC),
            )
        finally:
            path.unlink(missing_ok=True)

    def wait(self, job_id: str, timeout: float = 60.0) -> ImportJob | None:
        """Block until the job has finished (for tests and the CLI); its final state."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(job_id)
            if job is None or job.finished_at is not None:
                return job
            time.sleep(0.02)
        return self.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=False)
