"""The app factory: ``create_app(workspace) -> FastAPI``.

It wires the parts together: the login routes (:mod:`.auth`), the REST API
(:mod:`.api`), the pages (``page_routers``, else those of the ``resonanz.pages``
plug-ins, built-in pages first), static files (ours under ``/static``, Plotly's bundle from the
installed ``plotly`` package under ``/static/plotly``), the security headers, and
one place where errors become JSON (API) or an HTML page (everything else).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from resonanz import plugins
from resonanz.errors import (
    CsrfFailed,
    DialogueError,
    NotAuthenticated,
    ReplyRefused,
    ResonanzError,
)
from resonanz.service import Workspace
from resonanz.service.jobs import ImportJobs
from resonanz.service.users import server_secret
from resonanz.web import auth, home
from resonanz.web import hub as public_hub
from resonanz.web.api import PREFIX, api_router
from resonanz.web.config import WebConfig
from resonanz.web.deps import WebState, require_user
from resonanz.web.security import LoginThrottle, SecurityHeaders
from resonanz.web.sessions import SessionCodec
from resonanz.web.templating import render
from resonanz.web.throttle_store import StoredLoginThrottle

STATIC_DIR = Path(__file__).resolve().parent / "static"
OPENAPI_URL = f"{PREFIX}/openapi.json"


def plotly_dir() -> Path | None:
    """Where the installed plotly package keeps ``plotly.min.js`` (served, never a CDN)."""
    try:
        import plotly
    except ImportError:  # pragma: no cover - plotly is a core dependency
        return None
    found = Path(plotly.__file__).resolve().parent / "package_data"
    return found if (found / "plotly.min.js").is_file() else None


#: Request bodies larger than this are refused, except on the upload route (which
#: streams to disk with its own limit).
MAX_BODY = 2 * 1024 * 1024
UPLOAD_PATHS = frozenset({f"{PREFIX}/imports"})


class LimitBody:
    """ASGI middleware: refuse oversized request bodies (413) outside the upload route.

    A declared ``Content-Length`` over the limit is refused before the app runs; a
    chunked body is counted as it is read and cut off with 413 once over the limit.
    """

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in UPLOAD_PATHS:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                response = JSONResponse({"detail": "request body too large"}, 413)
                await response(scope, receive, send)
                return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise StarletteHTTPException(413, "request body too large")
            return message

        await self.app(scope, counted, send)


class RejectNul:
    """ASGI middleware: a path or query string with a NUL byte is a 400 right away."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = bytes(scope.get("query_string", b"")) + str(scope.get("path", "")).encode()
            if b"%00" in raw or b"\x00" in raw:
                response = JSONResponse({"detail": "NUL characters are not allowed"}, 400)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


@dataclass(frozen=True, slots=True)
class RouteInfo:
    """One route as the app serves it: full path, methods, and the route object."""

    path: str
    methods: frozenset[str]
    route: BaseRoute


def route_table(routes: Sequence[BaseRoute]) -> list[RouteInfo]:
    """Every route with its full path, looking inside included routers.

    Newer FastAPI versions keep included routers as nested objects in
    ``app.routes``; this flattens them (and works on older versions too).
    """
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazy router inclusion: routes are flat
        return [
            RouteInfo(str(getattr(r, "path", "")), frozenset(getattr(r, "methods", ()) or ()), r)
            for r in routes
        ]
    found = []
    for context in iter_route_contexts(routes):
        route = context.original_route
        methods = frozenset(getattr(route, "methods", ()) or ())
        found.append(RouteInfo(str(context.path or ""), methods, route))
    return found


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str, hint: str | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"detail": message}
        if hint:
            body["hint"] = hint
        return JSONResponse(body, status_code=status)
    return render(
        request,
        "error.html",
        {"status": status, "message": message, "hint": hint},
        status_code=status,
    )


#: status -> the message a page shows for it (the English detail stays for English readers)
_STATUS_MESSAGES = {
    400: "error.bad_request",
    403: "error.forbidden",
    404: "error.not_found",
    405: "error.bad_request",
    413: "error.too_large",
    422: "error.bad_request",
}


