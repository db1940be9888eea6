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
