"""The creator directory's audit log on SQLite and PostgreSQL: the CLI's steps with their
actor, ``resonanz creators log``, and erasure blanking the erased author's accounts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from resonanz.cli.main import cli
from resonanz.service import Workspace
from resonanz.service import creators as C
from resonanz.store.creators import delete_accounts_of_author


@pytest.fixture
def workspace(db_url: str) -> Iterator[Workspace]:
    ws = Workspace(db_url)
    ws.init()
    yield ws
    ws.close()


def test_cli_steps_are_logged(
    workspace: Workspace, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RESONANZ_DATABASE_URL", raising=False)
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, ["--db", db_url, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    run("creators", "add", "Lena", "--account", "youtube:UClena", "--account", "reddit:lena")
    run("creators", "split", "lena", "reddit:lena", "--name", "Lena Reddit")
    run("creators", "account", "lena-reddit", "reddit:lena", "--remove")
    log = orjson.loads(run("creators", "log", "--json"))
    assert [(r["action"], r["creator"], r["account"]) for r in log] == [
        ("account_remove", "lena-reddit", "reddit:lena"),
        ("split", "lena", "reddit:lena"),
        ("add", "lena", None),
    ]
    assert all(r["actor"].startswith("cli") for r in log)
    assert log[2]["detail"] == "youtube:UClena reddit:lena"
    table = run("creators", "log")
    assert "Creator-Protokoll" in table and "account_remove" in table


def test_erasure_blanks_the_erased_accounts(workspace: Workspace) -> None:
    engine = workspace.engine
    C.add(engine, "Erika", ["reddit:erika_x"], actor="ana")
    C.add(engine, "Otto", ["reddit:otto", "youtube:UCotto"], actor="ana")
    C.detach(engine, "youtube:UCotto", actor="ana")
    C.add(engine, "Paula", ["reddit:paula"], actor="ana")
    with engine.begin() as conn:
        assert delete_accounts_of_author(conn, "reddit", ["erika_x"], []) == 1
    log = [(r.action, r.creator, r.account, r.detail) for r in C.audit_log(engine)]
    assert log == [
        ("add", "paula", None, "reddit:paula"),
        ("account_remove", "otto", "youtube:UCotto", None),
        ("add", "otto", None, "reddit:otto youtube:UCotto"),
        ("add", None, None, None),  # Erika: erased with her only account
    ]
    with engine.begin() as conn:  # Otto keeps a creator, but his Reddit name goes
        assert delete_accounts_of_author(conn, "reddit", ["otto"], []) == 1
    assert [r.detail for r in C.audit_log(engine)][:3] == ["reddit:paula", None, None]
