"""Passwords, sessions, login throttling and API tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from resonanz.cli.main import cli
from resonanz.service import Workspace
from resonanz.store.schema import api_tokens, users
from resonanz.users import authenticate, create_user, find_user, list_users, update_user
from resonanz.web import WebConfig, create_app
from resonanz.web.security import LoginThrottle
from tests.web.conftest import PASSWORD, FakeClock, Member, login, login_token


def _set_cookie(response: object) -> str:
    headers = response.headers  # type: ignore[attr-defined]
    return "; ".join(headers.get_list("set-cookie"))


def test_passwords_are_stored_as_salted_argon2id(workspace: Workspace) -> None:
    for name in ("ann", "ben"):
        create_user(workspace.engine, name, PASSWORD, "viewer")
    with workspace.engine.connect() as conn:
        stored = dict(conn.execute(select(users.c.username, users.c.password_hash)).all())
    assert set(stored) == {"ann", "ben"}
    for value in stored.values():
        assert value.startswith("$argon2id$")
        assert PASSWORD not in value
    assert stored["ann"] != stored["ben"]  # salted: one password, two hashes
    assert authenticate(workspace.engine, "ann", PASSWORD) is not None
    assert authenticate(workspace.engine, "ann", PASSWORD + "x") is None


def test_login_sets_a_signed_httponly_samesite_cookie(client: TestClient) -> None:
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = _set_cookie(response)
    assert "resonanz_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http, no trusted proxy
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["username"] == "analyst"
    assert me.json()["authenticated_by"] == "session"


def test_wrong_password_and_unknown_user_are_refused_alike(client: TestClient) -> None:
    for name, password in (("analyst", "wrong password!"), ("nobody", PASSWORD)):
        token = login_token(client)
        response = client.post(
            "/login",
            data={"username": name, "password": password, "csrf_token": token},
            follow_redirects=False,
        )
        assert response.status_code == 401
        assert "resonanz_session" not in _set_cookie(response)
    assert client.get("/api/v1/me").status_code == 401


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    response = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 401


def test_tampered_session_cookie_is_ignored(client: TestClient) -> None:
    login(client, "viewer")
    value = client.cookies.get("resonanz_session")
    assert value
    head, _, rest = value.partition(".")
    # Change the payload (the user id) but keep the signature: must not authenticate.
    import base64
    import json

    payload = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
    payload["u"] = 1
    forged = base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")
    client.cookies.set("resonanz_session", f"{forged}.{rest}")
    assert client.get("/api/v1/me").status_code == 401


def test_logout_ends_the_session_everywhere(client: TestClient, app: object) -> None:
    csrf = login(client, "agent")
    stolen = client.cookies.get("resonanz_session")
    response = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert client.get("/api/v1/me").status_code == 401
    client.cookies.set("resonanz_session", stolen or "")  # a copy kept elsewhere dies too
    assert client.get("/api/v1/me").status_code == 401


def test_role_change_ends_sessions(client: TestClient, workspace: Workspace) -> None:
    login(client, "analyst")
    assert client.get("/api/v1/me").status_code == 200
    user = find_user(workspace.engine, "analyst")
    assert user is not None
    update_user(workspace.engine, user.id, role="viewer")
    assert client.get("/api/v1/me").status_code == 401


def test_secure_cookie_behind_a_trusted_tls_proxy(workspace: Workspace, team: object) -> None:
    forwarded = {"X-Forwarded-Proto": "https"}
    for trusted, expect_secure in ((True, True), (False, False)):
        app = create_app(workspace, WebConfig(trust_forwarded_proto=trusted))
        with TestClient(app) as client:
            token = login_token(client)
            response = client.post(
                "/login",
                data={"username": "viewer", "password": PASSWORD, "csrf_token": token},
                headers=forwarded,
                follow_redirects=False,
            )
            assert response.status_code == 303
            assert ("Secure" in _set_cookie(response)) is expect_secure
    app = create_app(workspace)
    with TestClient(app, base_url="https://resonanz.example") as client:
        token = login_token(client)
        response = client.post(
            "/login",
            data={"username": "viewer", "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
        assert "Secure" in _set_cookie(response)


def _try(client: TestClient, name: str, password: str) -> int:
    token = login_token(client)
    response = client.post(
        "/login",
        data={"username": name, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    return response.status_code


def test_five_failures_lock_the_account_with_growing_lockouts(
    client: TestClient, clock: FakeClock
) -> None:
    for _ in range(4):
        assert _try(client, "analyst", "not the password") == 401
    assert _try(client, "analyst", "not the password") == 401  # 5th failure: locked now
    token = login_token(client)
    locked = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert locked.status_code == 429  # even the right password is not checked
    first_wait = int(locked.headers["Retry-After"])
    assert first_wait == 30
    assert _try(client, "viewer", PASSWORD) == 303  # other accounts are unaffected
    client.cookies.clear()
    clock.now += first_wait + 1
    assert _try(client, "analyst", "still wrong") == 401  # 6th failure: locked twice as long
    token = login_token(client)
    again = client.post(
        "/login",
        data={"username": "analyst", "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert again.status_code == 429
    assert int(again.headers["Retry-After"]) == 2 * first_wait
    clock.now += 2 * first_wait + 1
    assert _try(client, "analyst", PASSWORD) == 303  # success resets the account counter
    client.cookies.clear()
    assert _try(client, "analyst", "wrong again") == 401


def test_one_address_trying_many_accounts_is_locked(client: TestClient, clock: FakeClock) -> None:
    for i in range(20):
        assert _try(client, f"guess{i}", "password123456") == 401
    assert _try(client, "viewer", PASSWORD) == 429  # this client address is locked
    clock.now += 31
    assert _try(client, "viewer", PASSWORD) == 303


def test_tokens_are_stored_hashed_shown_once_and_revocable(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    analyst = team["analyst"]
    created = client.post("/api/v1/tokens", json={"name": "reporting"}, headers=analyst.bearer)
    assert created.status_code == 201
    secret = created.json()["token"]
    token_id = created.json()["id"]
    assert secret.startswith("rz_") and len(secret) > 40
    with workspace.engine.connect() as conn:
        row = conn.execute(select(api_tokens).where(api_tokens.c.id == token_id)).one()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(tuple(row))
    listed = client.get("/api/v1/tokens", headers=analyst.bearer).json()
    assert all("token" not in entry for entry in listed)  # never shown again
    assert {e["id"] for e in listed} >= {token_id}

    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/me", headers=bearer).json()["authenticated_by"] == "token"
    with workspace.engine.connect() as conn:
        used = conn.execute(
            select(api_tokens.c.last_used_at).where(api_tokens.c.id == token_id)
        ).scalar_one()
    assert used is not None

    assert client.delete(f"/api/v1/tokens/{token_id}", headers=bearer).status_code == 204
    refused = client.get("/api/v1/me", headers=bearer)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == "Bearer"


def test_bad_tokens_never_fall_back_to_the_session(client: TestClient) -> None:
    login(client, "admin")
    for header in ("Bearer rz_not-a-real-token", "Bearer ", "Basic abc", "Bearer x" * 100):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_deactivated_users_lose_tokens_and_sessions(
    client: TestClient, workspace: Workspace, team: dict[str, Member]
) -> None:
    agent = team["agent"]
    assert client.get("/api/v1/me", headers=agent.bearer).status_code == 200
    admin = team["admin"]
    response = client.patch(
        f"/api/v1/users/{agent.user.id}", json={"active": False}, headers=admin.bearer
    )
    assert response.status_code == 200
    assert client.get("/api/v1/me", headers=agent.bearer).status_code == 401
    assert _try(client, "agent", PASSWORD) == 401


def test_the_last_admin_cannot_be_demoted(client: TestClient, team: dict[str, Member]) -> None:
    admin = team["admin"]
    response = client.patch(
        f"/api/v1/users/{admin.user.id}", json={"role": "viewer"}, headers=admin.bearer
    )
    assert response.status_code == 400
    assert "last active admin" in response.json()["detail"]


def test_create_admin_from_stdin_and_no_default_account(tmp_path: object) -> None:
    db = f"sqlite:///{tmp_path}/cli.db"  # type: ignore[str-bytes-safe]
    runner = CliRunner()
    with Workspace(db) as ws:
        ws.init()
        assert list_users(ws.engine) == []  # nothing to log in with before create-admin
        app = create_app(ws)
        with TestClient(app) as client:
            for name in ("admin", "root", "resonanz"):
                for password in ("admin", "password", "resonanz"):
                    assert _try(client, name, password) == 401
    result = runner.invoke(
        cli,
        ["--db", db, "users", "create-admin", "alice", "--password-stdin"],
        input="a long enough secret\n",
    )
    assert result.exit_code == 0, result.output
    short = runner.invoke(
        cli, ["--db", db, "users", "create-admin", "bob", "--password-stdin"], input="short\n"
    )
    assert short.exit_code == 2
    assert "too short" in short.output
    prompted = runner.invoke(
        cli,
        ["--db", db, "users", "create", "carol", "--role", "viewer"],
        input="another long secret\nanother long secret\n",
    )
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(cli, ["--db", db, "users", "list", "--json"])
    assert '"alice"' in listed.output and '"admin"' in listed.output
    assert '"carol"' in listed.output and '"viewer"' in listed.output
    with Workspace(db) as ws, TestClient(create_app(ws)) as client:
        assert _try(client, "alice", "a long enough secret") == 303


def test_cli_tokens_create_and_revoke(tmp_path: object) -> None:
    db = f"sqlite:///{tmp_path}/tok.db"  # type: ignore[str-bytes-safe]
    runner = CliRunner()
    runner.invoke(
        cli,
        ["--db", db, "users", "create-admin", "alice", "--password-stdin"],
        input="a long enough secret\n",
    )
    made = runner.invoke(cli, ["--db", db, "tokens", "create", "--user", "alice", "--name", "ci"])
    assert made.exit_code == 0, made.output
    secret = made.stdout.strip().splitlines()[-1]
    assert secret.startswith("rz_")
    listed = runner.invoke(cli, ["--db", db, "tokens", "list", "--json"])
    assert secret not in listed.output and '"ci"' in listed.output
    with Workspace(db) as ws, TestClient(create_app(ws)) as client:
        bearer = {"Authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/me", headers=bearer).status_code == 200
        revoked = runner.invoke(cli, ["--db", db, "tokens", "revoke", "1"])
        assert revoked.exit_code == 0, revoked.output
        assert client.get("/api/v1/me", headers=bearer).status_code == 401
    again = runner.invoke(cli, ["--db", db, "tokens", "revoke", "1"])
    assert again.exit_code == 2


def test_parallel_guesses_cannot_pass_the_allowance() -> None:
    """The attempt is counted before the (slow) password check, under one lock."""
    import threading

    from resonanz.web.security import ACCOUNT_POLICY, LoginThrottle

    throttle = LoginThrottle(clock=lambda: 1000.0)
    start = threading.Barrier(150)
    let_in: list[int] = []

    def guess() -> None:
        start.wait()
        if throttle.attempt("analyst", "203.0.113.9") == 0:
            let_in.append(1)

    threads = [threading.Thread(target=guess) for _ in range(150)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(let_in) == ACCOUNT_POLICY.free


def test_concurrent_wrong_passwords_over_http_check_at_most_the_allowance(
    app: Any, team: dict[str, Member]
) -> None:
    import asyncio

    import httpx

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 4000))
        clients = [httpx.AsyncClient(transport=transport, base_url="http://t") for _ in range(40)]
        tokens = []
        for http in clients:  # each attacker connection has its own login form
            page = await http.get("/login")
            tokens.append(page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0])

        async def one(http: httpx.AsyncClient, token: str) -> int:
            form = {"username": "analyst", "password": "wrong-wrong", "csrf_token": token}
            response = await http.post("/login", data=form)
            await http.aclose()
            return response.status_code

        return await asyncio.gather(*(one(h, t) for h, t in zip(clients, tokens, strict=True)))

    # a thread of its own: another test (the browser's sync API) may leave a loop running here
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        codes = pool.submit(asyncio.run, run()).result()
    assert codes.count(401) == 5, sorted(codes)  # exactly the allowance was checked
    assert codes.count(429) == 35, sorted(codes)


def test_a_stranger_cannot_lock_the_owner_out_of_their_known_address(
    workspace: Workspace, team: dict[str, Member], clock: FakeClock
) -> None:
    from resonanz.web.security import ACCOUNT_WIDE_POLICY

    app = create_app(workspace, throttle=LoginThrottle(clock=clock))
    with TestClient(app, client=("192.0.2.10", 1000)) as owner:
        assert _try(owner, "analyst", PASSWORD) == 303  # the owner's usual address
    for i in range(ACCOUNT_WIDE_POLICY.free + 5):  # strangers on many addresses
        with TestClient(app, client=(f"203.0.113.{i % 200}", 2000 + i)) as stranger:
            assert _try(stranger, "analyst", "guess") in (401, 429)
    with TestClient(app, client=("203.0.113.250", 9)) as newcomer:
        assert _try(newcomer, "analyst", PASSWORD) == 429  # unknown address: locked
    with TestClient(app, client=("192.0.2.10", 1001)) as owner:
        assert _try(owner, "analyst", PASSWORD) == 303  # known address: still gets in


def test_hsts_only_behind_a_declared_tls_proxy(workspace: Workspace, team: object) -> None:
    forwarded = {"X-Forwarded-Proto": "https"}
    behind = create_app(workspace, WebConfig(trust_forwarded_proto=True))
    with TestClient(behind) as client:
        assert client.get("/login", headers=forwarded).headers["strict-transport-security"] == (
            "max-age=31536000"
        )
        assert "strict-transport-security" not in client.get("/login").headers  # plain http
    plain = create_app(workspace, WebConfig(trust_forwarded_proto=False))
    with TestClient(plain) as client:
        assert "strict-transport-security" not in client.get("/login", headers=forwarded).headers
