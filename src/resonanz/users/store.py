"""Users, API tokens and server secrets in the database.

API tokens are 32 random bytes shown once as ``rz_<base64url>``; only their
SHA-256 is stored, so a leaked database does not leak usable tokens. A token acts
with its owner's role; revoking it (or deactivating the owner) ends it at once.
A user's ``session_epoch`` is part of every session cookie: raising it (logout
everywhere, password change, deactivation) invalidates all their cookies.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from resonanz.errors import UsageError
from resonanz.store.schema import api_tokens, server_secrets, users
from resonanz.users.passwords import hash_password, needs_rehash, verify_password
from resonanz.users.roles import Role, parse_role

TOKEN_PREFIX = "rz_"  # noqa: S105 (a marker, not a secret)
#: ``last_used_at`` of a token is written at most this often (saves a write per request).
LAST_USED_RESOLUTION = timedelta(seconds=60)
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
LANGUAGES = ("de", "en")


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    role: Role
    language: str | None
    active: bool
    session_epoch: int
    created_at: datetime
    last_login_at: datetime | None


@dataclass(frozen=True, slots=True)
class TokenRecord:
    """An API token as listed: never the secret itself, only its first characters."""

    id: int
    user_id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


def _user(row: Any) -> User:
    return User(
        id=int(row.id),
        username=row.username,
        role=Role(row.role),
        language=row.language,
        active=bool(row.active),
        session_epoch=int(row.session_epoch),
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


def _token(row: Any) -> TokenRecord:
    return TokenRecord(
        id=int(row.id),
        user_id=int(row.user_id),
        name=row.name,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
        revoked_at=row.revoked_at,
    )


def _check_language(language: str | None) -> None:
    if language is not None and language not in LANGUAGES:
        raise UsageError(f"unknown language {language!r}", hint="use 'de' or 'en'")


# --- users -----------------------------------------------------------------------


def create_user(
    engine: Engine,
    username: str,
    password: str | None,
    role: Role | str,
    language: str | None = None,
    *,
    password_hash: str | None = None,
) -> User:
    """Add a user; the password is checked against the policy and stored hashed.

    ``password_hash`` instead of ``password`` takes an argon2 hash made earlier
    (moving users between workspaces; tests that need many users quickly).
    """
    if (password is None) == (password_hash is None):
        raise ValueError("give either password or password_hash")
    if password_hash is not None and not password_hash.startswith("$argon2"):
        raise UsageError("password_hash must be an argon2 hash")
    if not USERNAME.match(username):
        raise UsageError(
            f"invalid user name {username!r}",
            hint="1-64 characters: letters, digits, '.', '_', '@', '-' (not first)",
        )
    try:
        role = parse_role(str(role))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _check_language(language)
    now = _now()
    values = {
        "username": username,
        "password_hash": password_hash or hash_password(password or ""),
        "role": role.value,
        "language": language,
        "active": True,
        "session_epoch": 0,
        "created_at": now,
        "updated_at": now,
    }
    try:
        with engine.begin() as conn:
            new_id = conn.execute(insert(users).values(**values).returning(users.c.id)).scalar_one()
    except IntegrityError:
        raise UsageError(f"user {username!r} exists already", hint="pick another name") from None
    found = get_user(engine, int(new_id))
    assert found is not None
    return found


def get_user(engine: Engine, user_id: int) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.id == user_id)).first()
    return _user(row) if row is not None else None


def find_user(engine: Engine, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    return _user(row) if row is not None else None


def list_users(engine: Engine) -> list[User]:
    with engine.connect() as conn:
        return [_user(row) for row in conn.execute(select(users).order_by(users.c.id))]


def count_admins(engine: Engine) -> int:
    with engine.connect() as conn:
        rows = conn.execute(
            select(users.c.id).where(users.c.role == Role.ADMIN.value, users.c.active.is_(True))
        ).all()
    return len(rows)


def update_user(
    engine: Engine,
    user_id: int,
    *,
    role: Role | str | None = None,
    active: bool | None = None,
    language: str | None = None,
    clear_language: bool = False,
    password: str | None = None,
) -> User:
    """Change a user. Role, activity and password changes end their sessions.

    The last active admin cannot be demoted or deactivated (there would be no way
    back in but the command line).
    """
    current = get_user(engine, user_id)
    if current is None:
        raise UsageError(f"no user with id {user_id}", hint="list users to see their ids")
    values: dict[str, Any] = {}
    if role is not None:
        try:
            values["role"] = parse_role(str(role)).value
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if active is not None:
        values["active"] = active
    if language is not None or clear_language:
        _check_language(language)
        values["language"] = language
    if password is not None:
        values["password_hash"] = hash_password(password)
    losing_admin = (
        current.role is Role.ADMIN
        and current.active
        and (values.get("role", "admin") != "admin" or values.get("active", True) is False)
    )
    if losing_admin and count_admins(engine) <= 1:
        raise UsageError(
            "cannot demote or deactivate the last active admin",
            hint="make another user admin first",
        )
    if {"role", "active", "password_hash"} & values.keys():
        values["session_epoch"] = users.c.session_epoch + 1
    values["updated_at"] = _now()
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == user_id).values(**values))
    changed = get_user(engine, user_id)
    assert changed is not None
    return changed


def end_sessions(engine: Engine, user_id: int) -> None:
    """Invalidate every session cookie of the user (log out everywhere)."""
    with engine.begin() as conn:
        conn.execute(
            update(users)
            .where(users.c.id == user_id)
            .values(session_epoch=users.c.session_epoch + 1)
        )


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The active user with these credentials, else ``None`` (same cost either way).

    A hash made with outdated argon2 parameters is upgraded on success.
    """
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    stored = row.password_hash if row is not None else None
    if not verify_password(stored, password) or row is None or not row.active:
        return None
    values: dict[str, Any] = {"last_login_at": _now()}
    if stored is not None and needs_rehash(stored):
        values["password_hash"] = hash_password(password)
    with engine.begin() as conn:
        conn.execute(update(users).where(users.c.id == row.id).values(**values))
    return _user(row)


