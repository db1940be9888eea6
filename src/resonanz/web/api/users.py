"""``/api/v1/me``, ``/api/v1/users`` (admins) and ``/api/v1/tokens``.

A new token's secret is in the creation response and nowhere else, ever: it is
stored as a SHA-256 digest. Users manage their own tokens (viewers excepted, who
may not write: an admin creates theirs); admins see and revoke everyone's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from resonanz.service import users as accounts
from resonanz.service.users import Permission, Role, TokenRecord, User
from resonanz.web.api.common import MAX_ID, CleanStr, PathId
from resonanz.web.deps import Principal, get_workspace, require_user

router = APIRouter(tags=["users"])

WRITE_TOKENS = (Permission.ADMIN, Permission.ANALYZE, Permission.INBOX)


class UserOut(BaseModel):
    id: int
    username: str
    role: Role
    language: str | None
    active: bool
    created_at: datetime
    last_login_at: datetime | None

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            role=user.role,
            language=user.language,
            active=user.active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
        )


class MeOut(UserOut):
    permissions: list[Permission]
    authenticated_by: Literal["session", "token"]


class UserIn(BaseModel):
    username: CleanStr = Field(min_length=1, max_length=64)
    password: CleanStr = Field(min_length=1, max_length=1024)
    role: Role
    language: Literal["de", "en"] | None = None


class UserPatch(BaseModel):
    role: Role | None = None
    active: bool | None = None
    language: Literal["de", "en", ""] | None = None  # "" clears it (Accept-Language)
    password: CleanStr | None = Field(default=None, min_length=1, max_length=1024)


class TokenIn(BaseModel):
    name: CleanStr = Field(min_length=1, max_length=128)
    user_id: int | None = Field(default=None, ge=1, le=MAX_ID)  # admins: for someone else


class TokenOut(BaseModel):
    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, token: TokenRecord) -> TokenOut:
        return cls(
            id=token.id,
            user_id=token.user_id,
            name=token.name,
            prefix=token.prefix,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
        )


class NewTokenOut(TokenOut):
    token: str = Field(description="The secret. Shown this once; store it now.")


AdminUser = Annotated[Principal, Depends(require_user(Permission.ADMIN))]
AnyUser = Annotated[Principal, Depends(require_user())]


@router.get("/me", summary="Who is asking, with which permissions")
def me(user: AnyUser) -> MeOut:
    base = UserOut.of(user.user)
    return MeOut(
        **base.model_dump(),
        permissions=sorted(p for p in Permission if user.can(p)),
        authenticated_by=user.via,
    )


@router.get("/users", summary="All users (admins)")
def users_list(request: Request, admin: AdminUser) -> list[UserOut]:
    return [UserOut.of(u) for u in accounts.list_users(get_workspace(request).engine)]


@router.post("/users", status_code=201, summary="Create a user (admins)")
async def users_create(request: Request, body: UserIn, admin: AdminUser) -> UserOut:
    engine = get_workspace(request).engine
    user = await run_in_threadpool(
        accounts.create_user, engine, body.username, body.password, body.role, body.language
    )
    return UserOut.of(user)


@router.patch("/users/{user_id}", summary="Change role, activity, language or password")
async def users_update(
    request: Request, user_id: PathId, body: UserPatch, admin: AdminUser
) -> UserOut:
    engine = get_workspace(request).engine
    if accounts.get_user(engine, user_id) is None:
        raise HTTPException(status_code=404, detail="no such user")
    changed = await run_in_threadpool(
        lambda: accounts.update_user(
            engine,
            user_id,
            role=body.role,
            active=body.active,
            language=body.language or None,
            clear_language=body.language == "",
            password=body.password,
        )
    )
    return UserOut.of(changed)


@router.get("/tokens", summary="API tokens (your own; admins may ask for all)")
def tokens_list(
    request: Request, user: AnyUser, all: Annotated[bool, Query()] = False
) -> list[TokenOut]:
    engine = get_workspace(request).engine
    if all and not user.can(Permission.ADMIN):
        raise HTTPException(status_code=403, detail="only admins list everyone's tokens")
    owner = None if all else user.user.id
    return [TokenOut.of(t) for t in accounts.list_tokens(engine, owner)]


@router.post("/tokens", status_code=201, summary="Create an API token (secret shown once)")
def tokens_create(
    request: Request,
    body: TokenIn,
    user: Annotated[Principal, Depends(require_user(any_of=WRITE_TOKENS))],
) -> NewTokenOut:
    engine = get_workspace(request).engine
    owner = body.user_id or user.user.id
    if owner != user.user.id and not user.can(Permission.ADMIN):
        raise HTTPException(status_code=403, detail="only admins create tokens for others")
    if accounts.get_user(engine, owner) is None:
        raise HTTPException(status_code=404, detail="no such user")
    record, secret = accounts.create_token(engine, owner, body.name)
    return NewTokenOut(**TokenOut.of(record).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", status_code=204, summary="Revoke an API token")
def tokens_revoke(
    request: Request,
    token_id: PathId,
    user: Annotated[Principal, Depends(require_user(any_of=WRITE_TOKENS))],
) -> None:
    engine = get_workspace(request).engine
    token = accounts.get_token(engine, token_id)
    if token is None or (token.user_id != user.user.id and not user.can(Permission.ADMIN)):
        raise HTTPException(status_code=404, detail="no such token")
    accounts.revoke_token(engine, token_id)
