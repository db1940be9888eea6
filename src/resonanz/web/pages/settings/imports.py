"""Data sources: upload an export file, watch import jobs, browse runs and quarantine.

The upload itself is the REST API's streaming, size-limited handler
(:func:`resonanz.web.api.imports.upload`); this page calls it and answers with
the job list, which polls itself through htmx while a job is running.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service.sources import importer_names
from resonanz.service.users import Permission
from resonanz.web.api import imports as api_imports
from resonanz.web.api.common import PathId
from resonanz.web.deps import Principal, get_workspace, require_user, web_state
from resonanz.web.pages.common import page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

RUNS_SHOWN = 100
QUARANTINE_SHOWN = 500


def _jobs_context(request: Request, user: Principal, **extra: object) -> dict[str, object]:
    jobs = web_state(request).jobs.list()
    busy = any(job.status in ("queued", "running") for job in jobs)
    return page_context(request, user, jobs=jobs, busy=busy, **extra)


@router.get("/settings/imports")
async def imports_page(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    workspace = get_workspace(request)
    runs = await run_in_threadpool(workspace.runs, RUNS_SHOWN)
    context = _jobs_context(
        request, user, page="settings-imports", runs=runs, formats=importer_names()
    )
    return render(request, "pages/settings/imports.html", context)


@router.get("/settings/imports/jobs")
def jobs_fragment(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    return render(request, "pages/settings/jobs.html", _jobs_context(request, user))


@router.post("/settings/imports/upload")
async def upload(
    request: Request,
    user: Annotated[Principal, Depends(require_user(Permission.ANALYZE))],
) -> Response:
    """Hand the multipart body to the API's upload handler; show the job list."""
    wanted = request.query_params.get("format") or None
    error = None
    try:
        await api_imports.upload(request, user, wanted, None, "upload")
    except HTTPException as exc:
        error = str(exc.detail)
    context = _jobs_context(request, user, upload_error=error)
    return render(request, "pages/settings/jobs.html", context, status_code=200)


@router.get("/settings/imports/{run_id}")
async def quarantine_page(
    request: Request, run_id: PathId, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    workspace = get_workspace(request)
    runs = await run_in_threadpool(workspace.runs, 10_000)
    run = next((r for r in runs if r.id == run_id), None)
    if run is None:
        raise HTTPException(status_code=404, detail="no such import run")
    records = await run_in_threadpool(workspace.quarantine, run_id, QUARANTINE_SHOWN)
    context = page_context(request, user, page="settings-imports", run=run, records=records)
    return render(request, "pages/settings/quarantine.html", context)
