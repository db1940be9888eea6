"""``/api/v1/inbox``: the dialogue inbox (list, claim, draft, submit, approve, publish).

Who may do what: agents (and admins) work items (claim, draft, submit, dismiss);
approval is for analysts and admins, and for another agent when the workspace
allows it; nobody approves their own reply. Viewers get 403 on every route here,
reading included (the inbox holds drafts and personal data of commenters).

Approving publishes right away through the outbox (``publish_on_approve``); a
test or a deployment may set ``app.state.dialogue_publishers`` to a publisher
factory (the default reads credentials from the environment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from resonanz.service import inbox as dialogue
from resonanz.service.inbox import Actor, PublisherFactory
from resonanz.service.users import Permission
from resonanz.web.api.common import CleanStr, PathId, contains_nul
from resonanz.web.deps import Principal, get_workspace, require_user, web_state
from resonanz.web.i18n import localized as localized

router = APIRouter(prefix="/inbox", tags=["inbox"])

#: Everyone but viewers: agents work items, analysts/admins review and configure.
Member = Annotated[Principal, Depends(require_user(any_of=(Permission.INBOX, Permission.ANALYZE)))]
Admin = Annotated[Principal, Depends(require_user(Permission.ADMIN))]
Configurer = Annotated[
    Principal, Depends(require_user(any_of=(Permission.ANALYZE, Permission.ADMIN)))
]
T = TypeVar("T")


def _actor(principal: Principal) -> Actor:
    return Actor(principal.user.username, principal.role.value)


async def _call(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a dialogue function off the event loop.

    Its errors (:class:`~resonanz.errors.DialogueError` and the rest of the tree) go
    to the app's one error handler (``resonanz.web.app.resonanz_error``), which
    answers with each class's ``http_status``; a refused reply is a 422 whose
    ``detail`` holds the ``message`` and ``hint`` in the user's language and the
    stable ``code`` of the refusal."""
    return await run_in_threadpool(fn, *args, **kwargs)


def publishers(request: Request) -> PublisherFactory:
    """The app's publishers, else adapters with the credentials of the settings the
    server was started with (else ``resonanz.toml``, ``RESONANZ_*``), at the edge."""
    found: PublisherFactory | None = getattr(request.app.state, "dialogue_publishers", None)
    if found is not None:
        return found
    settings = web_state(request).config.workspace_settings()
    return dialogue.default_factory(dialogue.Credentials.from_settings(settings))


class DraftIn(BaseModel):
    text: CleanStr = Field(min_length=1, max_length=dialogue.MAX_REPLY)
    account: CleanStr = Field(min_length=1, max_length=255)
    template: CleanStr | None = Field(default=None, max_length=128)


class AssignIn(BaseModel):
    agent: CleanStr = Field(min_length=1, max_length=64)
    team: CleanStr | None = Field(default=None, max_length=64)


class ReasonIn(BaseModel):
    reason: CleanStr = Field(min_length=1, max_length=2000)


class TemplateIn(BaseModel):
    name: CleanStr = Field(min_length=1, max_length=128)
    language: CleanStr = Field(pattern="^(de|en)$")
    body: CleanStr = Field(min_length=1, max_length=5000)


class RuleIn(BaseModel):
    agents: list[CleanStr] = Field(min_length=1, max_length=50)
    team: CleanStr | None = Field(default=None, max_length=64)
    language: CleanStr | None = Field(default=None, max_length=16)
    product: CleanStr | None = Field(default=None, max_length=255)
    platform: CleanStr | None = Field(default=None, max_length=64)
    intent: CleanStr | None = Field(default=None, max_length=32)


class SlaIn(BaseModel):
    band: CleanStr = Field(pattern="^(urgent|high|normal|low)$")
    first_response_minutes: int = Field(ge=1, le=525_600)


class ConfirmIn(BaseModel):
    url: CleanStr | None = Field(default=None, max_length=2000)


State = Annotated[list[str], Query(max_length=7)]


