"""Security headers, CSRF tokens and login throttling.

* :class:`SecurityHeaders` adds a strict Content-Security-Policy (scripts only from
  our own origin, no inline scripts, no framing) and the usual companions to every
  response, errors and static files included.
* CSRF uses the synchronizer-token pattern: each session cookie carries a random
  token; forms send it as ``csrf_token``, htmx and ``fetch`` as the
  ``X-CSRF-Token`` header. Cookie-authenticated POST/PUT/PATCH/DELETE requests
  without the right token are refused (see :mod:`resonanz.web.deps`).
* :class:`LoginThrottle` counts failed logins per account and per client address;
  past a free allowance every further failure locks the key for twice as long.
"""

from __future__ import annotations

import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response.

    Responses that are not static files also get ``Cache-Control: no-store`` so
    private data does not linger in shared caches or the browser's history.
    """

    def __init__(self, app: ASGIApp, static_prefix: str = "/static/") -> None:
        self.app = app
        self.static_prefix = static_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = str(scope.get("path", "")).startswith(self.static_prefix)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in {name for name, _ in SECURITY_HEADERS}
                ]
                headers.extend(SECURITY_HEADERS)
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
class _Entry:
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


ACCOUNT_POLICY = ThrottlePolicy(free=5)
ADDRESS_POLICY = ThrottlePolicy(free=20)


class LoginThrottle:
    """In-process counters of failed logins, keyed ``account:<name>`` and ``ip:<addr>``.

    ``clock`` is injectable so tests can move time. Memory is bounded: past
    ``max_keys`` the entries failed longest ago are forgotten first. Counters live
    in one server process; run the server as one process (uvicorn's default).
    """

    def __init__(
        self,
        account: ThrottlePolicy = ACCOUNT_POLICY,
        address: ThrottlePolicy = ADDRESS_POLICY,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        self.policies = {"account": account, "ip": address}
        self.clock = clock
        self.max_keys = max_keys
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def keys(username: str, address: str | None) -> tuple[str, ...]:
        found = [f"account:{username.strip().casefold()}"]
        if address:
            found.append(f"ip:{address}")
        return tuple(found)

    def _policy(self, key: str) -> ThrottlePolicy:
        return self.policies[key.split(":", 1)[0]]

    def retry_after(self, keys: Iterable[str]) -> int:
        """Seconds until a login for these keys may be tried again (0: now)."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                entry = self._entries.get(key)
                if entry is not None and entry.locked_until > now:
                    wait = max(wait, entry.locked_until - now)
        return math.ceil(wait)

    def failed(self, keys: Iterable[str]) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                policy = self._policy(key)
                entry = self._entries.pop(key, None) or _Entry()
                if entry.failures and now - entry.last_failure > policy.forget_after:
                    entry = _Entry()
                entry.failures += 1
                entry.last_failure = now
                lock = policy.lock_for(entry.failures)
                if lock:
                    entry.locked_until = now + lock
                self._entries[key] = entry
            while len(self._entries) > self.max_keys:
                self._entries.popitem(last=False)

    def succeeded(self, username: str) -> None:
        """A correct login clears the account's counter (not the address's)."""
        with self._lock:
            self._entries.pop(self.keys(username, None)[0], None)

    def failures(self, key: str) -> int:
        with self._lock:
            entry = self._entries.get(key)
            return entry.failures if entry is not None else 0
