"""Settings pages: brand catalog, data sources and import history, users, API tokens,
and the inbox (assignment rules, SLA targets, reply templates)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import RedirectResponse, Response

from resonanz.web.deps import Principal, require_user

index = APIRouter(include_in_schema=False)


@index.get("/settings")
def settings_home(user: Annotated[Principal, Depends(require_user())]) -> Response:
    """The settings start at the catalog, the one section every role may read."""
    return RedirectResponse("/settings/catalog", status_code=303)


def routers() -> list[APIRouter]:
    from resonanz.web.pages.settings import catalog, dialogue, imports, tokens, users

    return [index, catalog.router, imports.router, users.router, tokens.router, dialogue.router]
