"""Intervals, due times and backoff of watches."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from resonanz.errors import UsageError

#: no watch runs more often (platforms cache listings for about 30 s anyway)
MIN_EVERY = 60
#: a failing watch waits 2, 4, 8 ... minutes, at most this long
MAX_BACKOFF = timedelta(hours=6)
#: a rate limit that said nothing about when it ends
DEFAULT_RATE_WAIT = timedelta(minutes=15)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_EVERY = re.compile(r"^\s*(\d+)\s*([smhd])\s*$", re.IGNORECASE)


def parse_every(text: str, minimum: int = MIN_EVERY) -> int:
    """Seconds of ``"90s"``, ``"15m"``, ``"1h"`` or ``"1d"`` (at least ``minimum``)."""
    match = _EVERY.match(text)
    if not match:
        raise UsageError(
            f"not an interval: {text!r}",
            hint="write a number and a unit: 30m, 1h, 6h, 1d",
        )
    seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if seconds < minimum:
        raise UsageError(
            f"interval {text!r} is too short",
            hint=f"the shortest interval is {minimum} seconds",
        )
    return seconds


def format_every(seconds: int) -> str:
    """The shortest exact form: ``86400`` -> ``1d``, ``5400`` -> ``90m``."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def failure_backoff(failures: int, now: datetime) -> datetime:
    """When a watch that failed ``failures`` times in a row may try again."""
    wait = timedelta(minutes=2) * (1 << min(max(failures - 1, 0), 12))
    return now + min(wait, MAX_BACKOFF)


def rate_backoff(retry_after: float | None, now: datetime) -> datetime:
    """When a rate-limited watch may try again (the server's word, else a default)."""
    if retry_after is None:
        return now + DEFAULT_RATE_WAIT
    return now + timedelta(seconds=max(retry_after, 1.0))
