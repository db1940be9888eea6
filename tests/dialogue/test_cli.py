"""``resonanz inbox list|sync`` and ``resonanz outbox run`` on a real SQLite workspace."""

from __future__ import annotations

import orjson
from click.testing import CliRunner

from resonanz.cli.main import cli
from resonanz.dialogue import actions, inbox
from resonanz.dialogue.actions import Actor
from resonanz.dialogue.outbox import list_outbox
from tests.dialogue.helpers import complaint, workspace


def test_inbox_sync_list_and_outbox_dry_run(sqlite_url: str) -> None:
    engine = workspace(sqlite_url)
    complaint(engine, "c1", text="Mein Serum ist ausgelaufen")
    runner = CliRunner()
    synced = runner.invoke(cli, ["inbox", "sync", "--db", sqlite_url])
    assert synced.exit_code == 0, synced.output
    assert "1 new item(s)" in synced.output
    listed = runner.invoke(cli, ["inbox", "list", "--json", "--db", sqlite_url])
    (item,) = orjson.loads(listed.output)
    assert item["state"] == "new" and "intent complaint" in item["explanation"]
    table = runner.invoke(cli, ["inbox", "list", "--db", sqlite_url])
    assert "ausgelaufen" in table.output
    assert (
        orjson.loads(
            runner.invoke(
                cli, ["inbox", "list", "--state", "sent", "--json", "--db", sqlite_url]
            ).output
        )
        == []
    )

    actions.draft(engine, item["id"], Actor("anna", "agent"), "Sorry!", "UCmarke")
    actions.submit(engine, item["id"], Actor("anna", "agent"))
    actions.approve(engine, item["id"], Actor("lea", "analyst"))
    dry = runner.invoke(
        cli,
        ["outbox", "run", "--dry-run", "--json", "--db", sqlite_url],
        env={
            "RESONANZ_YOUTUBE_OAUTH_TOKEN": "tok",
            "RESONANZ_YOUTUBE_API_URL": "http://127.0.0.1:9",
        },
    )
    assert dry.exit_code == 0, dry.output
    assert [r["outcome"] for r in orjson.loads(dry.output)] == ["dry_run"]
    assert list_outbox(engine)[0]["dry_run"]["request"]["json"]["snippet"]["parentId"] == "c1"
    assert inbox.get_item(engine, item["id"]).item.state == "approved"
    no_token = runner.invoke(cli, ["outbox", "run", "--db", sqlite_url], env={})
    assert no_token.exit_code == 0 and "failed" in no_token.output
    assert inbox.get_item(engine, item["id"]).item.state == "drafted"


def test_inbox_draft_refuses_another_brands_account(db_url: str) -> None:
    from resonanz.store.brands import save_brands

    engine = workspace(db_url)
    save_brands(
        engine,
        [
            {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"youtube": ["UCmarke"]}},
            {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"youtube": ["UCrival"]}},
        ],
    )
    complaint(engine, "c1", brand="Rival", text="Die Lieferung kam nie an")
    inbox.sync(engine)
    (item,) = inbox.list_items(engine)
    runner = CliRunner()
    args = ["inbox", "draft", str(item.id), "--text", "Das tut uns leid", "--db", db_url]
    refused = runner.invoke(cli, [*args, "--account", "UCmarke"])
    assert refused.exit_code == 2, refused.output
    assert "'UCmarke' is Marke's account; this item is about Rival" in refused.output
    assert "hint: reply from UCrival" in refused.output
    assert inbox.get_item(engine, item.id).item.state == "new"
    saved = runner.invoke(cli, [*args, "--account", "UCrival", "--by", "anna"])
    assert saved.exit_code == 0, saved.output
    after = inbox.get_item(engine, item.id).item
    assert (after.state, after.account, after.assignee) == ("drafted", "UCrival", "anna")


def test_outbox_run_refuses_an_account_that_no_longer_belongs_to_the_brand(db_url: str) -> None:
    """The CLI's sending path: an approved reply whose account was handed to another brand
    is not published; the run says why."""
    from resonanz.store.brands import save_brands

    engine = workspace(db_url)
    catalog = [
        {"name": "Marke", "aliases": ["Marke"], "own_accounts": {"youtube": ["UCmarke"]}},
        {"name": "Rival", "aliases": ["Rival"], "own_accounts": {"youtube": ["UCrival"]}},
    ]
    save_brands(engine, catalog)
    complaint(engine, "c1", brand="Rival", text="Die Lieferung kam nie an")
    inbox.sync(engine)
    (item,) = inbox.list_items(engine)
    actions.draft(engine, item.id, Actor("anna", "agent"), "Das tut uns leid", "UCrival")
    actions.submit(engine, item.id, Actor("anna", "agent"))
    actions.approve(engine, item.id, Actor("lea", "analyst"))
    catalog[0]["own_accounts"] = {"youtube": ["UCmarke", "UCrival"]}
    catalog[1]["own_accounts"] = {"youtube": ["UCrivalneu"]}
    save_brands(engine, catalog)
    env = {"RESONANZ_YOUTUBE_OAUTH_TOKEN": "tok", "RESONANZ_YOUTUBE_API_URL": "http://127.0.0.1:9"}
    tried = CliRunner().invoke(cli, ["outbox", "run", "--dry-run", "--db", db_url], env=env)
    assert tried.exit_code == 0, tried.output
    assert "failed: a real run would refuse it: not published: 'UCrival' is Marke's" in (
        tried.output
    )
    (entry,) = list_outbox(engine)
    assert entry["status"] == "pending" and not entry.get("dry_run"), entry  # nothing changed
    ran = CliRunner().invoke(cli, ["outbox", "run", "--db", db_url], env=env)
    assert ran.exit_code == 0, ran.output
    assert "failed: not published: 'UCrival' is Marke's account" in ran.output
    (entry,) = list_outbox(engine)
    assert entry["status"] == "failed" and entry["remote_id"] is None
    assert inbox.get_item(engine, item.id).item.state == "drafted"
