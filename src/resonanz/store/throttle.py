"""The login throttle's rows: failure counters in ``login_throttle`` and the addresses
accounts signed in from in ``login_addresses``.

The throttling rules are the web's (:mod:`resonanz.web.security`); this module only
stores. Each step (count an attempt, take one back) is one :func:`locked_step`: a
transaction that first writes a fixed ``~lock`` row, which takes the database's
write lock on SQLite and the row lock on PostgreSQL, so concurrent attempts from any
number of processes are counted one after the other. Rows older than ``forget``
seconds (and not locked any more) are deleted as it goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from resonanz.store.schema import login_addresses, login_throttle

LOCK_KEY = "~lock"
#: a counter as stored: ``(failures, locked_until, last_failure)``
Counter = tuple[int, float, float]


def _insert(conn: Connection, table: Any) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


class ThrottleRows:
    """The throttle's rows within one locked step (``now`` is the step's time)."""

    def __init__(self, conn: Connection, now: float) -> None:
        self.conn = conn
        self.now = now

    def get(self, key: str) -> Counter | None:
        row = self.conn.execute(
            select(
                login_throttle.c.failures,
                login_throttle.c.locked_until,
                login_throttle.c.last_failure,
            ).where(login_throttle.c.key == key)
        ).first()
        return None if row is None else (row[0], row[1], row[2])

    def put(self, key: str, failures: int, locked_until: float, last_failure: float) -> None:
        values = {
            "failures": failures,
            "locked_until": locked_until,
            "last_failure": last_failure,
        }
        stmt = _insert(self.conn, login_throttle).values(key=key, **values)
        self.conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_=values))

    def drop(self, key: str) -> None:
        self.conn.execute(delete(login_throttle).where(login_throttle.c.key == key))

    def known(self, account: str, address: str) -> bool:
        row = self.conn.execute(
            select(login_addresses.c.seen_at).where(
                login_addresses.c.account == account, login_addresses.c.address == address
            )
        ).first()
        return row is not None

    def remember(self, account: str, address: str) -> None:
        stmt = _insert(self.conn, login_addresses).values(
            account=account[:255], address=address[:64], seen_at=self.now
        )
        self.conn.execute(
            stmt.on_conflict_do_update(
                index_elements=["account", "address"], set_={"seen_at": self.now}
            )
        )


@contextmanager
def locked_step(engine: Engine, now: float, forget: float) -> Iterator[ThrottleRows]:
    """One transaction holding the throttle's lock; forgets counters idle ``forget`` seconds."""
    with engine.begin() as conn:
        lock = _insert(conn, login_throttle).values(
            key=LOCK_KEY, failures=0, locked_until=0.0, last_failure=now
        )
        conn.execute(  # the first write of the step: takes the lock every process sees
            lock.on_conflict_do_update(index_elements=["key"], set_={"last_failure": now})
        )
        conn.execute(
            delete(login_throttle).where(
                login_throttle.c.key != LOCK_KEY,
                login_throttle.c.last_failure < now - forget,
                login_throttle.c.locked_until < now,
            )
        )
        yield ThrottleRows(conn, now)
