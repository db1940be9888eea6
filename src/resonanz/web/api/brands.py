"""``/api/v1/brands``: the brand catalog (read by all, replaced by analysts and admins)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request

from resonanz.service.catalog import Catalog
from resonanz.service.users import Permission
from resonanz.web.api.common import contains_nul
from resonanz.web.deps import Principal, get_workspace, require_user

router = APIRouter(prefix="/brands", tags=["brands"])


@router.get("", summary="The brand catalog")
def brands_list(request: Request) -> list[dict[str, Any]]:
    """One entry per brand: name, aliases, products, competitors, own accounts..."""
    stored = get_workspace(request).load_brands()
    return Catalog.from_list(stored).to_list() if stored else []


@router.put("", summary="Replace the brand catalog")
def brands_replace(
    request: Request,
    entries: Annotated[list[dict[str, Any]], Body(max_length=1000)],
    user: Annotated[Principal, Depends(require_user(Permission.ANALYZE))],
) -> list[dict[str, Any]]:
    """Validate the whole catalog (same rules as ``resonanz brands import``) and store it."""
    if contains_nul(entries):
        raise HTTPException(status_code=400, detail="text must not contain NUL characters")
    workspace = get_workspace(request)
    if not entries:  # an empty catalog is allowed: it clears the stored one
        workspace.save_brands([])
        return []
    catalog = Catalog.from_list(entries)  # ConfigError -> 400 with a hint
    workspace.save_brands(catalog.to_list())
    return catalog.to_list()
