"""The shared connector base against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from resonanz.connectors.http import (
    ApiClient,
    ApiError,
    ConnectorTimeout,
    RateLimitedError,
    parse_retry_after,
)
from resonanz.errors import AuthError, QuotaExceededError
from tests.support.httpserver import ReplayServer


class Waits(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client(srv: ReplayServer, waits: Waits, **options: object) -> ApiClient:
    return ApiClient(srv.url + "/api", sleep=waits, secrets=["s3cr3t-token"], **options)  # type: ignore[arg-type]


def test_json_answer_and_query_parameters(srv: ReplayServer) -> None:
    srv.add(
        "GET", "/api/things", 200, {"ok": True}, headers={"Link": '<http://x/next>; rel="next"'}
    )
    waits = Waits()
    answer = client(srv, waits).get("things", {"a": "1", "skip": None, "n": 5})
    assert answer.data == {"ok": True}
    assert answer.links == {"next": "http://x/next"}
    assert srv.requests[0].query == {"a": "1", "n": "5"}
    assert srv.requests[0].headers["User-Agent"].startswith("resonanz/")


def test_server_error_then_success_is_retried_with_backoff(srv: ReplayServer) -> None:
    srv.add("GET", "/api/flaky", 500, {"error": "boom"}, times=2)
    srv.add("GET", "/api/flaky", 200, {"ok": 1})
    waits = Waits()
    answer = client(srv, waits, backoff=0.5).get("flaky")
    assert answer.data == {"ok": 1}
    assert len(srv.requests) == 3
    assert waits == [0.5, 1.0]


def test_persistent_server_error_gives_up(srv: ReplayServer) -> None:
    srv.add("GET", "/api/down", 503, "Service Unavailable")
    waits = Waits()
    with pytest.raises(ApiError) as info:
        client(srv, waits, retries=2).get("down")
    assert len(srv.requests) == 3
    assert info.value.status == 503
    assert "503" in str(info.value) and "3 attempt" in str(info.value)
    assert info.value.hint


def test_unauthorized_is_auth_error_without_retry(srv: ReplayServer) -> None:
    srv.add("GET", "/api/private", 401, {"error": "The access token is invalid"})
    waits = Waits()
    with pytest.raises(AuthError) as info:
        client(srv, waits).get("private")
    assert len(srv.requests) == 1 and waits == []
    assert "401" in str(info.value)
    assert "s3cr3t-token" not in str(info.value)


def test_short_retry_after_is_waited_out(srv: ReplayServer) -> None:
    srv.add(
        "GET",
        "/api/busy",
        429,
        {"error": "Too many requests"},
        times=1,
        headers={"Retry-After": "2"},
    )
    srv.add("GET", "/api/busy", 200, [1, 2])
    waits = Waits()
    assert client(srv, waits).get("busy").data == [1, 2]
    assert waits == [2.0]


def test_long_retry_after_raises_quota_error(srv: ReplayServer) -> None:
    srv.add(
        "GET", "/api/busy", 429, {"error": "Too many requests"}, headers={"Retry-After": "3600"}
    )
    waits = Waits()
    with pytest.raises(QuotaExceededError) as info:
        client(srv, waits).get("busy")
    assert isinstance(info.value, RateLimitedError)
    assert info.value.retry_after == 3600.0
    assert "retry after 3600 s" in str(info.value)
    assert waits == []


def test_timeout_is_retried_then_reported(srv: ReplayServer) -> None:
    srv.add("GET", "/api/slow", 200, {"late": True}, hold=True)
    waits = Waits()
    with pytest.raises(ConnectorTimeout) as info:
        client(srv, waits, timeout=0.2, retries=1).get("slow", {"key": "s3cr3t-token"})
    srv.release()
    assert "timed out" in str(info.value)
    assert "s3cr3t-token" not in str(info.value)
    assert "/slow" in str(info.value)
    assert waits == [1.0]


def test_timeout_then_success(srv: ReplayServer) -> None:
    srv.add("GET", "/api/slow", 200, {"late": True}, hold=True, times=1)
    srv.add("GET", "/api/slow", 200, {"late": False})
    waits = Waits()
    assert client(srv, waits, timeout=0.3).get("slow").data == {"late": False}
    srv.release()
    assert len(srv.requests) == 2 and waits == [1.0]


def test_not_json_is_a_clear_error(srv: ReplayServer) -> None:
    srv.add("GET", "/api/html", 200, "<html>login</html>", content_type="text/html")
    with pytest.raises(ApiError) as info:
        client(srv, Waits()).get("html")
    assert "not JSON" in str(info.value)


def test_links_to_other_hosts_are_refused(srv: ReplayServer) -> None:
    with pytest.raises(ApiError) as info:
        client(srv, Waits()).get("https://evil.example/api/steal")
    assert "another host" in str(info.value)
    assert srv.requests == []


def test_connection_refused_is_reported(srv: ReplayServer) -> None:
    dead = ApiClient("http://127.0.0.1:9/api", sleep=Waits(), retries=1)
    with pytest.raises(ApiError) as info:
        dead.get("x")
    assert "failed" in str(info.value)


def test_parse_retry_after() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Sun, 01 Mar 2026 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Sun, 01 Mar 2026 11:00:00 GMT", now) == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_post_sends_json_and_is_not_repeated_on_server_errors(srv: ReplayServer) -> None:
    srv.add("POST", "/api/replies", 500, {"error": "boom"}, times=1)
    srv.add("POST", "/api/replies", 200, {"id": "r1"})
    waits = Waits()
    api = client(srv, waits)
    with pytest.raises(ApiError) as info:
        api.post("replies", {"status": "Danke für dein Feedback! 🙏"})
    assert info.value.status == 500 and "POST /replies" in str(info.value)
    assert len(srv.requests) == 1 and waits == []
    assert api.post("replies", {"status": "ok"}).data == {"id": "r1"}
    sent = srv.requests[0]
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.body.decode() == '{"status":"Danke für dein Feedback! 🙏"}'


def test_post_timeout_is_not_repeated(srv: ReplayServer) -> None:
    srv.add("POST", "/api/replies", 200, {"id": "late"}, hold=True)
    waits = Waits()
    with pytest.raises(ConnectorTimeout):
        client(srv, waits, timeout=0.2).post("replies", {"status": "x"})
    srv.release()
    assert len(srv.requests) == 1 and waits == []


def test_redirects_are_reported_not_followed(srv: ReplayServer) -> None:
    moved = {"Location": "https://new.example/api/things?token=s3cr3t-token"}
    srv.add("GET", "/api/things", 301, "", headers=moved)
    with pytest.raises(ApiError) as info:
        client(srv, Waits()).get("things")
    assert "redirects (301) to https://new.example" in str(info.value)
    assert "s3cr3t-token" not in str(info.value)
    assert len(srv.requests) == 1
