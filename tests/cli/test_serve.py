"""``resonanz serve`` hands the settings it loaded to the web app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Invoke


def test_serve_gives_the_app_the_settings_of_its_config_file(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, workdir: Path
) -> None:
    pytest.importorskip("uvicorn")
    import uvicorn

    served: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.update(app=app))
    key = "q" * 40
    config = workdir / "elsewhere.toml"
    config.write_text(f'pseudonym_key = "{key}"\n', encoding="utf-8")
    db = f"sqlite:///{workdir / 'w.db'}"
    result = invoke("--config", str(config), "--db", db, "serve", "--port", "8765")
    assert result.exit_code == 0, result.output
    settings = served["app"].state.resonanz.config.settings
    assert settings.pseudonym_key == key  # from --config, not from the working directory
    assert key not in result.output and key not in repr(served["app"].state.resonanz.config)
