"""Column mappings: telling an importer which input column fills which Post field.

A mapping comes from ``--map`` (``native_id=tweet_id,text=text,author.handle=user``),
from ``--map-file mapping.toml`` or from both (the ``--map`` pairs win)::

    platform = "x"              # optional, like --platform
    kind = "tweet"              # optional, default "post"
    time_format = "%m/%d/%Y %H:%M"   # optional strptime format for created_at
    [map]
    native_id = "tweet_id"
    created_at = "tweet_created"
    "author.handle" = "user"

Every Post field can be a target; nested ones use a dot (``author.handle``,
``metrics.likes``). ``native_id`` and ``created_at`` are required. The table and
X importers turn a row (a mapping of column name to cell value) into a Post
with :func:`build_post`; a bad cell raises ``ValueError`` so the caller can
reject that one row.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from resonanz.errors import ConfigError, InputError
from resonanz.importers.plaintext import source_text
from resonanz.importers.textio import clean_text, extract_entities, parse_time
from resonanz.models import Author, Metrics, Post

#: Every field a column may be mapped to.
TARGETS: frozenset[str] = frozenset(
    {
        "platform",
        "native_id",
        "kind",
        "created_at",
        "text",
        "title",
        "thread_id",
        "parent_id",
        "url",
        "language",
        "author.id",
        "author.handle",
        "author.display_name",
        "author.followers",
        "author.is_own",
        "metrics.views",
        "metrics.likes",
        "metrics.replies",
        "metrics.shares",
        "metrics.score",
        "links",
        "hashtags",
        "mentions",
    }
)
REQUIRED: tuple[str, ...] = ("native_id", "created_at")

#: Extra strptime formats tried after :func:`parse_time` fails.
EXTRA_TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%d %b %Y %H:%M")
_US_TIME = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column feeds which Post field, plus defaults for the whole file."""

    columns: Mapping[str, str] = field(default_factory=dict)  # target field -> column name
    platform: str | None = None
    kind: str | None = None
    time_format: str | None = None

    def missing_in(self, present: list[str]) -> list[str]:
        """Mapped columns that are not among ``present`` (every mapped column must exist)."""
        have = set(present)
        return list(dict.fromkeys(c for c in self.columns.values() if c not in have))


def parse_map(spec: str) -> dict[str, str]:
    """Parse ``field=column,field=column`` into ``{field: column}``; ConfigError if malformed."""
    out: dict[str, str] = {}
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        target, sep, column = part.partition("=")
        target, column = target.strip(), column.strip()
        if not sep or not target or not column:
            raise ConfigError(
                f"bad --map entry {part!r}: expected field=column",
                hint="example: --map native_id=tweet_id,text=text,created_at=tweet_created",
            )
        out[_check_target(target)] = column
    return out


def _check_target(target: str) -> str:
    if target not in TARGETS:
        raise ConfigError(
            f"unknown Post field {target!r} in column mapping",
            hint="mappable fields: " + ", ".join(sorted(TARGETS)),
        )
    return target


def load_map_file(path: Path) -> ColumnMapping:
    """Read a TOML mapping file (see the module docstring for its shape)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read mapping file: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}", hint="check the mapping file") from exc
    table = data.get("map", {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ConfigError(f'{path}: [map] must be a table of field = "column" strings')
    extras = {}
    for key in ("platform", "kind", "time_format"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{path}: {key} must be a string")
        extras[key] = value
    columns = {_check_target(str(k)): str(v) for k, v in table.items()}
    return ColumnMapping(columns, extras["platform"], extras["kind"], extras["time_format"])


def mapping_from_options(options: Mapping[str, str]) -> ColumnMapping:
    """Combine ``options["map_file"]`` and ``options["map"]`` (the latter wins per field)."""
    base = ColumnMapping()
    if options.get("map_file"):
        base = load_map_file(Path(options["map_file"]))
    columns = dict(base.columns)
    if options.get("map"):
        columns.update(parse_map(options["map"]))
    return ColumnMapping(
        columns,
        options.get("platform") or base.platform,
        options.get("kind") or base.kind,
        options.get("time_format") or base.time_format,
    )


def check_columns(mapping: ColumnMapping, present: list[str], source: str) -> None:
    """Raise InputError naming the file, the missing column(s) and the columns present."""
    for target in REQUIRED:
        if target not in mapping.columns:
            raise ConfigError(
                f"the column mapping does not say which column holds {target}",
                hint=f"add {target}=<column> to --map (columns in {source}: {', '.join(present)})",
            )
    missing = mapping.missing_in(present)
    if missing:
        raise InputError(
            f"{source}: mapped column {', '.join(repr(m) for m in missing)} not found; "
            f"columns present: {', '.join(present) or '(none)'}",
            hint="fix the column names in --map / --map-file",
        )


def lookup(record: Mapping[str, Any], column: str) -> Any:
    """The value of ``column`` in ``record``; a dotted name also walks nested objects."""
    if column in record:
        return record[column]
    if "." in column:
        value: Any = record
        for part in column.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return None
            value = value[part]
        return value
    return None


def to_text(value: Any) -> str | None:
    """A cell as a string, ``None`` for empty cells; integral floats lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = clean_text(value if isinstance(value, str) else str(value))
    return text if text.strip() else None


