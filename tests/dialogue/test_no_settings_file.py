"""The dialogue's domain code takes its configuration from its callers: no module of
``resonanz.dialogue`` loads the settings (``resonanz.toml``, ``RESONANZ_*``) or opens a
file itself. The CLI and the web app load the settings once and pass them in."""

from __future__ import annotations

from tests.support.source_imports import offending_imports, offending_names

#: Modules that read the settings file (or any TOML file).
FORBIDDEN_MODULES = ("resonanz.settings", "tomllib", "tomli")
#: Names that load settings, open files or read the environment.
FORBIDDEN_NAMES = frozenset(
    {
        "load_settings",
        "read_config_file",
        "CONFIG_FILE",
        "open",
        "read_text",
        "read_bytes",
        "environ",
        "getenv",
    }
)


def _reads_settings(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in FORBIDDEN_MODULES)


def test_dialogue_does_not_read_settings_from_disk() -> None:
    found = offending_imports("dialogue", _reads_settings)
    found += offending_names("dialogue", FORBIDDEN_NAMES)
    assert found == [], "\n".join(found)
