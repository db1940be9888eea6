"""The creator hub, public and read-only under ``/hub/``: the only pages besides /login
that need no sign-in.

Each request renders one page of the hub's static site (:class:`~resonanz.service.hub.Site`),
kept between requests until the data changes, German at ``/hub/`` and English under ``/hub/en/``. Only GET;
nothing here reads a session or writes anything. YouTube embeds stay off (the app's
Content-Security-Policy allows no foreign frames); a static build can offer them.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.service.hub import served_site
from resonanz.web.deps import get_workspace

router = APIRouter(include_in_schema=False)

#: the public routes of the hub (held exact by ``auth.PUBLIC_ROUTES`` and a test)
HUB_ROUTES = frozenset({("GET", "/hub"), ("GET", "/hub/"), ("GET", "/hub/{path:path}")})


@router.get("/hub")
def hub_root() -> Response:
    return RedirectResponse("/hub/", status_code=308)


@router.get("/hub/")
async def hub_index(request: Request) -> Response:
    return await hub_page(request, "index.html")


@router.get("/hub/{path:path}")
async def hub_page(request: Request, path: str) -> Response:
    if path == "" or path.endswith("/"):
        path += "index.html"
    workspace = get_workspace(request)
    built = await run_in_threadpool(served_site, workspace)
    page = built.page(path)
    if page is None:
        raise HTTPException(status_code=404, detail="no such hub page")
    body = await run_in_threadpool(page.render)
    return Response(body, media_type=page.media_type, headers={"Cache-Control": "no-cache"})
