"""``/api/v1/creators``: the creator directory (read by every role, curated by analysts
and admins): ranking and filters, one creator's figures, curating, partnerships."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from resonanz.service import creators as C
from resonanz.service.users import Permission
from resonanz.web.api.common import contains_nul
from resonanz.web.deps import Principal, get_workspace, require_user

router = APIRouter(prefix="/creators", tags=["creators"])
Curator = Annotated[Principal, Depends(require_user(Permission.ANALYZE))]
Text = Annotated[str | None, Query(max_length=255)]


def _clean(body: Any) -> None:
    if contains_nul(body):
        raise HTTPException(status_code=400, detail="text must not contain NUL characters")


def period(since: date | None, until: date | None) -> C.Period:
    from datetime import UTC, datetime, time

    return C.Period(
        datetime.combine(since, time(), UTC) if since else None,
        datetime.combine(until, time(), UTC) if until else None,
    )


@router.get("", summary="The directory: creators ranked and filtered")
def creators_list(
    request: Request,
    brand: Text = None,
    category: Text = None,
    language: Text = None,
    reach: Text = None,
    min_engagement: Annotated[float | None, Query(ge=0, le=100)] = None,
    disclosure: Annotated[str, Query(max_length=16)] = "any",
    not_partner: bool = False,
    partner_gaps: bool = False,
    q: Text = None,
    sort: Annotated[str, Query(max_length=16)] = "reach",
    since: date | None = None,
    until: date | None = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Filters as on the page; ``sort``: reach, engagement, affinity, transparency,
    mentions, name. Every figure comes with its formula."""
    query = C.Query(
        brand=brand or None,
        category=category or None,
        language=language or None,
        reach_band=reach or None,
        min_engagement=min_engagement,
        disclosure=disclosure,
        not_partner=not_partner,
        partner_gaps=partner_gaps,
        search=q or None,
        sort=sort,
    )
    page = C.directory_page(
        get_workspace(request).engine, query, period(since, until), offset, limit
    )
    return {
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "formulas": C.FORMULAS,
        "creators": [C.as_json(f) for f in page.rows],
    }


@router.get("/audit", summary="The directory's audit log (newest first)")
def creators_audit(request: Request, user: Curator, limit: int = 200) -> list[dict[str, Any]]:
    rows = C.audit_log(get_workspace(request).engine, max(1, min(limit, 1000)))
    return [dataclasses.asdict(r) for r in rows]


@router.get("/{slug}", summary="One creator: every figure, the disclosure record")
def creators_show(
    request: Request, slug: str, since: date | None = None, until: date | None = None
) -> dict[str, Any]:
    return C.as_json(C.show(get_workspace(request).engine, slug, period(since, until)))


class NewCreator(BaseModel):
    name: str = Field(min_length=1, max_length=500)
    accounts: list[Annotated[str, Field(max_length=300)]] = Field(default=[], max_length=50)
    slug: str | None = Field(default=None, max_length=120)
    category: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=16)
    aliases: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)
    notes: str | None = Field(default=None, max_length=10_000)


@router.post("", status_code=201, summary="Add a creator with its accounts")
def creators_add(request: Request, body: NewCreator, user: Curator) -> dict[str, Any]:
    _clean(body.model_dump())
    engine = get_workspace(request).engine
    creator = C.add(
        engine,
        body.name,
        body.accounts,
        slug=body.slug,
        category=body.category,
        language=body.language,
        aliases=body.aliases,
        notes=body.notes,
        actor=user.user.username,
    )
    return C.as_json(C.show(engine, creator.slug))


class Changes(BaseModel):
    name: str | None = Field(default=None, max_length=500)
    category: str | None = Field(default=None, max_length=64)
    language: str | None = Field(default=None, max_length=16)
    notes: str | None = Field(default=None, max_length=10_000)


@router.patch("/{slug}", summary="Change name, category, language or notes")
def creators_edit(request: Request, slug: str, body: Changes, user: Curator) -> dict[str, Any]:
    _clean(body.model_dump())
    engine = get_workspace(request).engine
    C.edit(engine, slug, **body.model_dump(), actor=user.user.username)
    return C.as_json(C.show(engine, slug))


@router.delete("/{slug}", status_code=204, summary="Delete a creator (their posts stay)")
def creators_remove(request: Request, slug: str, user: Curator) -> None:
    C.remove(get_workspace(request).engine, slug, actor=user.user.username)


class AccountBody(BaseModel):
    account: str = Field(min_length=3, max_length=300, description="PLATFORM:ID")
    handle: str | None = Field(default=None, max_length=255)


