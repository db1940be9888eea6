"""The users facade: users of the web app (roles, argon2 passwords, API tokens, the
server secret) and the login throttle's stored counters. Needs the ``web`` extra (argon2).
"""

from __future__ import annotations

from resonanz.store.throttle import ThrottleRows
from resonanz.store.throttle import locked_step as throttle_step
from resonanz.users import (
    ROLE_PERMISSIONS,
    Permission,
    Role,
    TokenRecord,
    User,
    allows,
    authenticate,
    count_admins,
    create_token,
    create_user,
    end_sessions,
    find_user,
    get_token,
    get_user,
    list_tokens,
    list_users,
    parse_role,
    revoke_token,
    server_secret,
    update_user,
    verify_token,
)

__all__ = [
    "ROLE_PERMISSIONS",
    "Permission",
    "Role",
    "ThrottleRows",
    "TokenRecord",
    "User",
    "allows",
    "authenticate",
    "count_admins",
    "create_token",
    "create_user",
    "end_sessions",
    "find_user",
    "get_token",
    "get_user",
    "list_tokens",
    "list_users",
    "parse_role",
    "revoke_token",
    "server_secret",
    "throttle_step",
    "update_user",
    "verify_token",
]
