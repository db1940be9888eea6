"""Transparency: commercial posts per creator and their disclosure verdicts, each
example with the rules and text spans the verdict rests on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service import insights
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import is_htmx, page_context, page_filters, remember_scope
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

LIMIT = 50


@router.get("/transparency")
async def transparency(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    workspace = get_workspace(request)
    selection = await run_in_threadpool(page_filters, workspace, request)
    rows: tuple[insights.TransparencyRow, ...] = ()
    if selection.filters is not None:
        rows = await run_in_threadpool(
            insights.transparency, workspace.engine, selection.filters, LIMIT
        )
    context = page_context(
        request,
        user,
        page="transparency",
        selection=selection,
        rows=rows,
        action="/transparency",
        body="pages/transparency_panel.html",
    )
    return remember_scope(
        request,
        render(
            request,
            "pages/transparency_panel.html" if is_htmx(request) else "pages/insight.html",
            context,
        ),
    )
