"""The brand catalog editor: the whole catalog as TOML, plus a short form to add a brand.

Whatever is saved passes :func:`resonanz.catalog.parse_catalog` (the same checks
as ``resonanz brands import``); a rejected catalog comes back with the message,
the hint and the text as typed, nothing stored.
"""

from __future__ import annotations

from typing import Annotated, Any

import tomli_w
from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.errors import ResonanzError
from resonanz.service.catalog import Catalog, parse_catalog
from resonanz.service.users import Permission
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

MAX_TOML = 1_000_000
Editor = Annotated[Principal, Depends(require_user(Permission.ANALYZE))]


def to_toml(brands: list[dict[str, Any]]) -> str:
    """The stored catalog as TOML text (``[[brand]]`` tables), empty values left out."""
    if not brands:
        return ""
    tidy = [{k: v for k, v in b.items() if v not in (None, [], {})} for b in brands]
    return tomli_w.dumps({"brand": tidy})


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _page(
    request: Request,
    user: Principal,
    text: str,
    *,
    error: ResonanzError | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    brands = get_workspace(request).load_brands()
    context = page_context(
        request,
        user,
        page="settings-catalog",
        toml=text,
        brands=brands,
        error=error,
        saved=saved,
    )
    return render(request, "pages/settings/catalog.html", context, status_code=status_code)


@router.get("/settings/catalog")
async def catalog_page(
    request: Request, user: Annotated[Principal, Depends(require_user())]
) -> Response:
    stored = await run_in_threadpool(get_workspace(request).load_brands)
    return _page(request, user, to_toml(stored), saved=request.query_params.get("saved") == "1")


def _store(request: Request, catalog: Catalog) -> None:
    get_workspace(request).save_brands(catalog.to_list())


@router.post("/settings/catalog")
async def catalog_save(
    request: Request,
    user: Editor,
    toml: Annotated[str, Form(max_length=MAX_TOML)] = "",
) -> Response:
    text = toml.replace("\x00", "").replace("\r\n", "\n")
    try:
        catalog = parse_catalog(text, source="catalog")
    except ResonanzError as exc:
        return _page(request, user, text, error=exc, status_code=400)
    await run_in_threadpool(_store, request, catalog)
    return RedirectResponse("/settings/catalog?saved=1", status_code=303)


@router.post("/settings/catalog/brand")
async def catalog_add_brand(
    request: Request,
    user: Editor,
    name: Annotated[str, Form(max_length=200)] = "",
    aliases: Annotated[str, Form(max_length=5000)] = "",
    competitors: Annotated[str, Form(max_length=5000)] = "",
    hashtags: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    """Add one brand (or replace the one of that name) through the short form."""
    stored = await run_in_threadpool(get_workspace(request).load_brands)
    entry: dict[str, Any] = {
        "name": name.replace("\x00", "").strip(),
        "aliases": _names(aliases.replace("\x00", "")),
        "competitors": _names(competitors.replace("\x00", "")),
        "hashtags": _names(hashtags.replace("\x00", "")),
    }
    kept = [b for b in stored if str(b.get("name", "")).casefold() != entry["name"].casefold()]
    try:
        catalog = Catalog.from_list([*kept, entry])
    except ResonanzError as exc:
        return _page(request, user, to_toml(stored), error=exc, status_code=400)
    await run_in_threadpool(_store, request, catalog)
    return RedirectResponse("/settings/catalog?saved=1", status_code=303)
