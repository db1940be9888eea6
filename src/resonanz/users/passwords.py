"""Password hashing with argon2id, and the one password rule we enforce.

Hashes carry their own parameters, so :func:`needs_rehash` tells when a stored
hash was made with weaker settings and should be replaced after a good login.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from resonanz.errors import UsageError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 copes with more, but nobody types this much; caps the work

_hasher = PasswordHasher()
# Checked against when the user does not exist, so that a login for an unknown name
# costs the same time as one with a wrong password.
_DUMMY = _hasher.hash("resonanz-no-such-user-password")


def check_policy(password: str) -> None:
    """Raise :class:`UsageError` if ``password`` is too short or too long."""
    if len(password) < MIN_LENGTH:
        raise UsageError(
            f"password too short ({len(password)} characters)",
            hint=f"use at least {MIN_LENGTH} characters, e.g. a few unrelated words",
        )
    if len(password) > MAX_LENGTH:
        raise UsageError("password too long", hint=f"use at most {MAX_LENGTH} characters")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (after :func:`check_policy`)."""
    check_policy(password)
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``; ``stored=None`` burns the same time, fails."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        ok = _hasher.verify(stored or _DUMMY, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and stored is not None


def needs_rehash(stored: str) -> bool:
    return _hasher.check_needs_rehash(stored)
