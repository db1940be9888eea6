"""Retention (GDPR Art. 5(1)(e), storage limitation): data older than its limit goes.

Three kinds of data have their own limit per platform (settings ``retention_raw``,
``retention_posts``, ``retention_inbox``; unset keeps forever):

* ``raw``: a post's raw platform record, counted from the post's publication. The
  column is set to NULL; the mapped post and its analyses stay.
* ``posts``: the post itself, counted from its publication. It is deleted with every
  linked row and its rollup contributions are subtracted exactly, by the erasure
  machinery (:func:`resonanz.privacy.erase.delete_posts`), which also leaves a
  tombstone so a re-import does not bring it back. Deleting rather than blanking the
  text keeps every figure reproducible from the posts present (a rebuild gives the
  same rollups) and removes the author along with the text.
* ``inbox``: texts of inbox items, counted from the item's last change: the draft,
  the dismissal reason, the text and dry-run request of replies no longer waiting to
  be sent, and the details of the audit trail. The items, their states and
  timestamps stay, so response-time and volume metrics do not change.

:func:`enforce` works in batches, one transaction each; a crash leaves a consistent
store and running it again finishes the job (what is done matches nothing any more,
so a second run changes nothing). Each run has one ``privacy_log`` row whose counts
are updated in the same transaction as every batch: it always tells what was done,
never whose data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Text,
    and_,
    cast,
    exists,
    func,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from resonanz.privacy.erase import compact, delete_posts
from resonanz.settings import ANY_PLATFORM, Settings, platform_days
from resonanz.store.inbox_schema import dialogue_audit, dialogue_items, outbox
from resonanz.store.schema import posts, privacy_log

#: the kinds of data with a retention limit, in the order they are enforced
KINDS = ("posts", "raw", "inbox")
#: what a blanked reply text reads
PLACEHOLDER = "[gelöscht: Aufbewahrungsfrist abgelaufen]"
#: outbox rows still on their way out keep their text
_IN_FLIGHT = ("pending", "sending")
BATCH = 500


@dataclass(frozen=True)
class Retention:
    """Days each kind of data is kept, per platform (``*``: every other platform)."""

    raw: Mapping[str, int | None] = field(default_factory=dict)
    posts: Mapping[str, int | None] = field(default_factory=dict)
    inbox: Mapping[str, int | None] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        return cls(
            raw=platform_days(settings.retention_raw),
            posts=platform_days(settings.retention_posts),
            inbox=platform_days(settings.retention_inbox),
        )

    def limits(self, kind: str) -> Mapping[str, int | None]:
        found: Mapping[str, int | None] = getattr(self, kind)
        return found

    def days(self, kind: str, platform: str) -> int | None:
        """The limit for ``kind`` on ``platform`` (``None``: kept forever)."""
        limits = self.limits(kind)
        return limits[platform] if platform in limits else limits.get(ANY_PLATFORM)

    @property
    def is_set(self) -> bool:
        return any(v is not None for k in KINDS for v in self.limits(k).values())

    def as_json(self) -> dict[str, dict[str, int | None]]:
        return {kind: dict(self.limits(kind)) for kind in KINDS}


@dataclass(frozen=True)
class EnforceReport:
    """What :func:`enforce` removed (or, dry, would remove): ``(platform, kind) -> n``.

    ``posts`` and ``raw`` count posts, ``inbox`` counts inbox items.
    """

    counts: Mapping[tuple[str, str], int]
    dry_run: bool
    compacted: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


# -- what is due, per kind -----------------------------------------------------------


def _json_filled(column: Any) -> ColumnElement[bool]:
    """A JSON column holding something (not SQL NULL, JSON null or ``{}``)."""
    return and_(column.is_not(None), cast(column, Text).not_in(["null", "{}"]))


def _posts_due(platform: str, cutoff: datetime) -> ColumnElement[bool]:
    return and_(posts.c.platform == platform, posts.c.created_at < cutoff)


def _raw_due(platform: str, cutoff: datetime) -> ColumnElement[bool]:
    return and_(_posts_due(platform, cutoff), posts.c.raw.is_not(None))


def _inbox_due(platform: str, cutoff: datetime) -> ColumnElement[bool]:
    item = dialogue_items.c
    sent_text = exists().where(
        outbox.c.item_id == item.id,
        outbox.c.status.not_in(_IN_FLIGHT),
        or_(outbox.c.text != PLACEHOLDER, _json_filled(outbox.c.dry_run)),
    )
    audit_text = exists().where(
        dialogue_audit.c.item_id == item.id, _json_filled(dialogue_audit.c.detail)
    )
    return and_(
        item.platform == platform,
        item.updated_at < cutoff,
        or_(item.draft.is_not(None), item.dismiss_reason.is_not(None), sent_text, audit_text),
    )


def _drop_posts(conn: Connection, ids: list[int], now: datetime) -> None:
    delete_posts(conn, ids, now)


def _drop_raw(conn: Connection, ids: list[int], now: datetime) -> None:
    conn.execute(update(posts).where(posts.c.id.in_(ids)).values(raw=null()))


def _blank_inbox(conn: Connection, ids: list[int], now: datetime) -> None:
    conn.execute(
        update(dialogue_items)
        .where(dialogue_items.c.id.in_(ids))
        .values(draft=null(), dismiss_reason=null())
    )
    conn.execute(
        update(outbox)
        .where(outbox.c.item_id.in_(ids), outbox.c.status.not_in(_IN_FLIGHT))
        .values(text=PLACEHOLDER, dry_run=null())
    )
    conn.execute(
        update(dialogue_audit).where(dialogue_audit.c.item_id.in_(ids)).values(detail=null())
    )


@dataclass(frozen=True)
class _Kind:
    table: Any
    due: Callable[[str, datetime], ColumnElement[bool]]
    apply: Callable[[Connection, list[int], datetime], None]


_KIND = {
    "posts": _Kind(posts, _posts_due, _drop_posts),
    "raw": _Kind(posts, _raw_due, _drop_raw),
    "inbox": _Kind(dialogue_items, _inbox_due, _blank_inbox),
}


# -- enforcing -------------------------------------------------------------------------


def _platforms(conn: Connection, table: Any) -> list[str]:
    return sorted(conn.execute(select(table.c.platform).distinct()).scalars())


def _plan(conn: Connection, retention: Retention, now: datetime) -> list[tuple[str, str, datetime]]:
    """``(kind, platform, cutoff)`` for every kind and stored platform with a limit."""
    plan = []
    for kind in KINDS:
        for platform in _platforms(conn, _KIND[kind].table):
            days = retention.days(kind, platform)
            if days is not None:
                plan.append((kind, platform, now - timedelta(days=days)))
    return plan


def _count(conn: Connection, kind: str, platform: str, cutoff: datetime, gone: Any) -> int:
    """How many rows ``kind`` would change, leaving out those of posts deleted before."""
    spec = _KIND[kind]
    where = spec.due(platform, cutoff)
    if gone is not None and kind == "raw":
        where = and_(where, ~_posts_due(platform, gone))
    elif gone is not None and kind == "inbox":
        doomed = select(posts.c.id).where(_posts_due(platform, gone))
        where = and_(where, dialogue_items.c.post_id.not_in(doomed))
    stmt = select(func.count()).select_from(spec.table).where(where)
    return int(conn.execute(stmt).scalar_one())


def enforce(
    engine: Engine,
    retention: Retention,
    actor: str,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    batch: int = BATCH,
) -> EnforceReport:
    """Remove what is older than ``retention`` allows (see the module docstring).

    ``dry_run`` only counts. Otherwise the store is compacted afterwards when anything
    was removed (as after an erasure), so removed data leaves no readable pages.
    """
    now = now or datetime.now(UTC)
    counts: dict[tuple[str, str], int] = {}
    with engine.connect() as conn:
        plan = _plan(conn, retention, now)
        if dry_run:
            deleted = {platform: cutoff for kind, platform, cutoff in plan if kind == "posts"}
            for kind, platform, cutoff in plan:
                gone = deleted.get(platform) if kind != "posts" else None
                counts[(platform, kind)] = _count(conn, kind, platform, cutoff, gone)
            return EnforceReport(counts, dry_run=True)
    log_id = _start_log(engine, retention, actor, now)
    for kind, platform, cutoff in plan:
        spec = _KIND[kind]
        key = spec.table.c.id
        counts[(platform, kind)] = 0
        while True:
            with engine.begin() as conn:
                stmt = select(key).where(spec.due(platform, cutoff)).order_by(key).limit(batch)
                ids = list(conn.execute(stmt).scalars())
                if not ids:
                    break
                spec.apply(conn, ids, now)
                counts[(platform, kind)] += len(ids)
                _update_log(conn, log_id, retention, counts, finished=False)
    with engine.begin() as conn:
        _update_log(conn, log_id, retention, counts, finished=True)
    removed = sum(n for (_, kind), n in counts.items() if kind != "inbox")
    return EnforceReport(counts, dry_run=False, compacted=compact(engine) if removed else False)


def _detail(
    retention: Retention, counts: Mapping[tuple[str, str], int], finished: bool
) -> dict[str, Any]:
    done: dict[str, dict[str, int]] = {}
    for (platform, kind), n in sorted(counts.items()):
        done.setdefault(kind, {})[platform] = n
    return {"limits_days": retention.as_json(), "done": done, "finished": finished}


def _start_log(engine: Engine, retention: Retention, actor: str, now: datetime) -> int:
    with engine.begin() as conn:
        row = conn.execute(
            privacy_log.insert()
            .values(
                at=now, actor=actor[:64], action="retention", detail=_detail(retention, {}, False)
            )
            .returning(privacy_log.c.id)
        ).scalar_one()
    return int(row)


def _update_log(
    conn: Connection,
    log_id: int,
    retention: Retention,
    counts: Mapping[tuple[str, str], int],
    finished: bool,
) -> None:
    conn.execute(
        update(privacy_log)
        .where(privacy_log.c.id == log_id)
        .values(detail=_detail(retention, counts, finished))
    )
