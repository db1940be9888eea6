"""The brand catalog as stored in the database: one JSON document per brand.

The catalog module owns the typed model and converts it to and from plain dicts;
the store only keeps those dicts, keyed by their ``name``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, insert, select

from resonanz.errors import ConfigError
from resonanz.models import json_ready
from resonanz.store.schema import brands


def save_brands(engine: Engine, entries: Sequence[Mapping[str, Any]]) -> None:
    """Replace the whole catalog with ``entries`` in one transaction."""
    rows = []
    seen: set[str] = set()
    now = datetime.now(UTC)
    for entry in entries:
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError("every brand needs a non-empty name", hint='add name = "..."')
        if name in seen:
            raise ConfigError(f"brand {name!r} is defined twice", hint="merge the two entries")
        seen.add(name)
        rows.append({"name": name, "data": json_ready(entry), "updated_at": now})
    with engine.begin() as conn:
        conn.execute(delete(brands))
        if rows:
            conn.execute(insert(brands), rows)


def load_brands(engine: Engine) -> list[dict[str, Any]]:
    """All stored brand entries, in the order they were saved."""
    with engine.connect() as conn:
        return [dict(row.data) for row in conn.execute(select(brands.c.data).order_by(brands.c.id))]
