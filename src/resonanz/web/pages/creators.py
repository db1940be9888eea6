"""The creator directory: ``/creators`` (ranking and filters) and ``/creators/{slug}``.

Every role reads both pages; analysts and admins curate (add a creator, an account, an
alias, a partnership; merge; split off accounts into a new creator, remove an account,
delete a partnership; run the follow-up check). The three destructive forms need their
confirmation box ticked, checked on the server. Every figure is shown with its
formula; the disclosure record lists each commercial post with its evidence and rule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from resonanz.errors import InvalidValue, ResonanzError
from resonanz.service import creators as C
from resonanz.service.users import Permission
from resonanz.web.deps import Principal, get_workspace, require_user
from resonanz.web.pages.common import is_htmx, page_context
from resonanz.web.templating import render

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(require_user())]
Curator = Annotated[Principal, Depends(require_user(Permission.ANALYZE))]

PAGE = 100
_FILTERS = ("brand", "category", "language", "reach", "disclosure", "sort", "q", "since", "until")


def _day(value: str, what: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidValue(f"{what}: not a date (YYYY-MM-DD)") from None


def _period(params: dict[str, str]) -> C.Period:
    start, end = _day(params["since"], "since"), _day(params["until"], "until")
    return C.Period(
        datetime.combine(start, time(), UTC) if start else None,
        datetime.combine(end, time(), UTC) if end else None,
    )


def _params(request: Request) -> dict[str, str]:
    q = request.query_params
    found = {key: q.get(key, "").replace("\x00", "").strip()[:255] for key in _FILTERS}
    found["disclosure"] = found["disclosure"] or "any"
    found["sort"] = found["sort"] or "reach"
    found["min_engagement"] = q.get("min_engagement", "").strip()[:16]
    found["not_partner"] = "1" if q.get("not_partner") else ""
    found["partner_gaps"] = "1" if q.get("partner_gaps") else ""
    return found


def _query(params: dict[str, str]) -> C.Query:
    rate = params["min_engagement"].replace(",", ".")
    try:
        minimum = float(rate) / 100 if rate else None  # the form asks for percent
    except ValueError:
        raise InvalidValue("minimum engagement: not a number") from None
    return C.Query(
        brand=params["brand"] or None,
        category=params["category"] or None,
        language=params["language"] or None,
        reach_band=params["reach"] or None,
        min_engagement=minimum,
        disclosure=params["disclosure"],
        not_partner=bool(params["not_partner"]),
        partner_gaps=bool(params["partner_gaps"]),
        search=params["q"] or None,
        sort=params["sort"],
    ).check()


@router.get("/creators")
async def creators_page(request: Request, user: Reader) -> Response:
    workspace = get_workspace(request)
    params = _params(request)
    try:
        offset = max(int(request.query_params.get("offset", "0") or 0), 0)
    except ValueError:
        offset = 0
    error: ResonanzError | None = None
    page: C.Page | None = None
    try:
        query, period = _query(params), _period(params)
        page = await run_in_threadpool(
            partial(C.directory_page, wait=C.PAGE_WAIT_S),
            workspace.engine,
            query,
            period,
            offset,
            PAGE,
        )
    except InvalidValue as exc:
        error = exc
    brands = await run_in_threadpool(C.brand_names, workspace.engine)
    context = page_context(
        request,
        user,
        page="creators",
        params=params,
        result=page,
        error=error,
        brands=brands,
        formulas=C.FORMULAS,
        sorts=C.SORTS,
        bands=C.REACH_BAND_NAMES,
        disclosures=C.DISCLOSURE_FILTERS,
        base_query=urlencode({k: v for k, v in params.items() if v}),
        next_offset=offset + PAGE if page and offset + PAGE < page.total else None,
        prev_offset=max(offset - PAGE, 0) if offset else None,
    )
    template = "pages/creators_table.html" if is_htmx(request) else "pages/creators.html"
    return render(request, template, context, status_code=422 if error else 200)


@router.get("/creators/{slug}")
async def creator_page(request: Request, slug: str, user: Reader) -> Response:
    workspace = get_workspace(request)
    params = _params(request)
    figures = await run_in_threadpool(C.show, workspace.engine, slug, _period(params))
    brands = await run_in_threadpool(C.brand_names, workspace.engine)
    context = page_context(
        request,
        user,
        page="creators",
        f=figures,
        params=params,
        brands=brands,
        formulas=C.FORMULAS,
        kinds=C.PARTNERSHIP_KINDS,
        message=request.query_params.get("done", "")[:40],
    )
    return render(request, "pages/creator.html", context)


def _back(slug: str, done: str) -> RedirectResponse:
    return RedirectResponse(f"/creators/{slug}?done={done}", status_code=303)


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()


@router.post("/creators")
async def creators_add(
    request: Request,
    user: Curator,
    name: Annotated[str, Form(max_length=500)] = "",
    accounts: Annotated[str, Form(max_length=5000)] = "",
    category: Annotated[str, Form(max_length=64)] = "",
    language: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    refs = [a for a in _text(accounts).split() if a]
    creator = await run_in_threadpool(
        lambda: C.add(
            get_workspace(request).engine,
            _text(name),
            refs,
            category=_text(category) or None,
            language=_text(language) or None,
            actor=user.user.username,
        )
    )
    return _back(creator.slug, "added")


@router.post("/creators/{slug}/account")
async def creator_account(
    request: Request,
    slug: str,
    user: Curator,
    account: Annotated[str, Form(max_length=300)] = "",
    handle: Annotated[str, Form(max_length=255)] = "",
) -> Response:
    engine = get_workspace(request).engine
    await run_in_threadpool(
        lambda: C.attach(
            engine, slug, _text(account), _text(handle) or None, actor=user.user.username
        )
    )
    return _back(slug, "account")


@router.post("/creators/{slug}/alias")
async def creator_alias(
    request: Request,
    slug: str,
    user: Curator,
    add: Annotated[str, Form(max_length=500)] = "",
    remove: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    engine = get_workspace(request).engine
    adding = [_text(add)] if _text(add) else []
    removing = [_text(remove)] if _text(remove) else []
    await run_in_threadpool(
        lambda: C.alias(engine, slug, adding, removing, actor=user.user.username)
    )
    return _back(slug, "alias")


@router.post("/creators/{slug}/merge")
async def creator_merge(
    request: Request, slug: str, user: Curator, other: Annotated[str, Form(max_length=120)] = ""
) -> Response:
    engine = get_workspace(request).engine
    await run_in_threadpool(lambda: C.merge(engine, slug, [_text(other)], actor=user.user.username))
    return _back(slug, "merged")


@router.post("/creators/{slug}/partnership")
async def creator_partnership(
    request: Request,
    slug: str,
    user: Curator,
    brand: Annotated[str, Form(max_length=255)] = "",
    kind: Annotated[str, Form(max_length=16)] = "",
    starts_on: Annotated[str, Form(max_length=10)] = "",
    ends_on: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    start = _day(starts_on, "start")
    if start is None:
        raise InvalidValue("a partnership needs a start day")
    args: dict[str, Any] = {
        "note": _text(note) or None,
        "created_by": user.user.username,
    }
    await run_in_threadpool(
        lambda: C.declare_partnership(
            get_workspace(request).engine,
            slug,
            _text(brand),
            kind,
            start,
            _day(ends_on, "end"),
            **args,
        )
    )
    return _back(slug, "partnership")


def _confirmed(confirm: str) -> None:
    """Destructive steps need the form's confirmation box ticked (checked here too,
    not only by the browser's ``required``)."""
    if confirm != "yes":
        raise InvalidValue("Bitte bestätigen (please confirm): tick the confirmation box")


