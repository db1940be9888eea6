"""API tokens: create one (its secret is shown on the answer page, once), revoke one.

Users see and manage their own tokens; admins see everyone's and may revoke any.
Viewers read the list only (every write is refused to them).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.service import users as accounts
from resonanz.service.users import Permission
from resonanz.web.api.common import PathId
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

WRITERS = (Permission.ADMIN, Permission.ANALYZE, Permission.INBOX)
Writer = Annotated[Principal, Depends(require_user(any_of=WRITERS))]


def _page(
    request: Request, user: Principal, secret: str | None = None, status: int = 200
) -> Response:
    engine = get_workspace(request).engine
    everyone = user.can(Permission.ADMIN)
    tokens = accounts.list_tokens(engine, None if everyone else user.user.id)
    names = {u.id: u.username for u in accounts.list_users(engine)} if everyone else {}
    context = page_context(
        request,
        user,
        page="settings-tokens",
        tokens=tokens,
        names=names,
        secret=secret,
        can_write=any(user.can(p) for p in WRITERS),
    )
    return render(request, "pages/settings/tokens.html", context, status_code=status)


@router.get("/settings/tokens")
def tokens_page(request: Request, user: Annotated[Principal, Depends(require_user())]) -> Response:
    return _page(request, user)


@router.post("/settings/tokens")
async def tokens_create(
    request: Request, user: Writer, name: Annotated[str, Form(min_length=1, max_length=128)]
) -> Response:
    engine = get_workspace(request).engine
    label = name.replace("\x00", "").strip() or "token"
    _, secret = await run_in_threadpool(accounts.create_token, engine, user.user.id, label)
    return _page(request, user, secret=secret, status=201)


@router.post("/settings/tokens/{token_id}/revoke")
async def tokens_revoke(request: Request, token_id: PathId, user: Writer) -> Response:
    engine = get_workspace(request).engine
    token = accounts.get_token(engine, token_id)
    if token is None or (token.user_id != user.user.id and not user.can(Permission.ADMIN)):
        raise HTTPException(status_code=404, detail="no such token")
    await run_in_threadpool(accounts.revoke_token, engine, token_id)
    return RedirectResponse("/settings/tokens", status_code=303)
