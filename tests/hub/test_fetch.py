"""Fetching one thumbnail from a real HTTP server on 127.0.0.1, under every rule."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from resonanz.hub.fetch import Failed, Fetched, client, fetch_image
from resonanz.hub.images import HostPolicy
from tests.hub.pictures import PNG, SVG, jpeg
from tests.support.httpserver import ReplayServer

POLICY = HostPolicy.of("127.0.0.1")


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as srv:
        yield srv


def _get(url: str, **options: float) -> Fetched | Failed:
    with client(options.get("timeout", 5.0)) as http:
        return fetch_image(
            http,
            url,
            POLICY,
            max_bytes=int(options.get("max_bytes", 2 * 1024 * 1024)),
            timeout=options.get("timeout", 5.0),
        )


def test_good_images_arrive_whatever_the_header_says(server: ReplayServer) -> None:
    picture = jpeg()
    server.add("GET", "/a.jpg", 200, picture, content_type="image/jpeg")
    server.add("GET", "/b.png", 200, PNG, content_type="application/octet-stream")
    got = _get(server.url + "/a.jpg")
    assert isinstance(got, Fetched) and got.media_type == "image/jpeg" and got.data == picture
    got = _get(server.url + "/b.png")
    assert isinstance(got, Fetched) and got.media_type == "image/png"
    assert server.requests[0].headers["User-Agent"].startswith("resonanz-hub/")


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (SVG, "image/svg+xml", "kein JPEG, PNG, WebP oder GIF"),
        (b"<html><body>hi</body></html>", "image/jpeg", "kein JPEG, PNG, WebP oder GIF"),
    ],
)
def test_wrong_types_are_refused(
    server: ReplayServer, body: bytes, ctype: str, reason: str
) -> None:
    server.add("GET", "/x", 200, body, content_type=ctype)
    got = _get(server.url + "/x")
    assert isinstance(got, Failed) and got.reason.startswith(reason)


def test_too_large_is_refused_by_length_and_while_streaming(server: ReplayServer) -> None:
    big = b"\xff\xd8\xff" + b"\x00" * 5000
    server.add("GET", "/big.jpg", 200, big, content_type="image/jpeg")
    got = _get(server.url + "/big.jpg", max_bytes=4096)
    assert isinstance(got, Failed) and got.reason.startswith("zu groß")

    sent: list[int] = []

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        for n in range(100):
            sent.append(n)
            yield b"\xff\xd8\xff" + b"\x00" * 997

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=chunks()))
    with httpx.Client(transport=transport, follow_redirects=False) as http:
        got = fetch_image(http, "https://i.ytimg.com/vi/x/mq.jpg", POLICY, max_bytes=4096)
    assert isinstance(got, Failed) and got.reason == "zu groß: mehr als 4096 Bytes (too large)"
    assert len(sent) < 10  # dropped early, not read to the end


def test_not_found_and_server_errors(server: ReplayServer) -> None:
    server.add("GET", "/gone.jpg", 404, b"")
    server.add("GET", "/broken.jpg", 500, b"")
    assert _get(server.url + "/gone.jpg") == Failed(server.url + "/gone.jpg", "HTTP 404")
    assert _get(server.url + "/broken.jpg") == Failed(server.url + "/broken.jpg", "HTTP 500")


def test_a_slow_server_times_out(server: ReplayServer) -> None:
    server.add("GET", "/slow.jpg", 200, jpeg(), hold=True)
    got = _get(server.url + "/slow.jpg", timeout=0.5)
    server.release()
    assert isinstance(got, Failed) and got.reason == "Zeitüberschreitung (timeout)"


def test_redirects_only_within_the_allow_list(server: ReplayServer) -> None:
    picture = jpeg()
    server.add("GET", "/real.jpg", 200, picture)
    server.add("GET", "/moved.jpg", 302, b"", headers={"Location": "/real.jpg"})
    server.add("GET", "/away.jpg", 302, b"", headers={"Location": "https://evil.example/steal.jpg"})
    server.add("GET", "/file.jpg", 301, b"", headers={"Location": "file:///etc/passwd"})
    server.add("GET", "/loop.jpg", 302, b"", headers={"Location": "/loop.jpg"})
    got = _get(server.url + "/moved.jpg")
    assert isinstance(got, Fetched) and got.data == picture
    away = _get(server.url + "/away.jpg")
    assert away == Failed(
        server.url + "/away.jpg",
        "Weiterleitung: Host evil.example nicht erlaubt (host not allowed)",
    )
    assert isinstance(_get(server.url + "/file.jpg"), Failed)
    loop = _get(server.url + "/loop.jpg")
    assert isinstance(loop, Failed) and "Weiterleitungen" in loop.reason
    assert len([r for r in server.requests if r.path == "/loop.jpg"]) == 4


def test_refused_urls_are_never_requested(server: ReplayServer) -> None:
    server.add("GET", "/a.jpg", 200, jpeg())
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://127.0.0.1/a.jpg"):
        got = _get(url)
        assert isinstance(got, Failed) and got.reason.startswith("nur http und https")
    other_port = HostPolicy.of("127.0.0.1:1")
    with client(2.0) as http:
        got = fetch_image(http, server.url + "/a.jpg", other_port)
    assert isinstance(got, Failed) and "nicht erlaubt" in got.reason
    assert server.requests == []


def test_an_unreachable_host_is_a_failure_not_an_exception() -> None:
    with ReplayServer() as srv:
        url = srv.url + "/a.jpg"
    got = _get(url, timeout=2.0)
    assert isinstance(got, Failed) and got.reason.startswith("nicht erreichbar")