async def _own_account(request: Request, slug: str, account: str) -> str:
    """``account`` if it is one of the creator's accounts (else 404 / InvalidValue)."""
    engine = get_workspace(request).engine
    mine = await run_in_threadpool(C.accounts_of, engine, slug)
    wanted = _text(account)
    if wanted not in {f"{a.platform}:{a.native_id}" for a in mine}:
        raise InvalidValue(f"{wanted!r} is not an account of {slug!r}")
    return wanted


@router.post("/creators/{slug}/split")
async def creator_split(
    request: Request,
    slug: str,
    user: Curator,
    account: Annotated[list[str] | None, Form()] = None,
    name: Annotated[str, Form(max_length=500)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    _confirmed(confirm)
    chosen = [await _own_account(request, slug, a) for a in (account or [])[:50]]
    if not chosen:
        raise InvalidValue("choose at least one account to move")
    engine = get_workspace(request).engine
    created = await run_in_threadpool(
        lambda: C.split(engine, slug, chosen, _text(name), actor=user.user.username)
    )
    return _back(created.slug, "split")


@router.post("/creators/{slug}/account/remove")
async def creator_account_remove(
    request: Request,
    slug: str,
    user: Curator,
    account: Annotated[str, Form(max_length=300)] = "",
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    _confirmed(confirm)
    ref = await _own_account(request, slug, account)
    engine = get_workspace(request).engine
    await run_in_threadpool(lambda: C.detach(engine, ref, actor=user.user.username))
    return _back(slug, "account_removed")


@router.post("/creators/{slug}/partnership/{partnership_id}/delete")
async def creator_partnership_delete(
    request: Request,
    slug: str,
    partnership_id: int,
    user: Curator,
    confirm: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    _confirmed(confirm)
    engine = get_workspace(request).engine
    figures = await run_in_threadpool(C.show, engine, slug)
    if partnership_id not in {d.id for d in figures.partnerships}:
        raise InvalidValue(f"partnership {partnership_id} is not one of {slug!r}")
    await run_in_threadpool(
        lambda: C.end_partnership(engine, partnership_id, actor=user.user.username)
    )
    return _back(slug, "partnership_deleted")


@router.post("/creators/followups")
async def creators_followups(request: Request, user: Curator) -> Response:
    result = await run_in_threadpool(C.flag_followups, get_workspace(request).engine)
    return RedirectResponse(f"/creators?followups={result.created}", status_code=303)
