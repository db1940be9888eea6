"""The users facade: users of the web app (roles, argon2 passwords, API tokens, the
server secret) and the login throttle's stored counters. Needs the ``web`` extra (argon2).
"""

from __future__ import annotations

from resonanz import users as _users
from resonanz.store.throttle import ThrottleRows
from resonanz.store.throttle import locked_step as throttle_step
from resonanz.users import *  # noqa: F403  (the facade re-exports the users package whole)

__all__ = ["ThrottleRows", "throttle_step"]
__all__ += _users.__all__
