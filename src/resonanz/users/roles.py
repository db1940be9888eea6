"""Roles and what each may do.

Four roles, each a fixed set of permissions. Routes ask for a permission, never
for a role name, so adding a permission to a role is a one-line change here:

* ``viewer``  reads everything analytic, writes nothing;
* ``agent``   reads, and works the reply inbox (claim, draft, send);
* ``analyst`` reads, edits the brand catalog, imports data, exports;
* ``admin``   all of the above plus users, API tokens of others and settings.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    AGENT = "agent"
    VIEWER = "viewer"


class Permission(StrEnum):
    READ = "read"  # every GET of analytic data
    INBOX = "inbox"  # reply inbox: claim, draft, send
    ANALYZE = "analyze"  # catalog edits, imports, exports, analysis runs
    ADMIN = "admin"  # users, everyone's tokens, settings


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.VIEWER: frozenset({Permission.READ}),
    Role.AGENT: frozenset({Permission.READ, Permission.INBOX}),
    Role.ANALYST: frozenset({Permission.READ, Permission.ANALYZE}),
    Role.ADMIN: frozenset(Permission),
}


def parse_role(value: str) -> Role:
    """The :class:`Role` named ``value``; ``ValueError`` naming the valid roles otherwise."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise ValueError(
            f"unknown role {value!r}; choose one of: {', '.join(r.value for r in Role)}"
        ) from None


def allows(role: Role | str, permission: Permission) -> bool:
    """Whether ``role`` carries ``permission`` (unknown roles carry nothing)."""
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
