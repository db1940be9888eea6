"""``resonanz init`` and ``resonanz stats``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.cli.conftest import Invoke


def test_init_creates_sqlite_with_wal(invoke: Invoke, workdir: Path) -> None:
    result = invoke("init")
    assert result.exit_code == 0, result.output
    db = workdir / "resonanz.db"  # the default: ./resonanz.db
    assert db.is_file()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "posts" in tables


def test_init_uses_env_then_flag(invoke: Invoke, workdir: Path) -> None:
    env = {"RESONANZ_DATABASE_URL": f"sqlite:///{workdir / 'env.db'}"}
    assert invoke("init", env=env).exit_code == 0
    assert (workdir / "env.db").is_file()
    assert invoke("init", "--db", f"sqlite:///{workdir / 'flag.db'}", env=env).exit_code == 0
    assert (workdir / "flag.db").is_file()
    assert not (workdir / "resonanz.db").exists()


def test_init_twice_is_harmless(invoke: Invoke, db_url: str) -> None:
    assert invoke("--db", db_url, "init").exit_code == 0
    result = invoke("--db", db_url, "init")
    assert result.exit_code == 0
    assert "workspace ready" in result.stdout


def test_stats_after_import(invoke: Invoke, workdir: Path, db_url: str) -> None:
    data = workdir / "t.csv"
    data.write_text(
        "id,body,when\n1,hello,2024-05-01T10:00:00Z\n2,hallo,2024-05-02T10:00:00Z\n"
        "3,moin,2024-05-02T12:00:00Z\n",
        encoding="utf-8",
    )
    args = ["--db", db_url, "import", "--format", "table", "--platform", "reddit"]
    imported = invoke(*args, "--map", "native_id=id,text=body,created_at=when", str(data))
    assert imported.exit_code == 0, imported.output
    result = invoke("--db", db_url, "stats", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    flat = json.dumps(stats)
    assert "reddit" in flat and "2024-05-02" in flat
    table = invoke("--db", db_url, "stats")
    assert table.exit_code == 0 and "reddit" in table.stdout
    # a second platform years earlier: "by day" still shows reddit's days and its own
    old = workdir / "old.csv"
    old.write_text("id,body,when\n9,archiv,2015-02-20T10:00:00Z\n", encoding="utf-8")
    args[-1] = "x"
    assert invoke(*args, "--map", "native_id=id,text=body,created_at=when", str(old)).exit_code == 0
    lines = invoke("--db", db_url, "stats").stdout.splitlines()
    rows = {line.split()[1]: line for line in lines if line.strip().startswith("│")}
    assert "2015-02-20 (1)" in rows["x"]
    assert "2024-05-01 (1), 2024-05-02 (2)" in rows["reddit"]


def test_unreachable_database_is_reported(invoke: Invoke) -> None:
    result = invoke("--db", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none", "stats")
    assert result.exit_code != 0
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.output
    assert ":pw@" not in result.output


def test_subcommand_db_wins_over_global_db(invoke: Invoke, workdir: Path) -> None:
    outer, inner = workdir / "outer.db", workdir / "inner.db"
    result = invoke("--db", f"sqlite:///{outer}", "init", "--db", f"sqlite:///{inner}")
    assert result.exit_code == 0
    assert inner.is_file() and not outer.exists()


def test_rollups_rebuild_restores_the_tables(invoke: Invoke, workdir: Path, db_url: str) -> None:
    from sqlalchemy import delete, func, select

    from resonanz.store.engine import make_engine
    from resonanz.store.people_schema import rollup_people_content

    data = workdir / "t.csv"
    data.write_text(
        "id,body,when,user\n1,hello,2024-05-01T10:00:00Z,anna\n2,hallo,2024-05-02T10:00:00Z,ben\n",
        encoding="utf-8",
    )
    mapping = "native_id=id,text=body,created_at=when,author.handle=user"
    args = ["--db", db_url, "import", "--format", "table", "--platform", "reddit", "--map"]
    assert invoke(*args, mapping, str(data)).exit_code == 0
    engine = make_engine(db_url)
    count = select(func.count()).select_from(rollup_people_content)
    with engine.begin() as conn:
        before = conn.execute(count).scalar_one()
        conn.execute(delete(rollup_people_content))
    result = invoke("--db", db_url, "rollups", "rebuild")
    assert result.exit_code == 0, result.output
    assert "2 Beiträge (people rollups)" in result.stdout
    with engine.connect() as conn:
        assert conn.execute(count).scalar_one() == before == 2
    engine.dispose()
