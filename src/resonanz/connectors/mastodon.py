"""Live Mastodon API client and the live-import entry point.

Signatures the CLI uses::

    client = MastodonClient(instance_url, token=None, transport=None,
                            timeout=20.0, retries=3, max_pages=10)
    live_posts(client, *, hashtag=None, account=None, status=None,
               with_context=False, max_pages=None) -> Iterator[ImportItem]

``resonanz import mastodon --instance URL --hashtag TAG`` maps to
``live_posts(MastodonClient(URL), hashtag=TAG)``; ``--account ACCT`` (``user`` or
``user@host``, or a numeric account id) to ``account=ACCT``. ``status=ID`` imports one
conversation (the status and its context). With ``with_context=True`` the context
of every status that has replies is fetched too (one request each).

Pages are turned into posts by :func:`resonanz.importers.mastodon.posts_from_document`
with the instance's host, the same code that reads saved files. Pagination follows the
``Link: <…>; rel="next"`` header, only on the same instance (the token never goes
elsewhere). The optional token is sent as ``Authorization: Bearer`` and is scrubbed
from every message.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from resonanz.connectors.http import ApiClient, ApiError, Params
from resonanz.errors import AuthError, ConnectorError, UsageError
from resonanz.importers.base import ImportItem
from resonanz.importers.jsondoc import to_int
from resonanz.importers.mastodon import host_of, posts_from_document
from resonanz.importers.textio import parse_time


class MastodonClient(ApiClient):
    """A small Mastodon REST client yielding raw pages (lists of Status)."""

    service = "Mastodon API"

    def __init__(
        self,
        instance_url: str,
        token: str | None = None,
        transport: httpx.BaseTransport | None = None,
        *,
        max_pages: int = 10,
        **options: Any,
    ) -> None:
        url = instance_url.strip().rstrip("/")
        if "://" not in url:
            url = "https://" + url
        host = host_of(url)
        if not host:
            raise UsageError(
                f"not an instance address: {instance_url!r}",
                hint="e.g. --instance https://mastodon.social",
            )
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        super().__init__(
            url, transport=transport, headers=headers, secrets=[token or ""], **options
        )
        self.host = host
        self.max_pages = max_pages

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        body = self.error_body(response)
        message = body.get("error") if isinstance(body, dict) else None
        detail = f": {str(message)[:200]}" if isinstance(message, str) and message else ""
        status = response.status_code
        if status in (401, 403):
            return AuthError(
                f"Mastodon API refused {where} ({status}){detail}",
                hint="this instance needs an access token for that; set one in the settings",
            )
        if status == 404:
            return ApiError(
                f"Mastodon API: {where} not found{detail}",
                hint="check the hashtag, account or status id",
                status=404,
                reason="not_found",
            )
        return super().classify(response, where, attempts)

    def retry_after(self, response: httpx.Response) -> float | None:
        """``Retry-After``, else the ``X-RateLimit-Reset`` time Mastodon sends."""
        wait = super().retry_after(response)
        return wait if wait is not None else _until_reset(response.headers)

    def _pace(self, headers: httpx.Headers) -> None:
        """Wait for the rate-limit window to reset when the budget is used up."""
        if headers.get("X-RateLimit-Remaining", "").strip() != "0":
            return
        wait = _until_reset(headers)
        if wait is not None and wait <= self.max_retry_after:
            self._sleep(wait)

    # -- paging ------------------------------------------------------------------------
    def pages(
        self, path: str, params: Params | None = None, max_pages: int | None = None
    ) -> Iterator[list[Any]]:
        """Every page (a list of statuses) of ``path``, following ``rel="next"``."""
        limit = self.max_pages if max_pages is None else max_pages
        target: str | None = path
        query: Params | None = params
        count = 0
        seen: set[str] = set()
        while target and (limit <= 0 or count < limit):
            answer = self.get(target, query)
            if not isinstance(answer.data, list):
                raise ApiError(f"Mastodon API: GET {path} did not return a list")
            count += 1
            yield answer.data
            if not answer.data:
                return
            target = answer.links.get("next")
            if target:
                self._pace(answer.headers)
            query = None  # the next link carries its own query (max_id=…)
            if target in seen:
                return
            if target:
                seen.add(target)

    # -- resources ---------------------------------------------------------------------
    def hashtag_timeline(
        self, tag: str, *, local: bool = False, max_pages: int | None = None
    ) -> Iterator[list[Any]]:
        """``/api/v1/timelines/tag/:hashtag`` pages, newest first."""
        name = tag.strip().lstrip("#")
        if not name:
            raise UsageError("empty hashtag", hint="e.g. --hashtag maybelline")
        params = {"limit": 40, "local": "true" if local else None}
        return self.pages(f"/api/v1/timelines/tag/{quote(name, safe='')}", params, max_pages)

    def lookup_account(self, acct: str) -> dict[str, Any]:
        """The Account entity for ``user`` or ``user@host`` (``/api/v1/accounts/lookup``)."""
        answer = self.get("/api/v1/accounts/lookup", {"acct": acct.strip().lstrip("@")})
        if not isinstance(answer.data, dict) or "id" not in answer.data:
            raise ApiError(f"Mastodon API: account {acct!r} lookup returned no account")
        return answer.data

    def account_statuses(
        self, account: str, *, max_pages: int | None = None, exclude_reblogs: bool = False
    ) -> Iterator[list[Any]]:
        """``/api/v1/accounts/:id/statuses`` pages; ``account`` is an id or an acct."""
        account_id = account if account.isdigit() else str(self.lookup_account(account)["id"])
        params = {"limit": 40, "exclude_reblogs": "true" if exclude_reblogs else None}
        return self.pages(
            f"/api/v1/accounts/{quote(account_id, safe='')}/statuses", params, max_pages
        )

    def status(self, status_id: str) -> dict[str, Any]:
        """One Status entity."""
        data = self.get(f"/api/v1/statuses/{quote(status_id, safe='')}").data
        if not isinstance(data, dict):
            raise ApiError(f"Mastodon API: status {status_id} is not an object")
        return data

    def context(self, status_id: str) -> dict[str, Any]:
        """``{"ancestors": [...], "descendants": [...]}`` of a status."""
        data = self.get(f"/api/v1/statuses/{quote(status_id, safe='')}/context").data
        if not isinstance(data, dict):
            raise ApiError(f"Mastodon API: context of {status_id} is not an object")
        return data


def _until_reset(headers: httpx.Headers, now: datetime | None = None) -> float | None:
    """Seconds until ``X-RateLimit-Reset`` (an ISO 8601 time), if the header is usable."""
    value = headers.get("X-RateLimit-Reset")
    if not value:
        return None
    try:
        reset = parse_time(value)
    except ValueError:
        return None
    return max(0.0, (reset - (now or datetime.now(UTC))).total_seconds())


def page_posts(client: MastodonClient, page: Any, source: str) -> Iterator[ImportItem]:
    """Posts of one live page, through the importer's mapping, ids on ``client.host``."""
    yield from posts_from_document(page, source, 1, instance=client.host)


