"""Emerging topics of a brand: which themes grew against the period before, with examples."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service import insights
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages import charts
from resonanz.web.pages.common import (
    chart_block,
    is_htmx,
    page_context,
    page_filters,
    remember_scope,
)
from resonanz.web.templating import language_of, render

router = APIRouter(include_in_schema=False)


@router.get("/topics")
async def topics(request: Request, user: Annotated[Principal, Depends(require_user())]) -> Response:
    workspace = get_workspace(request)
    selection = await run_in_threadpool(page_filters, workspace, request)
    found: tuple[insights.Topic, ...] = ()
    specs = {}
    if selection.filters is not None:
        found = await run_in_threadpool(
            insights.emerging_topics, workspace.engine, selection.filters
        )
        data = charts.partial_report(selection.filters, topics=found)
        specs = charts.build(data, language_of(request, user), ("chart-topics",))
    context = page_context(
        request,
        user,
        page="topics",
        selection=selection,
        topics=found,
        chart_json=chart_block(specs),
        charts=specs,
        action="/topics",
        body="pages/topics_panel.html",
    )
    return remember_scope(
        request,
        render(
            request,
            "pages/topics_panel.html" if is_htmx(request) else "pages/insight.html",
            context,
        ),
    )
