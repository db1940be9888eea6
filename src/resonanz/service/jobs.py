"""Background import jobs for uploaded export files.

An upload is streamed to a temporary file first (see ``api/imports.py``); the
import itself runs on one worker thread, one job after another, so a large file
neither blocks the server nor competes with a second import for the database.
Progress (bytes read of the file, records stored) is updated as the import goes
and can be polled. Jobs are rows of ``import_jobs``, so every server process
answers for every job and a restart forgets none; a job whose process died (it
is named in ``owner``) is reported as failed the next time anyone looks.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Engine, delete, insert, select, update

from resonanz.errors import ResonanzError
from resonanz.store.runs import owner_alive, process_owner
from resonanz.store.schema import import_jobs

if TYPE_CHECKING:
    from resonanz.service.workspace import Workspace

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


_FIELDS = tuple(f for f in ImportJob.__dataclass_fields__)
DIED = "the server process running this import stopped before it finished"


def _job(row: Any) -> ImportJob:
    values = dict(row._mapping)
    values.pop("owner", None)
    return ImportJob(**values)


class ImportJobs:
    """Runs imports on a single worker thread; their state is in ``import_jobs``."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="resonanz-import")
        self._owner = process_owner()

    @property
    def _engine(self) -> Engine:
        return self.workspace.engine

    def get(self, job_id: str) -> ImportJob | None:
        self._reap()
        with self._engine.connect() as conn:
            row = conn.execute(select(import_jobs).where(import_jobs.c.id == job_id)).first()
        return None if row is None else _job(row)

    def list(self) -> list[ImportJob]:
        self._reap()
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(import_jobs)
                .order_by(import_jobs.c.created_at.desc())
                .limit(KEEP_FINISHED + 50)
            ).all()
        return [_job(r) for r in rows]

    def _update(self, job_id: str, **changes: object) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(import_jobs).where(import_jobs.c.id == job_id).values(**changes))

    def _reap(self) -> None:
        """Jobs left ``queued``/``running`` by a process that is gone become ``failed``."""
        with self._engine.begin() as conn:
            open_jobs = conn.execute(
                select(import_jobs.c.id, import_jobs.c.owner).where(
                    import_jobs.c.status.in_(("queued", "running"))
                )
            ).all()
            dead = [j.id for j in open_jobs if j.owner and owner_alive(j.owner) is False]
            if dead:
                conn.execute(
                    update(import_jobs)
                    .where(import_jobs.c.id.in_(dead))
                    .values(status="failed", error=DIED, finished_at=datetime.now(UTC))
                )

    def _forget_old(self, conn: Connection) -> None:
        keep = (
            select(import_jobs.c.id)
            .where(import_jobs.c.finished_at.is_not(None))
            .order_by(import_jobs.c.finished_at.desc())
            .limit(KEEP_FINISHED)
        )
        conn.execute(
            delete(import_jobs).where(
                import_jobs.c.finished_at.is_not(None),
                import_jobs.c.id.not_in(keep.scalar_subquery()),
            )
        )

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
        with self._engine.begin() as conn:
            self._forget_old(conn)
            values = {f: getattr(job, f) for f in _FIELDS}
            conn.execute(insert(import_jobs).values(owner=self._owner, **values))
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
