"""Everything stored about one author, as JSON (GDPR Art. 15, right of access).

The export holds the author's posts (every column, the raw payload decoded as the
platform delivered it) and, for each table that links to them through a foreign key
(found by walking the schema, as :mod:`resonanz.privacy.erase` does), the linked
rows: analyses, brand mentions, aspects, inbox items with drafts, audit entries and
outbox entries. Quarantined records that name the author are listed too. The export
is logged in ``privacy_log`` with counts only.
"""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from typing import Any

import orjson
from sqlalchemy import Column, Connection, Engine, Table, func, select

from resonanz.privacy.erase import Subject, author_post_ids, child_links
from resonanz.store.raw import decompress_raw
from resonanz.store.schema import posts, privacy_log, quarantine

_CHUNK = 500
FORMAT = "resonanz-subject-access/1"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def _row(table: Table, row: Any) -> dict[str, Any]:
    out = {}
    for column, value in zip(table.columns, row, strict=True):
        if table is posts and column.name == "raw":
            raw = decompress_raw(value)
            try:
                out["raw"] = orjson.loads(raw) if raw else None
            except orjson.JSONDecodeError:
                out["raw"] = raw.decode("utf-8", "replace")
            continue
        out[str(column.name)] = _plain(value)
    return out


def _collect(
    conn: Connection, table: Table, key: Column[Any], values: list[Any], into: dict[str, list[Any]]
) -> None:
    for start in range(0, len(values), _CHUNK):
        part = values[start : start + _CHUNK]
        rows = conn.execute(select(table).where(key.in_(part))).all()
        into.setdefault(str(table.name), []).extend(_row(table, r) for r in rows)
        for child, column, referenced in child_links(table):
            parents = [r._mapping[referenced.name] for r in rows]
            if parents:
                _collect(conn, child, column, parents, into)


def export_author(
    engine: Engine, subject: Subject, actor: str, now: datetime | None = None
) -> dict[str, Any]:
    """A JSON-ready document of everything stored about ``subject``."""
    now = now or datetime.now(UTC)
    tables: dict[str, list[Any]] = {}
    with engine.begin() as conn:
        ids = author_post_ids(conn, subject)
        if ids:
            _collect(conn, posts, posts.c.id, ids, tables)
        needle = "%" + subject.handle.lower().replace("%", "\\%").replace("_", "\\_") + "%"
        named = conn.execute(
            select(quarantine).where(func.lower(quarantine.c.raw_text).like(needle, escape="\\"))
        ).all()
        if named:
            tables["quarantine"] = [_row(quarantine, r) for r in named]
        counts = {name: len(rows) for name, rows in sorted(tables.items())}
        conn.execute(
            privacy_log.insert().values(
                at=now,
                actor=actor[:64],
                action="export",
                detail={"platform": subject.platform, "rows": counts},
            )
        )
    return {
        "format": FORMAT,
        "subject": {"platform": subject.platform, "handle": subject.handle},
        "created_at": now.isoformat(),
        "counts": counts,
        "tables": tables,
    }
