"""The HTTP base every live connector builds on.

:class:`ApiClient` wraps one :class:`httpx.Client` and adds what platform APIs need:

* an injectable ``transport`` and ``base_url`` so tests talk to a local server;
* timeouts, and retries with exponential backoff on 5xx answers and network errors
  for reads (a POST, e.g. a published reply, is never silently sent twice); the
  ``sleep`` function is injectable too, so tests never wait;
* translation of failures into the project's exception tree: :class:`AuthError`
  for rejected credentials, :class:`QuotaExceededError` (:class:`RateLimitedError`)
  for exhausted quotas and HTTP 429, :class:`ApiError` for everything else;
* secrets (API keys, tokens) registered with the client are scrubbed from every
  message it produces, and request URLs never appear in messages (only the path).

Subclasses override :meth:`ApiClient.classify` to map platform-specific error bodies.
"""

from __future__ import annotations

import email.utils
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

import httpx
import orjson

from resonanz.errors import ApiError as ApiError
from resonanz.errors import AuthError, ConnectorError
from resonanz.errors import ConnectorTimeout as ConnectorTimeout
from resonanz.errors import RateLimitedError as RateLimitedError

#: Statuses worth another try: the server said "not now", not "no".
RETRY_STATUSES = frozenset({500, 502, 503, 504})
USER_AGENT = "resonanz/0.1 (+https://github.com/resonanz; social listening, self-hosted)"

Params = Mapping[str, str | int | None]


@dataclass(frozen=True, slots=True)
class ApiResponse:
    """A successful JSON answer plus what pagination needs from the headers."""

    data: Any
    headers: httpx.Headers
    links: dict[str, str]  # rel -> absolute URL, from the ``Link`` header


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, delta)


_TAG = re.compile(r"<[^>]*>")