def _title(value: str | None) -> str | None:
    return source_text(value) if value is not None else None


def to_int(value: Any) -> int | None:
    """A counter cell as int (accepts ``12``, ``12.0``, ``"1,234"``); ``None`` if empty."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    text = str(value).strip().replace(",", "").replace("_", "")
    if not text:
        return None
    try:
        return int(float(text)) if "." in text or "e" in text.lower() else int(text)
    except ValueError:
        raise ValueError(f"not a number: {str(value)[:40]!r}") from None


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes", "ja", "y", "x"}


def to_time(value: Any, time_format: str | None = None) -> datetime:
    """Parse a timestamp cell; ``time_format`` (strptime) is tried first if given.

    Slash dates are read the US way (month/day/year), as US tools export them;
    German ``31.12.2024 10:00`` is understood by :func:`parse_time`.
    """
    if isinstance(value, str):
        value = value.strip()
        if time_format:
            try:
                parsed = datetime.strptime(value, time_format)
            except ValueError:
                pass
            else:
                return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
        if "/" in value:
            match = _US_TIME.match(value)
            if match:  # fast path: strptime costs ~20 µs per call
                month, day, year, hour, minute, second = match.groups()
                full_year = int(year)
                if len(year) == 2:  # strptime's %y rule: 69-99 -> 19xx, 00-68 -> 20xx
                    full_year += 1900 if full_year >= 69 else 2000
                return datetime(
                    full_year, int(month), int(day), int(hour), int(minute), int(second or 0),
                    tzinfo=UTC,
                )  # fmt: skip
    try:
        return parse_time(value)
    except ValueError:
        if not isinstance(value, str):
            raise
    for fmt in EXTRA_TIME_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"unrecognised timestamp: {value[:60]!r}")


def to_list(value: Any) -> tuple[str, ...]:
    """A list cell: a JSON list, or text separated by whitespace, commas or ``|``."""
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value if v not in (None, ""))
    text = str(value).replace("|", " ").replace(",", " ")
    return tuple(dict.fromkeys(t for t in text.split() if t))


def build_post(
    row: Mapping[str, Any],
    mapping: ColumnMapping,
    *,
    platform: str,
    default_kind: str = "post",
    raw: bytes = b"",
) -> Post:
    """Build a Post from one row; ``ValueError`` with a readable reason if a cell is unusable."""
    values: dict[str, Any] = {t: lookup(row, c) for t, c in mapping.columns.items()}
    native_id = to_text(values.get("native_id"))
    if native_id is None:
        raise ValueError(f"empty id column {mapping.columns['native_id']!r}")
    created = values.get("created_at")
    if created is None or (isinstance(created, str) and not created.strip()):
        raise ValueError(f"empty time column {mapping.columns['created_at']!r}")
    text = source_text(to_text(values.get("text")) or "")
    found_links, found_tags, found_mentions = extract_entities(text) if text else ((), (), ())
    author = Author(
        id=to_text(values.get("author.id")),
        handle=to_text(values.get("author.handle")),
        display_name=to_text(values.get("author.display_name")),
        followers=to_int(values.get("author.followers")),
        is_own=to_bool(values["author.is_own"]) if "author.is_own" in values else False,
    )
    metrics = Metrics(
        views=to_int(values.get("metrics.views")),
        likes=to_int(values.get("metrics.likes")),
        replies=to_int(values.get("metrics.replies")),
        shares=to_int(values.get("metrics.shares")),
        score=to_int(values.get("metrics.score")),
    )
    return Post(
        platform=to_text(values.get("platform")) or platform,
        native_id=native_id,
        kind=to_text(values.get("kind")) or mapping.kind or default_kind,
        created_at=to_time(created, mapping.time_format),
        text=text,
        title=_title(to_text(values.get("title"))),
        thread_id=to_text(values.get("thread_id")),
        parent_id=to_text(values.get("parent_id")),
        url=to_text(values.get("url")),
        language=to_text(values.get("language")),
        author=author,
        metrics=metrics,
        links=to_list(values["links"]) if "links" in values else found_links,
        hashtags=to_list(values["hashtags"]) if "hashtags" in values else found_tags,
        mentions=to_list(values["mentions"]) if "mentions" in values else found_mentions,
        raw=raw,
    )


def row_raw(row: Mapping[str, Any]) -> bytes:
    """A row as JSON bytes for ``Post.raw`` (dates and other cells as strings)."""
    return orjson.dumps(row, default=str, option=orjson.OPT_NON_STR_KEYS)


def reason_for(exc: Exception) -> str:
    """A readable rejection reason for an exception raised while mapping one record."""
    if isinstance(exc, KeyError):
        return f"missing field {exc}"
    if isinstance(exc, TypeError | AttributeError):
        return f"a field has an unexpected type ({exc})"
    return str(exc)