# --- API tokens ------------------------------------------------------------------------


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(engine: Engine, user_id: int, name: str) -> tuple[TokenRecord, str]:
    """A new token for the user: its record and the secret (to be shown exactly once)."""
    name = name.strip()
    if not name or len(name) > 128:
        raise UsageError("a token needs a name of 1-128 characters", hint="e.g. --name reporting")
    if get_user(engine, user_id) is None:
        raise UsageError(f"no user with id {user_id}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    values = {
        "user_id": user_id,
        "name": name,
        "token_hash": _digest(secret),
        "prefix": secret[:10],
        "created_at": _now(),
    }
    with engine.begin() as conn:
        new_id = conn.execute(
            insert(api_tokens).values(**values).returning(api_tokens.c.id)
        ).scalar_one()
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == new_id)).one()
    return _token(row), secret


def list_tokens(engine: Engine, user_id: int | None = None) -> list[TokenRecord]:
    """Tokens of one user, or of everyone, oldest first (revoked ones included)."""
    stmt = select(api_tokens).order_by(api_tokens.c.id)
    if user_id is not None:
        stmt = stmt.where(api_tokens.c.user_id == user_id)
    with engine.connect() as conn:
        return [_token(row) for row in conn.execute(stmt)]


def get_token(engine: Engine, token_id: int) -> TokenRecord | None:
    with engine.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).first()
    return _token(row) if row is not None else None


def revoke_token(engine: Engine, token_id: int) -> bool:
    """Revoke a token; ``False`` if there is no such token or it was revoked already."""
    with engine.begin() as conn:
        done = conn.execute(
            update(api_tokens)
            .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=_now())
        )
    return bool(done.rowcount)


def verify_token(engine: Engine, secret: str) -> tuple[User, TokenRecord] | None:
    """The owner and record of a valid, unrevoked token of an active user; else ``None``.

    Lookup is by hash, so comparing happens on digests, not on the secret.
    """
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    digest = _digest(secret)
    stmt = (
        select(api_tokens, users.c.active)
        .join(users, users.c.id == api_tokens.c.user_id)
        .where(api_tokens.c.token_hash == digest)
    )
    with engine.connect() as conn:
        row = conn.execute(stmt).first()
    if row is None or row.revoked_at is not None or not row.active:
        return None
    record = _token(row)
    user = get_user(engine, record.user_id)
    if user is None:
        return None
    now = _now()
    if record.last_used_at is None or now - record.last_used_at >= LAST_USED_RESOLUTION:
        with engine.begin() as conn:
            conn.execute(
                update(api_tokens).where(api_tokens.c.id == record.id).values(last_used_at=now)
            )
    return user, record


# --- server secrets ---------------------------------------------------------------------


def server_secret(engine: Engine, name: str = "session") -> str:
    """A random secret kept in the database, created on first use (e.g. the cookie key).

    Kept in the database so that every server process of a workspace signs and
    checks cookies with the same key, and restarts do not log everybody out.
    """
    with engine.connect() as conn:
        found = conn.execute(
            select(server_secrets.c.value).where(server_secrets.c.name == name)
        ).scalar_one_or_none()
    if found is not None:
        return str(found)
    try:
        with engine.begin() as conn:
            conn.execute(
                insert(server_secrets).values(
                    name=name, value=secrets.token_urlsafe(48), created_at=_now()
                )
            )
    except IntegrityError:  # another process created it first: use theirs
        pass
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(server_secrets.c.value).where(server_secrets.c.name == name)
            ).scalar_one()
        )
