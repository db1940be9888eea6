"""Scanning the whole store for personal data (used by the erasure and pseudonym tests)."""

from __future__ import annotations

import json

from sqlalchemy import Engine, select

from resonanz.store.raw import decompress_raw
from resonanz.store.schema import metadata, posts


def traces(engine: Engine, needles: tuple[str, ...]) -> list[str]:
    """Every ``table.column`` where one of ``needles`` occurs (raw payloads decompressed)."""
    found = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for column, value in row._mapping.items():
                    if value is None:
                        continue
                    if table is posts and column == "raw":
                        value = decompress_raw(value).decode("utf-8", "replace")
                    elif isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    elif not isinstance(value, str):
                        value = json.dumps(value, default=str, ensure_ascii=False)
                    low = value.lower()
                    found += [f"{table.name}.{column}" for n in needles if n.lower() in low]
    return found
