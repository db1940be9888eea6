"""Erasure of one author's data at their request (GDPR Art. 17).

:func:`erase_author` removes, in one transaction:

* the author's posts with their raw payloads, and every row that hangs off them
  through a foreign key (analyses, brand mentions, aspects, inbox items with their
  drafts, audit trail and outbox entries, and whatever a later table links to
  ``posts.id``): the rows to delete are found by walking the schema's foreign keys,
  so a new table cannot be forgotten;
* their contribution to the rollup tables, subtracted exactly as re-analysis does;
* quarantined records that name the author;
* the author's accounts in the creator directory (``creator_accounts``, matched by the
  platform id of their posts or by handle), and a creator left without accounts;
* the handle wherever other rows still carry it: ``@handle`` in replies, mentions,
  raw payloads of the same threads, drafts: it is replaced by :data:`REDACTED`.

Each erased record leaves a tombstone (:mod:`resonanz.store.erased`), so importing
the same export again does not bring it back, and ``privacy_log`` gets an entry
with counts but no personal data. Afterwards :func:`compact` rewrites the
database file so that deleted pages do not linger (SQLite ``VACUUM`` after
merging the full-text index; PostgreSQL ``VACUUM``).
"""

from __future__ import annotations

import dataclasses
import logging
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Engine,
    String,
    Table,
    Text,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.exc import OperationalError

from resonanz.errors import InvalidValue
from resonanz.store import people_rollups
from resonanz.store.creators import delete_accounts_of_author
from resonanz.store.erased import add_tombstones
from resonanz.store.raw import compress_raw, decompress_raw
from resonanz.store.rollups import Contributions, apply_change, contributions
from resonanz.store.schema import metadata, posts, privacy_log

log = logging.getLogger(__name__)
#: keyed by author and commenter: their rows of the erased author are subtracted to zero
#: with the posts (``delete_posts``); a composite key cannot be redacted row by row

#: what a removed handle is replaced with in other people's posts
REDACTED = "[gelöscht]"
#: handles shorter than this are only removed where they follow an "@"
MIN_BARE_HANDLE = 4
_CHUNK = 500


@dataclass(frozen=True)
class Subject:
    """An author on one platform, named by handle or platform id."""

    platform: str
    handle: str

    @classmethod
    def parse(cls, text: str) -> Subject:
        """``PLATFORM:HANDLE`` (``youtube:@anna``, ``mastodon:anna@example.social``)."""
        platform, sep, handle = text.strip().partition(":")
        handle = handle.strip().removeprefix("@") if handle.strip() != "@" else ""
        if not sep or not platform.strip() or not handle:
            raise InvalidValue(
                f"not an author: {text[:80]!r}",
                hint="write PLATFORM:HANDLE, e.g. youtube:@anna or reddit:anna_b",
            )
        return cls(platform.strip().lower(), handle)


@dataclass(frozen=True)
class ErasureReport:
    """What an erasure removed or changed (counts only)."""

    posts: int
    dependent_rows: int
    quarantined: int
    redacted_rows: int
    tombstones: int
    #: whether the database file was rewritten afterwards (see :func:`compact`)
    compacted: bool = False
    #: accounts removed from the creator directory
    creator_accounts: int = 0


def author_post_ids(conn: Connection, subject: Subject) -> list[int]:
    """Ids of the posts ``subject`` wrote (handle compared without case, or the platform id)."""
    stmt = select(posts.c.id).where(
        posts.c.platform == subject.platform,
        or_(
            func.lower(posts.c.author_handle) == subject.handle.lower(),
            func.lower(posts.c.author_handle) == "@" + subject.handle.lower(),
            posts.c.author_id == subject.handle,
        ),
    )
    return sorted(conn.execute(stmt).scalars())


def child_links(table: Table) -> list[tuple[Table, Column[Any], Column[Any]]]:
    """Every ``(child table, referencing column, referenced column)`` pointing at ``table``."""
    links = []
    for child in metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                links.append((child, fk.parent, fk.column))
    return links


def _delete_tree(conn: Connection, table: Table, key: Column[Any], values: Sequence[Any]) -> int:
    """Delete the rows of ``table`` whose ``key`` is in ``values``, children first."""
    removed = 0
    for start in range(0, len(values), _CHUNK):
        part = list(values[start : start + _CHUNK])
        for child, column, referenced in child_links(table):
            if referenced is key:
                parents = part
            else:
                parents = list(conn.execute(select(referenced).where(key.in_(part))).scalars())
            if not parents:
                continue
            child_key = next(iter(child.primary_key.columns), None)
            if child_key is not None and child_links(child):
                ids = list(conn.execute(select(child_key).where(column.in_(parents))).scalars())
                removed += _delete_tree(conn, child, child_key, ids)
            else:
                removed += conn.execute(delete(child).where(column.in_(parents))).rowcount
        removed += conn.execute(delete(table).where(key.in_(part))).rowcount
    return removed


