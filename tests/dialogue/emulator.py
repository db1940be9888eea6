"""A stateful emulator of the YouTube, Reddit and Mastodon reply endpoints on 127.0.0.1.

Unlike :class:`tests.support.httpserver.ReplayServer` (canned answers) it keeps the
comments it accepted, so a test can check what the platform really holds:

* ``POST /youtube/v3/comments``, ``GET /youtube/v3/comments?parentId=``
* ``POST /reddit/api/comment`` (form), ``GET /reddit/user/<name>/comments``
* ``POST /mastodon/api/v1/statuses`` (honours ``Idempotency-Key`` like Mastodon),
  ``GET /mastodon/api/v1/statuses/<id>/context``

Faults are queued per platform with :meth:`Emulator.fail_next` (status, headers,
body; the post is *not* stored) or :meth:`Emulator.accept_then_stall` (the post is
stored, then the answer waits until the test releases it, i.e. after the client has
given up, so the outcome does not depend on machine load). Only the token
``good-token`` is accepted (401 otherwise).
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

TOKEN = "good-token"
ACCOUNTS = {"youtube": "UCmarke", "reddit": "marke_official", "mastodon": "marke"}


@dataclass
class Fault:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    stall: Stall | None = None  # accept, store, then answer only once released


@dataclass
class Stall:
    """An accepted post whose answer is held back: ``accepted`` is set once the post is
    stored, and the answer goes out after :meth:`release` (the test calls it once the
    client has given up)."""

    accepted: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


@dataclass
class Comment:
    platform: str
    id: str
    parent: str
    author: str
    text: str
    created: str


class Emulator:
    def __init__(self) -> None:
        self.comments: list[Comment] = []
        self.faults: dict[str, list[Fault]] = {"youtube": [], "reddit": [], "mastodon": []}
        self.get_faults: dict[str, list[Fault]] = {"youtube": [], "reddit": [], "mastodon": []}
        self.requests: list[tuple[str, str]] = []
        self.idempotency: dict[str, Comment] = {}
        self.stalls: list[Stall] = []
        self._lock = threading.Lock()

    # -- test controls ---------------------------------------------------------------
    def fail_next(
        self, platform: str, status: int, headers: dict[str, str] | None = None, body: Any = None
    ) -> None:
        self.faults[platform].append(Fault(status, headers or {}, body))

    def fail_next_get(
        self, platform: str, status: int, headers: dict[str, str] | None = None, body: Any = None
    ) -> None:
        """The next GET (a look-up of earlier replies) on ``platform`` answers ``status``."""
        self.get_faults[platform].append(Fault(status, headers or {}, body))

    def accept_then_stall(self, platform: str) -> Stall:
        stall = Stall()
        self.stalls.append(stall)
        self.faults[platform].append(Fault(stall=stall))
        return stall

    def created(self, platform: str) -> list[Comment]:
        return [c for c in self.comments if c.platform == platform]

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __enter__(self) -> Emulator:
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                emulator._dispatch(self)

            def do_POST(self) -> None:
                emulator._dispatch(self)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for stall in self.stalls:
            stall.release()
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- the platforms ---------------------------------------------------------------
    def _dispatch(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        self.requests.append((h.command, parts.path))
        platform = parts.path.strip("/").split("/")[0]
        if platform not in self.faults:
            return self._send(h, 404, {"error": "unknown platform"})
        if h.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(h, 401, {"error": "invalid token"})
        fault = None
        queue = self.faults if h.command == "POST" else self.get_faults
        with self._lock:
            fault = queue[platform].pop(0) if queue[platform] else None
        if fault is not None and fault.status:
            return self._send(h, fault.status, fault.body or {"error": "fault"}, fault.headers)
        path = parts.path[len(platform) + 1 :]
        handler = getattr(self, f"_{platform}")
        status, body = handler(h, h.command, path, query, raw)
        if fault is not None and fault.stall is not None:
            fault.stall.accepted.set()
            fault.stall.released.wait(60)  # a cap so a forgotten release cannot hang the run
            with contextlib.suppress(OSError):  # the client gave up and left
                self._send(h, status, body)
            return
        self._send(h, status, body)

    def _new(self, platform: str, parent: str, text: str) -> Comment:
        with self._lock:
            n = len(self.comments) + 1
            comment = Comment(
                platform,
                f"{platform[:2]}{n}",
                parent,
                ACCOUNTS[platform],
                text,
                "2026-11-20T10:00:00Z",
            )
            self.comments.append(comment)
        return comment

    def _youtube(
        self, h: Any, method: str, path: str, query: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        if path != "/v3/comments":
            return 404, {}
        if method == "POST":
            snippet = json.loads(raw)["snippet"]
            c = self._new("youtube", snippet["parentId"], snippet["textOriginal"])
            return 200, self._yt(c)
        items = [self._yt(c) for c in self.created("youtube") if c.parent == query.get("parentId")]
        return 200, {"items": items}

    @staticmethod
    def _yt(c: Comment) -> dict[str, Any]:
        return {
            "kind": "youtube#comment",
            "id": c.id,
            "snippet": {
                "parentId": c.parent,
                "textOriginal": c.text,
                "textDisplay": c.text,
                "authorChannelId": {"value": c.author},
                "publishedAt": c.created,
            },
        }

    def _reddit(
        self, h: Any, method: str, path: str, query: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        if method == "POST" and path == "/api/comment":
            form = {k: v[-1] for k, v in parse_qs(raw.decode()).items()}
            c = self._new("reddit", form["thing_id"], form["text"])
            return 200, {
                "json": {"errors": [], "data": {"things": [{"kind": "t1", "data": self._rd(c)}]}}
            }
        if method == "GET" and path.startswith("/user/") and path.endswith("/comments"):
            user = unquote(path.split("/")[2])
            children = [
                {"kind": "t1", "data": self._rd(c)}
                for c in reversed(self.created("reddit"))
                if c.author == user
            ]
            return 200, {"kind": "Listing", "data": {"children": children}}
        return 404, {}

    @staticmethod
    def _rd(c: Comment) -> dict[str, Any]:
        return {
            "id": c.id,
            "name": f"t1_{c.id}",
            "parent_id": c.parent,
            "body": c.text,
            "link_id": "t3_thread",
            "created_utc": 1795168800.0,
            "author": c.author,
            "permalink": f"/r/test/comments/thread/x/{c.id}/",
        }

    def _mastodon(
        self, h: Any, method: str, path: str, query: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        if method == "POST" and path == "/api/v1/statuses":
            key = h.headers.get("Idempotency-Key")
            if key and key in self.idempotency:
                return 200, self._st(self.idempotency[key])
            body = json.loads(raw)
            text = body["status"].replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
            c = self._new("mastodon", str(body["in_reply_to_id"]), f"<p>{text}</p>")
            if key:
                self.idempotency[key] = c
            return 200, self._st(c)
        if method == "GET" and path.startswith("/api/v1/statuses/") and path.endswith("/context"):
            sid = path.split("/")[4]
            return 200, {
                "ancestors": [],
                "descendants": [self._st(c) for c in self.created("mastodon") if c.parent == sid],
            }
        return 404, {}

    @staticmethod
    def _st(c: Comment) -> dict[str, Any]:
        return {
            "id": c.id,
            "in_reply_to_id": c.parent,
            "content": c.text,
            "created_at": c.created,
            "url": f"https://social.test/@marke/{c.id}",
            "account": {"id": "42", "acct": c.author, "username": c.author},
        }

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler, status: int, body: Any, headers: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(body).encode()
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)
