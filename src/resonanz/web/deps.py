"""Request dependencies: the workspace, who is asking, and what they may do.

Every route except the login page declares one of these; a test walks
``app.routes`` to make sure. Typical use::

    @router.get("/mentions")
    def mentions(request: Request, user: Principal = Depends(require_user())): ...

    @router.post("/catalog")
    def save(user: Principal = Depends(require_user(Permission.ANALYZE))): ...

A request is authenticated by an ``Authorization: Bearer rz_...`` API token or by
the session cookie. Cookie-authenticated POST/PUT/PATCH/DELETE must carry the
session's CSRF token (``X-CSRF-Token`` header or ``csrf_token`` form field);
token-authenticated ones need none, since browsers never add that header by
themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from resonanz.errors import CsrfFailed as CsrfFailed
from resonanz.errors import NotAuthenticated as NotAuthenticated
from resonanz.service.users import Permission, Role, User, allows, get_user, verify_token
from resonanz.web.config import WebConfig
from resonanz.web.security import CSRF_FIELD, CSRF_HEADER, UNSAFE_METHODS, csrf_matches
from resonanz.web.sessions import SessionCodec

if TYPE_CHECKING:
    from resonanz.service import Workspace
    from resonanz.service.jobs import ImportJobs
    from resonanz.web.security import LoginThrottle


@dataclass
class WebState:
    """What the app shares between requests (``app.state.resonanz``)."""

    workspace: Workspace
    config: WebConfig
    sessions: SessionCodec
    throttle: LoginThrottle
    jobs: ImportJobs


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated user of a request and how they proved it."""

    user: User
    via: Literal["session", "token"]
    csrf: str | None = None  # the session's CSRF token (None for API tokens)
    token_id: int | None = None

    @property
    def role(self) -> Role:
        return self.user.role

    def can(self, permission: Permission) -> bool:
        return allows(self.user.role, permission)


def web_state(request: Request) -> WebState:
    state: WebState = request.app.state.resonanz
    return state


def get_workspace(request: Request) -> Workspace:
    return web_state(request).workspace


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise NotAuthenticated("malformed Authorization header")
    return value.strip()


def authenticate(request: Request) -> Principal | None:
    """The principal of the request, or ``None`` (a bad token is never a fallback)."""
    cached = request.scope.get("resonanz.principal")
    if isinstance(cached, Principal):
        return cached
    state = web_state(request)
    engine = state.workspace.engine
    principal: Principal | None = None
    token = _bearer(request)
    if token is not None:
        found = verify_token(engine, token)
        if found is None:
            raise NotAuthenticated("invalid or revoked API token")
        principal = Principal(found[0], "token", token_id=found[1].id)
    else:
        session = state.sessions.read(request)
        if session is not None:
            user = get_user(engine, session.user_id)
            if user is not None and user.active and user.session_epoch == session.epoch:
                principal = Principal(user, "session", csrf=session.csrf)
    if principal is not None:
        request.scope["resonanz.principal"] = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    """Refuse a cookie-authenticated write without the session's CSRF token."""
    if principal.via != "session" or request.method not in UNSAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
        elif content_type.startswith("multipart/form-data"):
            # File uploads are streamed by their route, so the body is not parsed here:
            # the token comes as header or as ?csrf_token= in the form's action URL.
            given = request.query_params.get(CSRF_FIELD)
    if not csrf_matches(principal.csrf, given):
        raise CsrfFailed()


Dependency = Callable[[Request], Coroutine[Any, Any, Principal]]


def require_user(
    permission: Permission | None = None,
    *,
    role: Role | str | None = None,
    any_of: tuple[Permission, ...] = (),
) -> Dependency:
    """A dependency that admits an authenticated user who may do what the route does.

    Without arguments: any signed-in user (reading). ``permission``: the user's role
    must carry it; ``any_of``: at least one of these; ``role``: exactly that role
    (or admin). Writes (POST/PUT/PATCH/DELETE) need a permission beyond reading,
    so a viewer is refused every write even where a route forgot to ask for one.
    """
    wanted_role = Role(role) if role is not None else None

    async def dependency(request: Request) -> Principal:
        principal = await run_in_threadpool(authenticate, request)
        if principal is None:
            raise NotAuthenticated("sign in or send an API token")
        await check_csrf(request, principal)
        allowed = True
        if permission is not None:
            allowed = principal.can(permission)
        if any_of:
            allowed = allowed and any(principal.can(p) for p in any_of)
        if wanted_role is not None:
            allowed = allowed and principal.role in (wanted_role, Role.ADMIN)
        if request.method in UNSAFE_METHODS and principal.role is Role.VIEWER:
            allowed = False
        if not allowed:
            raise HTTPException(status_code=403, detail="your role does not allow this")
        return principal

    return dependency


def optional_user(request: Request) -> Principal | None:
    """The principal if there is one (for the login page, which shows either way)."""
    try:
        return authenticate(request)
    except NotAuthenticated:
        return None


async def signed_in(request: Request) -> Principal:
    """Any signed-in user, CSRF-checked, with no role limit.

    Only for actions on one's own session (logging out); everything that changes
    data uses :func:`require_user` with a permission.
    """
    principal = await run_in_threadpool(authenticate, request)
    if principal is None:
        raise NotAuthenticated("sign in or send an API token")
    await check_csrf(request, principal)
    return principal