def plain(text: str, limit: int = 300) -> str:
    """Make a server-supplied message safe to show: no markup, one line, bounded."""
    text = " ".join(_TAG.sub("", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ApiClient:
    """Base class of the live connectors; see the module docstring."""

    #: Shown in messages, e.g. "YouTube API".
    service = "API"

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 20.0,
        retries: int = 3,
        backoff: float = 1.0,
        max_retry_after: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        headers: Mapping[str, str] | None = None,
        secrets: Iterable[str] = (),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retries = max(0, retries)
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self._sleep = sleep
        self._secrets = tuple(s for s in secrets if s)
        #: HTTP requests sent so far (every attempt counts; watch runs record it)
        self.requests = 0
        all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        all_headers.update(headers or {})
        self._http = httpx.Client(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers=all_headers,
            follow_redirects=False,
        )

    # -- lifecycle -------------------------------------------------------------------
    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers ---------------------------------------------------------------------
    def redact(self, text: str) -> str:
        """Replace every registered secret in ``text`` with ``***``."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _fail(self, exc: ConnectorError) -> ConnectorError:
        exc.message = self.redact(exc.message)
        if exc.hint:
            exc.hint = self.redact(exc.hint)
        exc.args = (exc.message,)
        return exc

    def _where(self, url: str) -> str:
        """The path of ``url`` (never its query, which may carry credentials)."""
        path = httpx.URL(url).path
        base_path = httpx.URL(self.base_url).path.rstrip("/")
        if base_path and path.startswith(base_path):
            path = path[len(base_path) :] or "/"
        return path

    def same_origin(self, url: str) -> bool:
        """Whether ``url`` points at the same scheme, host and port as ``base_url``."""
        a, b = httpx.URL(url), httpx.URL(self.base_url)
        return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)

    # -- the one request path --------------------------------------------------------
    def get(self, path_or_url: str, params: Params | None = None) -> ApiResponse:
        """GET a JSON resource, retrying transient failures; raise on errors.

        ``path_or_url`` is relative to ``base_url`` or an absolute URL on the same
        origin (pagination links); other origins are refused so credentials never
        travel to a host the user did not name.
        """
        return self.request("GET", path_or_url, params)

    def post(
        self, path_or_url: str, body: Mapping[str, Any], params: Params | None = None
    ) -> ApiResponse:
        """POST a JSON body (e.g. publishing a reply).

        Not idempotent, so it is retried only when the request surely did not reach
        the server (connection refused) or the server said so (429 with a short
        ``Retry-After``); a timeout or 5xx is reported, never silently repeated.
        """
        return self.request("POST", path_or_url, params, body)

    def request(
        self,
        method: str,
        path_or_url: str,
        params: Params | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> ApiResponse:
        """Send one request with the retry and error rules described above."""
        if path_or_url.startswith(("http://", "https://")):
            if not self.same_origin(path_or_url):
                raise self._fail(
                    ApiError(
                        f"{self.service}: refusing to follow a link to another host",
                        hint="the server sent a link outside the configured server",
                    )
                )
            url = path_or_url
        else:
            url = self.base_url + "/" + path_or_url.lstrip("/")
        query = {k: v for k, v in (params or {}).items() if v is not None}
        where = f"{method} {self._where(url)}"
        content = orjson.dumps(body) if body is not None else None
        headers = {"Content-Type": "application/json"} if content is not None else None
        idempotent = method in ("GET", "HEAD", "PUT", "DELETE")
        attempt = 0
        while True:
            attempt += 1
            retry = attempt <= self.retries
            self.requests += 1
            try:
                response = self._http.request(
                    method, url, params=query or None, content=content, headers=headers
                )
            except httpx.TimeoutException:
                if retry and idempotent:
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise self._fail(
                    ConnectorTimeout(
                        f"{self.service}: {where} timed out {attempt} time(s)",
                        hint="the server is slow or unreachable; try again later "
                        "or raise the timeout",
                    )
                ) from None
            except httpx.TransportError as exc:
                if retry and (idempotent or isinstance(exc, httpx.ConnectError)):
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                raise self._fail(
                    ApiError(
                        f"{self.service}: {where} failed: {type(exc).__name__}",
                        hint="check the network connection and the server address",
                    )
                ) from None
            status = response.status_code
            if status in RETRY_STATUSES and retry and idempotent:
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            if status == 429:
                wait = self.retry_after(response)
                if wait is not None and wait <= self.max_retry_after and retry:
                    self._sleep(wait)
                    continue
            if 300 <= status < 400:
                raise self._fail(self._redirected(response, where))
            if status >= 400:
                raise self._fail(self.classify(response, where, attempt))
            return ApiResponse(self._json(response, where), response.headers, _links(response))

    def _redirected(self, response: httpx.Response, where: str) -> ApiError:
        """Redirects are not followed (credentials stay put); say where to point instead."""
        location = response.headers.get("Location", "")
        target = httpx.URL(location) if location else None
        origin = f"{target.scheme}://{target.host}" if target and target.host else "elsewhere"
        return ApiError(
            f"{self.service}: {where} redirects ({response.status_code}) to {origin}",
            hint="configure the final address (e.g. https://) as the server URL",
            status=response.status_code,
        )

    def _json(self, response: httpx.Response, where: str) -> Any:
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            raise self._fail(
                ApiError(
                    f"{self.service}: {where} returned something that is not JSON",
                    hint="check the base URL; a proxy or login page may be in the way",
                    status=response.status_code,
                )
            ) from None

    def retry_after(self, response: httpx.Response) -> float | None:
        """Seconds the server asked us to wait (``Retry-After``); subclasses add more."""
        return parse_retry_after(response.headers.get("Retry-After"))

    def error_body(self, response: httpx.Response) -> Any:
        """The decoded error body, or ``None`` when it is not JSON."""
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError:
            return None

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        """Turn an error answer into an exception; subclasses refine this."""
        status = response.status_code
        if status == 401:
            return AuthError(
                f"{self.service}: {where} was refused (401 unauthorized)",
                hint="check the credentials in the settings",
            )
        if status == 429:
            wait = self.retry_after(response)
            after = f"; retry after {wait:.0f} s" if wait is not None else ""
            return RateLimitedError(
                f"{self.service}: rate limit reached on {where} (429){after}",
                hint="wait and run the import again; it resumes without duplicates",
                retry_after=wait,
            )
        if status in RETRY_STATUSES:
            return ApiError(
                f"{self.service}: {where} failed with {status} after {attempts} attempt(s)",
                hint="the platform has a problem; try again later",
                status=status,
            )
        return ApiError(
            f"{self.service}: {where} failed with HTTP {status}",
            hint="check the request options (ids, names)",
            status=status,
        )


def _links(response: httpx.Response) -> dict[str, str]:
    out: dict[str, str] = {}
    for rel, link in response.links.items():
        url = link.get("url")
        if rel and url:
            out[str(rel)] = str(url)
    return out
