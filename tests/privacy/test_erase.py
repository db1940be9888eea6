"""Erasure (Art. 17) and access (Art. 15) of one author, on SQLite and PostgreSQL.

The workspace is built the way a user builds one: a YouTube export is imported (with
a broken record that names the author, so it lands in quarantine), analysed, the
inbox synced and a reply drafted. After the erasure every table is scanned (raw
payloads decompressed), and the database itself: the SQLite file and its WAL as
bytes, PostgreSQL through ``pg_dump``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select, update

from resonanz.analysis.engine.runner import analyze
from resonanz.cli.main import cli
from resonanz.dialogue import inbox
from resonanz.errors import UsageError
from resonanz.privacy import Subject, erase_author, export_author
from resonanz.privacy.erase import _Redactor
from resonanz.service import Workspace
from resonanz.store import rollups
from resonanz.store.inbox_schema import dialogue_items
from resonanz.store.schema import posts, privacy_log, quarantine, rollup_posts
from tests.privacy.scan import traces

HANDLE = "LenaGlanzvoll"
SECRET_TEXT = "Mein Hautarzt sagt, meine Rosazea"  # a text only the subject wrote
REPLY_TO_HER = f"@{HANDLE} das Serum von Marke hat bei mir auch gebrannt"
BRANDS = [
    {
        "name": "Marke",
        "aliases": ["Marke"],
        "products": [{"name": "Glow Serum"}],
        "own_accounts": {"youtube": ["UCmarke"]},
    }
]


def _comment(cid: str, author: str, text: str, parent: str | None = None) -> dict[str, Any]:
    snippet: dict[str, Any] = {
        "videoId": "vid1",
        "textOriginal": text,
        "textDisplay": text,
        "authorDisplayName": f"@{author}",  # YouTube shows handles as names
        "authorChannelId": {"value": f"UC{author.lower()}"},
        "likeCount": 2,
        "publishedAt": "2026-11-20T09:00:00Z",
        "updatedAt": "2026-11-20T09:00:00Z",
    }
    if parent:
        snippet["parentId"] = parent
    return {"kind": "youtube#comment", "id": cid, "snippet": snippet}


def _export(path: Path) -> Path:
    items = [
        _comment("c1", HANDLE, f"{SECRET_TEXT} verträgt das Glow Serum von Marke nicht. Was tun?"),
        _comment("c2", HANDLE, "Marke, warum brennt das Glow Serum so? Ich will mein Geld zurück!"),
        _comment("c3", "AndereKundin", "Das Glow Serum von Marke ist super, kaufe ich wieder."),
        _comment("c4", "NochJemand", REPLY_TO_HER, parent="c1"),
    ]
    broken = {"kind": "youtube#comment", "id": "c5", "snippet": {"authorDisplayName": HANDLE}}
    lines = [orjson.dumps({"kind": "youtube#commentListResponse", "items": [i]}) for i in items]
    lines.append(orjson.dumps({"kind": "youtube#commentListResponse", "items": [broken]}))
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


@pytest.fixture
def ws(db_url: str, tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.open(db_url)
    workspace.init()
    workspace.save_brands(BRANDS)
    summary = workspace.import_file(_export(tmp_path / "comments.jsonl"), "youtube-api")
    assert (summary.new, summary.rejected) == (4, 1), summary.errors
    analyze(workspace)
    inbox.sync(workspace.engine)
    with workspace.engine.begin() as conn:  # a reply drafted to her, naming her
        conn.execute(update(dialogue_items).values(draft=f"Hallo @{HANDLE}, das tut uns leid!"))
    yield workspace
    workspace.engine.dispose()


def _database_bytes(engine: Engine, tmp_path: Path) -> bytes:
    url = engine.url
    if url.get_backend_name() == "sqlite":
        db = Path(str(url.database))
        return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal")) if p.exists())
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump not installed")
    command = ["pg_dump", "-h", str(url.host), "-U", str(url.username), str(url.database)]
    return subprocess.run(command, check=True, capture_output=True).stdout


def _rollup_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(select(rollup_posts)))


def test_erase_leaves_no_trace_and_keeps_everyone_else(ws: Workspace, tmp_path: Path) -> None:
    engine = ws.engine
    assert traces(engine, (HANDLE,)), "the fixture must name the author somewhere"
    report = erase_author(engine, Subject.parse(f"youtube:@{HANDLE}"), "admin")
    assert (report.posts, report.quarantined, report.tombstones) == (2, 1, 2)
    assert report.compacted
    assert report.dependent_rows > 0 and report.redacted_rows >= 1
    assert traces(engine, (HANDLE, SECRET_TEXT, "uclenaglanzvoll")) == []
    dump = _database_bytes(engine, tmp_path)
    assert HANDLE.encode() not in dump and HANDLE.lower().encode() not in dump
    assert SECRET_TEXT.encode() not in dump
    with engine.connect() as conn:
        left = dict(conn.execute(select(posts.c.native_id, posts.c.text)).all())
        (log,) = conn.execute(select(privacy_log.c.action, privacy_log.c.detail)).all()
        assert conn.execute(select(func.count()).select_from(quarantine)).scalar_one() == 0
    assert sorted(left) == ["c3", "c4"]  # the others' posts stay, the reply redacted
    assert left["c4"] == "@[gelöscht] das Serum von Marke hat bei mir auch gebrannt"
    assert log.action == "erase" and HANDLE.lower() not in json.dumps(log.detail).lower()
    # the rollups are exactly what a rebuild from the remaining posts gives
    after = _rollup_rows(engine)
    with engine.begin() as conn:
        rollups.rebuild(conn)
    assert after == _rollup_rows(engine) and sum(r[-1] for r in after) > 0


def test_a_reimport_does_not_bring_erased_posts_back(ws: Workspace, tmp_path: Path) -> None:
    erase_author(ws.engine, Subject.parse(f"youtube:{HANDLE}"), "admin")
    again = ws.import_file(_export(tmp_path / "again.jsonl"), "youtube-api")
    assert (again.new, again.updated, again.unchanged) == (0, 0, 4)
    with ws.engine.connect() as conn:
        left = dict(conn.execute(select(posts.c.native_id, posts.c.text)).all())
    assert sorted(left) == ["c3", "c4"]
    assert HANDLE not in left["c4"]  # same content hash: the redacted reply stays redacted


def test_access_export_holds_everything_about_the_author(ws: Workspace) -> None:
    document = export_author(ws.engine, Subject.parse(f"youtube:{HANDLE}"), "admin")
    tables = document["tables"]
    assert sorted(p["native_id"] for p in tables["posts"]) == ["c1", "c2"]
    assert all(p["raw"]["snippet"]["authorDisplayName"] == f"@{HANDLE}" for p in tables["posts"])
    assert len(tables["post_analysis"]) == 2 and tables["post_mentions"]
    assert any(HANDLE in (i["draft"] or "") for i in tables["dialogue_items"])
    assert len(tables["quarantine"]) == 1
    assert document["counts"]["posts"] == 2
    orjson.dumps(document)  # JSON-ready
    with ws.engine.connect() as conn:
        (action,) = conn.execute(select(privacy_log.c.action)).scalars()
    assert action == "export"


def test_cli_erase_and_export(ws: Workspace, tmp_path: Path) -> None:
    url = str(ws.engine.url.render_as_string(hide_password=False))
    runner = CliRunner()
    out = tmp_path / "lena.json"
    done = runner.invoke(
        cli, ["--db", url, "privacy", "export", "--author", f"youtube:{HANDLE}", "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    assert len(orjson.loads(out.read_bytes())["tables"]["posts"]) == 2
    refused = runner.invoke(
        cli, ["--db", url, "privacy", "erase", "--author", f"youtube:{HANDLE}"], input="n\n"
    )
    assert refused.exit_code != 0
    done = runner.invoke(
        cli, ["--db", url, "privacy", "erase", "--author", f"youtube:{HANDLE}", "--yes"]
    )
    assert done.exit_code == 0 and "erased 2 posts" in done.output, done.output
    bad = runner.invoke(cli, ["--db", url, "privacy", "erase", "--author", "nohandle", "--yes"])
    assert bad.exit_code == 2 and "PLATFORM:HANDLE" in bad.output


@pytest.mark.parametrize("text", ["youtube", "youtube:", ":anna", "youtube:@"])
def test_subject_needs_platform_and_handle(text: str) -> None:
    with pytest.raises(UsageError):
        Subject.parse(text)


def test_an_erasure_that_finds_nothing_changes_nothing(ws: Workspace) -> None:
    report = erase_author(ws.engine, Subject.parse("youtube:@nobody_here"), "admin")
    assert (report.posts, report.quarantined, report.redacted_rows) == (0, 0, 0)
    assert report.compacted is False  # nothing to rewrite
    with ws.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(posts)).scalar_one() == 4


def test_a_busy_database_skips_compaction_but_keeps_the_erasure(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import resonanz.privacy.erase as erase_module

    def busy(engine: Engine) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(erase_module, "_compact", busy)
    report = erase_author(ws.engine, Subject.parse(f"youtube:{HANDLE}"), "admin")
    assert report.posts == 2 and report.compacted is False
    assert traces(ws.engine, (SECRET_TEXT,)) == []


def test_a_handle_is_erased_as_a_whole_word_only() -> None:
    redact = _Redactor("anna").text
    assert redact("Danke anna. Und @anna!") == "Danke [gelöscht]. Und @[gelöscht]!"
    # other people's handles that merely contain it stay as they are
    for other in ("anna.b", "b.anna", "anna-b", "@annabell", "@anna_b", "hanna"):
        assert redact(other) == other


def test_other_authors_whose_handle_contains_it_keep_theirs(ws: Workspace, tmp_path: Path) -> None:
    fan = f"{HANDLE}-Fan"
    path = tmp_path / "fan.jsonl"
    item = _comment("c9", fan, f"Ich bin nicht {HANDLE}, aber das Glow Serum von Marke mag ich.")
    path.write_bytes(orjson.dumps({"kind": "youtube#commentListResponse", "items": [item]}))
    assert ws.import_file(path, "youtube-api").new == 1
    erase_author(ws.engine, Subject.parse(f"youtube:@{HANDLE}"), "admin")
    with ws.engine.connect() as conn:
        handle, text = conn.execute(
            select(posts.c.author_handle, posts.c.text).where(posts.c.native_id == "c9")
        ).one()
    assert handle == f"@{fan}"
    assert text == "Ich bin nicht [gelöscht], aber das Glow Serum von Marke mag ich."
    # the brand rollups are untouched by the redaction and still equal a rebuild
    after = _rollup_rows(ws.engine)
    with ws.engine.begin() as conn:
        rollups.rebuild(conn)
    assert after == _rollup_rows(ws.engine)
