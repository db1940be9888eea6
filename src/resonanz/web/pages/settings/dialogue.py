"""Inbox settings (analysts and admins): assignment rules, SLA targets, reply templates.

A thin face over :mod:`resonanz.dialogue.config`: the page lists what is stored
and offers one form per kind of change. Every form is a plain POST with the
session's CSRF field, answered by a redirect back (or the page with the
message of a refused change, status 400). Viewers and agents get 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.errors import ResonanzError
from resonanz.service import inbox as dialogue
from resonanz.service.users import Permission
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import INTENTS, LANGUAGES, PLATFORMS, clean, page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)

Configurer = Annotated[
    Principal, Depends(require_user(any_of=(Permission.ANALYZE, Permission.ADMIN)))
]
PAGE = "/settings/dialogue"
MAX_BODY = 5000
MAX_MINUTES = 60 * 24 * 90  # a target beyond 90 days is a typo


async def _page(
    request: Request, user: Principal, error: str | None = None, status: int = 200
) -> Response:
    stored = await run_in_threadpool(dialogue.configuration, get_workspace(request).engine)
    context = page_context(
        request,
        user,
        page="settings-dialogue",
        bands=list(dialogue.DEFAULT_SLA),
        platforms=PLATFORMS,
        languages=LANGUAGES,
        intents=INTENTS,
        error=error,
        saved=request.query_params.get("saved") == "1",
        **stored,
    )
    return render(request, "pages/settings/dialogue.html", context, status_code=status)


def _refused(exc: ResonanzError) -> str:
    return f"{exc.message} {exc.hint or ''}".strip()


def _saved() -> Response:
    return RedirectResponse(f"{PAGE}?saved=1", status_code=303)


@router.get(PAGE)
async def dialogue_settings(request: Request, user: Configurer) -> Response:
    return await _page(request, user)


@router.post(f"{PAGE}/rules")
async def add_rule(
    request: Request,
    user: Configurer,
    agents: Annotated[str, Form(max_length=2000)] = "",
    team: Annotated[str, Form(max_length=64)] = "",
    language: Annotated[str, Form(max_length=16)] = "",
    product: Annotated[str, Form(max_length=255)] = "",
    platform: Annotated[str, Form(max_length=64)] = "",
    intent: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Append a rule: items matching every given field go to the agents in turn."""
    names = [a for a in (clean(part, 64) for part in agents.split(",")) if a]
    try:
        await run_in_threadpool(
            lambda: dialogue.add_rule(
                get_workspace(request).engine,
                names,
                team=clean(team, 64),
                language=clean(language, 16),
                product=clean(product),
                platform=clean(platform, 64),
                intent=clean(intent, 32),
            )
        )
    except ResonanzError as exc:
        return await _page(request, user, _refused(exc), 400)
    return _saved()


@router.post(f"{PAGE}/sla")
async def set_sla(request: Request, user: Configurer) -> Response:
    """Store the first-response target (minutes) of every band given in the form."""
    form = await request.form()
    targets: dict[str, int] = {}
    for band in dialogue.DEFAULT_SLA:
        raw = form.get(band)
        if not isinstance(raw, str) or not raw.strip():
            continue
        try:
            minutes = int(raw.strip())
        except ValueError:
            minutes = 0
        if not 0 < minutes <= MAX_MINUTES:
            text = f"SLA target for {band} must be between 1 and {MAX_MINUTES} minutes"
            return await _page(request, user, text, 400)
        targets[band] = minutes
    engine = get_workspace(request).engine
    try:
        for band, minutes in targets.items():
            await run_in_threadpool(dialogue.set_sla, engine, band, minutes)
    except ResonanzError as exc:
        return await _page(request, user, _refused(exc), 400)
    return _saved()


@router.post(f"{PAGE}/templates")
async def save_template(
    request: Request,
    user: Configurer,
    name: Annotated[str, Form(max_length=128)] = "",
    language: Annotated[str, Form(max_length=2)] = "",
    body: Annotated[str, Form(max_length=MAX_BODY)] = "",
) -> Response:
    """Create or replace a reply template (``{{ author }}`` style variables)."""
    try:
        await run_in_threadpool(
            dialogue.save_template,
            get_workspace(request).engine,
            clean(name, 128) or "",
            clean(language, 2) or "",
            body.replace("\x00", "").replace("\r\n", "\n").strip(),
        )
    except ResonanzError as exc:
        return await _page(request, user, _refused(exc), 400)
    return _saved()
