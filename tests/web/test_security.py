"""Security headers, CSRF on cookie-authenticated writes, inert rendering, static files."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from resonanz.service import Workspace
from resonanz.web.auth import safe_next
from resonanz.web.i18n import LANGUAGES, catalog, negotiate, translate
from resonanz.web.security import CONTENT_SECURITY_POLICY
from resonanz.web.templating import safe_url, templates
from tests.web.conftest import Member, login, seed


def _directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def test_csp_allows_no_inline_script_and_no_framing() -> None:
    rules = _directives(CONTENT_SECURITY_POLICY)
    assert rules["script-src"] == ["'self'"]
    assert rules["frame-ancestors"] == ["'none'"]
    assert rules["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "path", ["/login", "/api/v1/posts", "/static/css/app.css", "/no-such-page", "/"]
)
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


def test_private_responses_are_not_cached(client: TestClient, team: dict[str, Member]) -> None:
    response = client.get("/api/v1/me", headers=team["viewer"].bearer)
    assert response.headers["cache-control"] == "no-store"


def test_cookie_writes_need_the_csrf_token(client: TestClient) -> None:
    csrf = login(client, "analyst")
    body = [{"name": "Acme"}]
    assert client.put("/api/v1/brands", json=body).status_code == 403
    wrong = client.put("/api/v1/brands", json=body, headers={"X-CSRF-Token": "guess"})
    assert wrong.status_code == 403
    assert client.get("/api/v1/brands").json() == []  # nothing was written
    right = client.put("/api/v1/brands", json=body, headers={"X-CSRF-Token": csrf})
    assert right.status_code == 200
    assert [b["name"] for b in client.get("/api/v1/brands").json()] == ["Acme"]


def test_form_posts_carry_the_token_as_a_field(client: TestClient) -> None:
    csrf = login(client, "viewer")
    refused = client.post("/logout", data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert client.get("/api/v1/me").status_code == 200  # still signed in
    done = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert done.status_code == 303


def test_token_writes_need_no_csrf(client: TestClient, team: dict[str, Member]) -> None:
    response = client.put("/api/v1/brands", json=[{"name": "Beta"}], headers=team["analyst"].bearer)
    assert response.status_code == 200


def test_nul_bytes_are_refused_before_routing(client: TestClient, team: dict[str, Member]) -> None:
    response = client.get("/api/v1/posts?q=a%00b", headers=team["viewer"].bearer)
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/posts?q=1", "/posts?q=1"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
    ],
)
def test_login_redirects_only_to_local_paths(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_only_http_links_are_kept() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,<b>", "//x.org", 3):
        assert safe_url(bad) is None


def test_templates_escape_attacker_text(workspace: Workspace) -> None:
    seed(workspace)
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)>"'
    page = templates.env.from_string("<p>{{ text }}</p><a href='{{ link }}'>x</a>").render(
        text=payload, link="' onmouseover='alert(4)"
    )
    assert "<script>" not in page and "<img" not in page and "<svg" not in page
    assert "&lt;script&gt;" in page
    assert "' onmouseover" not in page


def test_login_page_is_inert_for_a_hostile_username(client: TestClient) -> None:
    from tests.web.conftest import login_token

    token = login_token(client)
    name = '"><script>alert(1)</script>'
    response = client.post(
        "/login", data={"username": name, "password": "x" * 12, "csrf_token": token}
    )
    assert response.status_code == 401
    assert "<script>alert(1)</script>" not in response.text
    assert "&#34;&gt;&lt;script&gt;" in response.text


def test_static_files_and_vendored_scripts_are_public(client: TestClient) -> None:
    htmx = client.get("/static/vendor/htmx.min.js")
    assert htmx.status_code == 200 and "htmx" in htmx.text[:2000]
    plotly = client.get("/static/plotly/plotly.min.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
    page = client.get("/login")
    assert "<script>" not in page.text  # no inline script anywhere on the page
    assert 'src="/static/vendor/htmx.min.js"' in page.text
    assert "cdn" not in page.text.lower()


def test_favicon_is_served_without_login(client: TestClient) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO header
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/login").text


def test_ui_language_follows_the_user_then_the_browser(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    german = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"})
    assert translate("de", "login.submit") in german.text
    english = client.get("/login", headers={"Accept-Language": "fr, en;q=0.3"})
    assert translate("en", "login.submit") in english.text
    login(client, "viewer")
    before = client.get("/", headers={"Accept-Language": "en"})
    assert translate("en", "nav.logout") in before.text
    admin = team["admin"]
    patched = client.patch(
        f"/api/v1/users/{team['viewer'].user.id}", json={"language": "de"}, headers=admin.bearer
    )
    assert patched.status_code == 200
    client.cookies.clear()
    login(client, "viewer")
    after = client.get("/", headers={"Accept-Language": "en"})
    assert translate("de", "nav.logout") in after.text


def test_language_negotiation() -> None:
    assert negotiate("de-AT") == "de"
    assert negotiate("en-GB,de;q=0.8") == "en"
    assert negotiate("de;q=0.2,en;q=0.9") == "en"
    assert negotiate("fr-FR") == "en"
    assert negotiate(None) == "en"
    assert negotiate("de;q=abc,en;q=0.1") == "en"


def test_catalogs_have_the_same_keys() -> None:
    keys = [set(catalog(lang)) for lang in LANGUAGES]
    assert keys[0] == keys[1]
    assert all(catalog("de")[k] for k in keys[0])
    assert translate("de", "login.throttled", seconds=30).endswith("30 Sekunden erneut versuchen.")
    assert translate("en", "no.such.key") == "no.such.key"


def test_oversized_bodies_are_refused(client: TestClient, team: dict[str, Member]) -> None:
    from resonanz.web.app import MAX_BODY

    big = b"x" * (MAX_BODY + 1)
    declared = client.post("/login", content=big, headers={"Content-Type": "text/plain"})
    assert declared.status_code == 413

    def chunks() -> object:
        for _ in range(MAX_BODY // 65536 + 2):
            yield b"[" + b" " * 65535

    streamed = client.put("/api/v1/brands", content=chunks(), headers=team["analyst"].bearer)
    assert streamed.status_code == 413
    assert client.get("/api/v1/brands", headers=team["analyst"].bearer).json() == []


def test_session_uploads_take_the_csrf_token_without_parsing_the_body(
    client: TestClient,
) -> None:
    csrf = login(client, "analyst")
    files = {"file": ("t.csv", b"tweet_id,text,created_at\n1,hi there,2024-01-01T00:00:00Z\n")}
    refused = client.post("/api/v1/imports", files=files)
    assert refused.status_code == 403
    accepted = client.post("/api/v1/imports", params={"csrf_token": csrf}, files=files)
    assert accepted.status_code == 202, accepted.text


def test_anyone_signed_in_picks_their_own_language(client: TestClient) -> None:
    csrf = login(client, "viewer")
    no_token = client.post("/account/language", data={"language": "de"}, follow_redirects=False)
    assert no_token.status_code == 403
    chosen = client.post(
        "/account/language",
        data={"language": "de", "csrf_token": csrf, "next": "//evil.example"},
        follow_redirects=False,
    )
    assert chosen.status_code == 303 and chosen.headers["location"] == "/"
    assert client.get("/api/v1/me").json()["language"] == "de"
    page = client.get("/login", headers={"Accept-Language": "en"}, follow_redirects=True)
    assert translate("de", "nav.logout") in page.text
    bad = client.post("/account/language", data={"language": "fr", "csrf_token": csrf})
    assert bad.status_code == 400
    cleared = client.post(
        "/account/language", data={"language": "", "csrf_token": csrf}, follow_redirects=False
    )
    assert cleared.status_code == 303
    assert client.get("/api/v1/me").json()["language"] is None
