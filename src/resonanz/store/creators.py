"""Creators, their accounts and partnerships in the store: typed rows, plain reads/writes.

The rules (slugs, merge/split, what counts as a commercial post) live in
:mod:`resonanz.creators`; these functions only read and write, inside the caller's
transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update

from resonanz.store.creators_schema import (
    creator_accounts,
    creator_audit,
    creators,
    partnerships,
)


@dataclass(frozen=True, slots=True)
class CreatorRow:
    """One row of ``creators``."""

    id: int
    slug: str
    name: str
    category: str | None
    language: str | None
    aliases: list[str]
    notes: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AccountRow:
    """One row of ``creator_accounts``."""

    id: int
    creator_id: int
    platform: str
    native_id: str
    handle: str | None
    url: str | None
    title: str | None
    description: str | None
    thumbnail_url: str | None
    followers: int | None
    views: int | None
    content_count: int | None
    fetched_at: datetime | None


@dataclass(frozen=True, slots=True)
class PartnershipRow:
    """One row of ``partnerships``."""

    id: int
    creator_id: int
    brand: str
    kind: str
    starts_on: date
    ends_on: date | None
    note: str | None
    created_by: str | None
    created_at: datetime


#: The statistics/profile columns of an account that an import may fill in.
ACCOUNT_DETAILS = (
    "handle",
    "url",
    "title",
    "description",
    "thumbnail_url",
    "followers",
    "views",
    "content_count",
    "fetched_at",
)


def _creator(row: Any) -> CreatorRow:
    m = row._mapping
    values = {f.name: m[f.name] for f in fields(CreatorRow)}
    values["aliases"] = list(values["aliases"] or [])
    return CreatorRow(**values)


def _account(row: Any) -> AccountRow:
    m = row._mapping
    return AccountRow(**{f.name: m[f.name] for f in fields(AccountRow)})


def _partnership(row: Any) -> PartnershipRow:
    m = row._mapping
    return PartnershipRow(**{f.name: m[f.name] for f in fields(PartnershipRow)})


# --- creators --------------------------------------------------------------------------


def insert_creator(
    conn: Connection,
    *,
    slug: str,
    name: str,
    now: datetime,
    category: str | None = None,
    language: str | None = None,
    aliases: Sequence[str] = (),
    notes: str | None = None,
) -> int:
    """Insert a creator and return its id (the slug must be free)."""
    result = conn.execute(
        insert(creators).values(
            slug=slug,
            name=name,
            category=category,
            language=language,
            aliases=list(aliases),
            notes=notes,
            created_at=now,
            updated_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def read_creator(conn: Connection, creator_id: int) -> CreatorRow | None:
    row = conn.execute(select(creators).where(creators.c.id == creator_id)).first()
    return None if row is None else _creator(row)


def creator_by_slug(conn: Connection, slug: str) -> CreatorRow | None:
    row = conn.execute(select(creators).where(creators.c.slug == slug)).first()
    return None if row is None else _creator(row)


def slug_taken(conn: Connection, slug: str) -> bool:
    return conn.execute(select(creators.c.id).where(creators.c.slug == slug)).first() is not None


def list_creators(conn: Connection) -> list[CreatorRow]:
    """Every creator, by name."""
    rows = conn.execute(select(creators).order_by(creators.c.name, creators.c.id))
    return [_creator(row) for row in rows]


def count_creators(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(creators)).scalar_one())


def update_creator(conn: Connection, creator_id: int, now: datetime, **values: Any) -> None:
    """Set the given columns (name, category, language, aliases, notes) of a creator."""
    allowed = {"name", "category", "language", "aliases", "notes"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"not a creator column: {sorted(unknown)}")
    conn.execute(
        update(creators).where(creators.c.id == creator_id).values(**values, updated_at=now)
    )


def delete_creator(conn: Connection, creator_id: int) -> None:
    """Delete a creator; its accounts and partnerships go with it."""
    conn.execute(delete(creator_accounts).where(creator_accounts.c.creator_id == creator_id))
    conn.execute(delete(partnerships).where(partnerships.c.creator_id == creator_id))
    conn.execute(delete(creators).where(creators.c.id == creator_id))


# --- accounts --------------------------------------------------------------------------


def insert_account(
    conn: Connection, *, creator_id: int, platform: str, native_id: str, **details: Any
) -> int:
    """Insert an account of a creator and return its id ((platform, native_id) is free)."""
    unknown = set(details) - set(ACCOUNT_DETAILS)
    if unknown:
        raise ValueError(f"not an account column: {sorted(unknown)}")
    result = conn.execute(
        insert(creator_accounts).values(
            creator_id=creator_id, platform=platform, native_id=native_id, **details
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def account_by_native(conn: Connection, platform: str, native_id: str) -> AccountRow | None:
    row = conn.execute(
        select(creator_accounts).where(
            creator_accounts.c.platform == platform, creator_accounts.c.native_id == native_id
        )
    ).first()
    return None if row is None else _account(row)


def read_account(conn: Connection, account_id: int) -> AccountRow | None:
    row = conn.execute(select(creator_accounts).where(creator_accounts.c.id == account_id)).first()
    return None if row is None else _account(row)


def accounts_of(conn: Connection, creator_ids: Iterable[int]) -> list[AccountRow]:
    """The accounts of the given creators, by creator, platform, native id."""
    ids = list(creator_ids)
    if not ids:
        return []
    rows = conn.execute(
        select(creator_accounts)
        .where(creator_accounts.c.creator_id.in_(ids))
        .order_by(
            creator_accounts.c.creator_id,
            creator_accounts.c.platform,
            creator_accounts.c.native_id,
        )
    )
    return [_account(row) for row in rows]


def all_accounts(conn: Connection) -> list[AccountRow]:
    rows = conn.execute(select(creator_accounts).order_by(creator_accounts.c.id))
    return [_account(row) for row in rows]


def update_account(conn: Connection, account_id: int, **details: Any) -> None:
    """Set profile/statistics columns of an account (``None`` values are kept as given)."""
    unknown = set(details) - set(ACCOUNT_DETAILS)
    if unknown:
        raise ValueError(f"not an account column: {sorted(unknown)}")
    if details:
        conn.execute(
            update(creator_accounts).where(creator_accounts.c.id == account_id).values(**details)
        )


def move_accounts(conn: Connection, account_ids: Iterable[int], creator_id: int) -> None:
    """Give the accounts to another creator (merge and split)."""
    ids = list(account_ids)
    if ids:
        conn.execute(
            update(creator_accounts)
            .where(creator_accounts.c.id.in_(ids))
            .values(creator_id=creator_id)
        )


def delete_account(conn: Connection, account_id: int) -> None:
    conn.execute(delete(creator_accounts).where(creator_accounts.c.id == account_id))


def delete_accounts_of_author(
    conn: Connection, platform: str, native_ids: Collection[str], handles: Collection[str]
) -> int:
    """Delete the accounts of an erased author: by native id, or by handle (any case, with
    or without "@"); a creator left without accounts goes too. Returns accounts deleted."""
    matches = []
    if native_ids:
        matches.append(creator_accounts.c.native_id.in_(sorted(set(native_ids))))
    names = {h.casefold().removeprefix("@") for h in handles if h}
    if names:
        spelled = sorted(names | {"@" + n for n in names})
        matches.append(func.lower(creator_accounts.c.handle).in_(spelled))
        matches.append(func.lower(creator_accounts.c.native_id).in_(spelled))
    if not matches:
        return 0
    where = and_(creator_accounts.c.platform == platform, or_(*matches))
    owners = set(conn.execute(select(creator_accounts.c.creator_id).where(where)).scalars())
    refs = [
        f"{platform}:{n}"
        for n in conn.execute(select(creator_accounts.c.native_id).where(where)).scalars()
    ]
    removed = int(conn.execute(delete(creator_accounts).where(where)).rowcount or 0)
    gone: list[str] = []
    for creator_id in sorted(owners):
        left = conn.execute(
            select(creator_accounts.c.id).where(creator_accounts.c.creator_id == creator_id)
        ).first()
        if left is None:
            found = read_creator(conn, creator_id)
            if found is not None:
                gone.append(found.slug)
            delete_creator(conn, creator_id)
    blank_audit(conn, refs, gone)
    return removed


# --- audit log ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor: str
    action: str
    creator: str | None
    account: str | None
    detail: str | None


def add_audit(
    conn: Connection,
    actor: str,
    action: str,
    *,
    creator: str | None = None,
    account: str | None = None,
    detail: str | None = None,
) -> None:
    conn.execute(
        insert(creator_audit).values(
            at=datetime.now(UTC),
            actor=actor[:64],
            action=action,
            creator=creator[:120] if creator else None,
            account=account[:300] if account else None,
            detail=detail[:2000] if detail else None,
        )
    )


def audit_log(conn: Connection, limit: int = 200) -> list[AuditRow]:
    rows = conn.execute(
        select(
            creator_audit.c.at,
            creator_audit.c.actor,
            creator_audit.c.action,
            creator_audit.c.creator,
            creator_audit.c.account,
            creator_audit.c.detail,
        )
        .order_by(creator_audit.c.id.desc())
        .limit(limit)
    )
    return [AuditRow(*r) for r in rows]


def blank_audit(conn: Connection, accounts: Sequence[str], creator_slugs: Sequence[str]) -> None:
    """Erasure: the log keeps the steps but not the erased accounts or creators."""
    if accounts:
        conn.execute(
            update(creator_audit)
            .where(creator_audit.c.account.in_(sorted(set(accounts))))
            .values(account=None, detail=None)
        )
        for ref in sorted(set(accounts)):  # named in a detail ("add", "merge" lists)
            conn.execute(
                update(creator_audit)
                .where(creator_audit.c.detail.contains(ref, autoescape=True))
                .values(detail=None)
            )
    if creator_slugs:
        conn.execute(
            update(creator_audit)
            .where(creator_audit.c.creator.in_(sorted(set(creator_slugs))))
            .values(creator=None, detail=None)
        )


# --- partnerships ----------------------------------------------------------------------


def insert_partnership(
    conn: Connection,
    *,
    creator_id: int,
    brand: str,
    kind: str,
    starts_on: date,
    ends_on: date | None,
    now: datetime,
    note: str | None = None,
    created_by: str | None = None,
) -> int:
    result = conn.execute(
        insert(partnerships).values(
            creator_id=creator_id,
            brand=brand,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            created_by=created_by,
            created_at=now,
        )
    )
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def partnerships_of(
    conn: Connection, creator_ids: Iterable[int] | None = None
) -> list[PartnershipRow]:
    """Partnerships of the given creators (all when ``None``), by start date."""
    query = select(partnerships).order_by(partnerships.c.starts_on, partnerships.c.id)
    if creator_ids is not None:
        query = query.where(partnerships.c.creator_id.in_(list(creator_ids)))
    return [_partnership(row) for row in conn.execute(query)]


def has_partnerships(conn: Connection) -> bool:
    """Whether any partnership is declared (a cheap check before the follow-up scan)."""
    return conn.execute(select(partnerships.c.id).limit(1)).first() is not None


def read_partnership(conn: Connection, partnership_id: int) -> PartnershipRow | None:
    row = conn.execute(select(partnerships).where(partnerships.c.id == partnership_id)).first()
    return None if row is None else _partnership(row)


def move_partnerships(conn: Connection, from_creator: int, to_creator: int) -> None:
    conn.execute(
        update(partnerships)
        .where(partnerships.c.creator_id == from_creator)
        .values(creator_id=to_creator)
    )


def delete_partnership(conn: Connection, partnership_id: int) -> None:
    conn.execute(delete(partnerships).where(partnerships.c.id == partnership_id))
