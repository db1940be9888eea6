"""A minimal start page at ``/`` until the overview page (``resonanz.web.pages``) replaces it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import Response

from resonanz.web.deps import Principal, require_user
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/")
def home(request: Request, user: Annotated[Principal, Depends(require_user())]) -> Response:
    return render(request, "home.html")