class _Redactor:
    """Replaces a handle (and ``@handle``) in text, JSON values and raw payloads."""

    def __init__(self, handle: str) -> None:
        # The handle as a whole word only: "anna" must not eat into "anna.b", "b.anna"
        # or "anna-b" (other people's handles), but "Danke anna." still matches.
        edge_before = r"(?<![\w@])(?<!\w[.-])"
        edge_after = r"(?![\w]|[.-]\w)"
        at = rf"@{re.escape(handle)}{edge_after}"
        bare = rf"{edge_before}{re.escape(handle)}{edge_after}"
        pattern = f"{at}|{bare}" if len(handle) >= MIN_BARE_HANDLE else at
        self.handle = handle
        self._re = re.compile(pattern, re.IGNORECASE)
        self._bytes = re.compile(pattern.encode(), re.IGNORECASE)

    def text(self, value: str) -> str:
        return self._re.sub(lambda m: ("@" if m.group().startswith("@") else "") + REDACTED, value)

    def json(self, value: Any) -> Any:
        return orjson.loads(self.text(orjson.dumps(value).decode()))

    def blob(self, value: bytes) -> bytes:
        replacement = REDACTED.encode()
        return self._bytes.sub(
            lambda m: (b"@" if m.group()[:1] == b"@" else b"") + replacement, value
        )


def _text_columns(table: Table) -> list[Column[Any]]:
    return [c for c in table.columns if isinstance(c.type, String | Text | JSON)]


def _redact_everywhere(conn: Connection, redactor: _Redactor) -> int:
    """Replace the handle in every text and JSON column of every table; rows changed."""
    changed = 0
    needle = f"%{_like_escape(redactor.handle.lower())}%"
    for table in metadata.sorted_tables:
        columns = _text_columns(table)
        keys = list(table.primary_key.columns)
        if not columns or not keys or table is privacy_log or table.name.startswith("rollup_"):
            continue  # rollups hold counts under their keys, kept exact by delete_posts
        matches = or_(*(func.lower(_as_text(c)).like(needle, escape="\\") for c in columns))
        rows = conn.execute(select(*keys, *columns).where(matches)).all()
        for row in rows:
            # every key column identifies the row: a composite key must not update its siblings
            key_values = row[: len(keys)]
            values: dict[str, Any] = {}
            for column, value in zip(columns, row[len(keys) :], strict=True):
                if value is None:
                    continue
                new = (
                    redactor.json(value) if isinstance(column.type, JSON) else redactor.text(value)
                )
                if new != value:
                    values[column.name] = new
            if table is posts:
                values.update(_redacted_raw(conn, key_values[0], redactor))
            if values:
                where = [k == v for k, v in zip(keys, key_values, strict=True)]
                conn.execute(update(table).where(*where).values(**values))
                changed += 1
    return changed


def _redacted_raw(conn: Connection, post_id: int, redactor: _Redactor) -> dict[str, Any]:
    blob = conn.execute(select(posts.c.raw).where(posts.c.id == post_id)).scalar_one_or_none()
    if not blob:
        return {}
    raw = decompress_raw(blob)
    new = redactor.blob(raw)
    return {"raw": compress_raw(new)} if new != raw else {}


def _redact_thread_raws(
    conn: Connection, thread_keys: Iterable[tuple[str, str]], r: _Redactor
) -> int:
    """Raw payloads of the erased posts' threads may name the author (parent author fields)."""
    changed = 0
    for platform, thread in sorted(set(thread_keys)):
        ids = conn.execute(
            select(posts.c.id).where(posts.c.platform == platform, posts.c.thread_id == thread)
        ).scalars()
        for post_id in list(ids):
            values = _redacted_raw(conn, post_id, r)
            if values:
                conn.execute(update(posts).where(posts.c.id == post_id).values(**values))
                changed += 1
    return changed


def _as_text(column: Column[Any]) -> Any:
    from sqlalchemy import cast

    return cast(column, Text) if isinstance(column.type, JSON) else column


