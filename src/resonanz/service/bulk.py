"""The bulk import path: records as plain rows, large transactions, ``COPY`` on PostgreSQL.

For dumps and other large files :meth:`Workspace.import_file` maps records to rows
(tuples in :data:`~resonanz.models.ROW_FIELDS` order) instead of one frozen
:class:`~resonanz.models.Post` each, when the importer offers ``read_rows``; other
importers' posts are turned into rows. Rows are checked
(:func:`resonanz.store.validate.check_row`, the rules of ``check_post``), marked
for own accounts and written :data:`BULK_ROWS` at a time by
:func:`resonanz.store.staging.write_rows` (``executemany`` on SQLite, ``COPY`` into a
staging table plus one upsert on PostgreSQL).

Everything else is the normal path's (:class:`resonanz.service.importing._Batch`):
each batch is one transaction with its quarantined records and the run's running
totals, so a rerun neither loses nor duplicates, a killed run is reaped as
``interrupted``, and a batch the database refuses is written again record by record.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from resonanz.importers.base import Checkpoint, ImportItem, RowItem
from resonanz.models import Rejected, Row, row_of
from resonanz.service.importing import _Batch
from resonanz.store.posts import UpsertCounts, own_row
from resonanz.store.staging import write_rows
from resonanz.store.validate import Unstorable, check_row

#: Rows per transaction on the bulk path (a batch is also cut at ``BATCH_BYTES``).
BULK_ROWS = 10_000

Item = tuple[int | None, Row]


def rows_of(items: Iterable[ImportItem]) -> Iterator[RowItem]:
    """Posts as ``(line, row)`` pairs, rejected records as they are."""
    for item in items:
        yield item if isinstance(item, Rejected) else (item.line, row_of(item))


class _Rejectable:
    """What :meth:`_Batch._reject` reads of a record, for a row."""

    __slots__ = ("line", "native_id", "raw", "text")

    def __init__(self, item: Item) -> None:
        line, row = item
        self.line = line
        self.native_id = str(row[1])
        self.raw = row[23] or b""
        self.text = row[7] or ""


class RowBatch(_Batch):
    """A :class:`_Batch` of rows (``(line, row)`` pairs), :data:`BULK_ROWS` a transaction."""

    def __init__(
        self,
        engine: Engine,
        run_id: int,
        own: frozenset[tuple[str, str]],
        source: str = "",
        rows: int = BULK_ROWS,
    ) -> None:
        super().__init__(engine, run_id, own, source)
        self.max_items = rows
        self.now = datetime.now(UTC)

    def add(self, item: Any) -> None:
        if type(item) is not tuple:
            if isinstance(item, Checkpoint):
                self.checkpoint = item
                return
            if isinstance(item, Rejected):
                self._add_rejected(item)
                return
            item = (item.line, row_of(item))  # a Post
        row = item[1]
        if not self.posts:  # one clock reading per batch for the "not in the future" check
            self.now = datetime.now(UTC)
        try:
            checked = check_row(row, self.now)
        except Unstorable as exc:
            self._reject(item, str(exc))
            return
        if self.own:
            checked = own_row(checked, self.own)
        self.posts.append(item if checked is row else (item[0], checked))
        raw = checked[23]
        self.size += len(raw) + len(checked[7]) if raw else len(checked[7])

    def _reject(self, post: Any, reason: str) -> None:
        super()._reject(_Rejectable(post) if isinstance(post, tuple) else post, reason)

    def _upsert(self, conn: Connection, items: list[Any]) -> UpsertCounts:
        return write_rows(conn, [row for _, row in items], self.run_id)
