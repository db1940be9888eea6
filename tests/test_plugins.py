"""One loader for every plug-in group: contracts documented, failures reported alike."""

from __future__ import annotations

import importlib
import inspect
import json
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from resonanz import plugins
from resonanz.errors import PluginLoadError, UsageError

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def install(root: Path, name: str, groups: dict[str, str]) -> None:
    """A minimal installed distribution whose entry points are ``{group: "lines"}``."""
    info = root / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    text = "".join(f"[{group}]\n{lines}\n\n" for group, lines in groups.items())
    (info / "entry_points.txt").write_text(text)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.syspath_prepend(str(tmp_path))
    plugins.clear_cache()
    yield tmp_path
    plugins.clear_cache()
    sys.modules.pop("odd_plugin_module", None)


def test_every_group_and_contract_is_documented() -> None:
    text = (DOCS / "plugins.md").read_text(encoding="utf-8")
    assert "](plugins.md)" in (DOCS / "index.md").read_text(encoding="utf-8")
    for group in plugins.GROUPS.values():
        module, protocol = group.contract.split(":")
        assert f"`{group.entry_point}`" in text, f"docs/plugins.md: no {group.entry_point}"
        assert f"`{protocol}`" in text, f"docs/plugins.md: no contract {protocol}"
        contract = getattr(importlib.import_module(module), protocol)
        assert inspect.getdoc(contract), f"{group.contract} has no docstring"


def test_builtins_are_declared_in_pyproject_and_all_load() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["entry-points"]
    for key, group in plugins.GROUPS.items():
        assert declared.get(group.entry_point), f"pyproject.toml declares no {group.entry_point}"
        assert set(declared[group.entry_point]) <= set(plugins.names(key))
        assert not plugins.failures(key), plugins.failures(key)


def test_every_group_reports_import_errors_wrong_types_and_duplicates(site: Path) -> None:
    (site / "odd_plugin_module.py").write_text("VALUE = 42\n")
    entries = {}
    for key, group in plugins.GROUPS.items():
        builtin = plugins.names(key)[0]
        entries[group.entry_point] = (
            f"gone = no_such_module_for_resonanz:thing\n"
            f"odd = odd_plugin_module:VALUE\n"
            f"{builtin} = odd_plugin_module:VALUE"
        )
    install(site, "odd_plugin", entries)
    plugins.clear_cache()
    failed = {(f.group, f.name): f for f in plugins.report() if isinstance(f, plugins.Failure)}
    for key in plugins.GROUPS:
        assert "no_such_module_for_resonanz" in failed[(key, "gone")].reason
        assert "odd_plugin_module:VALUE is not" in failed[(key, "odd")].reason
        builtin = plugins.names(key)[0]
        assert "already registered by resonanz" in failed[(key, builtin)].reason
        assert failed[(key, "odd")].origin == "odd_plugin 0.1"
        assert plugins.get(key, builtin) is not None  # the built-in is kept, still works
        with pytest.raises(PluginLoadError, match="is registered but failed to load"):
            plugins.get(key, "gone")


def test_unknown_names_and_groups() -> None:
    with pytest.raises(UsageError, match="unknown export format 'nope'") as info:
        plugins.get("exporters", "nope")
    assert "csv" in (info.value.hint or "")
    with pytest.raises(UsageError, match="unknown plug-in group"):
        plugins.names("gadgets")


def test_names_load_nothing() -> None:
    plugins.clear_cache()
    sys.modules.pop("resonanz.training.spam", None)
    assert "spam" in plugins.names("trainers")
    assert "resonanz.training.spam" not in sys.modules


def test_plugins_command_lists_every_group(site: Path) -> None:
    from resonanz.cli.main import cli

    result = CliRunner().invoke(cli, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {r["group"] for r in rows} == {g.entry_point for g in plugins.GROUPS.values()}
    assert all(r["status"] == "ok" and r["origin"].startswith("resonanz ") for r in rows)

    install(site, "broken_plugin", {"resonanz.exporters": "pdfx = no_such_module_x:write"})
    plugins.clear_cache()
    result = CliRunner().invoke(cli, ["plugins"])
    assert result.exit_code == 1
    assert "pdfx" in result.output and "no_such_module_x" in result.output
