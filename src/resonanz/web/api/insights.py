"""``/api/v1/insights/...``: the insight functions of :mod:`resonanz.insights`, as JSON.

Every endpoint takes the same filters (brand, period, platforms, languages,
product, granularity) and returns the typed result of one insight function
unchanged, so the API, the pages and the report show the same numbers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from resonanz.service import insights
from resonanz.service.insights import (
    AspectScore,
    DataQuality,
    Filters,
    OpenItem,
    SentimentPoint,
    ShareOfVoice,
    Topic,
    TransparencyRow,
    Voice,
    VolumePoint,
)
from resonanz.web.api.common import utc
from resonanz.web.deps import get_workspace

router = APIRouter(prefix="/insights", tags=["insights"])

Names = Annotated[list[str], Query(max_length=20)]


def _clean(values: list[str]) -> tuple[str, ...]:
    return tuple(v for v in values if v and "\x00" not in v)


def insight_filters(
    brand: Annotated[str, Query(min_length=1, max_length=255, pattern=r"^[^\x00]*$")],
    since: datetime | None = None,
    until: datetime | None = None,
    platform: Names = [],  # noqa: B006 (FastAPI copies defaults)
    language: Names = [],  # noqa: B006
    product: Annotated[str | None, Query(max_length=255, pattern=r"^[^\x00]*$")] = None,
    granularity: Literal["day", "week"] = "day",
) -> Filters:
    """The insight filters from query parameters (``since`` inclusive, ``until`` exclusive)."""
    start, end = utc(since, "since"), utc(until, "until")
    if start is not None and end is not None and end <= start:
        raise HTTPException(status_code=400, detail="until must be after since")
    return Filters(
        brand=brand,
        start=start,
        end=end,
        platforms=_clean(platform),
        languages=_clean(language),
        product=product or None,
        granularity=granularity,
    )


FiltersDep = Annotated[Filters, Depends(insight_filters)]
Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/volume", summary="Posts per period, with spikes")
def volume(request: Request, filters: FiltersDep) -> tuple[VolumePoint, ...]:
    return insights.volume(get_workspace(request).engine, filters)


@router.get("/share-of-voice", summary="The brand's share of mentions against competitors")
def share_of_voice(request: Request, filters: FiltersDep) -> ShareOfVoice:
    return insights.share_of_voice(get_workspace(request).engine, filters)


@router.get("/sentiment", summary="Positive, negative and neutral posts per period")
def sentiment(request: Request, filters: FiltersDep) -> tuple[SentimentPoint, ...]:
    return insights.sentiment_trend(get_workspace(request).engine, filters)


@router.get("/aspects", summary="Aspect scorecard with quotes")
def aspects(request: Request, filters: FiltersDep, limit: Limit = 12) -> tuple[AspectScore, ...]:
    return insights.aspect_scorecard(get_workspace(request).engine, filters, limit=limit)


@router.get("/topics", summary="Emerging topics")
def topics(
    request: Request, filters: FiltersDep, limit: Annotated[int, Query(ge=1, le=20)] = 8
) -> tuple[Topic, ...]:
    return insights.emerging_topics(get_workspace(request).engine, filters, topics=limit)


@router.get("/open-items", summary="Questions and complaints without an answer")
def open_items(request: Request, filters: FiltersDep, limit: Limit = 50) -> tuple[OpenItem, ...]:
    """The open inbox items of the brand and period, oldest first: the items the report
    counts and the inbox lists (waiting time by the item's live or archive clock)."""
    from resonanz.service.insights import open_inbox_items

    return open_inbox_items(get_workspace(request).engine, filters, limit=limit)


@router.get("/voices", summary="Top voices by reach")
def voices(request: Request, filters: FiltersDep, limit: Limit = 20) -> tuple[Voice, ...]:
    return insights.top_voices(get_workspace(request).engine, filters, limit=limit)


@router.get("/transparency", summary="Commercial posts and their disclosure verdicts")
def transparency(
    request: Request, filters: FiltersDep, limit: Limit = 20
) -> tuple[TransparencyRow, ...]:
    return insights.transparency(get_workspace(request).engine, filters, limit=limit)


@router.get("/data-quality", summary="Spam, toxicity and language mix")
def data_quality(request: Request, filters: FiltersDep) -> DataQuality:
    return insights.data_quality(get_workspace(request).engine, filters)
