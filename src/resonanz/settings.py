"""Settings: one table drives loading, the ``resonanz settings`` command and the docs.

Every setting is declared once in :data:`SETTINGS` with its type, default, help text
and environment variable. Values are resolved in this order, later ones winning::

    defaults  <  resonanz.toml (working directory, or --config FILE)
              <  RESONANZ_* environment variables  <  command-line flags

The resolved :class:`Settings` remembers where each value came from, so users can
see why a value is what it is. Secret settings (API keys, tokens) are never shown:
:meth:`Settings.display` masks them, and their values never appear in error messages.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resonanz.errors import ConfigError

#: File looked up in the working directory when no ``--config`` is given.
CONFIG_FILE = "resonanz.toml"
DEFAULT_DATABASE_URL = "sqlite:///./resonanz.db"
MASK = "******** (hidden)"

SettingValue = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Setting:
    """The declaration of one setting (one row of the settings table)."""

    name: str
    type: type[str] | type[int] | type[float] | type[bool]
    default: SettingValue
    help: str
    secret: bool = False
    flag: str | None = None  # the global CLI flag that overrides it, if any
    #: a per-platform number of days ("90" or "youtube=30, reddit=90, *=365"); see
    #: :func:`platform_days`. A TOML file may also give a number or a table.
    per_platform: bool = False

    @property
    def env(self) -> str:
        """The environment variable that sets this value."""
        return "RESONANZ_" + self.name.upper()

    @property
    def type_name(self) -> str:
        return self.type.__name__


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        str,
        DEFAULT_DATABASE_URL,
        "Where the workspace lives: a SQLite file (sqlite:///path) or a PostgreSQL server "
        "(postgresql+psycopg://user@host/db).",
        flag="--db",
    ),
    Setting(
        "youtube_api_key",
        str,
        None,
        "YouTube Data API v3 key used by `resonanz import youtube`.",
        secret=True,
    ),
    Setting(
        "youtube_api_url",
        str,
        "https://www.googleapis.com/youtube/v3",
        "Base URL of the YouTube Data API (change only for a proxy or a test server).",
    ),
    Setting(
        "mastodon_instance",
        str,
        None,
        "Mastodon server used by `resonanz import mastodon`, e.g. https://mastodon.social.",
    ),
    Setting(
        "mastodon_token",
        str,
        None,
        "Mastodon access token (optional; public timelines work without one).",
        secret=True,
    ),
    Setting(
        "youtube_oauth_token",
        str,
        None,
        "OAuth access token of the brand's YouTube channel (scope youtube.force-ssl), used to "
        "publish inbox replies.",
        secret=True,
    ),
    Setting(
        "reddit_oauth_token",
        str,
        None,
        "OAuth access token of the brand's Reddit account (scope submit), used to publish "
        "inbox replies.",
        secret=True,
    ),
    Setting(
        "reddit_api_url",
        str,
        "https://oauth.reddit.com",
        "Base URL of the Reddit OAuth API (change only for a proxy or a test server).",
    ),
    Setting(
        "reddit_public_url",
        str,
        "https://www.reddit.com",
        "Base URL of Reddit's public JSON listings read by `resonanz watch add reddit` "
        "(change only for a proxy or a test server).",
    ),
    Setting(
        "reddit_user_agent",
        str,
        "python:resonanz-social-listening:0.1 (self-hosted; public listings only)",
        "User-Agent sent to Reddit; Reddit asks for a unique, descriptive one, ideally "
        "naming your Reddit account (e.g. `python:acme-listening:1.0 (by /u/acme)`).",
    ),
    Setting(
        "hub_thumbnail_hosts",
        str,
        None,
        "Further hosts `resonanz hub thumbnails fetch` may copy images from, comma-separated "
        "(`i.redd.it, files.mastodon.social`, or `host:port`); i.ytimg.com, yt3.ggpht.com "
        "and yt3.googleusercontent.com are always allowed.",
    ),
    Setting(
        "hub_thumbnail_max_kb",
        int,
        2048,
        "Largest image `resonanz hub thumbnails fetch` copies, in KiB (a larger one is "
        "dropped while it streams in).",
    ),
    Setting(
        "hub_thumbnail_timeout",
        float,
        10.0,
        "Seconds one thumbnail may take to arrive, however slowly the server sends it.",
    ),
    Setting(
        "enforce_every",
        str,
        "1d",
        "How often `resonanz worker` enforces the retention settings (`12h`, `1d`, `7d`); "
        "`off` never.",
    ),
    Setting(
        "batch_size",
        int,
        1000,
        "Records written to the store per transaction during imports and analysis.",
    ),
    Setting(
        "import_max_expansion",
        int,
        250,
        "Largest decompression ratio a .gz/.zst input may show (checked past 64 MiB); "
        "beyond it the import stops as a decompression bomb.",
    ),
    Setting(
        "import_max_member_mb",
        int,
        256,
        "Largest uncompressed part of an XLSX workbook (sheet, shared strings), in MiB; "
        "also the most a compressed workbook may spool to disk.",
    ),
    Setting(
        "import_max_blank_rows",
        int,
        1_000_000,
        "Consecutive empty rows after which a CSV/XLSX import stops as padding.",
    ),
    Setting(
        "workers",
        int,
        1,
        "Worker processes used by analysis (1 = run in the calling process).",
    ),
    Setting(
        "http_timeout",
        float,
        30.0,
        "Seconds to wait for a live API or feed before giving up.",
    ),
    Setting(
        "retention_raw",
        str,
        None,
        "Days a post's raw platform record is kept after publication, per platform: `90` "
        "or `youtube=30, reddit=90, *=365` (`forever` keeps a platform's); unset keeps "
        "forever. `resonanz privacy enforce` removes older ones.",
        per_platform=True,
    ),
    Setting(
        "retention_posts",
        str,
        None,
        "Days a post (text, author, analyses) is kept after publication, per platform (same "
        "form as retention_raw); older posts are deleted by `resonanz privacy enforce`, their "
        "figures subtracted from the rollups.",
        per_platform=True,
    ),
    Setting(
        "retention_inbox",
        str,
        None,
        "Days inbox texts (drafts, dismissal reasons, sent reply texts, audit details) are "
        "kept after the item's last change, per platform; older ones are blanked, the items "
        "and their timestamps stay for the metrics.",
        per_platform=True,
    ),
    Setting(
        "pseudonymise_import",
        bool,
        False,
        "Pseudonymise every import (as `resonanz import --pseudonymise`): author handles and "
        "ids become keyed hashes, raw records are not stored. Needs pseudonym_key.",
    ),
    Setting(
        "pseudonym_key",
        str,
        None,
        "Key of the pseudonyms (HMAC-SHA256), at least 32 characters; create one with "
        "`resonanz privacy new-key`. Losing or changing it gives the same author a new "
        "pseudonym.",
        secret=True,
    ),
    Setting(
        "pseudonymise_exempt",
        str,
        None,
        "Accounts kept in clear when pseudonymising, besides the catalog's own accounts: "
        "`youtube:@creator, reddit:someone` (declared creators go here).",
    ),
)

BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings with the origin of every value."""

    database_url: str = DEFAULT_DATABASE_URL
    youtube_api_key: str | None = None
    youtube_api_url: str = "https://www.googleapis.com/youtube/v3"
    mastodon_instance: str | None = None
    mastodon_token: str | None = None
    youtube_oauth_token: str | None = None
    reddit_oauth_token: str | None = None
    reddit_api_url: str = "https://oauth.reddit.com"
    reddit_public_url: str = "https://www.reddit.com"
    reddit_user_agent: str = (
        "python:resonanz-social-listening:0.1 (self-hosted; public listings only)"
    )
    hub_thumbnail_hosts: str | None = None
    hub_thumbnail_max_kb: int = 2048
    hub_thumbnail_timeout: float = 10.0
    enforce_every: str = "1d"
    batch_size: int = 1000
    import_max_expansion: int = 250
    import_max_member_mb: int = 256
    import_max_blank_rows: int = 1_000_000
    workers: int = 1
    http_timeout: float = 30.0
    retention_raw: str | None = None
    retention_posts: str | None = None
    retention_inbox: str | None = None
    pseudonymise_import: bool = False
    pseudonym_key: str | None = None
    pseudonymise_exempt: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    def value(self, name: str) -> SettingValue:
        if name not in BY_NAME:
            raise KeyError(name)
        result: SettingValue = getattr(self, name)
        return result

    def source(self, name: str) -> str:
        return self.sources.get(name, "default")

    def display(self, name: str) -> str:
        """The value as it may be shown to a user: secrets masked, unset as ``(unset)``."""
        value = self.value(name)
        if value is None:
            return "(unset)"
        if BY_NAME[name].secret:
            return MASK
        return str(value)

    def rows(self) -> list[tuple[str, str, str]]:
        """``(name, display value, source)`` for every setting, in table order."""
        return [(s.name, self.display(s.name), self.source(s.name)) for s in SETTINGS]

    def __repr__(self) -> str:  # never leak secrets through a repr in a traceback or log
        inner = ", ".join(f"{n}={v!r}" for n, v, _ in self.rows())
        return f"Settings({inner})"


