"""Commands that need an optional extra fail with a hint, not a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from resonanz import extras
from resonanz.cli.demo import next_steps
from tests.cli.conftest import Invoke


@pytest.mark.parametrize(
    "args", [("serve", "--port", "8765"), ("users", "list"), ("tokens", "list")]
)
def test_web_commands_without_the_web_extra(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.setattr(extras, "activate_hint", lambda: None)
    result = invoke(*args)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "missing: uvicorn" in result.stderr
    assert "hint: " in result.stderr and "pip install -e '.[web]'" in result.stderr
    assert "Traceback" not in result.stderr


def test_demo_next_lines_ask_to_activate_the_venv(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    monkeypatch.setattr(extras, "activate_hint", lambda: ". .venv/bin/activate")
    lines = next_steps(workdir)
    assert lines[0] == "next: activate the environment first: . .venv/bin/activate"
    assert any("resonanz stats" in line for line in lines[1:])
    monkeypatch.setattr(extras, "activate_hint", lambda: None)
    assert not any("activate" in line for line in next_steps(workdir))


def test_demo_without_the_web_extra_says_how_to_get_it(
    monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)
    (web,) = [line for line in next_steps(workdir) if line.startswith("web app:")]
    assert "pip install -e '.[web]'" in web and "resonanz serve" in web
