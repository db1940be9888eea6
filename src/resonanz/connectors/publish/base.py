"""What a publishing adapter is, and the rate-limit reading they share.

An adapter posts one reply into the right thread and, for the outbox's
idempotency, can look for a reply it may already have made: after an ambiguous
failure (a timeout after the platform accepted, a crash before the answer was
stored) the outbox first asks :meth:`Publisher.find_existing` and only sends again
when the platform shows no reply by our account with the same text in that thread.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self

import httpx

from resonanz.connectors.http import ApiClient, ApiError, ConnectorTimeout, parse_retry_after
from resonanz.errors import ManualAction as ManualAction
from resonanz.errors import NotDelivered as NotDelivered

if TYPE_CHECKING:
    from resonanz.connectors.publish import Credentials


@dataclass(frozen=True, slots=True)
class Target:
    """Where a reply goes: the post answered, as stored."""

    platform: str
    native_id: str
    kind: str
    parent_id: str | None = None
    thread_id: str | None = None
    url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "native_id": self.native_id,
            "kind": self.kind,
            "parent_id": self.parent_id,
            "thread_id": self.thread_id,
            "url": self.url,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Target:
        return cls(
            str(data["platform"]),
            str(data["native_id"]),
            str(data.get("kind") or "comment"),
            data.get("parent_id"),
            data.get("thread_id"),
            data.get("url"),
        )


@dataclass(frozen=True, slots=True)
class Published:
    """The platform's record of our reply."""

    remote_id: str  # the id as the importers store it (``native_id``)
    url: str | None
    created_at: datetime
    parent_id: str | None  # ``parent_id`` as the importers would store it
    thread_id: str | None


class Publisher(Protocol):
    """One platform's way of replying."""

    name: str
    #: whether :meth:`find_existing` can see earlier replies (idempotent retries)
    can_look_up: bool

    def preview(self, target: Target, text: str, key: str) -> dict[str, Any]:
        """The request that would be sent (for dry runs); no credentials in it."""
        ...

    def publish(self, target: Target, text: str, key: str) -> Published:
        """Send the reply; raise a ConnectorError subclass on failure."""
        ...

    def find_existing(self, target: Target, text: str, key: str) -> Published | None:
        """Our earlier reply with this text in this thread, if the platform shows one."""
        ...

    def close(self) -> None: ...


_TAG = re.compile(r"<br\s*/?>|</p>\s*<p>", re.IGNORECASE)
_ANY_TAG = re.compile(r"<[^>]+>")


def comparable(text: str) -> str:
    """Text reduced for "is this the reply we sent" checks: no markup, collapsed spaces."""
    text = _TAG.sub("\n", text)
    text = html.unescape(_ANY_TAG.sub("", text))
    return " ".join(text.split()).casefold()


def rate_limit_wait(headers: httpx.Headers, now: datetime | None = None) -> float | None:
    """Seconds to wait according to ``Retry-After`` or an exhausted ``X-RateLimit-*``.

    ``X-RateLimit-Reset`` may be a timestamp (Mastodon: ISO 8601), epoch seconds,
    or seconds from now (Reddit's ``X-Ratelimit-Reset``); it only counts when
    ``X-RateLimit-Remaining`` is 0 (or absent on a 429).
    """
    wait = parse_retry_after(headers.get("Retry-After"), now)
    if wait is not None:
        return wait
    remaining = headers.get("X-RateLimit-Remaining")
    reset = headers.get("X-RateLimit-Reset")
    if reset is None or (remaining is not None and _number(remaining) not in (0.0, None)):
        return None
    now = now or datetime.now(UTC)
    value = _number(reset)
    if value is not None:
        if value > 1e9:  # epoch seconds
            return max(0.0, value - now.timestamp())
        return max(0.0, value)
    try:
        when = datetime.fromisoformat(reset.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _number(value: str) -> float | None:
    try:
        return float(value.strip())
    except ValueError:
        return None


class PublishClient(ApiClient):
    """An :class:`ApiClient` that sends each write exactly once and reports what happened.

    Retrying is the outbox's job (it checks for an earlier reply first), so the
    client itself never repeats a write. Rate-limit waits come from
    :func:`rate_limit_wait` (``Retry-After`` and ``X-RateLimit-*``).
    """

    #: the :class:`Credentials` fields with this platform's token and API address
    credential_fields: ClassVar[tuple[str, str]]

    @classmethod
    def from_credentials(
        cls, account: str, credentials: Credentials, transport: httpx.BaseTransport | None = None
    ) -> Self | None:
        """The ``resonanz.publishers`` entry point (:class:`resonanz.hookspecs.PublisherFactory`):
        the adapter replying as ``account``, or None without an API address to reply to."""
        token_field, address_field = cls.credential_fields
        address = getattr(credentials, address_field)
        if not address:
            return None
        token = getattr(credentials, token_field)
        return cls(token, account, address, transport=transport, timeout=credentials.timeout)  # type: ignore[call-arg]

    def __init__(self, base_url: str, **options: Any) -> None:
        options.setdefault("retries", 0)
        options.setdefault("max_retry_after", 0.0)
        super().__init__(base_url, **options)

    def retry_after(self, response: httpx.Response) -> float | None:
        return rate_limit_wait(response.headers)

    def post_once(
        self,
        path: str,
        *,
        json_body: dict[str, Any] | None = None,
        form: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """POST once; the decoded JSON answer, or a ConnectorError describing the failure."""
        url = self.base_url + "/" + path.lstrip("/")
        where = f"POST {self._where(url)}"
        try:
            if form is not None:
                response = self._http.post(url, data=form, headers=headers)
            else:
                response = self._http.post(url, json=json_body, headers=headers)
        except httpx.ConnectError:
            raise self._fail(
                NotDelivered(
                    f"{self.service}: could not connect for {where}",
                    hint="check the network and the server address",
                )
            ) from None
        except httpx.TimeoutException:
            raise self._fail(
                ConnectorTimeout(
                    f"{self.service}: {where} timed out; the reply may or may not be posted",
                    hint="the outbox checks the thread before sending again",
                )
            ) from None
        except httpx.TransportError as exc:
            raise self._fail(
                ApiError(f"{self.service}: {where} failed: {type(exc).__name__}")
            ) from None
        if response.status_code >= 300:
            raise self._fail(self.classify(response, where, 1))
        return self._json(response, where)
