"""YouTube: reply with ``comments.insert`` (``snippet.parentId``), OAuth bearer token.

* Target: a top-level comment (``kind="comment"``) is the parent itself; a reply
  (``kind="reply"``) is answered under its top-level comment (YouTube threads
  have one level). Videos cannot be answered with ``comments.insert``.
* Look-up for idempotent retries: ``comments.list?parentId=...`` (up to 5 pages
  of 100), our reply = ``authorChannelId`` equal to the sending channel and the
  same text. YouTube has no idempotency header.
* Rate limits: 403 ``quotaExceeded``/``rateLimitExceeded`` and 429 with
  ``Retry-After`` become :class:`RateLimitedError`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from resonanz.connectors.http import ApiError, RateLimitedError
from resonanz.connectors.publish.base import PublishClient, Published, Target, comparable
from resonanz.errors import AuthError, ConnectorError

DEFAULT_URL = "https://www.googleapis.com/youtube/v3"
LOOKUP_PAGES = 5


class YouTubePublisher(PublishClient):
    service = "YouTube API"
    name = "youtube"
    credential_fields = ("youtube_token", "youtube_url")
    can_look_up = True

    def __init__(
        self, token: str | None, account: str, base_url: str = DEFAULT_URL, **options: Any
    ) -> None:
        if not token:
            raise AuthError(
                "no YouTube OAuth token for publishing",
                hint="set youtube_oauth_token (RESONANZ_YOUTUBE_OAUTH_TOKEN); scope youtube.force-ssl",
            )
        super().__init__(
            base_url, headers={"Authorization": f"Bearer {token}"}, secrets=[token], **options
        )
        self.account = account

    @staticmethod
    def parent_of(target: Target) -> str:
        if target.kind == "reply" and target.parent_id:
            return target.parent_id
        if target.kind == "comment":
            return target.native_id
        raise ApiError(
            f"YouTube: cannot reply to a {target.kind!r} with comments.insert",
            hint="answer a comment, or use the manual adapter",
        )

    def preview(self, target: Target, text: str, key: str) -> dict[str, Any]:
        return {
            "method": "POST",
            "path": "/comments?part=snippet",
            "json": {"snippet": {"parentId": self.parent_of(target), "textOriginal": text}},
        }

    def publish(self, target: Target, text: str, key: str) -> Published:
        body = {"snippet": {"parentId": self.parent_of(target), "textOriginal": text}}
        data = self.post_once("comments?part=snippet", json_body=body)
        return self._published(data, target)

    def _published(self, data: Any, target: Target) -> Published:
        snippet = data.get("snippet") or {}
        published = snippet.get("publishedAt")
        when = (
            datetime.fromisoformat(str(published).replace("Z", "+00:00"))
            if published
            else datetime.now(UTC)
        )
        video = target.thread_id or snippet.get("videoId")
        comment_id = str(data["id"])
        url = f"https://www.youtube.com/watch?v={video}&lc={comment_id}" if video else None
        return Published(
            comment_id, url, when, snippet.get("parentId") or self.parent_of(target), video
        )

    def find_existing(self, target: Target, text: str, key: str) -> Published | None:
        wanted = comparable(text)
        token: str | None = None
        for _ in range(LOOKUP_PAGES):
            page = self.get(
                "comments",
                {
                    "part": "snippet",
                    "parentId": self.parent_of(target),
                    "maxResults": 100,
                    "textFormat": "plainText",
                    "pageToken": token,
                },
            ).data
            for item in page.get("items") or ():
                snippet = item.get("snippet") or {}
                author = (snippet.get("authorChannelId") or {}).get("value")
                body = snippet.get("textOriginal") or snippet.get("textDisplay") or ""
                if author == self.account and comparable(body) == wanted:
                    return self._published(item, target)
            token = page.get("nextPageToken")
            if not token:
                return None
        return None

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        body = self.error_body(response)
        reasons = []
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and isinstance(error.get("errors"), list):
            for err in error["errors"]:
                if isinstance(err, dict):
                    reasons.append(str(err.get("reason") or ""))
        if response.status_code == 403 and {"quotaExceeded", "rateLimitExceeded"} & set(reasons):
            return RateLimitedError(
                f"YouTube quota exhausted on {where}",
                hint="the outbox tries again later",
                retry_after=self.retry_after(response),
            )
        if response.status_code in (401, 403):
            return AuthError(
                f"YouTube refused {where} ({response.status_code}"
                f"{': ' + reasons[0] if reasons and reasons[0] else ''})",
                hint="renew the OAuth token; it needs the youtube.force-ssl scope "
                "and must belong to the brand's channel",
            )
        return super().classify(response, where, attempts)
