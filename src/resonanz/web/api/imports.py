"""``/api/v1/imports``: import runs, their quarantine, and uploading an export file.

An upload is the request body itself (``application/octet-stream``) or one file in
a ``multipart/form-data`` form (field ``file``, as a browser form sends it). Either
way it is streamed to a temporary file while its size is counted; past the limit
the request is refused with 413 and the partial file removed. Authentication and
the role check happen before a single body byte is read. The import then runs as
a background job whose progress ``GET /imports/jobs/{id}`` reports.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import AsyncGenerator
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from pydantic import BaseModel
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.formparsers import MultiPartParser

from resonanz.errors import TooLarge, UnknownFormatError
from resonanz.service.jobs import ImportJob
from resonanz.service.sources import QuarantineRecord, RunRecord, detect_format, importer_names
from resonanz.service.users import Permission
from resonanz.web.api.common import PathId
from resonanz.web.deps import Principal, get_workspace, require_user, web_state

router = APIRouter(prefix="/imports", tags=["imports"])

_SUFFIX = re.compile(r"(\.[A-Za-z0-9]{1,8}){1,2}$")
_CHUNK = 1 << 16


class JobOut(BaseModel):
    """An import job as the API shows it."""

    id: str
    filename: str
    format: str | None
    size: int
    status: str
    progress: float
    bytes_read: int
    records: int
    run_id: int | None
    new: int
    updated: int
    unchanged: int
    rejected: int
    error: str | None
    hint: str | None
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: ImportJob) -> JobOut:
        return cls(
            id=job.id,
            filename=job.filename,
            format=job.format,
            size=job.size,
            status=job.status,
            progress=job.progress,
            bytes_read=job.bytes_read,
            records=job.records,
            run_id=job.run_id,
            new=job.new,
            updated=job.updated,
            unchanged=job.unchanged,
            rejected=job.rejected,
            error=job.error,
            hint=job.hint,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


def _suffix(filename: str) -> str:
    """The file's extension(s) (``.csv``, ``.jsonl.zst``), kept so sniffing sees them."""
    found = _SUFFIX.search(os.path.basename(filename))
    return found.group(0).lower() if found else ""


async def _stream_to(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    """Yield the request body in chunks, raising :class:`TooLarge` past ``limit`` bytes."""
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise TooLarge("file larger than the upload limit")
        yield chunk


async def _save_raw(request: Request, target: Any, limit: int) -> None:
    async for chunk in _stream_to(request, limit):
        target.write(chunk)


async def _save_multipart(request: Request, target: Any, limit: int) -> str | None:
    """Copy the ``file`` part of a multipart body to ``target``; its filename."""
    parser = MultiPartParser(
        request.headers, _stream_to(request, limit), max_files=1, max_fields=10
    )
    form = await parser.parse()
    try:
        upload = form.get("file")
        if upload is None or isinstance(upload, str):
            raise HTTPException(status_code=400, detail="the form has no 'file' field")
        while chunk := await upload.read(_CHUNK):
            target.write(chunk)
        return upload.filename
    finally:
        await form.close()


@router.get("", summary="Import runs, newest first")
def runs_list(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[RunRecord]:
    return get_workspace(request).runs(limit)


@router.get("/jobs", summary="Upload jobs of this server process")
def jobs_list(request: Request) -> list[JobOut]:
    return [JobOut.of(job) for job in web_state(request).jobs.list()]


@router.get("/jobs/{job_id}", summary="Progress of one upload job")
def job_detail(request: Request, job_id: Annotated[str, PathParam(max_length=64)]) -> JobOut:
    job = web_state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(status_code=404, detail="no such job")
    return JobOut.of(job)


@router.get("/{run_id}/quarantine", summary="Records a run rejected, with reasons")
def run_quarantine(
    request: Request, run_id: PathId, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[QuarantineRecord]:
    return get_workspace(request).quarantine(run_id, limit)


@router.post(
    "",
    status_code=202,
    summary="Upload an export file and import it in the background",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                        "required": ["file"],
                    }
                },
            },
        }
    },
)
async def upload(
    request: Request,
    user: Annotated[Principal, Depends(require_user(Permission.ANALYZE))],
    format: Annotated[str | None, Query(max_length=64)] = None,
    platform: Annotated[str | None, Query(max_length=64, pattern=r"^[\w.-]*$")] = None,
    filename: Annotated[str, Query(max_length=255)] = "upload",
) -> JobOut:
    """Stream the file to disk (size-limited), check its format, queue the import."""
    state = web_state(request)
    if format and format not in importer_names():
        known = ", ".join(importer_names())
        raise UnknownFormatError(f"unknown format {format!r}", hint=f"known formats: {known}")
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > state.config.upload_limit + 1_000_000:
        raise HTTPException(status_code=413, detail="file larger than the upload limit")
    content_type, _ = parse_options_header(request.headers.get("content-type", ""))
    directory = state.config.upload_dir
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (closed below, kept on success)
        prefix="resonanz-upload-", suffix=_suffix(filename), dir=directory, delete=False
    )
    path = Path(handle.name)
    keep = False
    try:
        with handle:
            if content_type == b"multipart/form-data":
                sent_name = await _save_multipart(request, handle, state.config.upload_limit)
                if sent_name:
                    filename = os.path.basename(sent_name)[:255] or filename
                    renamed = path.with_name(path.name + _suffix(filename))
                    if renamed != path:
                        handle.flush()
                        os.replace(path, renamed)
                        path = renamed
            else:
                await _save_raw(request, handle, state.config.upload_limit)
        if path.stat().st_size == 0:
            raise HTTPException(status_code=400, detail="the uploaded file is empty")
        if not format:  # not recognised: an InputError, a 400 by the one handler
            format = await run_in_threadpool(detect_format, path)
        job = state.jobs.submit(path, filename, user.user.id, format, platform or None)
        keep = True
        return JobOut.of(job)
    finally:
        if not keep:
            path.unlink(missing_ok=True)
