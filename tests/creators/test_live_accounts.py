"""Reddit ``about.json`` and Mastodon ``accounts/lookup`` fetched live from a server on
127.0.0.1, on SQLite and PostgreSQL: mapped like saved answers, 404 and 429 reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from resonanz.cli.main import cli
from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.service.creators_live import refresh_mastodon, refresh_reddit
from resonanz.service.live import MastodonClient, RedditPublicClient
from tests.support.httpserver import ReplayServer

AGENT = "python:acme-listening:1.0 (by /u/acme)"
ANNA = {
    "kind": "t2",
    "data": {
        "name": "anna_b",
        "icon_img": "https://styles.redditmedia.com/t5_1/styles/profileIcon_x.png?width=256&s=1",
        "total_karma": 5120,
        "subreddit": {"title": "Anna B.", "public_description": "Hautpflege", "subscribers": 87},
    },
}
MIA = {
    "id": "4711",
    "username": "mia",
    "acct": "mia",
    "display_name": "Mia",
    "url": "https://social.example/@mia",
    "note": "<p>Make-up &amp; mehr</p>",
    "avatar": "https://files.social.example/a.png",
    "avatar_static": "https://files.social.example/a_static.png",
    "followers_count": 321,
    "statuses_count": 45,
}


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    C.add(ws.engine, "Anna", ["reddit:anna_b", "reddit:gone_user", "reddit:later"])
    C.add(ws.engine, "Mia", ["mastodon:4711"])
    C.attach(ws.engine, "mia", "mastodon:999", handle="ghost@social.example")
    C.add(ws.engine, "Nohost", ["mastodon:5"])
    yield ws
    ws.close()


def test_reddit_about_json(workspace: Workspace) -> None:
    with ReplayServer() as srv:
        srv.add("GET", "/user/anna_b/about.json", 200, ANNA, match={"raw_json": "1"})
        srv.add("GET", "/user/gone_user/about.json", 404, {"message": "Not Found", "error": 404})
        srv.add("GET", "/user/later/about.json", 429, {"message": "Too Many Requests"},
                headers={"Retry-After": "600"})  # fmt: skip
        with RedditPublicClient(srv.url, user_agent=AGENT, sleep=lambda s: None) as client:
            done = refresh_reddit(workspace.engine, client)
        assert {r.headers["User-Agent"] for r in srv.requests} == {AGENT}
    assert done.applied.updated == 1
    failed = dict(done.failed)
    assert failed["reddit:gone_user"] == "nicht gefunden (not found, 404)"
    assert failed["reddit:later"].startswith("Rate-Limit erreicht (rate limited)")
    assert "429" in failed["reddit:later"]
    anna = {a.native_id: a for a in C.accounts_of(workspace.engine, "anna")}["anna_b"]
    assert (anna.followers, anna.title, anna.description) == (87, "Anna B.", "Hautpflege")
    assert anna.thumbnail_url == "https://styles.redditmedia.com/t5_1/styles/profileIcon_x.png"


def test_a_rate_limit_stops_the_run(workspace: Workspace) -> None:
    with ReplayServer() as srv:
        srv.add("GET", "/user/anna_b/about.json", 429, {}, headers={"Retry-After": "900"})
        with RedditPublicClient(srv.url, user_agent=AGENT, sleep=lambda s: None) as client:
            done = refresh_reddit(workspace.engine, client)
        asked = [r.path for r in srv.requests]
    assert asked == ["/user/anna_b/about.json"]  # the other two are not asked
    assert [reason.split(":")[0] for _, reason in done.failed] == [
        "Rate-Limit erreicht (rate limited)",
        "nicht abgefragt (not asked)",
        "nicht abgefragt (not asked)",
    ]
    assert done.applied.updated == 0


def test_mastodon_lookup_on_the_accounts_instance(workspace: Workspace) -> None:
    # the account has no handle yet: its instance comes from its URL
    with workspace.engine.begin() as conn:
        from resonanz.store.creators import account_by_native, update_account

        row = account_by_native(conn, "mastodon", "4711")
        assert row is not None
        update_account(conn, row.id, url="https://social.example/@mia")
    hosts: list[str] = []
    with ReplayServer() as srv:
        srv.add("GET", "/api/v1/accounts/lookup", 200, MIA, match={"acct": "4711@social.example"})
        srv.add("GET", "/api/v1/accounts/lookup", 404, {"error": "Record not found"},
                match={"acct": "ghost@social.example"})  # fmt: skip

        def client_for(host: str) -> MastodonClient:
            hosts.append(host)
            return MastodonClient(srv.url, sleep=lambda s: None)

        done = refresh_mastodon(workspace.engine, client_for)
    assert hosts == ["social.example"]  # one client per instance
    assert done.applied.updated == 1
    failed = dict(done.failed)
    assert failed["mastodon:999"] == "nicht gefunden (not found, 404)"
    assert failed["mastodon:5"].startswith("kein Handle user@host")
    mia = {a.native_id: a for a in C.accounts_of(workspace.engine, "mia")}["4711"]
    assert (mia.followers, mia.content_count, mia.handle) == (321, 45, "mia@social.example")
    assert mia.description == "Make-up & mehr"
    assert mia.thumbnail_url == "https://files.social.example/a_static.png"


def test_the_cli_refreshes_reddit(
    workspace: Workspace, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESONANZ_DATABASE_URL", raising=False)
    monkeypatch.setenv("RESONANZ_REDDIT_USER_AGENT", AGENT)
    with ReplayServer() as srv:
        srv.add("GET", "/user/anna_b/about.json", 200, ANNA)
        monkeypatch.setenv("RESONANZ_REDDIT_PUBLIC_URL", srv.url)
        result = CliRunner().invoke(
            cli, ["--db", db_url, "creators", "refresh", "--platform", "reddit"]
        )
        assert {r.headers["User-Agent"] for r in srv.requests} == {AGENT}
    assert result.exit_code == 0, result.output
    assert result.output.startswith("reddit: 1 Konten aktualisiert, 2 fehlgeschlagen")
    assert "reddit:gone_user: nicht gefunden (not found, 404)" in result.output
