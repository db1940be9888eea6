"""Install hints for the optional extras: a clone gets ``pip install -e '.[web]'``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from resonanz import extras
from resonanz.errors import ResonanzError

ROOT = Path(__file__).resolve().parents[1]


def test_running_from_the_clone_is_detected() -> None:
    assert extras.clone_root() == ROOT


def test_clone_hint_is_an_editable_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert extras.install_command("web") == "pip install -e '.[web]'"
    monkeypatch.chdir(ROOT / "docs")
    assert extras.install_command("pdf") == f"cd {ROOT} && pip install -e '.[pdf]'"


def test_installed_package_hint_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extras, "clone_root", lambda: None)
    assert extras.install_command("web") == "pip install 'resonanz[web]'"


def test_activation_is_asked_for_when_the_venv_is_not_active(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    venv = tmp_path / ".venv"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "prefix", str(venv))
    monkeypatch.setattr(sys, "base_prefix", "/usr")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    assert extras.activate_hint() == ". .venv/bin/activate"
    monkeypatch.setenv("VIRTUAL_ENV", str(venv))
    assert extras.activate_hint() is None
    monkeypatch.setattr(sys, "base_prefix", str(venv))
    monkeypatch.delenv("VIRTUAL_ENV")
    assert extras.activate_hint() is None  # not a venv at all


def test_missing_extra_is_an_error_with_the_install_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(extras, "activate_hint", lambda: None)
    with pytest.raises(ResonanzError) as info:
        extras.require_extra("web", "the web app")
    assert "missing: uvicorn" in info.value.message
    assert info.value.hint == "the web app needs the web extra: run `pip install -e '.[web]'`"
    monkeypatch.delitem(sys.modules, "uvicorn")
    extras.require_extra("web", "the web app")  # installed in the test environment
