"""A real HTTP server on 127.0.0.1 that replays canned responses, for connector tests.

Usage::

    with ReplayServer() as srv:
        srv.add("GET", "/youtube/v3/commentThreads", 200, {"items": []},
                match={"pageToken": None})
        client = SomeClient(base_url=srv.url + "/youtube/v3")

Routes are matched by method, path and (optionally) query parameters; a route with
``match={"pageToken": "abc"}`` only answers requests carrying that value, and
``None`` means "parameter absent". Each request is recorded in ``srv.requests``.
A route may be given ``times=n`` to answer only n times, ``hold=True`` to answer
only after :meth:`ReplayServer.release` (for timeouts: the test releases it once the
client has given up, so the outcome never depends on how loaded the machine is), and
``headers`` to send (e.g. rate-limit headers); ``match_headers`` matches request
headers the way ``match`` matches parameters (e.g. ``If-None-Match``).
"""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Route:
    method: str
    path: str
    status: int
    body: bytes
    content_type: str
    match: dict[str, str | None]
    headers: dict[str, str]
    times: int | None
    hold: threading.Event | None
    match_headers: dict[str, str | None] = field(default_factory=dict)


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class ReplayServer:
    routes: list[Route] = field(default_factory=list)
    requests: list[Recorded] = field(default_factory=list)
    held: list[threading.Event] = field(default_factory=list)

    def add(
        self,
        method: str,
        path: str,
        status: int = 200,
        body: Any = None,
        *,
        match: dict[str, str | None] | None = None,
        headers: dict[str, str] | None = None,
        times: int | None = None,
        hold: bool = False,
        content_type: str | None = None,
        match_headers: dict[str, str | None] | None = None,
    ) -> None:
        if isinstance(body, bytes):
            raw, ctype = body, content_type or "application/octet-stream"
        elif isinstance(body, str):
            raw, ctype = body.encode(), content_type or "text/plain; charset=utf-8"
        else:
            raw, ctype = json.dumps(body).encode(), content_type or "application/json"
        gate = threading.Event() if hold else None
        if gate is not None:
            self.held.append(gate)
        self.routes.append(
            Route(
                method.upper(),
                path,
                status,
                raw,
                ctype,
                match or {},
                headers or {},
                times,
                gate,
                match_headers or {},
            )
        )

    def release(self) -> None:
        """Let every held route answer (call it after the client has given up)."""
        for gate in self.held:
            gate.set()
        self.held.clear()

    def __enter__(self) -> ReplayServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    Recorded(self.command, parts.path, query, dict(self.headers.items()), body)
                )
                for route in server.routes:
                    if route.method != self.command or route.path != parts.path:
                        continue
                    if any(query.get(k) != v for k, v in route.match.items()):
                        continue
                    if any(self.headers.get(k) != v for k, v in route.match_headers.items()):
                        continue
                    if route.times is not None:
                        if route.times <= 0:
                            continue
                        route.times -= 1
                    if route.hold is not None:
                        route.hold.wait(60)  # a cap so a forgotten release cannot hang the run
                    with contextlib.suppress(OSError):  # the client gave up and left
                        self._answer(route)
                    return
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _answer(self, route: Route) -> None:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                for k, v in route.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(route.body)

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
        self._httpd.shutdown()
        self._httpd.server_close()
