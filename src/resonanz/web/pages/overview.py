"""The overview of one brand: key figures with change, volume, share of voice,
sentiment trend and aspect scorecard for a period, with filter controls, and the
reply inbox's figures (:func:`resonanz.service.inbox.compute_metrics`, as in the report).

``GET /`` renders the page; the filter form re-requests it through htmx and
gets back just the panel (``HX-Request``), whose charts ``js/charts.js`` draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service import insights
from resonanz.service.inbox import DialogueMetrics, compute_metrics
from resonanz.service.insights import AspectScore, Filters, SentimentPoint, ShareOfVoice
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages import charts
from resonanz.web.pages.common import (
    PageFilters,
    chart_block,
    is_htmx,
    page_context,
    page_filters,
    remember_scope,
)
from resonanz.web.templating import language_of, render

router = APIRouter(include_in_schema=False)

CHARTS = ("chart-volume", "chart-share", "chart-sentiment", "chart-aspects")


@dataclass(frozen=True, slots=True)
class Figure:
    """A key number and the same number for the period before (``None``: unknown)."""

    key: str
    value: float | None
    previous: float | None
    kind: str  # "count" | "share" | "net"

    @property
    def change(self) -> float | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous


def _net(points: tuple[SentimentPoint, ...]) -> float | None:
    n = sum(p.n for p in points)
    return (sum(p.positive for p in points) - sum(p.negative for p in points)) / n if n else None


def _share(sov: ShareOfVoice) -> float | None:
    if not sum(r.mentions for r in sov.overall):
        return None
    return next((r.share for r in sov.overall if r.is_focus), 0.0)


@dataclass(frozen=True, slots=True)
class Overview:
    figures: tuple[Figure, ...]
    aspects: tuple[AspectScore, ...]
    charts: dict[str, object]
    #: The reply inbox's figures for the same brand, period and filters (as in the report).
    dialogue: DialogueMetrics | None = None
    #: the brand's posts in the period flagged as spam (left out unless included)
    spam_left_out: int = 0


def compute(engine: Engine, filters: Filters, lang: str) -> Overview:
    """Every number and chart of the overview (rollup-backed insights where possible)."""
    with engine.connect() as conn:
        vol = insights.volume(conn, filters)
        sov = insights.share_of_voice(conn, filters)
        trend = insights.sentiment_trend(conn, filters)
        aspects = insights.aspect_scorecard(conn, filters, limit=10, quotes=0)
        before = filters.previous()
        prev_vol = insights.volume(conn, before)
        prev_sov = insights.share_of_voice(conn, before)
        prev_trend = insights.sentiment_trend(conn, before)
        spam = insights.spam_left_out(conn, filters)
    figures = (
        Figure("mentions", sum(p.count for p in vol), sum(p.count for p in prev_vol), "count"),
        Figure("share", _share(sov), _share(prev_sov), "share"),
        Figure("net", _net(trend), _net(prev_trend), "net"),
    )
    data = charts.partial_report(
        filters, volume=vol, share_of_voice=sov, sentiment=trend, aspects=aspects
    )
    dialogue = compute_metrics(
        engine,
        brand=filters.brand,
        start=filters.start,
        end=filters.end,
        platforms=filters.platforms,
        languages=filters.languages,
        product=filters.product,
    )
    return Overview(figures, aspects, charts.build(data, lang, CHARTS), dialogue, spam)


@router.get("/")
async def overview(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    workspace = get_workspace(request)
    selection: PageFilters = await run_in_threadpool(page_filters, workspace, request)
    lang = language_of(request, user)
    result = None
    if selection.filters is not None:
        result = await run_in_threadpool(compute, workspace.engine, selection.filters, lang)
    context = page_context(
        request,
        user,
        selection=selection,
        result=result,
        chart_json=chart_block(result.charts if result else {}),
        page="overview",
    )
    template = "pages/overview_panel.html" if is_htmx(request) else "pages/overview.html"
    return remember_scope(request, render(request, template, context))
