"""The reference docs stay complete: every setting and every CLI command is documented."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

from resonanz.cli.main import cli
from resonanz.settings import SETTINGS, settings_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _commands(group: click.Group, prefix: str) -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        yield path, command
        if isinstance(command, click.Group):
            yield from _commands(command, path)


ALL_COMMANDS = list(_commands(cli, "resonanz"))


def test_settings_doc_matches_the_table() -> None:
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    assert settings_markdown() in text, (
        "docs/settings.md is out of date: paste the output of `python -m resonanz.settings`"
    )
    for setting in SETTINGS:
        assert f"`{setting.env}`" in text


def test_cli_has_commands() -> None:
    names = {path for path, _ in ALL_COMMANDS}
    assert {"resonanz init", "resonanz import", "resonanz stats", "resonanz demo"} <= names
    assert {"resonanz import youtube", "resonanz brands list", "resonanz settings"} <= names


@pytest.mark.parametrize(("path", "command"), ALL_COMMANDS, ids=[p for p, _ in ALL_COMMANDS])
def test_every_command_and_option_is_documented(path: str, command: click.Command) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ {re.escape(path)}\b", text, re.MULTILINE), (
        f"docs/cli.md has no heading for `{path}`"
    )
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in text, f"docs/cli.md does not mention {opt} of `{path}`"


def test_global_options_are_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for param in cli.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--") and opt != "--help":
                assert opt in text


# --- docs/api.md and docs/models.md (added with the documentation set) ---------------


def _api_route_paths(tmp_path: Path) -> set[str]:
    pytest.importorskip("fastapi")
    from resonanz.service import Workspace
    from resonanz.web.app import create_app, route_table

    workspace = Workspace.open(f"sqlite:///{tmp_path / 'docs.db'}")
    try:
        app = create_app(workspace)
        return {info.path for info in route_table(app.routes) if info.path.startswith("/api/v1")}
    finally:
        workspace.close()


def test_api_doc_lists_every_api_route(tmp_path: Path) -> None:
    paths = _api_route_paths(tmp_path)
    assert {"/api/v1/posts", "/api/v1/openapi.json"} <= paths  # the walk found the API
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    missing = sorted(path for path in paths if f"`{path}`" not in text)
    assert not missing, f"docs/api.md does not mention these API routes: {missing}"


def _shipped_artifacts() -> list[Path]:
    from resonanz.analysis.linear import MODEL_DIR

    return sorted(
        path
        for path in MODEL_DIR.iterdir()
        if path.is_file() and not path.name.endswith((".card.md", ".train.txt"))
    )


def test_models_doc_lists_every_shipped_artifact() -> None:
    artifacts = _shipped_artifacts()
    assert any(path.suffix == ".npz" for path in artifacts)
    text = (DOCS / "models.md").read_text(encoding="utf-8")
    missing = [path.name for path in artifacts if f"`{path.name}`" not in text]
    assert not missing, f"docs/models.md does not mention these shipped models: {missing}"


def test_models_doc_names_every_trainer_and_eval_data_set() -> None:
    from resonanz.evaluation import DATASETS
    from resonanz.training.registry import trainer_names

    text = (DOCS / "models.md").read_text(encoding="utf-8")
    for name in trainer_names():
        assert f"resonanz train {name}" in text, f"docs/models.md: no `resonanz train {name}`"
    for name in DATASETS:
        assert f"resonanz eval {name}" in text, f"docs/models.md: no `resonanz eval {name}`"


_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize(
    "page",
    [DOCS.parent / "README.md", DOCS.parent / "CHANGELOG.md", *sorted(DOCS.glob("*.md"))],
    ids=lambda p: p.name,
)
def test_relative_links_point_at_existing_files(page: Path) -> None:
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if target.startswith(("http://", "https://", "mailto:", "#")):
            continue
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.exists(), f"{page.name} links to {target}, which does not exist"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_readme_shows_every_command_group(name: str) -> None:
    text = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"resonanz {name}" in text, f"README.md has no example of `resonanz {name}`"
