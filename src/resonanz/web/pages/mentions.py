"""The mentions explorer: full-text search with filters, keyset pages, CSV export.

``GET /mentions`` renders the page; the filter form asks again through htmx and
gets just the results. ``GET /mentions/export.csv`` downloads the current
selection (analysts and admins: exporting is their permission).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.responses import FileResponse, Response

from resonanz.service.selection import export_selection, list_posts
from resonanz.service.users import Permission
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import (
    brand_names,
    is_htmx,
    page_context,
    remember_scope,
    scoped_args,
)
from resonanz.web.pages.selection import PAGE_SIZES, selection_params, selection_query
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/mentions")
async def mentions(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    workspace = get_workspace(request)
    args = scoped_args(request)  # a bare address shows the brand and period chosen last
    query = selection_query(args)
    found = await run_in_threadpool(list_posts, workspace.engine, query)
    params = selection_params(args)
    context = page_context(
        request,
        user,
        page="mentions",
        query=query,
        params=params,
        found=found,
        brands=await run_in_threadpool(brand_names, workspace),
        page_sizes=PAGE_SIZES,
        first_page=bool(query.cursor),
    )
    template = "pages/mentions_results.html" if is_htmx(request) else "pages/mentions.html"
    return remember_scope(request, render(request, template, context))


@router.get("/mentions/export.csv")
async def export(
    request: Request,
    user: Annotated[Principal, Depends(require_user(Permission.ANALYZE))],
) -> Response:
    workspace = get_workspace(request)
    query = selection_query(request.query_params)
    handle, name = tempfile.mkstemp(prefix="resonanz-export-", suffix=".csv")
    os.close(handle)
    path = Path(name)
    try:
        await run_in_threadpool(export_selection, workspace.engine, query, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type="text/csv; charset=utf-8",
        filename="resonanz-mentions.csv",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )
