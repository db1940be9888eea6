"""Security headers, CSRF tokens and login throttling.

* :class:`SecurityHeaders` adds a strict Content-Security-Policy (scripts only from
  our own origin, no inline scripts, no framing) and the usual companions to every
  response, errors and static files included.
* CSRF uses the synchronizer-token pattern: each session cookie carries a random
  token; forms send it as ``csrf_token``, htmx and ``fetch`` as the
  ``X-CSRF-Token`` header. Cookie-authenticated POST/PUT/PATCH/DELETE requests
  without the right token are refused (see :mod:`resonanz.web.deps`).
* :class:`LoginThrottle` counts login attempts per account and address, per address
  and per account from unknown addresses, before the password is checked; past a free
  allowance every further failure locks the key for twice as long.
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

#: Style attributes are allowed because Plotly positions its SVG with them; scripts
#: are not: no inline script, no eval, only files served by us.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
)

#: sent over HTTPS when a TLS-terminating proxy is declared (``--behind-proxy``)
HSTS_HEADER = (b"strict-transport-security", b"max-age=31536000")


def _is_https(scope: Scope) -> bool:
    """HTTPS as the client sees it: the scheme, or the trusted proxy's X-Forwarded-Proto."""
    if scope.get("scheme") == "https":
        return True
    for key, value in scope.get("headers", []):
        if key == b"x-forwarded-proto":
            return bool(value.split(b",")[0].strip().lower() == b"https")
    return False


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response.

    Responses that are not static files also get ``Cache-Control: no-store`` so
    private data does not linger in shared caches or the browser's history. With
    ``hsts`` (the app runs behind a TLS-terminating proxy, ``--behind-proxy``)
    responses to HTTPS requests carry ``Strict-Transport-Security`` (one year), so a
    browser never tries the plain-HTTP address again.
    """

    def __init__(self, app: ASGIApp, static_prefix: str = "/static/", hsts: bool = False) -> None:
        self.app = app
        self.static_prefix = static_prefix
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(self.static_prefix)
        hsts = self.hsts and _is_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                headers.extend(SECURITY_HEADERS)
                if hsts:
                    headers = [(k, v) for k, v in headers if k.lower() != HSTS_HEADER[0]]
                    headers.append(HSTS_HEADER)
                if not static and not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; missing values never match."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode(), given.encode())


# --- login throttling -----------------------------------------------------------------


@dataclass
class ThrottleEntry:
    failures: int = 0
    locked_until: float = 0.0
    last_failure: float = 0.0


@dataclass(frozen=True)
class ThrottlePolicy:
    """``free`` failures are allowed; the next ones lock for ``base * 2**k`` seconds."""

    free: int
    base_seconds: float = 30.0
    max_seconds: float = 3600.0
    forget_after: float = 24 * 3600.0

    def lock_for(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.base_seconds * 2.0 ** (failures - self.free), self.max_seconds)


#: one account tried from one address
ACCOUNT_POLICY = ThrottlePolicy(free=5)
#: one address trying any accounts
ADDRESS_POLICY = ThrottlePolicy(free=20)
#: one account tried from addresses it never signed in from (a distributed guess)
ACCOUNT_WIDE_POLICY = ThrottlePolicy(free=50)


class ThrottleCounters(Protocol):
    """Where a throttle keeps its counters during one locked step."""

    def get(self, key: str) -> ThrottleEntry | None: ...

    def put(self, key: str, entry: ThrottleEntry) -> None: ...

    def drop(self, key: str) -> None: ...

    def known(self, account: str, address: str) -> bool: ...

    def remember(self, account: str, address: str) -> None: ...


class _MemoryCounters:
    """Counters in this process's memory, bounded to ``max_keys`` (oldest forgotten first)."""

    def __init__(self, max_keys: int) -> None:
        self.max_keys = max_keys
        self.entries: OrderedDict[str, ThrottleEntry] = OrderedDict()
        self.addresses: OrderedDict[tuple[str, str], None] = OrderedDict()

    def get(self, key: str) -> ThrottleEntry | None:
        return self.entries.get(key)

    def put(self, key: str, entry: ThrottleEntry) -> None:
        self.entries.pop(key, None)
        self.entries[key] = entry
        while len(self.entries) > self.max_keys:
            self.entries.popitem(last=False)

    def drop(self, key: str) -> None:
        self.entries.pop(key, None)

    def known(self, account: str, address: str) -> bool:
        return (account, address) in self.addresses

    def remember(self, account: str, address: str) -> None:
        self.addresses[(account, address)] = None
        while len(self.addresses) > self.max_keys:
            self.addresses.popitem(last=False)


class LoginThrottle:
    """Counters of login attempts (in this process; see :class:`StoredLoginThrottle`).

    Three keys count each attempt: ``pair:<account>|<address>`` (:data:`ACCOUNT_POLICY`),
    ``ip:<address>`` (:data:`ADDRESS_POLICY`) and ``account:<account>``
    (:data:`ACCOUNT_WIDE_POLICY`). The account-wide key does not apply from an
    address the account has signed in from before, so a stranger who fails on
    purpose can lock their own address and the account for unknown addresses, but
    not the owner at their usual address.

    :meth:`attempt` counts the attempt *before* the password is checked, under one
    lock: concurrent guesses cannot slip past the allowance while the slow password
    hash runs (150 parallel wrong passwords check exactly ``free`` of them). A
    correct password takes the count back (:meth:`succeeded`).

    ``clock`` is injectable so tests can move time. Memory is bounded: past
    ``max_keys`` the entries failed longest ago are forgotten first. These counters
    live in one server process; the web app uses :class:`StoredLoginThrottle`, which
    keeps them in the database so every worker process shares them.
    """

    def __init__(
        self,
        account: ThrottlePolicy = ACCOUNT_POLICY,
        address: ThrottlePolicy = ADDRESS_POLICY,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
        account_wide: ThrottlePolicy = ACCOUNT_WIDE_POLICY,
    ) -> None:
        self.policies = {"pair": account, "ip": address, "account": account_wide}
        self.clock = clock
        self.max_keys = max_keys
        self._memory = _MemoryCounters(max_keys)
        self._lock = threading.Lock()

    @contextmanager
    def _counters(self) -> Iterator[ThrottleCounters]:
        with self._lock:
            yield self._memory

    @staticmethod
    def _account(username: str) -> str:
        return username.strip().casefold()

    def _keys(
        self, counters: ThrottleCounters, username: str, address: str | None
    ) -> tuple[str, ...]:
        account = self._account(username)
        if not address:
            return (f"account:{account}",)
        found = [f"pair:{account}|{address}", f"ip:{address}"]
        if not counters.known(account, address):
            found.append(f"account:{account}")
        return tuple(found)

    def keys(self, username: str, address: str | None) -> tuple[str, ...]:
        """The counters one attempt of ``username`` from ``address`` touches."""
        with self._counters() as counters:
            return self._keys(counters, username, address)

    def _policy(self, key: str) -> ThrottlePolicy:
        return self.policies[key.split(":", 1)[0]]

    @staticmethod
    def _wait(counters: ThrottleCounters, keys: Iterable[str], now: float) -> float:
        wait = 0.0
        for key in keys:
            entry = counters.get(key)
            if entry is not None and entry.locked_until > now:
                wait = max(wait, entry.locked_until - now)
        return wait

    def retry_after(self, username: str, address: str | None) -> int:
        """Seconds until ``username`` may try again from ``address`` (0: now)."""
        now = self.clock()
        with self._counters() as counters:
            keys = self._keys(counters, username, address)
            return math.ceil(self._wait(counters, keys, now))

    def attempt(self, username: str, address: str | None) -> int:
        """Count one attempt and return 0, or return the seconds to wait (nothing counted)."""
        now = self.clock()
        with self._counters() as counters:
            keys = self._keys(counters, username, address)
            wait = self._wait(counters, keys, now)
            if wait:
                return math.ceil(wait)
            for key in keys:
                self._count(counters, key, now, +1)
        return 0

    def _count(self, counters: ThrottleCounters, key: str, now: float, step: int) -> None:
        policy = self._policy(key)
        entry = counters.get(key) or ThrottleEntry()
        if entry.failures and now - entry.last_failure > policy.forget_after:
            entry = ThrottleEntry()
        entry.failures = max(entry.failures + step, 0)
        if step > 0:
            entry.last_failure = now
        lock = policy.lock_for(entry.failures)
        if not lock:
            entry.locked_until = 0.0
        elif step > 0:
            entry.locked_until = now + lock
        if entry.failures:
            counters.put(key, entry)
        else:
            counters.drop(key)

    def succeeded(self, username: str, address: str | None) -> None:
        """A correct password: the account's counters are cleared, the address's attempt
        is taken back, and the address becomes one the account is known to use."""
        account = self._account(username)
        now = self.clock()
        with self._counters() as counters:
            for key in self._keys(counters, username, address):
                if key.startswith("ip:"):
                    self._count(counters, key, now, -1)
                else:
                    counters.drop(key)
            counters.drop(f"account:{account}")
            if address:
                counters.remember(account, address)

    def failures(self, key: str) -> int:
        with self._counters() as counters:
            entry = counters.get(key)
            return entry.failures if entry is not None else 0
