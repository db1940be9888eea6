"""Signing in and out: the login page (the one page open to everybody) and logout.

Login is protected three ways: the form carries a CSRF token tied to a signed
cookie (no login CSRF), failed attempts are throttled per account and per client
address (:class:`~resonanz.web.security.LoginThrottle`), and a locked key is
refused before the password is even checked. Logging out raises the user's
session epoch, which ends their sessions on every device.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.service.users import authenticate, end_sessions, update_user
from resonanz.web.deps import Principal, optional_user, signed_in, web_state
from resonanz.web.hub import HUB_ROUTES
from resonanz.web.i18n import LANGUAGES, translate
from resonanz.web.security import csrf_matches
from resonanz.web.sessions import LOGIN_COOKIE
from resonanz.web.templating import language_of, render

router = APIRouter(include_in_schema=False)

#: The routes anyone may reach (plus the static files): login, and the read-only creator
#: hub under /hub/ (:mod:`resonanz.web.hub`); a test holds the app to exactly these.
PUBLIC_ROUTES = frozenset(
    {("GET", "/login"), ("POST", "/login"), ("GET", "/favicon.ico")} | HUB_ROUTES
)
#: Writes every signed-in user may make, viewers included: they touch only the
#: user's own session or preferences, never shared data.
SELF_SERVICE_ROUTES = frozenset({("POST", "/logout"), ("POST", "/account/language")})


def safe_next(target: str | None) -> str:
    """A local path to go to after login; anything else (other hosts, schemes) is ``/``."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/"
    if any(ord(c) < 32 for c in target) or len(target) > 2000:
        return "/"
    return target


def _login_page(
    request: Request,
    *,
    error: str | None = None,
    next_url: str = "/",
    username: str = "",
    status_code: int = 200,
) -> Response:
    state = web_state(request)
    holder = Response()
    token = state.sessions.login_token(request, holder)
    page = render(
        request,
        "login.html",
        {"error": error, "next": safe_next(next_url), "username": username, "login_token": token},
        status_code=status_code,
    )
    for key, value in holder.raw_headers:
        if key == b"set-cookie":
            page.raw_headers.append((key, value))
    return page


@router.get("/login")
def login_form(
    request: Request,
    user: Annotated[Principal | None, Depends(optional_user)],
    next: str = "/",
) -> Response:
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _login_page(request, next_url=next)


@router.post("/login")
async def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    state = web_state(request)
    lang = language_of(request, None)
    username = username.strip()
    if not csrf_matches(state.sessions.login_token_of(request), csrf_token):
        return _login_page(
            request,
            error=translate(lang, "login.expired"),
            next_url=next,
            username=username,
            status_code=403,
        )
    address = request.client.host if request.client else None
    wait = state.throttle.attempt(username, address)  # counted before the slow check
    if wait:
        page = _login_page(
            request,
            error=translate(lang, "login.throttled", seconds=wait),
            next_url=next,
            username=username,
            status_code=429,
        )
        page.headers["Retry-After"] = str(wait)
        return page
    user = await run_in_threadpool(authenticate, state.workspace.engine, username, password)
    if user is None:
        return _login_page(
            request,
            error=translate(lang, "login.failed"),
            next_url=next,
            username=username,
            status_code=401,
        )
    state.throttle.succeeded(username, address)
    response = RedirectResponse(safe_next(next), status_code=303)
    state.sessions.issue(request, response, user.id, user.session_epoch)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, user: Annotated[Principal, Depends(signed_in)]) -> Response:
    state = web_state(request)
    if user.via == "session":
        end_sessions(state.workspace.engine, user.user.id)
    response = RedirectResponse("/login", status_code=303)
    state.sessions.clear(request, response)
    return response


@router.post("/account/language")
def set_language(
    request: Request,
    user: Annotated[Principal, Depends(signed_in)],
    language: Annotated[str, Form(max_length=8)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Choose the UI language for oneself (``de``, ``en``; empty: follow the browser)."""
    if language not in ("", *LANGUAGES):
        raise HTTPException(status_code=400, detail="language must be de, en or empty")
    update_user(
        web_state(request).workspace.engine,
        user.user.id,
        language=language or None,
        clear_language=not language,
    )
    return RedirectResponse(safe_next(next), status_code=303)