def _like_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _threads(conn: Connection, ids: Sequence[int]) -> list[tuple[str, str]]:
    """``(platform, thread_id)`` of the posts ``ids``."""
    threads: list[tuple[str, str]] = []
    for start in range(0, len(ids), _CHUNK):
        part = list(ids[start : start + _CHUNK])
        stmt = select(posts.c.platform, posts.c.thread_id).where(
            posts.c.id.in_(part), posts.c.thread_id.is_not(None)
        )
        threads.extend((platform, thread) for platform, thread in conn.execute(stmt))
    return threads


def delete_posts(conn: Connection, ids: Sequence[int], now: datetime) -> tuple[int, int]:
    """Delete the posts ``ids`` for good, within the caller's transaction.

    Their rollup contributions are subtracted exactly, every row linked to them is
    deleted (found through the schema's foreign keys) and each leaves a tombstone so a
    re-import does not bring it back. Returns ``(rows deleted, tombstones added)``,
    the posts included in the rows. Used by erasure and by retention
    (:mod:`resonanz.privacy.retention`).
    """
    keys: list[tuple[str, str]] = []
    for start in range(0, len(ids), _CHUNK):
        part = list(ids[start : start + _CHUNK])
        stmt = select(posts.c.platform, posts.c.native_id).where(posts.c.id.in_(part))
        keys.extend((platform, native_id) for platform, native_id in conn.execute(stmt))
    with people_rollups.track(conn, keys):
        apply_change(conn, contributions(conn, list(ids)), Contributions())
        removed = _delete_tree(conn, posts, posts.c.id, ids)
    return removed, add_tombstones(conn, keys, now)


def erase_author(
    engine: Engine, subject: Subject, actor: str, now: datetime | None = None
) -> ErasureReport:
    """Erase everything stored about ``subject`` (see the module docstring)."""
    now = now or datetime.now(UTC)
    redactor = _Redactor(subject.handle)
    with engine.begin() as conn:
        ids = author_post_ids(conn, subject)
        threads = _threads(conn, ids)
        accounts = delete_accounts_of_author(
            conn, subject.platform, [subject.handle, *_author_ids(conn, ids)], [subject.handle]
        )
        removed, tombstones = delete_posts(conn, ids, now)
        quarantined = _erase_quarantine(conn, redactor)
        redacted = _redact_everywhere(conn, redactor) + _redact_thread_raws(conn, threads, redactor)
        report = ErasureReport(
            posts=len(ids),
            dependent_rows=removed - len(ids),
            quarantined=quarantined,
            redacted_rows=redacted,
            tombstones=tombstones,
            creator_accounts=accounts,
        )
        conn.execute(
            privacy_log.insert().values(
                at=now,
                actor=actor[:64],
                action="erase",
                detail={"platform": subject.platform, **report.__dict__},
            )
        )
    if report.posts or report.quarantined or report.redacted_rows or report.creator_accounts:
        report = dataclasses.replace(report, compacted=compact(engine))
    return report


def _author_ids(conn: Connection, ids: Sequence[int]) -> set[str]:
    """The platform ids the posts ``ids`` were written under."""
    found: set[str] = set()
    for start in range(0, len(ids), _CHUNK):
        part = list(ids[start : start + _CHUNK])
        stmt = select(posts.c.author_id).where(posts.c.id.in_(part), posts.c.author_id.is_not(None))
        found.update(conn.execute(stmt).scalars())
    return found


def _erase_quarantine(conn: Connection, redactor: _Redactor) -> int:
    from resonanz.store.schema import quarantine

    needle = f"%{_like_escape(redactor.handle.lower())}%"
    hit = func.lower(quarantine.c.raw_text).like(needle, escape="\\")
    return int(conn.execute(delete(quarantine).where(hit)).rowcount)


def compact(engine: Engine) -> bool:
    """Rewrite the database so deleted rows leave no readable pages behind.

    The erasure is committed before; should another connection keep the database busy
    past the busy timeout, the rewrite is skipped (and reported, never raised): the
    deleted rows are gone for every query, only their old pages wait for the next
    ``resonanz privacy erase`` or ``VACUUM``.
    """
    try:
        _compact(engine)
    except (OperationalError, sqlite3.OperationalError) as exc:
        log.warning("erasure committed, but the database could not be compacted: %s", exc)
        return False
    return True


def _compact(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            has_fts = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE name = 'posts_fts'"
            ).first()
            if has_fts:  # merge the index segments, dropping the deleted entries
                conn.exec_driver_sql("INSERT INTO posts_fts(posts_fts) VALUES ('optimize')")
            conn.commit()
        raw = engine.raw_connection()
        try:
            raw.execute("VACUUM")
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    elif engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM")
