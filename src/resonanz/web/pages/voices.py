"""Top voices: the creators and accounts who reach the most people about a brand."""

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


@router.get("/voices")
async def voices(request: Request, user: Annotated[Principal, Depends(require_user())]) -> Response:
    workspace = get_workspace(request)
    selection = await run_in_threadpool(page_filters, workspace, request)
    found: tuple[insights.Voice, ...] = ()
    missing = 0
    if selection.filters is not None:
        found = await run_in_threadpool(
            insights.top_voices, workspace.engine, selection.filters, LIMIT
        )
        missing = await run_in_threadpool(
            insights.without_author, workspace.engine, selection.filters
        )
    context = page_context(
        request,
        user,
        page="voices",
        selection=selection,
        voices=found,
        without_author=missing,
        action="/voices",
        body="pages/voices_panel.html",
    )
    return remember_scope(
        request,
        render(
            request,
            "pages/voices_panel.html" if is_htmx(request) else "pages/insight.html",
            context,
        ),
    )