def _conversation(client: MastodonClient, status_id: str, source: str) -> Iterator[ImportItem]:
    focal = client.status(status_id)
    context = client.context(status_id)
    ancestors = context.get("ancestors")
    descendants = context.get("descendants")
    ancestors = ancestors if isinstance(ancestors, list) else []
    descendants = descendants if isinstance(descendants, list) else []
    # one document in conversation order, so every status gets the conversation root
    document = {"ancestors": [*ancestors, focal], "descendants": descendants}
    yield from page_posts(client, document, source)


def live_posts(
    client: MastodonClient,
    *,
    hashtag: str | None = None,
    account: str | None = None,
    status: str | None = None,
    with_context: bool = False,
    max_pages: int | None = None,
) -> Iterator[ImportItem]:
    """Posts from a live instance; exactly one of ``hashtag``, ``account``, ``status``."""
    chosen = [v for v in (hashtag, account, status) if v]
    if len(chosen) != 1:
        raise UsageError(
            "give exactly one of --hashtag or --account",
            hint="e.g. resonanz import mastodon --instance https://mastodon.social --hashtag cats",
        )
    if status:
        yield from _conversation(client, status, f"{client.host}:status={status}")
        return
    if hashtag:
        pages = client.hashtag_timeline(hashtag, max_pages=max_pages)
        source = f"{client.host}:#{hashtag.lstrip('#')}"
    else:
        assert account is not None
        pages = client.account_statuses(account, max_pages=max_pages)
        source = f"{client.host}:@{account.lstrip('@')}"
    for page in pages:
        yield from page_posts(client, page, source)
        if not with_context:
            continue
        for entry in page:
            target = (entry.get("reblog") or entry) if isinstance(entry, dict) else None
            if isinstance(target, dict) and (to_int(target.get("replies_count")) or 0) > 0:
                sid = str(target.get("id") or "")
                if sid:
                    yield from page_posts(client, client.context(sid), source)
