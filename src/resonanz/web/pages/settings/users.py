"""Users and roles (admins only): create users, change role, language and activity."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.errors import ResonanzError
from resonanz.service import users as accounts
from resonanz.service.users import Permission, Role
from resonanz.web.api.common import PathId
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

Admin = Annotated[Principal, Depends(require_user(Permission.ADMIN))]


def _page(
    request: Request, user: Principal, error: str | None = None, status: int = 200
) -> Response:
    found = accounts.list_users(get_workspace(request).engine)
    context = page_context(
        request,
        user,
        page="settings-users",
        people=found,
        roles=[r.value for r in Role],
        error=error,
        saved=request.query_params.get("saved") == "1",
    )
    return render(request, "pages/settings/users.html", context, status_code=status)


@router.get("/settings/users")
def users_page(request: Request, user: Admin) -> Response:
    return _page(request, user)


@router.post("/settings/users")
async def users_create(
    request: Request,
    user: Admin,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    role: Annotated[str, Form(max_length=16)] = "viewer",
    language: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    engine = get_workspace(request).engine
    try:
        await run_in_threadpool(
            accounts.create_user,
            engine,
            username.replace("\x00", "").strip(),
            password.replace("\x00", ""),
            role,
            language or None,
        )
    except ResonanzError as exc:
        return _page(request, user, f"{exc.message} {exc.hint or ''}".strip(), 400)
    return RedirectResponse("/settings/users?saved=1", status_code=303)


@router.post("/settings/users/{user_id}")
async def users_update(
    request: Request,
    user_id: PathId,
    user: Admin,
    role: Annotated[str, Form(max_length=16)] = "",
    language: Annotated[str, Form(max_length=2)] = "",
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    engine = get_workspace(request).engine
    try:
        await run_in_threadpool(
            lambda: accounts.update_user(
                engine,
                user_id,
                role=role or None,
                active=active == "on",
                language=language or None,
                clear_language=language == "",
            )
        )
    except ResonanzError as exc:
        return _page(request, user, f"{exc.message} {exc.hint or ''}".strip(), 400)
    return RedirectResponse("/settings/users?saved=1", status_code=303)
