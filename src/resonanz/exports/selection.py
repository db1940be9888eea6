"""The mentions explorer's selection as export records.

The same :data:`~resonanz.exports.POST_SCHEMA` records ``resonanz export`` writes
(built by :func:`resonanz.exports.posts.records_of`), but for exactly the posts a
search query finds (search words and annotation filters included). It walks the
selection page by page with the search cursor, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from resonanz.exports.posts import POST_SCHEMA, records_of
from resonanz.exports.writers import Batch, write_table
from resonanz.store.search import MAX_LIMIT, PostQuery, list_posts

#: At most this many posts go into one export of a selection.
EXPORT_LIMIT = 100_000


def selection_batches(
    engine: Engine, query: PostQuery, limit: int = EXPORT_LIMIT
) -> Iterator[Batch]:
    """Export records of every post of the selection (at most ``limit``), page by page."""
    page = replace(query, limit=MAX_LIMIT, cursor=None)
    sent = 0
    while sent < limit:
        found = list_posts(engine, page)
        ids = [p.id for p in found.items][: limit - sent]
        if not ids:
            return
        yield records_of(engine, ids)
        sent += len(ids)
        if found.next_cursor is None:
            return
        page = replace(page, cursor=found.next_cursor)


def export_selection(engine: Engine, query: PostQuery, out: Path) -> int:
    """Write the selection to ``out`` as CSV (atomically); the number of records."""
    return write_table(out, "csv", POST_SCHEMA, selection_batches(engine, query))
