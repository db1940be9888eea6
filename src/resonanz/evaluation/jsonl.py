"""Hand-labelled posts in JSON Lines: one reader for every evaluation set of that shape.

Each non-blank line is one JSON object; ``label`` turns it into the evaluation's own
record. A line that is not an object, or that ``label`` refuses (a missing key, a value of
the wrong kind), stops the evaluation with the file, the line and the reason: scoring a
test set with silently skipped items would report a figure on data nobody chose.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from resonanz.errors import UsageError

T = TypeVar("T")


def labelled_lines(
    path: Path, label: Callable[[dict[str, Any]], T], what: str, hint: str
) -> list[T]:
    """``label(item)`` of each object in the JSON Lines file ``path``."""
    out: list[T] = []
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise TypeError("not a JSON object")
                out.append(label(item))
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{number} is not {what} ({exc})", hint=hint) from exc
    return out
