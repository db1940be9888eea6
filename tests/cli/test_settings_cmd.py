"""``resonanz settings``: values with their source; secrets never shown."""

from __future__ import annotations

import json
from pathlib import Path

from resonanz.settings import MASK
from tests.cli.conftest import Invoke


def _by_name(output: str) -> dict[str, dict[str, str]]:
    return {row["name"]: row for row in json.loads(output)}


def test_defaults_are_listed(invoke: Invoke) -> None:
    result = invoke("settings", "--json")
    assert result.exit_code == 0, result.output
    rows = _by_name(result.stdout)
    assert rows["database_url"]["value"] == "sqlite:///./resonanz.db"
    assert rows["database_url"]["source"] == "default"
    assert rows["youtube_api_key"]["value"] == "(unset)"
    assert rows["batch_size"]["env"] == "RESONANZ_BATCH_SIZE"


def test_precedence_toml_env_flag(invoke: Invoke, workdir: Path) -> None:
    (workdir / "resonanz.toml").write_text(
        'database_url = "sqlite:///toml.db"\nbatch_size = 11\nworkers = 2\n'
    )
    rows = _by_name(invoke("settings", "--json").stdout)
    assert rows["database_url"]["value"] == "sqlite:///toml.db"
    assert rows["batch_size"]["source"].startswith("file ")

    env = {"RESONANZ_DATABASE_URL": "sqlite:///env.db", "RESONANZ_BATCH_SIZE": "22"}
    rows = _by_name(invoke("settings", "--json", env=env).stdout)
    assert rows["database_url"]["value"] == "sqlite:///env.db"
    assert rows["batch_size"]["value"] == "22"
    assert rows["batch_size"]["source"] == "env RESONANZ_BATCH_SIZE"
    assert rows["workers"]["value"] == "2"  # still from the file

    rows = _by_name(invoke("--db", "sqlite:///flag.db", "settings", "--json", env=env).stdout)
    assert rows["database_url"]["value"] == "sqlite:///flag.db"
    assert rows["database_url"]["source"] == "flag --db"


def test_explicit_config_file(invoke: Invoke, workdir: Path) -> None:
    other = workdir / "other.toml"
    other.write_text("workers = 4\n")
    rows = _by_name(invoke("--config", str(other), "settings", "--json").stdout)
    assert rows["workers"]["value"] == "4"


def test_secrets_are_masked_in_table_and_json(invoke: Invoke, workdir: Path) -> None:
    key, token = "AIzaSyTOPSECRET0123456789", "mastodon-token-abcdef"
    (workdir / "resonanz.toml").write_text(f'mastodon_token = "{token}"\n')
    env = {"RESONANZ_YOUTUBE_API_KEY": key}
    for args in (("settings",), ("settings", "--json")):
        result = invoke(*args, env=env)
        assert result.exit_code == 0
        assert key not in result.output and token not in result.output
        assert MASK in result.output


def test_database_password_is_hidden(invoke: Invoke) -> None:
    url = "postgresql+psycopg://alice:s3cr3tpw@db.example/resonanz"
    result = invoke("--db", url, "settings")
    assert "s3cr3tpw" not in result.output
    assert "db.example" in result.output


def test_bad_settings_file_is_exit_2_without_traceback(invoke: Invoke, workdir: Path) -> None:
    (workdir / "resonanz.toml").write_text("wrokers = 2\n")
    result = invoke("settings")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert "wrokers" in result.stderr and "hint: " in result.stderr
    assert "Traceback" not in result.output
