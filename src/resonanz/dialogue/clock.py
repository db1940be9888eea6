"""Which clock an inbox item is measured against: today's, or its archive's own "now".

A post that came in through a live fetch waits from the moment it was written until
now. A post from an imported archive (a 2015 data set loaded today) did not wait
eleven years for the brand: its waiting time, priority age and SLA are measured
against the archive's own "now", the newest post of the import that brought it
(its ``first_seen_run``; posts stored without a run are grouped by platform), and an
archive item never counts as an SLA breach.

An import is an archive when its newest post is more than :data:`ARCHIVE_GAP` older
than the time it was imported; otherwise it is live.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection

from resonanz.store.inbox_schema import CLOCK_ARCHIVE, CLOCK_LIVE
from resonanz.store.inbox_sync import import_spans

ARCHIVE_GAP = timedelta(days=30)
LIVE = CLOCK_LIVE
ARCHIVE = CLOCK_ARCHIVE


@dataclass(frozen=True, slots=True)
class Clock:
    """``kind`` is ``live`` or ``archive``; ``at`` the archive's "now" (``None`` when live)."""

    kind: str = LIVE
    at: datetime | None = None

    def now(self, wall: datetime) -> datetime:
        """The moment waiting times are measured to."""
        return self.at if self.kind == ARCHIVE and self.at is not None else wall


def classify(newest_post: datetime | None, imported: datetime | None) -> Clock:
    """The clock of an import whose newest post and import time are given."""
    if newest_post is None or imported is None or imported - newest_post <= ARCHIVE_GAP:
        return Clock()
    return Clock(ARCHIVE, newest_post)


def clocks(
    conn: Connection, runs: Iterable[int | None], platforms: Iterable[str]
) -> dict[tuple[int | None, str | None], Clock]:
    """The clock per import run (key ``(run, None)``) and, for posts stored without a run,
    per platform (key ``(None, platform)``)."""
    found: dict[tuple[int | None, str | None], Clock] = {}
    wanted = sorted({r for r in runs if r is not None})
    for span in import_spans(conn, wanted, sorted(set(platforms))):
        found[(span.run, span.platform)] = classify(span.newest, span.imported)
    return found


def clock_of(
    found: dict[tuple[int | None, str | None], Clock], run: int | None, platform: str
) -> Clock:
    key: tuple[int | None, str | None] = (run, None) if run is not None else (None, platform)
    return found.get(key, Clock())
