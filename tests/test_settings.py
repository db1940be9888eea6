"""The settings table: precedence, types, secret masking."""

from __future__ import annotations

from pathlib import Path

import pytest

from resonanz.errors import ConfigError
from resonanz.settings import BY_NAME, MASK, SETTINGS, Settings, load_settings


def test_defaults_without_file_or_env(tmp_path: Path) -> None:
    s = load_settings(env={}, cwd=tmp_path)
    assert s.database_url == "sqlite:///./resonanz.db"
    assert s.batch_size == 1000
    assert s.youtube_api_key is None
    assert all(s.source(x.name) == "default" for x in SETTINGS)


def test_table_and_dataclass_agree() -> None:
    fields = {f for f in Settings.__dataclass_fields__ if f != "sources"}
    assert fields == set(BY_NAME)
    for setting in SETTINGS:
        assert setting.env == "RESONANZ_" + setting.name.upper()
        assert Settings().value(setting.name) == setting.default


def test_precedence_file_then_env_then_flag(tmp_path: Path) -> None:
    (tmp_path / "resonanz.toml").write_text(
        'database_url = "sqlite:///from-file.db"\nbatch_size = 50\nworkers = 3\n'
    )
    s = load_settings(env={}, cwd=tmp_path)
    assert (s.database_url, s.batch_size, s.workers) == ("sqlite:///from-file.db", 50, 3)
    assert s.source("batch_size").startswith("file ")

    env = {"RESONANZ_DATABASE_URL": "sqlite:///from-env.db", "RESONANZ_BATCH_SIZE": "70"}
    s = load_settings(env=env, cwd=tmp_path)
    assert (s.database_url, s.batch_size, s.workers) == ("sqlite:///from-env.db", 70, 3)
    assert s.source("database_url") == "env RESONANZ_DATABASE_URL"
    assert s.source("workers").startswith("file ")

    s = load_settings(env=env, cwd=tmp_path, overrides={"database_url": "sqlite:///flag.db"})
    assert s.database_url == "sqlite:///flag.db"
    assert s.source("database_url") == "flag --db"
    assert s.batch_size == 70


def test_explicit_config_and_resonanz_table(tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('[resonanz]\nmastodon_instance = "https://example.social"\n')
    s = load_settings(cfg, env={}, cwd=tmp_path)
    assert s.mastodon_instance == "https://example.social"
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml", env={})


def test_unknown_key_and_bad_types_are_config_errors(tmp_path: Path) -> None:
    (tmp_path / "resonanz.toml").write_text("batch_sise = 5\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env={}, cwd=tmp_path)
    assert "batch_sise" in info.value.message
    assert info.value.hint is not None and "batch_size" in info.value.hint

    with pytest.raises(ConfigError, match="RESONANZ_WORKERS"):
        load_settings(env={"RESONANZ_WORKERS": "many"}, cwd=tmp_path / "none")
    with pytest.raises(ConfigError, match="at least 1"):
        load_settings(env={"RESONANZ_BATCH_SIZE": "0"}, cwd=tmp_path / "none")


def test_invalid_toml_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "resonanz.toml").write_text("workers = 2\ndatabase_url = sqlite\n")
    with pytest.raises(ConfigError, match="line 2"):
        load_settings(env={}, cwd=tmp_path)


def test_secrets_are_masked_everywhere(tmp_path: Path) -> None:
    secret = "AIzaSy-very-secret-key-123"
    s = load_settings(
        env={"RESONANZ_YOUTUBE_API_KEY": secret, "RESONANZ_MASTODON_TOKEN": "tok-456"},
        cwd=tmp_path,
    )
    assert s.youtube_api_key == secret  # usable by code
    assert s.display("youtube_api_key") == MASK
    assert secret not in repr(s)
    assert "tok-456" not in repr(s)
    assert all(secret not in value for _, value, _ in s.rows())
    assert s.display("mastodon_instance") == "(unset)"


def test_bad_secret_value_is_not_echoed(tmp_path: Path) -> None:
    (tmp_path / "resonanz.toml").write_text("youtube_api_key = 123456789\n")
    with pytest.raises(ConfigError) as info:
        load_settings(env={}, cwd=tmp_path)
    assert "123456789" not in str(info.value)
