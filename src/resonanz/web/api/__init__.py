"""The REST API under ``/api/v1``: JSON, cursor pagination, OpenAPI at ``/api/v1/openapi.json``.

Every route needs a signed-in user or an API token (the router-wide dependency);
routes that write add a permission check of their own.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends

from resonanz.web.api import (
    brands,
    creators,
    hub,
    imports,
    inbox,
    insights,
    posts,
    privacy,
    users,
)
from resonanz.web.deps import require_user

PREFIX = "/api/v1"


def api_router() -> APIRouter:
    """All API routes, each behind authentication."""
    router = APIRouter(prefix=PREFIX, dependencies=[Depends(require_user())])
    for module in (posts, brands, imports, insights, users, inbox, privacy, creators, hub):
        router.include_router(module.router)
    return router