def resonanz_error(request: Request, exc: ResonanzError) -> Response:
    """The one translation of a library error into a response: ``exc.http_status``.

    The body is ``{"detail": message, "hint": hint}`` (API) or the error page, with
    the message in the user's language where the error names a catalog ``key``.
    What differs by class is spelled out here and nowhere else:

    * :class:`NotAuthenticated`: 401 with ``WWW-Authenticate: Bearer`` for the API,
      a redirect to ``/login?next=...`` for pages;
    * :class:`CsrfFailed`: the catalog message in the browser's language;
    * :class:`DialogueError` in the API: ``{"detail": message}`` -- except
      :class:`ReplyRefused`, whose ``detail`` holds the ``message`` and ``hint`` in the
      user's language and the stable ``code`` of the refusal.
    """
    from resonanz.web.i18n import localized
    from resonanz.web.templating import language_of

    status = exc.http_status
    if isinstance(exc, NotAuthenticated):
        if _wants_json(request):
            return JSONResponse(
                {"detail": str(exc) or "authentication required"},
                status_code=status,
                headers={"WWW-Authenticate": "Bearer"},
            )
        from urllib.parse import quote

        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    # the CSRF check runs before a principal is trusted: the browser's language
    principal = None if isinstance(exc, CsrfFailed) else request.scope.get("resonanz.principal")
    message, hint = localized(exc, language_of(request, principal))
    if _wants_json(request) and isinstance(exc, DialogueError):
        if isinstance(exc, ReplyRefused):
            detail = {"message": message, "hint": hint, "code": exc.key or "inbox.refused"}
            return JSONResponse({"detail": detail}, status_code=status)
        return JSONResponse({"detail": message}, status_code=status)
    return _error(request, status, message, hint)


def _install_error_handlers(app: FastAPI) -> None:
    async def library_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ResonanzError)
        return resonanz_error(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if _wants_json(request) or exc.status_code < 400:
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
            )
        from resonanz.web.deps import optional_user
        from resonanz.web.i18n import translate
        from resonanz.web.templating import language_of

        key = _STATUS_MESSAGES.get(exc.status_code)
        lang = language_of(request, optional_user(request))
        if key is None:
            return _error(request, exc.status_code, str(exc.detail))
        detail = str(exc.detail) if lang == "en" and exc.detail else None
        return _error(request, exc.status_code, translate(lang, key), detail)

    app.add_exception_handler(ResonanzError, library_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _discovered_page_routers() -> list[APIRouter]:
    """Routers of the ``resonanz.pages`` plug-ins (built-in pages first).

    A page plug-in that fails to load is left out (``resonanz plugins`` names it).
    """
    for name, reason in plugins.failures("pages").items():
        logging.getLogger(__name__).warning("page plug-in %s left out: %s", name, reason)
    found: list[APIRouter] = []
    for routers in plugins.load("pages").values():
        found.extend(routers())
    return found


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        from fastapi.openapi.utils import get_openapi

        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {})["securitySchemes"] = {
            "bearerAuth": {"type": "http", "scheme": "bearer"}
        }
        schema["security"] = [{"bearerAuth": []}]
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(
    workspace: Workspace | str | None = None,
    config: WebConfig | None = None,
    *,
    page_routers: Sequence[APIRouter] | None = None,
    throttle: LoginThrottle | None = None,
) -> FastAPI:
    """Build the web app for a workspace (an open one, a database URL, or the default).

    ``page_routers`` replaces the discovered page routers (tests add their own).
    ``throttle`` lets tests pass a login throttle with a fake clock.
    """
    if not isinstance(workspace, Workspace):
        workspace = Workspace.open(workspace)
    config = config or WebConfig()
    workspace.init()
    state = WebState(
        workspace=workspace,
        config=config,
        sessions=SessionCodec(server_secret(workspace.engine), config),
        throttle=throttle
        or StoredLoginThrottle(
            workspace.engine, account=config.account_throttle, address=config.address_throttle
        ),
        jobs=ImportJobs(workspace),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.shutdown()

    from importlib.metadata import PackageNotFoundError, version

    try:
        app_version = version("resonanz")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        app_version = "0"
    app = FastAPI(
        title="Resonanz API",
        version=app_version,
        description="Posts, threads, insights, brands and imports of a Resonanz workspace.",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.resonanz = state
    _install_error_handlers(app)

    app.include_router(auth.router)
    app.include_router(public_hub.router)
    app.include_router(api_router())
    routers = list(page_routers) if page_routers is not None else _discovered_page_routers()
    if not any(info.path == "/" for router in routers for info in route_table(router.routes)):
        app.include_router(home.router)
    for router in routers:
        app.include_router(router)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """The app's icon where browsers look for it without a ``<link rel=icon>``."""
        icon = (STATIC_DIR / "favicon.ico").read_bytes()
        return Response(icon, media_type="image/x-icon", headers={"Cache-Control": "max-age=86400"})

    @app.get(OPENAPI_URL, include_in_schema=False, dependencies=[Depends(require_user())])
    def openapi_schema() -> JSONResponse:
        return JSONResponse(_openapi(app))

    plotly = plotly_dir()
    if plotly is not None:
        app.mount("/static/plotly", StaticFiles(directory=plotly), name="plotly")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(RejectNul)
    app.add_middleware(LimitBody)
    app.add_middleware(SecurityHeaders, hsts=config.trust_forwarded_proto)
    return app
