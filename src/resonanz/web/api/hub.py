"""``/api/v1/hub``: curating the creator hub (analysts and admins only).

Every route, reading included, is for analysts and admins: the audit log and the
curation state are working data of the brand team. The published hub itself is
public under ``/hub/`` (see :mod:`resonanz.web.hub`). A refusal of the hub's rules
(creator not in the hub, an undisclosed commercial post without an override note)
is a 409 whose ``detail`` says why and whose ``hint`` says what to do.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from resonanz.service import hub
from resonanz.service.users import Permission
from resonanz.web.api.common import CleanStr, PathId
from resonanz.web.deps import Principal, get_workspace, require_user

router = APIRouter(prefix="/hub", tags=["hub"])

Curator = Annotated[Principal, Depends(require_user(Permission.ANALYZE))]
Slug = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class NewCollection(BaseModel):
    slug: Slug
    title: Annotated[CleanStr, Field(min_length=1, max_length=200)]
    description: Annotated[CleanStr, Field(max_length=2000)] | None = None
    title_en: Annotated[CleanStr, Field(max_length=200)] | None = None
    description_en: Annotated[CleanStr, Field(max_length=2000)] | None = None


class NewCreator(BaseModel):
    slug: Annotated[CleanStr, Field(min_length=1, max_length=255)]


class NewItem(BaseModel):
    post_id: Annotated[int, Field(ge=1, le=2**63 - 1)]
    note: Annotated[CleanStr, Field(max_length=2000)] | None = None
    override_note: Annotated[CleanStr, Field(max_length=2000)] | None = None


@router.get("/collections", summary="The hub's collections")
async def collections(request: Request, user: Curator) -> list[dict[str, Any]]:
    rows = await run_in_threadpool(hub.list_collections, get_workspace(request))
    return [dataclasses.asdict(r) for r in rows]


@router.post("/collections", status_code=201, summary="Create a collection")
async def collection_add(request: Request, body: NewCollection, user: Curator) -> dict[str, str]:
    await run_in_threadpool(
        hub.add_collection,
        get_workspace(request),
        body.slug,
        body.title,
        user.user.username,
        description=body.description,
        title_en=body.title_en,
        description_en=body.description_en,
    )
    return {"slug": body.slug}


@router.delete("/collections/{slug}", status_code=204, summary="Delete a collection")
async def collection_remove(request: Request, slug: str, user: Curator) -> Response:
    await run_in_threadpool(hub.remove_collection, get_workspace(request), slug, user.user.username)
    return Response(status_code=204)


@router.post("/creators", status_code=201, summary="Put a creator into the hub")
async def creator_add(request: Request, body: NewCreator, user: Curator) -> dict[str, Any]:
    added = await run_in_threadpool(
        hub.add_creator, get_workspace(request), body.slug, user.user.username
    )
    return {"slug": body.slug, "added": added}


@router.delete("/creators/{slug}", status_code=204, summary="Take a creator out of the hub")
async def creator_remove(request: Request, slug: str, user: Curator) -> Response:
    await run_in_threadpool(hub.remove_creator, get_workspace(request), slug, user.user.username)
    return Response(status_code=204)


@router.post("/collections/{slug}/items", status_code=201, summary="Add a post")
async def item_add(request: Request, slug: str, body: NewItem, user: Curator) -> dict[str, Any]:
    await run_in_threadpool(
        hub.add_item,
        get_workspace(request),
        slug,
        body.post_id,
        user.user.username,
        note=body.note,
        override_note=body.override_note,
    )
    return {"collection": slug, "post_id": body.post_id}


@router.delete("/collections/{slug}/items/{post_id}", status_code=204, summary="Remove a post")
async def item_remove(request: Request, slug: str, post_id: PathId, user: Curator) -> Response:
    await run_in_threadpool(
        hub.remove_item, get_workspace(request), slug, post_id, user.user.username
    )
    return Response(status_code=204)


@router.get("/mix", summary="The hub's brand mix")
async def brand_mix(request: Request, user: Curator) -> dict[str, Any]:
    found = await run_in_threadpool(hub.mix, get_workspace(request))
    return dataclasses.asdict(found)


@router.get("/audit", summary="The hub's audit log (newest first)")
async def audit(request: Request, user: Curator, limit: int = 200) -> list[dict[str, Any]]:
    rows = await run_in_threadpool(hub.audit_log, get_workspace(request), max(1, min(limit, 1000)))
    return [dataclasses.asdict(r) for r in rows]
