"""The login throttle with its counters in the database, shared by every server process.

:class:`~resonanz.web.security.LoginThrottle` decides; the counters live in the
workspace database (``login_throttle``, ``login_addresses``; see
:mod:`resonanz.store.throttle`). Each step (count an attempt, take one back) is one
transaction that first takes a lock every process sees, so concurrent attempts from
any number of processes are counted one after the other and none slips past the
allowance. Rows older than the longest ``forget_after`` are deleted as it goes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine

from resonanz.service.users import ThrottleRows, throttle_step
from resonanz.web.security import (
    ACCOUNT_POLICY,
    ACCOUNT_WIDE_POLICY,
    ADDRESS_POLICY,
    LoginThrottle,
    ThrottleCounters,
    ThrottleEntry,
    ThrottlePolicy,
)


class _StoredCounters:
    """The stored rows as :class:`ThrottleCounters`."""

    def __init__(self, rows: ThrottleRows) -> None:
        self.rows = rows

    def get(self, key: str) -> ThrottleEntry | None:
        found = self.rows.get(key)
        return None if found is None else ThrottleEntry(*found)

    def put(self, key: str, entry: ThrottleEntry) -> None:
        self.rows.put(key, entry.failures, entry.locked_until, entry.last_failure)

    def drop(self, key: str) -> None:
        self.rows.drop(key)

    def known(self, account: str, address: str) -> bool:
        return self.rows.known(account, address)

    def remember(self, account: str, address: str) -> None:
        self.rows.remember(account, address)


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
        with self._local, throttle_step(self.engine, now, self._forget) as rows:
            yield _StoredCounters(rows)
