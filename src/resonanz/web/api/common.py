"""Parameter helpers the API routes share: bounded ids, UTC timestamps, clean text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import HTTPException, Path
from pydantic import AfterValidator

#: The largest id any of our databases can hold (signed 64-bit).
MAX_ID = 2**63 - 1

PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


def no_nul(value: str) -> str:
    """Refuse NUL characters (PostgreSQL cannot store them in text)."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


CleanStr = Annotated[str, AfterValidator(no_nul)]


def contains_nul(value: Any) -> bool:
    """Whether a JSON-like value holds a NUL character anywhere (keys included)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(contains_nul(v) for v in value)
    return False


#: Timestamps accepted as filters. Wide enough for any social post, narrow enough that
#: a period and the one before it (for change figures) stay within ``datetime``.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


def utc(value: datetime | None, name: str) -> datetime | None:
    """A timestamp parameter as aware UTC; naive ones are taken to be UTC already."""
    if value is None:
        return None
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        moment = None
    if moment is None or not EARLIEST <= moment <= LATEST:
        raise HTTPException(
            status_code=400, detail=f"{name} must lie between the years 1900 and 2200"
        )
    return moment
