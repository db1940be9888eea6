"""Mastodon: reply with ``POST /api/v1/statuses`` (``in_reply_to_id``), bearer token.

* Target ids are stored as ``host:id``; the local id after the last colon is used.
* Idempotency: the request carries ``Idempotency-Key`` (Mastodon drops a repeat
  with the same key for an hour), and the look-up for retries reads
  ``GET /api/v1/statuses/<id>/context``: a descendant by our account that replies
  to the target with the same text.
* Rate limits: 429 with ``X-RateLimit-Reset`` (an ISO timestamp) or ``Retry-After``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from resonanz.connectors.publish.base import PublishClient, Published, Target, comparable
from resonanz.errors import AuthError, ConnectorError


def local_id(native_id: str) -> str:
    return native_id.rpartition(":")[2]


class MastodonPublisher(PublishClient):
    service = "Mastodon API"
    name = "mastodon"
    credential_fields = ("mastodon_token", "mastodon_instance")
    can_look_up = True

    def __init__(self, token: str | None, account: str, instance_url: str, **options: Any) -> None:
        if not token:
            raise AuthError(
                "no Mastodon access token for publishing",
                hint="set mastodon_token (RESONANZ_MASTODON_TOKEN); scope write:statuses",
            )
        url = instance_url.rstrip("/")
        super().__init__(
            url, headers={"Authorization": f"Bearer {token}"}, secrets=[token], **options
        )
        self.host = urlsplit(url).hostname or url
        self.account = account.strip().lstrip("@").casefold()

    def preview(self, target: Target, text: str, key: str) -> dict[str, Any]:
        return {
            "method": "POST",
            "path": "/api/v1/statuses",
            "headers": {"Idempotency-Key": key},
            "json": {
                "status": text,
                "in_reply_to_id": local_id(target.native_id),
                "visibility": "public",
            },
        }

    def publish(self, target: Target, text: str, key: str) -> Published:
        body = {
            "status": text,
            "in_reply_to_id": local_id(target.native_id),
            "visibility": "public",
        }
        data = self.post_once("api/v1/statuses", json_body=body, headers={"Idempotency-Key": key})
        return self._published(data, target)

    def _published(self, data: dict[str, Any], target: Target) -> Published:
        created = data.get("created_at")
        when = (
            datetime.fromisoformat(str(created).replace("Z", "+00:00"))
            if created
            else datetime.now(UTC)
        )
        return Published(
            f"{self.host}:{data['id']}",
            data.get("url"),
            when,
            target.native_id,
            target.thread_id or target.native_id,
        )

    def _ours(self, account: Any) -> bool:
        if not isinstance(account, dict):
            return False
        names = {
            str(account.get("id") or ""),
            str(account.get("acct") or ""),
            str(account.get("username") or ""),
        }
        return self.account in {n.casefold() for n in names if n}

    def find_existing(self, target: Target, text: str, key: str) -> Published | None:
        wanted = comparable(text)
        parent = local_id(target.native_id)
        context = self.get(f"api/v1/statuses/{quote(parent, safe='')}/context").data
        for status in context.get("descendants") or ():
            if (
                str(status.get("in_reply_to_id")) == parent
                and self._ours(status.get("account"))
                and comparable(str(status.get("content") or "")) == wanted
            ):
                return self._published(status, target)
        return None

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        if response.status_code in (401, 403):
            return AuthError(
                f"Mastodon refused {where} ({response.status_code})",
                hint="renew the access token (write:statuses) of the brand's account",
            )
        return super().classify(response, where, attempts)