#: what a per-platform setting says for a platform it does not name
ANY_PLATFORM = "*"
FOREVER = "forever"


def platform_days(text: str | None) -> dict[str, int | None]:
    """``"90"`` or ``"youtube=30, reddit=90, *=365"`` as ``{platform: days}``.

    A bare number applies to every platform (key ``*``); ``forever`` (or ``never``)
    keeps a platform's data without limit (``None``). Raises ``ValueError``.
    """
    found: dict[str, int | None] = {}
    for part in (text or "").replace(";", ",").split(","):
        if not part.strip():
            continue
        name, sep, value = part.partition("=")
        platform = name.strip().casefold() if sep else ANY_PLATFORM
        value = (value if sep else name).strip().casefold().removesuffix("d").strip()
        if not platform or platform in found:
            raise ValueError(part.strip())
        if value in (FOREVER, "never"):
            found[platform] = None
            continue
        days = int(value)
        if days < 1:
            raise ValueError(part.strip())
        found[platform] = days
    return found


def _per_platform(setting: Setting, raw: object, origin: str) -> str:
    """A per-platform value as its canonical text (a TOML number or table is accepted)."""
    if isinstance(raw, Mapping):
        raw = ", ".join(f"{k}={v}" for k, v in raw.items())
    elif isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    try:
        if not isinstance(raw, str):
            raise ValueError(raw)
        days = platform_days(raw)
    except ValueError:
        raise ConfigError(
            f"{origin}: {raw!r} is not a number of days per platform for {setting.name!r}",
            hint="write e.g. 90, or youtube=30, reddit=90, *=365 (forever keeps a platform's)",
        ) from None
    return ", ".join(f"{k}={FOREVER if v is None else v}" for k, v in days.items())


