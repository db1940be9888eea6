"""Writing to a busy database: try again, and what an error may tell a user."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

#: How often a write is tried again when the database stayed busy for a whole busy
#: timeout (SQLite: another process held the write lock that long, e.g. rebuilding the
#: indexes after a bulk load; PostgreSQL: a deadlock or lock timeout).
BUSY_RETRIES = 8
#: SQLSTATEs of PostgreSQL errors that mean "try again": serialisation failure,
#: deadlock, lock not available.
_PG_RETRY = frozenset({"40001", "40P01", "55P03"})
_SQLITE_BUSY, _SQLITE_LOCKED = 5, 6

T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "busy, try again" rather than "refused this data"."""
    if not isinstance(exc, SQLAlchemyError):
        return False
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) in _PG_RETRY:
        return True
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return True
    return "database is locked" in str(orig)


def _pause(attempt: int) -> None:
    """Wait a little before trying a busy database again (SQLite also waited its timeout)."""
    time.sleep(min(0.05 * 2**attempt, 5.0))


def retrying(write: Callable[[], T]) -> T:
    """``write()``, tried again up to :data:`BUSY_RETRIES` times while the database is busy.

    ``write`` must be one whole transaction, so a busy attempt left nothing behind.
    """
    for attempt in range(BUSY_RETRIES):
        try:
            return write()
        except SQLAlchemyError as exc:
            if not is_busy(exc):
                raise
            _pause(attempt)
    return write()


def public_error(exc: BaseException) -> str:
    """What an error may tell a user: for database errors the driver's first line only.

    SQLAlchemy's own message carries the SQL statement and its parameters (other
    people's post texts, kilobytes of them); that never goes into ``import_runs`` or
    a page.
    """
    if is_busy(exc):
        return (
            "the database stayed busy (another process kept it locked); "
            "the records stored so far are kept, import the same file again to complete it"
        )
    if isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        first = (str(orig) if orig is not None else "").strip().splitlines()
        kind = type(orig).__name__ if orig is not None else type(exc).__name__
        return f"the database refused the data ({kind}: {first[0][:300] if first else 'no detail'})"
    detail = str(exc) or type(exc).__name__
    return detail if len(detail) <= 2000 else detail[:2000] + " [...]"
