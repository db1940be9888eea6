"""The users facade: users of the web app (roles, argon2 passwords, API tokens, the
server secret). Needs the ``web`` extra (argon2).
"""

from __future__ import annotations

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
    "update_user",
    "verify_token",
]
