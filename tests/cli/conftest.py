"""CLI test helpers: an isolated working directory and environment for every test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from resonanz.cli.main import cli
from resonanz.settings import SETTINGS

Invoke = Callable[..., Result]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working directory with no resonanz.toml and no RESONANZ_* settings set."""
    for setting in SETTINGS:
        monkeypatch.delenv(setting.env, raising=False)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


@pytest.fixture
def invoke(workdir: Path) -> Invoke:
    """Run ``resonanz ARGS...`` in-process; stdout and stderr are kept apart."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return run
