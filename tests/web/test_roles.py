"""Who may reach what: a walk over every route of the app.

The walks enumerate ``app.routes``, so routes added later (pages, inbox) are held
to the same rules without touching this file.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Mount

from resonanz.users import ROLE_PERMISSIONS, Permission, Role, allows
from resonanz.web.app import route_table
from resonanz.web.auth import PUBLIC_ROUTES, SELF_SERVICE_ROUTES
from resonanz.web.security import UNSAFE_METHODS
from tests.web.conftest import Member, login


def _routes(app: FastAPI, raw: bool = False) -> list[tuple[str, str]]:
    found = []
    for info in route_table(app.routes):
        if isinstance(info.route, APIRoute):
            path = info.path if raw else re.sub(r"\{[^}]+\}", "1", info.path)
            found.extend((method, path) for method in sorted(info.methods - {"HEAD"}))
    return found


def _writes(app: FastAPI) -> list[tuple[str, str]]:
    return [(m, p) for m, p in _routes(app) if m in UNSAFE_METHODS and (m, p) not in PUBLIC_ROUTES]


def test_only_login_and_static_are_public(app: FastAPI, client: TestClient) -> None:
    routes = _routes(app)
    assert len(routes) > 20
    table = route_table(app.routes)
    mounts = [r.path for r in table if isinstance(r.route, Mount)]
    assert set(mounts) == {"/static", "/static/plotly"}
    other = [r for r in table if not isinstance(r.route, APIRoute | Mount)]
    assert other == []  # everything is a FastAPI route (with dependencies) or a static mount
    # the public routes are exactly login, the favicon and the read-only hub under /hub/
    public = {(m, p) for m, p in _routes(app, raw=True) if (m, p) in PUBLIC_ROUTES}
    assert public == set(PUBLIC_ROUTES)
    assert {p for _, p in public if p.startswith("/hub")} == {"/hub", "/hub/", "/hub/{path:path}"}
    reachable = []
    for (method, path), (_, raw) in zip(routes, _routes(app, raw=True), strict=True):
        response = client.request(method, path, follow_redirects=False)
        if (method, raw) in PUBLIC_ROUTES:
            continue
        if path.startswith("/api/"):
            ok = response.status_code == 401
        else:
            ok = response.status_code == 303 and response.headers["location"].startswith("/login")
        if not ok:
            reachable.append((method, path, response.status_code))
    assert reachable == []
    assert client.get("/login").status_code == 200
    assert client.get("/static/css/app.css").status_code == 200


def test_a_viewer_gets_403_on_every_write(
    app: FastAPI, client: TestClient, team: dict[str, Member]
) -> None:
    writes = [w for w in _writes(app) if w not in SELF_SERVICE_ROUTES]
    assert ("PUT", "/api/v1/brands") in writes
    assert ("POST", "/api/v1/imports") in writes
    assert ("POST", "/api/v1/users") in writes
    viewer = team["viewer"]
    by_token = {(m, p): client.request(m, p, headers=viewer.bearer).status_code for m, p in writes}
    assert {k: v for k, v in by_token.items() if v != 403} == {}
    csrf = login(client, "viewer")
    by_session = {
        (m, p): client.request(m, p, headers={"X-CSRF-Token": csrf}).status_code for m, p in writes
    }
    assert {k: v for k, v in by_session.items() if v != 403} == {}
    assert client.get("/api/v1/brands").json() == []


def test_a_viewer_reads_every_api_route(
    app: FastAPI, client: TestClient, team: dict[str, Member]
) -> None:
    reads = [
        (m, p) for m, p in _routes(app) if m == "GET" and p.startswith("/api/") and "/1" not in p
    ]
    assert len(reads) >= 12
    viewer = team["viewer"]
    admin_only = {"/api/v1/users", "/api/v1/privacy/export"}
    for method, path in reads:
        params = {"brand": "Acme"} if "/insights/" in path else None
        response = client.request(method, path, headers=viewer.bearer, params=params)
        # the reply inbox holds drafts and commenters' data: not for viewers at all
        inbox_only = path.startswith("/api/v1/inbox")
        # curating the hub is for analysts and admins (the public hub is /hub/)
        hub_only = path.startswith("/api/v1/hub")
        # the directory's audit log names who changed what: for its curators
        curator_only = path == "/api/v1/creators/audit"
        expected = 403 if path in admin_only or inbox_only or hub_only or curator_only else 200
        assert response.status_code == expected, (path, response.text)


def test_the_roles_write_what_they_are_for(client: TestClient, team: dict[str, Member]) -> None:
    catalog = [{"name": "Acme"}]
    new_user = {"username": "newbie", "password": "long enough password", "role": "viewer"}
    expected = {
        # role: (PUT brands, POST users, POST tokens)
        "admin": (200, 201, 201),
        "analyst": (200, 403, 201),
        "agent": (403, 403, 201),
        "viewer": (403, 403, 403),
    }
    for role, (brands, users, tokens) in expected.items():
        bearer = team[role].bearer
        assert client.put("/api/v1/brands", json=catalog, headers=bearer).status_code == brands
        body = {**new_user, "username": f"new-{role}"}
        assert client.post("/api/v1/users", json=body, headers=bearer).status_code == users
        made = client.post("/api/v1/tokens", json={"name": "x"}, headers=bearer)
        assert made.status_code == tokens, role


def test_only_admins_touch_others_tokens(client: TestClient, team: dict[str, Member]) -> None:
    analyst, agent, admin = team["analyst"], team["agent"], team["admin"]
    mine = client.post("/api/v1/tokens", json={"name": "mine"}, headers=analyst.bearer).json()
    for_other = client.post(
        "/api/v1/tokens", json={"name": "x", "user_id": agent.user.id}, headers=analyst.bearer
    )
    assert for_other.status_code == 403
    assert client.delete(f"/api/v1/tokens/{mine['id']}", headers=agent.bearer).status_code == 404
    assert client.get("/api/v1/tokens?all=true", headers=analyst.bearer).status_code == 403
    everyone = client.get("/api/v1/tokens?all=true", headers=admin.bearer).json()
    assert {t["user_id"] for t in everyone} == {m.user.id for m in team.values()}
    assert client.delete(f"/api/v1/tokens/{mine['id']}", headers=admin.bearer).status_code == 204


@pytest.mark.parametrize("role", list(Role))
def test_permission_table(role: Role) -> None:
    assert allows(role, Permission.READ)
    assert allows(role, Permission.ADMIN) is (role is Role.ADMIN)
    assert allows(role, Permission.INBOX) is (role in (Role.ADMIN, Role.AGENT))
    assert allows(role, Permission.ANALYZE) is (role in (Role.ADMIN, Role.ANALYST))
    assert ROLE_PERMISSIONS[role] <= frozenset(Permission)
    assert not allows("superuser", Permission.READ)
