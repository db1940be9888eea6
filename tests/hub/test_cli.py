"""``resonanz hub ...`` end to end on a seeded SQLite workspace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from resonanz.cli.main import cli
from resonanz.service import Workspace
from resonanz.service.users import create_user
from tests.hub.seed import seed
from tests.hub.world import PNG

Invoke = Callable[..., Result]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Invoke, dict[str, int]]:
    monkeypatch.delenv("RESONANZ_DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path / 'hub.db'}"
    workspace = Workspace(url)
    ids = seed(workspace).ids
    password = "a long enough password"
    create_user(workspace.engine, "vera", password, "viewer")
    create_user(workspace.engine, "ana", password, "analyst")
    workspace.close()
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", url, *args], catch_exceptions=False)

    return invoke, ids


def test_curate_build_and_mix(run: tuple[Invoke, dict[str, int]], tmp_path: Path) -> None:
    invoke, ids = run
    ok = invoke("hub", "collection", "add", "herbst-looks", "--title", "Herbst-Looks",
                "--title-en", "Autumn looks", "--as", "ana")  # fmt: skip
    assert ok.exit_code == 0, ok.output
    assert invoke("hub", "creator", "add", "lena").exit_code == 0
    thumb = tmp_path / "thumb.png"
    thumb.write_bytes(PNG)
    added = invoke("hub", "item", "add", "herbst-looks", str(ids["lenavideo01"]),
                   "--thumbnail", str(thumb), "--note", "Lieblingslook")  # fmt: skip
    assert added.exit_code == 0, added.output
    refused = invoke("hub", "item", "add", "herbst-looks", str(ids["lenavideo02"]))
    assert refused.exit_code != 0
    assert "not labelled as advertising" in refused.output
    assert "--override-note" in refused.output
    overridden = invoke("hub", "item", "add", "herbst-looks", str(ids["lenavideo02"]),
                        "--override-note", "Kennzeichnung nachgetragen")  # fmt: skip
    assert overridden.exit_code == 0, overridden.output
    listed = invoke("hub", "collection", "list", "--json")
    assert [(c["slug"], c["items"]) for c in orjson.loads(listed.output)] == [("herbst-looks", 2)]
    mix = orjson.loads(invoke("hub", "mix", "--json").output)
    assert (mix["total"], mix["own_items"], mix["other_items"]) == (2, 1, 1)
    assert "Glanzwerk" in invoke("hub", "mix").output
    built = invoke("hub", "build", "--out", str(tmp_path / "site"), "--lang", "de")
    assert built.exit_code == 0, built.output
    assert "5 pages" not in built.output and "3 pages, 2 feeds, 1 thumbnails" in built.output
    assert (tmp_path / "site/collections/herbst-looks.html").is_file()
    assert not (tmp_path / "site/en").exists()
    embeds = invoke("hub", "build", "--out", str(tmp_path / "embeds"), "--youtube-embeds")
    assert embeds.exit_code == 0
    assert "youtube-nocookie" in (tmp_path / "embeds/assets/hub.js").read_text()
    log = orjson.loads(invoke("hub", "log", "--json").output)
    assert log[0]["action"] == "item_override" and log[0]["note"] == "Kennzeichnung nachgetragen"
    assert log[-1]["actor"] == "ana"  # --as names the web user
    assert any(r["action"] == "item_refused" for r in log)
    assert all(r["actor"].startswith("cli") or r["actor"] == "ana" for r in log)
    assert invoke("hub", "item", "remove", "herbst-looks", str(ids["lenavideo01"])).exit_code == 0
    assert invoke("hub", "creator", "remove", "lena").exit_code == 0
    removed = invoke("hub", "collection", "remove", "herbst-looks")
    assert "removed with 0 item(s)" in removed.output


def test_only_analysts_and_admins_curate(run: tuple[Invoke, dict[str, int]]) -> None:
    invoke, _ = run
    refused = invoke("hub", "collection", "add", "x", "--title", "X", "--as", "vera")
    assert refused.exit_code != 0
    assert "only analysts and admins curate" in refused.output
    unknown = invoke("hub", "collection", "add", "x", "--title", "X", "--as", "nobody")
    assert unknown.exit_code != 0 and "no active user" in unknown.output
    assert "no collections yet" in invoke("hub", "collection", "list").output