def _convert(setting: Setting, raw: object, origin: str) -> SettingValue:
    """Coerce ``raw`` to the setting's type; errors name the origin, never a secret value."""
    shown = "the value" if setting.secret else repr(raw)
    if raw is None:
        return None
    if setting.per_platform:
        return _per_platform(setting, raw, origin) or None
    target = setting.type
    try:
        if target is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(text)
        if target is int:
            if isinstance(raw, bool | float):
                raise ValueError(raw)
            return int(str(raw).strip())
        if target is float:
            if isinstance(raw, bool):
                raise ValueError(raw)
            return float(str(raw).strip())
        if not isinstance(raw, str):
            raise ValueError(raw)
        return raw
    except ValueError:
        raise ConfigError(
            f"{origin}: {shown} is not a valid {setting.type_name} for {setting.name!r}",
            hint=f"{setting.name}: {setting.help}",
        ) from None


def _positive(setting: Setting, value: SettingValue, origin: str) -> None:
    if setting.type is int and isinstance(value, int) and value < 1:
        raise ConfigError(
            f"{origin}: {setting.name} must be at least 1, got {value}",
            hint=f"{setting.name}: {setting.help}",
        )


def read_config_file(path: Path) -> dict[str, Any]:
    """Parse a ``resonanz.toml``; unknown keys are an error that lists the known ones."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(
            f"{path}: cannot read settings file: {exc.strerror}",
            hint="check the --config path",
        ) from exc
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text", hint="save the file as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: invalid TOML: {exc}", hint="fix the syntax at the line shown"
        ) from None
    # Keys may sit at the top level or inside a [resonanz] table.
    section = dict(data)
    nested = section.pop("resonanz", None)
    if isinstance(nested, dict):
        section.update(nested)
    elif nested is not None:
        section["resonanz"] = nested
    unknown = sorted(k for k in section if k not in BY_NAME)
    if unknown:
        raise ConfigError(
            f"{path}: unknown setting(s): {', '.join(unknown)}",
            hint="known settings: " + ", ".join(BY_NAME),
        )
    return {k: v for k, v in section.items() if k in BY_NAME}


def load_settings(
    config: Path | str | None = None,
    *,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Resolve every setting: defaults < config file < environment < ``overrides``.

    ``config`` is an explicit file (it must exist); without it ``resonanz.toml`` in
    ``cwd`` (default: the working directory) is used when present. ``overrides`` are
    command-line values keyed by setting name; ``None`` values are ignored.
    """
    env = os.environ if env is None else env
    values: dict[str, SettingValue] = {s.name: s.default for s in SETTINGS}
    sources: dict[str, str] = {s.name: "default" for s in SETTINGS}

    path: Path | None = None
    if config is not None:
        path = Path(config)
        if not path.is_file():
            raise ConfigError(f"{config}: settings file not found", hint="check the --config path")
    else:
        candidate = (cwd or Path.cwd()) / CONFIG_FILE
        path = candidate if candidate.is_file() else None
    if path is not None:
        for name, raw in read_config_file(path).items():
            setting = BY_NAME[name]
            origin = f"{path} ({name})"
            values[name] = _convert(setting, raw, origin)
            sources[name] = f"file {path}"

    for setting in SETTINGS:
        raw_env = env.get(setting.env)
        if raw_env is not None and raw_env != "":
            values[setting.name] = _convert(setting, raw_env, f"environment {setting.env}")
            sources[setting.name] = f"env {setting.env}"

    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in BY_NAME:
            raise ConfigError(f"unknown setting {name!r}", hint="known: " + ", ".join(BY_NAME))
        setting = BY_NAME[name]
        values[name] = _convert(setting, raw, f"option {setting.flag or name}")
        sources[name] = f"flag {setting.flag}" if setting.flag else "flag"

    for setting in SETTINGS:
        _positive(setting, values[setting.name], sources[setting.name])
    return Settings(**values, sources=sources)  # type: ignore[arg-type]


def settings_markdown() -> str:
    """The settings table as Markdown (the generated part of ``docs/settings.md``)."""
    lines = [
        "| name | type | default | environment variable | description |",
        "|---|---|---|---|---|",
    ]
    for s in SETTINGS:
        default = "(unset)" if s.default is None else f"`{s.default}`"
        help_text = s.help.replace("|", "\\|")
        if s.secret:
            help_text += " **Secret**: never printed, masked in `resonanz settings`."
        if s.flag:
            help_text += f" Command-line flag: `{s.flag}`."
        lines.append(f"| `{s.name}` | {s.type_name} | {default} | `{s.env}` | {help_text} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m resonanz.settings  -> regenerate the docs table
    print(settings_markdown(), end="")
