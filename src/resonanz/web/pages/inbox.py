"""The inbox pages: the list (grouped by thread, priority explained on hover) and one
item with its thread, the analysed aspects and sentiment beside it, the composer
with templates, the approval step and the audit log.

Plain HTML forms (POST, CSRF field, redirect back): nothing needs JavaScript.
Errors of an action (a refused reply, a wrong state) are shown on the item page.
The page's words live here (German and English) so the page is self-contained.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.errors import DialogueError, NotFound
from resonanz.service import inbox as dialogue
from resonanz.service.inbox import Actor
from resonanz.service.users import Permission
from resonanz.web.api.common import PathId
from resonanz.web.api.inbox import publish_approved
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.i18n import localized
from resonanz.web.pages.common import midnight, page_context, parse_day, scoped_args
from resonanz.web.templating import language_of, render

router = APIRouter(include_in_schema=False)

Member = Annotated[Principal, Depends(require_user(any_of=(Permission.INBOX, Permission.ANALYZE)))]

WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Inbox",
        "sync": "Fetch new items",
        "empty": "Nothing waiting for a reply.",
        "thread": "Thread",
        "priority": "Priority",
        "state": "State",
        "assignee": "Assignee",
        "due": "Reply due",
        "breached": "SLA breached",
        "open": "Open",
        "claim": "Claim",
        "composer": "Reply",
        "template": "Template",
        "use": "Use template",
        "account": "Send as",
        "save": "Save draft",
        "submit": "Submit for approval",
        "approve": "Approve and publish",
        "reject": "Send back",
        "note": "Note",
        "dismiss": "Dismiss",
        "reason": "Reason",
        "aspects": "Aspects",
        "sentiment": "Sentiment",
        "audit": "History",
        "own": "our reply",
        "disclosure": "Appended to every reply:",
        "waiting": "Waiting for approval by another person.",
        "sent": "Published.",
        "back": "Back to the inbox",
        "none": "none",
        "reopen": "Reopen",
        "by": "by",
        "rate": "Response rate",
        "median": "Median first response (min)",
        "attainment": "SLA attained",
        "breaches": "SLA breaches",
        "by_agent": "Replies by agent",
        "follow_up": "Sentiment of the answer to ours",
    },
    "de": {
        "title": "Posteingang",
        "sync": "Neue Einträge holen",
        "empty": "Nichts wartet auf eine Antwort.",
        "thread": "Unterhaltung",
        "priority": "Priorität",
        "state": "Status",
        "assignee": "Zuständig",
        "due": "Antwort fällig",
        "breached": "SLA verletzt",
        "open": "Öffnen",
        "claim": "Übernehmen",
        "composer": "Antwort",
        "template": "Vorlage",
        "use": "Vorlage verwenden",
        "account": "Senden als",
        "save": "Entwurf speichern",
        "submit": "Zur Freigabe einreichen",
        "approve": "Freigeben und veröffentlichen",
        "reject": "Zurückgeben",
        "note": "Notiz",
        "dismiss": "Verwerfen",
        "reason": "Grund",
        "aspects": "Aspekte",
        "sentiment": "Stimmung",
        "audit": "Verlauf",
        "own": "unsere Antwort",
        "disclosure": "Wird jeder Antwort angefügt:",
        "waiting": "Wartet auf Freigabe durch eine andere Person.",
        "sent": "Veröffentlicht.",
        "back": "Zurück zum Posteingang",
        "none": "keine",
        "reopen": "Wieder öffnen",
        "by": "von",
        "rate": "Antwortquote",
        "median": "Median erste Antwort (min)",
        "attainment": "SLA eingehalten",
        "breaches": "SLA-Verletzungen",
        "by_agent": "Antworten je Person",
        "follow_up": "Stimmung der Antwort darauf",
    },
}


def _words(context: dict[str, Any]) -> dict[str, str]:
    return WORDS.get(str(context.get("lang")), WORDS["en"])


def _page(
    request: Request, user: Principal, template: str, status: int = 200, **values: Any
) -> Response:
    context = page_context(request, user, page="inbox", **values)
    context["lang"] = language_of(request, user)
    context["w"] = _words(context)
    return render(request, template, context, status_code=status)


PAGE_SIZE = 50
Filter = Annotated[str | None, Query(max_length=255)]
#: the shared filters (see ``common.SCOPE_KEYS``) the inbox understands; its period is
#: the days the posts were written, as on the overview
INBOX_SCOPE = ("brand", "since", "until")


def _remembered_scope(request: Request) -> RedirectResponse | None:
    """For a bare ``/inbox``: the address of the inbox filtered to the brand, period and
    (single) platform chosen last on another page, so the inbox counts what they show."""
    if request.query_params:
        return None
    remembered = scoped_args(request)
    pairs = [(key, remembered[key][:255]) for key in INBOX_SCOPE if remembered.get(key)]
    platforms = remembered.getlist("platform")
    if len(platforms) == 1:
        pairs.append(("platform", platforms[0][:64]))
    if not pairs:
        return None
    return RedirectResponse("/inbox?" + urlencode(pairs), status_code=303)


@router.get("/inbox")
async def inbox_page(
    request: Request,
    user: Member,
    state: Annotated[str | None, Query(pattern="^[a-z_]{0,24}$")] = None,
    brand: Filter = None,
    platform: Annotated[str | None, Query(max_length=64)] = None,
    sla: Annotated[str | None, Query(pattern="^(breached|on_time|archive)?$")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    since: Annotated[str | None, Query(max_length=10)] = None,
    until: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    if (scoped := _remembered_scope(request)) is not None:
        return scoped
    engine = get_workspace(request).engine
    states = (state,) if state else dialogue.OPEN_VALUES
    first, last = parse_day(since), parse_day(until)  # the days the posts were written
    if first and last and last < first:
        first, last = last, first
    chosen = dialogue.InboxFilter(
        states,
        None,
        brand or None,
        platform or None,
        sla or None,
        start=midnight(first) if first else None,
        end=midnight(last) + timedelta(days=1) if last else None,
    )
    listing = await run_in_threadpool(
        dialogue.page_items, engine, chosen, (page - 1) * PAGE_SIZE, PAGE_SIZE
    )
    items = listing.items
    brands, platforms = await run_in_threadpool(dialogue.facets, engine)
    if brand and brand not in brands:  # chosen elsewhere, no items yet: still shown as chosen
        brands = [brand, *brands]
    numbers = await run_in_threadpool(dialogue.compute_metrics, engine)
    kept = {
        "state": state,
        "brand": brand,
        "platform": platform,
        "sla": sla,
        "since": first.isoformat() if first else None,
        "until": last.isoformat() if last else None,
    }
    query = {k: v for k, v in kept.items() if v}
    archived = [i.clock_at for i in items if i.clock == "archive" and i.clock_at is not None]
    return _page(
        request,
        user,
        "pages/inbox.html",
        items=items,
        listing=listing,
        page_number=page,
        previous_url=_url(query, page - 1) if page > 1 else None,
        next_url=_url(query, page + 1) if listing.offset + len(items) < listing.total else None,
        brands=brands,
        platforms=platforms,
        states=[*dialogue.OPEN_VALUES, "sent", "dismissed"],
        sla_filters=dialogue.SLA_FILTERS,
        chosen=kept,
        state=state,
        metrics=numbers,
        clock_now=datetime.now(UTC),
        archive_at=max(archived) if archived else None,
    )


def _url(query: dict[str, str], page: int) -> str:
    return "/inbox?" + urlencode({**query, "page": str(page)})


@router.post("/inbox/sync")
async def inbox_sync(request: Request, user: Member) -> Response:
    await run_in_threadpool(dialogue.sync, get_workspace(request).engine, None, user.user.username)
    return RedirectResponse("/inbox", status_code=303)


@router.get("/inbox/{item_id}")
async def item_page(
    request: Request,
    item_id: PathId,
    user: Member,
    template: Annotated[str | None, Query(max_length=140)] = None,
    error: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    engine = get_workspace(request).engine
    return await _item(request, user, engine, item_id, template, error)


async def _item(
    request: Request,
    user: Principal,
    engine: Any,
    item_id: int,
    template: str | None,
    error: str | None,
) -> Response:
    try:
        detail = await run_in_threadpool(dialogue.get_item, engine, item_id)
    except NotFound as exc:  # the page's 404: "not found", the detail for English readers
        english = language_of(request, user) == "en"
        raise NotFound(
            exc.message, exc.message if english else None, key="error.not_found"
        ) from None
    settings = await run_in_threadpool(dialogue.get_settings, engine)
    templates = await run_in_threadpool(dialogue.list_templates, engine, None)
    accounts = detail.accounts
    text = detail.item.draft or ""
    chosen = None
    if template and ":" in template:
        name, _, language = template.rpartition(":")
        chosen = next((t for t in templates if t.name == name and t.language == language), None)
        if chosen is not None:
            text = dialogue.render_template(
                chosen.body,
                {
                    "author": detail.item.author or "",
                    "brand": detail.item.brand or "",
                    "product": detail.item.product or detail.item.brand or "",
                    "agent": user.user.username,
                },
            )
    actor = Actor(user.user.username, user.role.value)
    preselected = _preselected(detail.item.account, accounts)
    return _page(
        request,
        user,
        "pages/inbox_item.html",
        detail=detail,
        item=detail.item,
        templates=templates,
        chosen=chosen,
        text=text,
        accounts=accounts,
        preselected=preselected,
        disclosure=await run_in_threadpool(
            dialogue.disclosure_preview, engine, detail.item, detail.brands, preselected, text
        ),
        settings=settings,
        error=error,
        can_work=actor.role in dialogue.WORKING_ROLES,
        can_approve=dialogue.may_approve(settings, actor, detail.item.submitted_by) is None,
        status=400 if error else 200,
    )


def _preselected(current: str | None, accounts: list[str]) -> str | None:
    """The account the "send as" list starts on: the draft's own (when still allowed),
    else the only allowed one; with several and no draft, none (the agent chooses)."""
    by_key = {dialogue.normalize(a): a for a in accounts}
    if current and dialogue.normalize(current) in by_key:
        return by_key[dialogue.normalize(current)]
    return accounts[0] if len(accounts) == 1 else None


def _back(item_id: int, error: str | None = None) -> RedirectResponse:
    target = f"/inbox/{item_id}"
    if error:
        target += "?error=" + quote(error[:400], safe="")
    return RedirectResponse(target, status_code=303)


async def _do(
    request: Request, user: Principal, item_id: int, fn: Any, *args: Any
) -> RedirectResponse:
    engine = get_workspace(request).engine
    try:
        await run_in_threadpool(fn, engine, item_id, *args)
    except DialogueError as exc:
        message, hint = localized(exc, language_of(request, user))
        return _back(item_id, f"{message} ({hint})" if hint else message)
    return _back(item_id)


def _actor(user: Principal) -> Actor:
    return Actor(user.user.username, user.role.value)


@router.post("/inbox/{item_id}/claim")
async def claim(request: Request, item_id: PathId, user: Member) -> Response:
    return await _do(request, user, item_id, dialogue.claim, _actor(user))


@router.post("/inbox/{item_id}/draft")
async def draft(
    request: Request,
    item_id: PathId,
    user: Member,
    text: Annotated[str, Form(max_length=dialogue.MAX_REPLY)],
    account: Annotated[str, Form(max_length=255)] = "",
    action: Annotated[str, Form(pattern="^(save|submit)$")] = "save",
    template: Annotated[str | None, Form(max_length=140)] = None,
) -> Response:
    response = await _do(
        request, user, item_id, dialogue.draft, _actor(user), text, account, template or None
    )
    if action != "submit" or "error=" in response.headers["location"]:
        return response
    response = await _do(request, user, item_id, dialogue.submit, _actor(user))
    await publish_approved(request)
    return response


@router.post("/inbox/{item_id}/approve")
async def approve(request: Request, item_id: PathId, user: Member) -> Response:
    response = await _do(request, user, item_id, dialogue.approve, _actor(user))
    await publish_approved(request)
    return response


@router.post("/inbox/{item_id}/reject")
async def reject(
    request: Request,
    item_id: PathId,
    user: Member,
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    return await _do(request, user, item_id, dialogue.reject, _actor(user), note)


@router.post("/inbox/{item_id}/dismiss")
async def dismiss(
    request: Request,
    item_id: PathId,
    user: Member,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    return await _do(request, user, item_id, dialogue.dismiss, _actor(user), reason)


@router.post("/inbox/{item_id}/reopen")
async def reopen(request: Request, item_id: PathId, user: Member) -> Response:
    return await _do(request, user, item_id, dialogue.reopen, _actor(user))
