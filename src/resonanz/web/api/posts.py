"""``/api/v1/posts``: list and search posts, one post with its evidence, its thread."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from resonanz.service.selection import (
    MAX_LIMIT,
    PostDetail,
    PostPage,
    PostQuery,
    Sort,
    ThreadView,
    get_post,
    get_thread,
    list_posts,
)
from resonanz.web.api.common import PathId, utc
from resonanz.web.deps import get_workspace

router = APIRouter(prefix="/posts", tags=["posts"])

Label = Annotated[str | None, Query(max_length=64, pattern=r"^[\w.:-]*$")]
Name = Annotated[str | None, Query(max_length=255, pattern=r"^[^\x00]*$")]


@router.get("", summary="List and search posts")
def posts_list(
    request: Request,
    brand: Name = None,
    product: Name = None,
    platform: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 (FastAPI copies)
    language: Label = None,
    sentiment: Label = None,
    aspect: Label = None,
    intent: Label = None,
    spam: bool | None = None,
    disclosure: Label = None,
    since: datetime | None = None,
    until: datetime | None = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    sort: Sort = "newest",
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> PostPage:
    """Posts matching every given filter, newest (or oldest) first.

    ``q`` is a full-text search: every word must occur (as a word prefix).
    ``spam`` true lists only spam, false leaves it out, absent keeps both.
    Pass ``next_cursor`` back as ``cursor`` for the next page (same filters).
    """
    query = PostQuery(
        brand=brand,
        product=product,
        platforms=tuple(p for p in platform if p and "\x00" not in p),
        language=language,
        sentiment=sentiment,
        aspect=aspect,
        intent=intent,
        spam=spam,
        disclosure=disclosure,
        since=utc(since, "since"),
        until=utc(until, "until"),
        q=q.replace("\x00", " ") if q else q,
        sort=sort,
        limit=limit,
        cursor=cursor,
    )
    return list_posts(get_workspace(request).engine, query)


@router.get("/{post_id}", summary="One post with all annotations and evidence")
def post_detail(request: Request, post_id: PathId) -> PostDetail:
    found = get_post(get_workspace(request).engine, post_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such post")
    return found


@router.get("/{post_id}/thread", summary="The conversation a post belongs to")
def post_thread(request: Request, post_id: PathId) -> ThreadView:
    found = get_thread(get_workspace(request).engine, post_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such post")
    return found
