"""Tombstones of erased records: a re-import of the same export does not bring them back.

An erased post leaves only ``blake2b(platform + "\\x1f" + native_id)`` behind (see
:mod:`resonanz.privacy.erase`). The importer's upsert asks :func:`erased_among` for
the keys it is about to insert and drops those; the check costs one indexed query
per batch, and nothing when no key of the batch is new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from datetime import datetime

from sqlalchemy import Connection, bindparam, select

from resonanz.store.schema import erased_posts

_CHUNK = 500


def key_hash(platform: str, native_id: str) -> str:
    """The tombstone of ``(platform, native_id)``: 32 hex digits, not reversible."""
    data = f"{platform}\x1f{native_id}".encode()
    return hashlib.blake2b(data, digest_size=16, person=b"resonanz-erased").hexdigest()


def add_tombstones(conn: Connection, keys: Iterable[tuple[str, str]], at: datetime) -> int:
    """Remember ``keys`` as erased (idempotent); returns how many were new."""
    hashes = sorted({key_hash(p, n) for p, n in keys})
    known = _known(conn, hashes)
    fresh = [{"key_hash": h, "erased_at": at} for h in hashes if h not in known]
    if fresh:
        conn.execute(erased_posts.insert(), fresh)
    return len(fresh)


def erased_among(conn: Connection, keys: Collection[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of ``keys`` that were erased before."""
    if not keys or not _has_table(conn):
        return set()
    by_hash = {key_hash(p, n): (p, n) for p, n in keys}
    return {by_hash[h] for h in _known(conn, list(by_hash))}


def has_tombstones(conn: Connection) -> bool:
    """Whether any post was ever erased (else imports need not look keys up)."""
    return (
        _has_table(conn)
        and conn.execute(select(erased_posts.c.key_hash).limit(1)).first() is not None
    )


def _has_table(conn: Connection) -> bool:
    """False only on a database not migrated to 0008 yet (the upgrade tests write those)."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erased_posts'"
        ).first()
    else:
        found = conn.exec_driver_sql("SELECT to_regclass('erased_posts')").scalar()
    return found is not None


def _known(conn: Connection, hashes: list[str]) -> set[str]:
    stmt = select(erased_posts.c.key_hash).where(
        erased_posts.c.key_hash.in_(bindparam("hashes", expanding=True))
    )
    found: set[str] = set()
    for start in range(0, len(hashes), _CHUNK):
        part = hashes[start : start + _CHUNK]
        found.update(conn.execute(stmt, {"hashes": part}).scalars())
    return found
