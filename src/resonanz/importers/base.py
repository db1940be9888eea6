"""The Importer contract.

An importer is one class in one module, registered under the entry-point group
``resonanz.importers`` (built-ins are registered there too, see ``pyproject.toml``).

* ``sniff(head, filename)`` looks at the first bytes (up to 64 KiB, already
  decompressed if the file was ``.zst``/``.gz``) and returns a confidence in
  ``[0, 1]``; the highest score above 0 wins automatic detection.
* ``read(stream, ctx)`` consumes a binary stream (already decompressed) and yields
  :class:`Post` for every usable record and :class:`Rejected` for every unusable
  one, in constant memory (never read a line-oriented file whole).
* optionally ``read_rows(stream, ctx)``: the same records as ``(line, row)`` pairs,
  a row being a plain tuple in :data:`resonanz.models.ROW_FIELDS` order, and
  :class:`Rejected` as before. The bulk import uses it when present, so a dump of
  millions of records is mapped without building a :class:`Post` per record.

Importers never touch the store and never raise for a single bad record: they yield
``Rejected`` with the line number and reason and carry on. They raise
:class:`resonanz.errors.InputError` only when the whole input is unusable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, ClassVar, Protocol, runtime_checkable

from resonanz.importers.limits import DEFAULT_LIMITS, InputLimits
from resonanz.models import Post, Rejected, Row

if TYPE_CHECKING:
    from sqlalchemy import Connection

ImportItem = Post | Rejected
#: what ``read_rows`` yields: ``(line, row)`` or a rejected record
RowItem = tuple[int | None, Row] | Rejected


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A marker in a live stream: everything before it is covered by ``save``.

    Live collectors (:mod:`resonanz.collect`) yield one after each page; the import
    writes the pending batch at once and calls ``save(conn)`` in that batch's
    transaction, so a cursor is never ahead of (nor behind) the posts stored.
    """

    save: Callable[[Connection], None]


#: what :meth:`resonanz.service.Workspace.import_items` accepts
StreamItem = Post | Rejected | Checkpoint


@dataclass(frozen=True, slots=True)
class ImportContext:
    """What an importer is told about its input besides the bytes."""

    source: str  # path or URL, used in Rejected.source and error messages
    platform: str | None = None  # forced platform (the table importer needs it)
    options: Mapping[str, str] = field(default_factory=dict)  # e.g. column mapping
    limits: InputLimits = DEFAULT_LIMITS  # bounds on blank rows, workbook parts (see limits)
    #: what the importer wants the user to know about records it kept (e.g. a fallback
    #: it used); the import summary lists them
    notes: list[str] = field(default_factory=list)


@runtime_checkable
class Importer(Protocol):
    name: ClassVar[str]
    description: ClassVar[str]

    def sniff(self, head: bytes, filename: str) -> float: ...

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]: ...
