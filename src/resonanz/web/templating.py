"""Server-rendered pages: one Jinja2 environment (autoescaped) and :func:`render`.

Every template gets ``t`` (the translator of the user's language), ``lang``,
``user`` (the :class:`~resonanz.web.deps.Principal` or ``None``), ``csrf_token``
and ``static(path)``. Post text, author names and URLs are attacker-controlled:
never mark them ``|safe``; links from posts go through ``safe_url`` which only
lets http(s) through.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse

from resonanz.service.analysis import (
    aspect_label,
    parse_evidence,
    parse_priority,
    parse_reason,
    parse_reject,
)
from resonanz.web.deps import Principal, optional_user
from resonanz.web.i18n import LANGUAGES, negotiate, translator

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def safe_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL, else ``None`` (no javascript:, data:)."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return value.strip()
    return None


def _environment(extra_dirs: tuple[Path, ...] = ()) -> Environment:
    env = Environment(
        loader=FileSystemLoader([*extra_dirs, TEMPLATE_DIR]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["safe_url"] = safe_url
    env.globals["parse_reason"] = parse_reason
    env.globals["aspect_label"] = aspect_label
    env.globals["parse_priority"] = parse_priority
    env.globals["parse_evidence"] = parse_evidence
    env.globals["parse_reject"] = parse_reject
    return env


templates = Jinja2Templates(env=_environment())


def language_of(request: Request, principal: Principal | None) -> str:
    """The user's chosen UI language, else the browser's Accept-Language."""
    if principal is not None and principal.user.language in LANGUAGES:
        return str(principal.user.language)
    return negotiate(request.headers.get("accept-language"))


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` with the common context plus ``context``."""
    principal = optional_user(request)
    lang = language_of(request, principal)
    values: dict[str, Any] = {
        "request": request,
        "user": principal,
        "lang": lang,
        "t": translator(lang),
        "csrf_token": principal.csrf if principal is not None and principal.csrf else "",
        "static": lambda path: f"/static/{path}",
    }
    values.update(context or {})
    return templates.TemplateResponse(request, template, values, status_code=status_code)
