"""What every watch source provides, and the cursor marks it yields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from resonanz.importers.base import Checkpoint, StreamItem

Cursor = dict[str, Any]
#: turns a cursor into the checkpoint that saves it with the posts before it
Mark = Callable[[Cursor], Checkpoint]


class Source(Protocol):
    """One watch's connection to its platform for one run."""

    #: the ``import_runs.format`` of what it yields
    fmt: str
    #: the ``import_runs.source`` text
    name: str

    def items(self, cursor: Cursor, mark: Mark) -> Iterator[StreamItem]:
        """Posts since ``cursor``, with a ``mark(new_cursor)`` after every page."""
        ...

    @property
    def requests(self) -> int:
        """HTTP requests sent so far."""
        ...

    @property
    def note(self) -> str | None:
        """Something worth recording about the run (e.g. "not modified")."""
        ...

    def close(self) -> None: ...


def newest_id(ids: list[str]) -> str | None:
    """The largest of numeric-string ids (Mastodon snowflakes): longer is larger."""
    numeric = [i for i in ids if i.isdigit()]
    return max(numeric, key=lambda i: (len(i), i)) if numeric else None
