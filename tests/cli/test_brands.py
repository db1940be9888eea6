"""``resonanz brands import`` / ``list``: round trip through the store, validation errors."""

from __future__ import annotations

import json
from pathlib import Path

from resonanz.catalog import load_catalog
from tests.cli.conftest import Invoke

EXAMPLE = Path(__file__).resolve().parents[2] / "src/resonanz/data/catalog.example.toml"


def test_import_then_list_round_trip(invoke: Invoke, db_url: str) -> None:
    result = invoke("--db", db_url, "brands", "import", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    expected = load_catalog(EXAMPLE)
    assert f"stored {len(expected)} brands" in result.stdout

    listed = invoke("--db", db_url, "brands", "list", "--json")
    assert listed.exit_code == 0
    assert json.loads(listed.stdout) == expected.to_list()

    table = invoke("--db", db_url, "brands", "list")
    assert "Maybelline" in table.stdout and "Fit Me Foundation" in table.stdout


def test_reimport_replaces_the_catalog(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'b.db'}"
    assert invoke("--db", db, "brands", "import", str(EXAMPLE)).exit_code == 0
    small = workdir / "small.toml"
    small.write_text('[[brand]]\nname = "Nivea"\naliases = ["NIVEA Men"]\n', encoding="utf-8")
    assert invoke("--db", db, "brands", "import", str(small)).exit_code == 0
    listed = json.loads(invoke("--db", db, "brands", "list", "--json").stdout)
    assert [b["name"] for b in listed] == ["Nivea"]


def test_validation_error_exit_2_names_file_brand_and_missing(
    invoke: Invoke, workdir: Path
) -> None:
    bad = workdir / "brands.toml"
    bad.write_text('[[brand]]\nname = "Maybelline"\ncompetitors = ["Loreal"]\n', encoding="utf-8")
    result = invoke("--db", f"sqlite:///{workdir / 'b.db'}", "brands", "import", str(bad))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: ")
    assert "brands.toml" in first and "Maybelline" in first and "Loreal" in first
    assert "Traceback" not in result.output


def test_list_empty_catalog(invoke: Invoke, workdir: Path) -> None:
    db = f"sqlite:///{workdir / 'e.db'}"
    assert invoke("--db", db, "init").exit_code == 0
    result = invoke("--db", db, "brands", "list", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "no brands" in invoke("--db", db, "brands", "list").stdout
