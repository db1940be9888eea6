"""Reddit: reply with ``POST /api/comment`` (``thing_id``, ``text``), OAuth bearer token.

* Target: ``t1_<id>`` for a comment, ``t3_<id>`` for a submission (the importers
  store bare ids).
* Look-up for idempotent retries: ``GET /user/<account>/comments?sort=new`` (100
  newest), our reply = same ``parent_id`` and the same text. Reddit has no
  idempotency header.
* Rate limits: 429 and ``X-Ratelimit-Remaining: 0`` with ``X-Ratelimit-Reset``
  (seconds until the window resets).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from resonanz.connectors.http import ApiError
from resonanz.connectors.publish.base import PublishClient, Published, Target, comparable
from resonanz.errors import AuthError, ConnectorError

DEFAULT_URL = "https://oauth.reddit.com"


def thing_id(target: Target) -> str:
    prefix = "t3_" if target.kind == "submission" else "t1_"
    return (
        target.native_id
        if target.native_id.startswith(("t1_", "t3_"))
        else (prefix + target.native_id)
    )


def _bare(name: str | None) -> str | None:
    if name and len(name) > 3 and name[2] == "_" and name[0] == "t":
        return name[3:]
    return name


class RedditPublisher(PublishClient):
    service = "Reddit API"
    name = "reddit"
    credential_fields = ("reddit_token", "reddit_url")
    can_look_up = True

    def __init__(
        self, token: str | None, account: str, base_url: str = DEFAULT_URL, **options: Any
    ) -> None:
        if not token:
            raise AuthError(
                "no Reddit OAuth token for publishing",
                hint="set reddit_oauth_token (RESONANZ_REDDIT_OAUTH_TOKEN); scope submit",
            )
        super().__init__(
            base_url, headers={"Authorization": f"Bearer {token}"}, secrets=[token], **options
        )
        self.account = account.strip().lstrip("@").removeprefix("u/")

    def preview(self, target: Target, text: str, key: str) -> dict[str, Any]:
        return {
            "method": "POST",
            "path": "/api/comment",
            "form": {"api_type": "json", "thing_id": thing_id(target), "text": text},
        }

    def publish(self, target: Target, text: str, key: str) -> Published:
        form = {"api_type": "json", "thing_id": thing_id(target), "text": text}
        data = self.post_once("api/comment", form=form)
        payload = data.get("json") or {}
        errors = payload.get("errors") or []
        if errors:
            # a refusal in a 200 answer (RATELIMIT, THREAD_LOCKED): nothing was created
            raise ApiError(f"Reddit refused the comment: {str(errors[0])[:200]}", status=422)
        things = (payload.get("data") or {}).get("things") or []
        if not things:
            raise ApiError("Reddit answered without the created comment", status=200)
        return self._published(things[0].get("data") or {}, target)

    def _published(self, data: dict[str, Any], target: Target) -> Published:
        created = data.get("created_utc")
        when = datetime.fromtimestamp(float(created), UTC) if created else datetime.now(UTC)
        permalink = data.get("permalink")
        url = f"https://www.reddit.com{permalink}" if permalink else None
        return Published(
            str(data.get("id") or _bare(data.get("name"))),
            url,
            when,
            _bare(data.get("parent_id")) or target.native_id,
            _bare(data.get("link_id")) or target.thread_id,
        )

    def find_existing(self, target: Target, text: str, key: str) -> Published | None:
        wanted = comparable(text)
        parent = thing_id(target)
        page = self.get(
            f"user/{quote(self.account, safe='')}/comments", {"sort": "new", "limit": 100}
        ).data
        for child in (page.get("data") or {}).get("children") or ():
            data = child.get("data") or {}
            if (
                data.get("parent_id") == parent
                and comparable(str(data.get("body") or "")) == wanted
            ):
                return self._published(data, target)
        return None

    def classify(self, response: httpx.Response, where: str, attempts: int) -> ConnectorError:
        if response.status_code in (401, 403):
            return AuthError(
                f"Reddit refused {where} ({response.status_code})",
                hint="renew the OAuth token (submit scope) of the brand's account",
            )
        return super().classify(response, where, attempts)
