"""A workspace whose curated posts and creator name images on a server on 127.0.0.1:
good ones, a too-large one, an SVG, a 404, a slow answer, a redirect off the list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from resonanz.models import Author, Post
from resonanz.service import Workspace, hub
from resonanz.service.hub_thumbnails import ThumbnailReport
from resonanz.store.creators import insert_account, insert_creator
from resonanz.store.schema import posts
from tests.hub.pictures import PNG, SVG, jpeg
from tests.hub.seed import T0
from tests.support.httpserver import ReplayServer

JPEG = jpeg(colour=(30, 120, 200))
AVATAR = jpeg(24, 24, (250, 200, 40))
SINA = Author(id="UCsina", handle="@sina", display_name="Sina")


def _video(native: str, title: str, thumbs: dict[str, str], day: int) -> Post:
    raw = {
        "kind": "youtube#video",
        "id": native,
        "snippet": {
            "title": title,
            "thumbnails": {size: {"url": url, "width": 320} for size, url in thumbs.items()},
        },
    }
    return Post(
        platform="youtube",
        native_id=native,
        kind="video",
        created_at=T0 + timedelta(days=day),
        text=title,
        title=title,
        author=SINA,
        url=f"https://www.youtube.com/watch?v={native}",
        raw=orjson.dumps(raw),
    )


@dataclass
class World:
    workspace: Workspace
    server: ReplayServer
    ids: dict[str, int]

    def fetch(self) -> ThumbnailReport:
        return hub.fetch_thumbnails(self.workspace, hosts="127.0.0.1", max_bytes=4096, timeout=0.5)


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    with ReplayServer() as server:
        base = server.url
        server.add("GET", "/a.jpg", 200, JPEG, content_type="image/jpeg")
        server.add("GET", "/b.png", 200, PNG, content_type="image/png")
        server.add("GET", "/avatar.jpg", 200, AVATAR, content_type="image/jpeg")
        server.add("GET", "/huge.jpg", 200, b"\xff\xd8\xff" + bytes(5000))
        server.add("GET", "/vector.svg", 200, SVG, content_type="image/svg+xml")
        server.add("GET", "/slow.jpg", 200, JPEG, hold=True, times=1)
        server.add("GET", "/away.jpg", 302, b"", headers={"Location": "https://evil.example/x"})
        videos = (
            _video("sinavideo01", "Look mit Bild", {"medium": f"{base}/a.jpg"}, 1),
            _video(
                "sinavideo02",
                "Zu groß, dann PNG",
                {"medium": f"{base}/huge.jpg", "default": f"{base}/b.png"},
                2,
            ),
            _video(
                "sinavideo03",
                "Nichts geht",
                {
                    "medium": f"{base}/vector.svg",
                    "high": f"{base}/gone.jpg",
                    "default": "https://evil.example/x.jpg",
                },
                3,
            ),
            _video(
                "sinavideo04",
                "Langsam",
                {"medium": f"{base}/slow.jpg", "high": f"{base}/away.jpg"},
                4,
            ),
        )
        workspace = Workspace(db_url)
        workspace.init()
        workspace.import_items(videos, source="thumbs", fmt="test")
        with workspace.engine.begin() as conn:
            sina = insert_creator(conn, slug="sina", name="Sina Schön", now=datetime.now(UTC))
            insert_account(
                conn,
                creator_id=sina,
                platform="youtube",
                native_id="UCsina",
                handle="@sina",
                thumbnail_url=f"{base}/avatar.jpg",
            )
            ids = {
                str(n): int(i)
                for i, n in conn.execute(
                    posts.select().with_only_columns(posts.c.id, posts.c.native_id)
                )
            }
        hub.add_collection(workspace, "bilder", "Bilder", "anna")
        hub.add_creator(workspace, "sina", "anna")
        for native in sorted(ids):
            hub.add_item(workspace, "bilder", ids[native], "anna")
        try:
            yield World(workspace, server, ids)
        finally:
            workspace.close()