@router.get("", summary="Inbox items, highest priority first, one page with the total")
async def list_inbox(
    request: Request,
    user: Member,
    state: State = [],  # noqa: B006 (FastAPI copies)
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    brand: Annotated[str | None, Query(max_length=255)] = None,
    platform: Annotated[str | None, Query(max_length=64)] = None,
    sla: Annotated[str | None, Query(pattern="^(breached|on_time|archive)$")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    engine = get_workspace(request).engine
    states = tuple(s for s in state if s) or dialogue.OPEN_VALUES
    chosen = dialogue.InboxFilter(states, assignee, brand, platform, sla)
    listing = await _call(dialogue.page_items, engine, chosen, offset, limit)
    items = listing.items
    return {
        "total": listing.total,
        "offset": listing.offset,
        "limit": listing.limit,
        "items": items,
        "groups": [
            {"thread": key, "items": [i.id for i in group]}
            for key, group in dialogue.group_by_thread(items)
        ],
    }


@router.post("/sync", summary="Add new items from analysed posts")
async def sync(request: Request, user: Member) -> dialogue.SyncCounts:
    return await _call(dialogue.sync, get_workspace(request).engine, None, user.user.username)


@router.get("/metrics", summary="Response rate, first-response time, SLA, replies by agent")
async def inbox_metrics(request: Request, user: Member) -> dialogue.DialogueMetrics:
    return await _call(dialogue.compute_metrics, get_workspace(request).engine)


@router.get("/templates", summary="Reply templates")
async def templates(
    request: Request,
    user: Member,
    language: Annotated[str | None, Query(pattern="^(de|en)$")] = None,
) -> list[dict[str, Any]]:
    found = await _call(dialogue.list_templates, get_workspace(request).engine, language)
    return [
        {"name": t.name, "language": t.language, "body": t.body, "variables": t.variables}
        for t in found
    ]


@router.put("/templates", summary="Create or replace a template")
async def save_template(request: Request, body: TemplateIn, user: Configurer) -> dict[str, str]:
    engine = get_workspace(request).engine
    saved = await _call(dialogue.save_template, engine, body.name, body.language, body.body)
    return {"name": saved.name, "language": saved.language}


@router.get("/settings", summary="Dialogue settings of the workspace")
async def get_settings(request: Request, user: Member) -> dict[str, Any]:
    return await _call(dialogue.get_settings, get_workspace(request).engine)


@router.put("/settings", summary="Change dialogue settings (admins)")
async def put_settings(request: Request, body: dict[str, Any], user: Admin) -> dict[str, Any]:
    if contains_nul(body):
        raise HTTPException(400, "text must not contain NUL characters")
    return await _call(dialogue.set_settings, get_workspace(request).engine, body)


@router.post("/rules", summary="Add an assignment rule")
async def add_rule(request: Request, body: RuleIn, user: Configurer) -> dict[str, Any]:
    rule = await _call(
        dialogue.add_rule,
        get_workspace(request).engine,
        list(body.agents),
        team=body.team,
        language=body.language,
        product=body.product,
        platform=body.platform,
        intent=body.intent,
    )
    return {"id": rule.id, "position": rule.position}


@router.put("/sla", summary="Set the first-response target of a priority band")
async def set_sla(request: Request, body: SlaIn, user: Configurer) -> dict[str, int]:
    engine = get_workspace(request).engine
    await _call(dialogue.set_sla, engine, body.band, body.first_response_minutes)
    return {body.band: body.first_response_minutes}


@router.get("/outbox", summary="Outbox entries")
async def outbox_list(
    request: Request,
    user: Member,
    status: Annotated[str | None, Query(pattern="^[a-z_]{1,16}$")] = None,
) -> list[dict[str, Any]]:
    return await _call(dialogue.list_outbox, get_workspace(request).engine, status)


@router.post("/outbox/run", summary="Publish due outbox entries now")
async def outbox_run(request: Request, user: Member, dry_run: bool = False) -> list[Any]:
    engine = get_workspace(request).engine
    return await _call(dialogue.run_outbox, engine, publishers(request), dry_run=dry_run)


@router.post("/outbox/{entry_id}/confirm", summary="Confirm a manually posted reply")
async def outbox_confirm(
    request: Request, entry_id: PathId, body: ConfirmIn, user: Member
) -> dict[str, str]:
    engine = get_workspace(request).engine
    await _call(dialogue.confirm_manual, engine, entry_id, user.user.username, body.url)
    return {"status": "sent"}


@router.get("/{item_id}", summary="One item: thread, aspects, sentiment, audit log")
async def item_detail(request: Request, item_id: PathId, user: Member) -> dialogue.ItemDetail:
    return await _call(dialogue.get_item, get_workspace(request).engine, item_id)


@router.get("/{item_id}/template", summary="A template filled in for this item")
async def fill_template(
    request: Request,
    item_id: PathId,
    user: Member,
    name: Annotated[str, Query(min_length=1, max_length=128)],
    language: Annotated[str, Query(pattern="^(de|en)$")],
) -> dict[str, str]:
    engine = get_workspace(request).engine
    detail = await _call(dialogue.get_item, engine, item_id)
    template = await _call(dialogue.get_template, engine, name, language)
    variables = {
        "author": detail.item.author or "",
        "brand": detail.item.brand or "",
        "product": detail.item.product or detail.item.brand or "",
        "agent": user.user.username,
    }
    return {"text": dialogue.render_template(template.body, variables)}


async def _act(
    request: Request, user: Principal, fn: Callable[..., Any], item_id: int, *args: Any
) -> Any:
    engine = get_workspace(request).engine
    await _call(fn, engine, item_id, *args)
    return await _call(dialogue.get_item, engine, item_id)


@router.post("/{item_id}/claim", summary="Take the item")
async def claim(request: Request, item_id: PathId, user: Member) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(request, user, dialogue.claim, item_id, _actor(user))
    return result


@router.post("/{item_id}/assign", summary="Give the item to an agent")
async def assign(
    request: Request, item_id: PathId, body: AssignIn, user: Member
) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(
        request, user, dialogue.assign, item_id, _actor(user), body.agent, body.team
    )
    return result


@router.post("/{item_id}/draft", summary="Save the reply draft")
async def draft(
    request: Request, item_id: PathId, body: DraftIn, user: Member
) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(
        request, user, dialogue.draft, item_id, _actor(user), body.text, body.account, body.template
    )
    return result


@router.post("/{item_id}/submit", summary="Submit the draft for approval")
async def submit(request: Request, item_id: PathId, user: Member) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(request, user, dialogue.submit, item_id, _actor(user))
    if result.item.state == "approved":
        await publish_approved(request)
        result = await _call(dialogue.get_item, get_workspace(request).engine, item_id)
    return result


async def publish_approved(request: Request) -> None:
    """Publish what the approval queued (:func:`resonanz.service.inbox.publish_approved`:
    a failure is logged and leaves it queued; the approval is committed before)."""
    engine = get_workspace(request).engine
    await _call(dialogue.publish_approved, engine, publishers(request))


@router.post("/{item_id}/approve", summary="Approve the reply; it is published")
async def approve(request: Request, item_id: PathId, user: Member) -> dialogue.ItemDetail:
    await _act(request, user, dialogue.approve, item_id, _actor(user))
    await publish_approved(request)
    return await _call(dialogue.get_item, get_workspace(request).engine, item_id)


@router.post("/{item_id}/reject", summary="Send the reply back to its author")
async def reject(
    request: Request, item_id: PathId, body: ReasonIn, user: Member
) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(
        request, user, dialogue.reject, item_id, _actor(user), body.reason
    )
    return result


@router.post("/{item_id}/dismiss", summary="Close the item without a reply")
async def dismiss(
    request: Request, item_id: PathId, body: ReasonIn, user: Member
) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(
        request, user, dialogue.dismiss, item_id, _actor(user), body.reason
    )
    return result


@router.post("/{item_id}/reopen", summary="Reopen a dismissed item")
async def reopen(request: Request, item_id: PathId, user: Member) -> dialogue.ItemDetail:
    result: dialogue.ItemDetail = await _act(request, user, dialogue.reopen, item_id, _actor(user))
    return result
