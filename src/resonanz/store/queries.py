"""Read-side primitives: counts for ``resonanz stats`` and helpers other queries share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, distinct, func, select
from sqlalchemy.sql.elements import ColumnElement

from resonanz.store.runs import RunRecord, list_runs
from resonanz.store.schema import post_mentions, posts, quarantine


@dataclass(frozen=True, slots=True)
class PlatformDays:
    """The days of one platform's posts: the span and the most recent days."""

    platform: str
    first: str
    last: str
    days: int
    recent: list[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class Stats:
    """What is in the store: posts by platform, kind, day and brand, and recent imports."""

    posts: int = 0
    by_platform: list[tuple[str, int]] = field(default_factory=list)
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_day: list[tuple[str, int]] = field(default_factory=list)
    #: per platform: its first and last day with posts, how many days have posts, and its
    #: most recent days with their counts (platforms from different years each show theirs)
    by_platform_day: list[PlatformDays] = field(default_factory=list)
    by_brand: list[tuple[str, int]] = field(default_factory=list)
    analyzed: int = 0
    quarantined: int = 0
    runs: list[RunRecord] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict (runs with ISO timestamps)."""
        return {
            "posts": self.posts,
            "analyzed": self.analyzed,
            "quarantined": self.quarantined,
            "by_platform": dict(self.by_platform),
            "by_kind": dict(self.by_kind),
            "by_day": dict(self.by_day),
            "by_platform_day": {
                p.platform: {
                    "first": p.first,
                    "last": p.last,
                    "days": p.days,
                    "recent": dict(p.recent),
                }
                for p in self.by_platform_day
            },
            "by_brand": dict(self.by_brand),
            "runs": [
                {
                    "run_id": run.id,
                    "source": run.source,
                    "format": run.format,
                    "status": run.status,
                    "read": run.read,
                    "new": run.new,
                    "updated": run.updated,
                    "unchanged": run.unchanged,
                    "rejected": run.rejected,
                    "started_at": run.started_at.isoformat(),
                    "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                    "error": run.error,
                }
                for run in self.runs
            ],
        }


def day_of(column: Any, dialect_name: str) -> ColumnElement[str]:
    """SQL expression giving the UTC calendar day (``YYYY-MM-DD``) of a timestamp column."""
    if dialect_name == "sqlite":  # stored as fixed-width ISO 8601 text in UTC
        return func.substr(column, 1, 10)
    return func.to_char(func.timezone("UTC", column), "YYYY-MM-DD")


def _grouped(conn: Connection, column: Any, limit: int | None = None) -> list[tuple[str, int]]:
    count = func.count()
    stmt = select(column, count).group_by(column).order_by(count.desc(), column)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(str(key), int(n)) for key, n in conn.execute(stmt)]


def _platform_days(conn: Connection, day: ColumnElement[str], days: int) -> list[PlatformDays]:
    """Each platform's span of days and its ``days`` most recent days with posts."""
    per: dict[str, list[tuple[str, int]]] = {}
    stmt = (
        select(posts.c.platform, day, func.count())
        .group_by(posts.c.platform, day)
        .order_by(posts.c.platform, day)
    )
    for platform, d, n in conn.execute(stmt):
        per.setdefault(str(platform), []).append((str(d), int(n)))
    return [
        PlatformDays(platform, rows[0][0], rows[-1][0], len(rows), rows[-days:])
        for platform, rows in sorted(per.items())
    ]


def stats(engine: Engine, days: int = 30, runs: int = 10) -> Stats:
    """Counts over the whole store; ``by_day`` covers the ``days`` most recent days with
    posts, ``by_platform_day`` each platform's own most recent days."""
    with engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(posts)).scalar_one())
        day = day_of(posts.c.created_at, conn.dialect.name).label("day")
        by_day_stmt = select(day, func.count()).group_by(day).order_by(day.desc()).limit(days)
        by_day = [(str(d), int(n)) for d, n in conn.execute(by_day_stmt)]
        by_platform_day = _platform_days(conn, day, days)
        brand_count = func.count(distinct(post_mentions.c.post_id))
        by_brand_stmt = (
            select(post_mentions.c.brand, brand_count)
            .group_by(post_mentions.c.brand)
            .order_by(brand_count.desc(), post_mentions.c.brand)
        )
        analyzed = conn.execute(
            select(func.count()).select_from(posts).where(posts.c.analyzed_at.is_not(None))
        ).scalar_one()
        return Stats(
            posts=total,
            by_platform=_grouped(conn, posts.c.platform),
            by_kind=_grouped(conn, posts.c.kind),
            by_day=sorted(by_day),
            by_platform_day=by_platform_day,
            by_brand=[(str(b), int(n)) for b, n in conn.execute(by_brand_stmt)],
            analyzed=int(analyzed),
            quarantined=int(
                conn.execute(select(func.count()).select_from(quarantine)).scalar_one()
            ),
            runs=list_runs(engine, runs),
        )


def count_posts(engine: Engine, platform: str | None = None) -> int:
    """Number of stored posts, optionally of one platform."""
    stmt = select(func.count()).select_from(posts)
    if platform is not None:
        stmt = stmt.where(posts.c.platform == platform)
    with engine.connect() as conn:
        return int(conn.execute(stmt).scalar_one())


def brand_post_times(engine: Engine, brand: str) -> list[datetime]:
    """When each post mentioning ``brand`` was written, oldest first (once per mention)."""
    with engine.connect() as conn:
        return sorted(
            conn.execute(
                select(posts.c.created_at)
                .select_from(posts.join(post_mentions, post_mentions.c.post_id == posts.c.id))
                .where(post_mentions.c.brand == brand)
            ).scalars()
        )
