"""The login throttle with its counters in the database, shared by every server process.

:class:`~resonanz.web.security.LoginThrottle` decides; this module only keeps its
counters in ``login_throttle`` and the addresses accounts signed in from in
``login_addresses``. Each step (count an attempt, take one back) is one
transaction that first writes a fixed ``~lock`` row: on SQLite that takes the
database's write lock, on PostgreSQL the row lock, so concurrent attempts from
any number of processes are counted one after the other and none slips past the
allowance. Rows older than the longest ``forget_after`` are deleted as it goes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from resonanz.store.schema import login_addresses, login_throttle
from resonanz.web.security import (
    ACCOUNT_POLICY,
    ACCOUNT_WIDE_POLICY,
    ADDRESS_POLICY,
    LoginThrottle,
    ThrottleCounters,
    ThrottleEntry,
    ThrottlePolicy,
)

LOCK_KEY = "~lock"


def _insert(conn: Connection, table: Any) -> Any:
    return (pg_insert if conn.dialect.name == "postgresql" else sqlite_insert)(table)


class _StoredCounters:
    def __init__(self, conn: Connection, now: float) -> None:
        self.conn = conn
        self.now = now

    def get(self, key: str) -> ThrottleEntry | None:
        row = self.conn.execute(
            select(
                login_throttle.c.failures,
                login_throttle.c.locked_until,
                login_throttle.c.last_failure,
            ).where(login_throttle.c.key == key)
        ).first()
        return None if row is None else ThrottleEntry(row[0], row[1], row[2])

    def put(self, key: str, entry: ThrottleEntry) -> None:
        values = {
            "failures": entry.failures,
            "locked_until": entry.locked_until,
            "last_failure": entry.last_failure,
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


class StoredLoginThrottle(LoginThrottle):
    """:class:`LoginThrottle` whose counters live in the workspace database."""

    def __init__(
        self,
        engine: Engine,
        account: ThrottlePolicy = ACCOUNT_POLICY,
        address: ThrottlePolicy = ADDRESS_POLICY,
        clock: Callable[[], float] = time.time,
        account_wide: ThrottlePolicy = ACCOUNT_WIDE_POLICY,
    ) -> None:
        super().__init__(account, address, clock=clock, account_wide=account_wide)
        self.engine = engine
        self._local = threading.Lock()  # one step at a time within the process, too
        self._forget = max(p.forget_after for p in self.policies.values())

    @contextmanager
    def _counters(self) -> Iterator[ThrottleCounters]:
        now = self.clock()
        with self._local, self.engine.begin() as conn:
            lock = _insert(conn, login_throttle).values(
                key=LOCK_KEY, failures=0, locked_until=0.0, last_failure=now
            )
            conn.execute(  # the first write of the step: takes the lock every process sees
                lock.on_conflict_do_update(index_elements=["key"], set_={"last_failure": now})
            )
            conn.execute(
                delete(login_throttle).where(
                    login_throttle.c.key != LOCK_KEY,
                    login_throttle.c.last_failure < now - self._forget,
                    login_throttle.c.locked_until < now,
                )
            )
            yield _StoredCounters(conn, now)
