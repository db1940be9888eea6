"""Manual publishing for platforms without a reply API (X exports, feeds, forums).

The outbox keeps the final text and the link of the post; a person copies both,
posts by hand and confirms (``POST /api/v1/inbox/outbox/<id>/confirm``), optionally
with the URL of the posted reply. Nothing is sent, so nothing can be sent twice.
"""

from __future__ import annotations

from typing import Any

from resonanz.connectors.publish.base import ManualAction, Published, Target


class ManualPublisher:
    name = "manual"
    can_look_up = False

    def preview(self, target: Target, text: str, key: str) -> dict[str, Any]:
        return {"method": "manual", "copy_text": text, "open": target.url}

    def publish(self, target: Target, text: str, key: str) -> Published:
        raise ManualAction(f"post this by hand under {target.url or target.native_id}")

    def find_existing(self, target: Target, text: str, key: str) -> Published | None:
        return None

    def close(self) -> None:
        return None