@router.post("/{slug}/accounts", summary="Give the creator an account")
def accounts_add(request: Request, slug: str, body: AccountBody, user: Curator) -> dict[str, Any]:
    _clean(body.model_dump())
    engine = get_workspace(request).engine
    C.attach(engine, slug, body.account, body.handle, actor=user.user.username)
    return C.as_json(C.show(engine, slug))


@router.post("/{slug}/accounts/remove", summary="Remove an account from the directory")
def accounts_remove(
    request: Request, slug: str, body: AccountBody, user: Curator
) -> dict[str, Any]:
    engine = get_workspace(request).engine
    C.show(engine, slug)  # 404 for an unknown creator
    C.detach(engine, body.account, actor=user.user.username)
    return C.as_json(C.show(engine, slug))


class MergeBody(BaseModel):
    others: list[Annotated[str, Field(max_length=120)]] = Field(min_length=1, max_length=50)


@router.post("/{slug}/merge", summary="Merge other creators into this one")
def creators_merge(request: Request, slug: str, body: MergeBody, user: Curator) -> dict[str, Any]:
    engine = get_workspace(request).engine
    C.merge(engine, slug, body.others, actor=user.user.username)
    return C.as_json(C.show(engine, slug))


class SplitBody(BaseModel):
    accounts: list[Annotated[str, Field(max_length=300)]] = Field(min_length=1, max_length=50)
    name: str = Field(min_length=1, max_length=500)


@router.post("/{slug}/split", status_code=201, summary="Move accounts to a new creator")
def creators_split(request: Request, slug: str, body: SplitBody, user: Curator) -> dict[str, Any]:
    _clean(body.model_dump())
    engine = get_workspace(request).engine
    created = C.split(engine, slug, body.accounts, body.name, actor=user.user.username)
    return C.as_json(C.show(engine, created.slug))


class AliasBody(BaseModel):
    add: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)
    remove: list[Annotated[str, Field(max_length=500)]] = Field(default=[], max_length=50)


@router.post("/{slug}/aliases", summary="Add or remove other names")
def creators_alias(request: Request, slug: str, body: AliasBody, user: Curator) -> dict[str, Any]:
    _clean(body.model_dump())
    engine = get_workspace(request).engine
    C.alias(engine, slug, body.add, body.remove, actor=user.user.username)
    return C.as_json(C.show(engine, slug))


class PartnershipBody(BaseModel):
    brand: str = Field(min_length=1, max_length=255)
    kind: str = Field(max_length=16, description="sample, paid, affiliate or contract")
    starts_on: date
    ends_on: date | None = None
    note: str | None = Field(default=None, max_length=2000)


@router.post("/{slug}/partnerships", status_code=201, summary="Declare a partnership")
def partnerships_add(
    request: Request, slug: str, body: PartnershipBody, user: Curator
) -> dict[str, Any]:
    _clean(body.model_dump(mode="json"))
    deal = C.declare_partnership(
        get_workspace(request).engine,
        slug,
        body.brand,
        body.kind,
        body.starts_on,
        body.ends_on,
        body.note,
        created_by=user.user.username,
    )
    return {
        "id": deal.id,
        "brand": deal.brand,
        "kind": deal.kind,
        "starts_on": deal.starts_on.isoformat(),
        "ends_on": deal.ends_on.isoformat() if deal.ends_on else None,
        "created_by": deal.created_by,
    }


@router.delete("/partnerships/{partnership_id}", status_code=204, summary="End a partnership")
def partnerships_remove(request: Request, partnership_id: int, user: Curator) -> None:
    C.end_partnership(get_workspace(request).engine, partnership_id, actor=user.user.username)


@router.post("/followups", summary="Inbox tasks for partner posts lacking a disclosure")
def followups(
    request: Request, user: Curator, since: date | None = None, until: date | None = None
) -> dict[str, int]:
    result = C.flag_followups(get_workspace(request).engine, period(since, until))
    return {"created": result.created, "already": result.already}


@router.post("/import", summary="Accounts from saved YouTube/Mastodon/Reddit API answers")
def creators_import(
    request: Request,
    document: Annotated[dict[str, Any] | list[Any], Body()],
    user: Curator,
    update_only: bool = False,
) -> dict[str, Any]:
    """The body is one saved answer (``channels.list``, ``videos.list``, a Mastodon account,
    a Reddit ``about.json``) or a list of them."""
    _clean(document)
    stream = io.BytesIO(orjson.dumps(document))
    result, _ = C.import_records(get_workspace(request).engine, stream, create=not update_only)
    return {"created": result.created, "updated": result.updated, "skipped": result.skipped}
