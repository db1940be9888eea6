"""``/api/v1/privacy``: data subjects' requests, for admins only.

``GET /privacy/export?author=PLATFORM:HANDLE`` returns everything stored about the
author (Art. 15); ``POST /privacy/erase`` with ``{"author": ..., "confirm": true}``
erases it (Art. 17, see :mod:`resonanz.privacy.erase`). With a pseudonym key in the
settings, both also cover the posts a pseudonymised import stored under the author's
pseudonym (:mod:`resonanz.privacy.requests`). Both are logged in
``privacy_log`` with the admin's name and counts, never the author's data.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from resonanz.errors import InvalidValue
from resonanz.service.privacy import Subject, erase_subject, export_subject
from resonanz.service.users import Permission
from resonanz.web.api.common import CleanStr
from resonanz.web.deps import Principal, get_workspace, require_user, web_state

router = APIRouter(tags=["privacy"])

AdminUser = Annotated[Principal, Depends(require_user(Permission.ADMIN))]


class EraseIn(BaseModel):
    author: CleanStr = Field(min_length=3, max_length=300, description="PLATFORM:HANDLE")
    confirm: bool = Field(description="Must be true: the erasure cannot be undone.")


class EraseOut(BaseModel):
    posts: int
    dependent_rows: int
    quarantined: int
    redacted_rows: int
    tombstones: int
    compacted: bool


@router.get("/privacy/export", summary="Everything stored about an author (admins)")
async def privacy_export(
    request: Request,
    admin: AdminUser,
    author: Annotated[str, Query(min_length=3, max_length=300)],
) -> dict[str, Any]:
    subject = Subject.parse(author)  # malformed: InvalidValue, a 422 by the one handler
    engine = get_workspace(request).engine
    settings = web_state(request).config.workspace_settings()
    actor = f"web:{admin.user.username}"
    return await run_in_threadpool(export_subject, engine, settings, subject, actor)


@router.post("/privacy/erase", summary="Erase everything stored about an author (admins)")
async def privacy_erase(request: Request, body: EraseIn, admin: AdminUser) -> EraseOut:
    if not body.confirm:
        raise InvalidValue("set confirm to true: this cannot be undone")
    subject = Subject.parse(body.author)
    engine = get_workspace(request).engine
    settings = web_state(request).config.workspace_settings()
    actor = f"web:{admin.user.username}"
    report = await run_in_threadpool(erase_subject, engine, settings, subject, actor)
    return EraseOut(**report.__dict__)
