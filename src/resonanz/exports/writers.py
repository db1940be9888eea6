"""Table writers: CSV, JSON Lines, Parquet and XLSX from batches of records.

A table is described by a :data:`Schema`, a list of ``(column, kind)`` pairs
with kind one of ``str``, ``int``, ``float``, ``bool``, ``time`` (an aware UTC
datetime) or ``list`` (a list of strings). Records arrive in batches (lists of
dicts) and are written as they come, so an export never holds more than one
batch in memory.

How each format represents the kinds:

* CSV: UTF-8 without BOM, every field quoted when needed (RFC 4180 style, ``\\n``
  kept inside quotes), times in ISO 8601 with ``Z``, lists as JSON arrays, booleans
  ``true``/``false``, unknown values empty. A text that a spreadsheet would run as a
  formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, as
  OWASP's "CSV injection" guidance lists) gets a leading ``'``: ``=HYPERLINK(...)``
  becomes ``'=HYPERLINK(...)`` and opens as text. Numbers are not touched.
* JSON Lines: one object per line, times in ISO 8601 with ``Z``, lists as arrays.
* Parquet (pyarrow): ``string``, ``int64``, ``float64``, ``bool``,
  ``timestamp[us, tz=UTC]`` and ``list<string>`` columns; one row group per
  :data:`ROW_GROUP` records, so memory holds one row group at most.
* XLSX (openpyxl, write-only): one sheet per table; times as Excel date cells in
  UTC; lists as JSON arrays; every text is stored as a text cell, never a formula;
  characters XML cannot hold are dropped and texts are cut at Excel's 32,767
  characters per cell.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from resonanz import plugins

if TYPE_CHECKING:
    from resonanz.hookspecs import TableWriter

Schema = list[tuple[str, str]]
Batch = list[dict[str, Any]]
KINDS = ("str", "int", "float", "bool", "time", "list")


def formats() -> list[str]:
    """The export formats: names of the ``resonanz.exporters`` plug-ins (built-ins first)."""
    return plugins.names("exporters")


#: Excel's limit of characters in one cell.
XLSX_CELL_LIMIT = 32_767


def iso_utc(value: datetime) -> str:
    """``2024-03-01T12:00:00Z`` (microseconds kept when present)."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


#: first characters that make a spreadsheet read a cell as a formula (OWASP)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would evaluate it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _text_cell(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "str":
        return neutralise_formula(str(value))
    if kind == "time":
        return iso_utc(value)
    if kind == "list":
        return orjson.dumps(list(value)).decode()
    if kind == "bool":
        return "true" if value else "false"
    return str(value)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path next to ``path`` that replaces it when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        umask = os.umask(0)
        os.umask(umask)
        tmp.chmod(0o666 & ~umask)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(path: Path, schema: Schema, batches: Iterable[Batch], sheet: str = "data") -> int:
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([name for name, _ in schema])
        for batch in batches:
            for record in batch:
                writer.writerow([_text_cell(record.get(name), kind) for name, kind in schema])
            rows += len(batch)
    return rows


def _json_default(value: Any) -> Any:
    if isinstance(value, tuple | frozenset | set):
        return list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_jsonl(path: Path, schema: Schema, batches: Iterable[Batch], sheet: str = "data") -> int:
    rows = 0
    times = [name for name, kind in schema if kind == "time"]
    with path.open("wb") as handle:
        for batch in batches:
            for record in batch:
                out = {name: record.get(name) for name, _ in schema}
                for name in times:
                    moment = out[name]
                    if moment is not None:
                        out[name] = iso_utc(moment)
                handle.write(orjson.dumps(out, default=_json_default) + b"\n")
            rows += len(batch)
    return rows


def arrow_schema(schema: Schema) -> Any:
    """The pyarrow schema matching ``schema``."""
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "time": pa.timestamp("us", tz="UTC"),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([pa.field(name, types[kind]) for name, kind in schema])


#: Rows per Parquet row group: batches are gathered up to this many before writing.
ROW_GROUP = 50_000


def write_parquet(path: Path, schema: Schema, batches: Iterable[Batch], sheet: str = "data") -> int:
    """Parquet, one row group per :data:`ROW_GROUP` records (only those held in memory)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    target = arrow_schema(schema)
    names = [name for name, _ in schema]
    rows = 0
    pending: list[Any] = []  # Arrow record batches of the row group being gathered
    gathered = 0
    with pq.ParquetWriter(str(path), target, compression="zstd") as writer:
        for batch in batches:
            if not batch:
                continue
            columns = {name: [record.get(name) for record in batch] for name in names}
            pending.append(pa.RecordBatch.from_pydict(columns, schema=target))
            gathered += len(batch)
            rows += len(batch)
            if gathered >= ROW_GROUP:
                writer.write_table(pa.Table.from_batches(pending, schema=target))
                pending, gathered = [], 0
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema=target))
        if not rows:  # still a valid file with the columns
            writer.write_table(target.empty_table())
    return rows


def _xlsx_value(value: Any, kind: str, clean: Callable[[str], str]) -> Any:
    if value is None:
        return None
    if kind == "time":
        return value.astimezone(UTC).replace(tzinfo=None)
    if kind == "list":
        value = orjson.dumps(list(value)).decode()
    if isinstance(value, str):
        return clean(value)[:XLSX_CELL_LIMIT]
    return value


def write_xlsx(path: Path, schema: Schema, batches: Iterable[Batch], sheet: str = "data") -> int:
    """An XLSX workbook with the table on one sheet named ``sheet``."""
    return write_xlsx_sheets(path, [(sheet, schema, batches)])


def write_xlsx_sheets(path: Path, sheets: Iterable[tuple[str, Schema, Iterable[Batch]]]) -> int:
    """An XLSX workbook with one sheet per ``(title, schema, batches)``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def clean(text: str) -> str:
        return str(ILLEGAL_CHARACTERS_RE.sub("", text))

    book = Workbook(write_only=True)
    rows = 0
    for title, schema, batches in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append([name for name, _ in schema])
        for batch in batches:
            for record in batch:
                cells: list[Any] = []
                for name, kind in schema:
                    value = _xlsx_value(record.get(name), kind, clean)
                    if isinstance(value, str) and value.startswith("="):
                        cell = WriteOnlyCell(sheet, value=value)
                        cell.data_type = "s"  # text, never a formula
                        value = cell
                    cells.append(value)
                sheet.append(cells)
            rows += len(batch)
    book.save(str(path))
    return rows


def write_table(
    path: Path, fmt: str, schema: Schema, batches: Iterable[Batch], sheet: str = "data"
) -> int:
    """Write one table to ``path`` in ``fmt`` (atomically); returns the number of records.

    ``fmt`` names a ``resonanz.exporters`` plug-in (:func:`formats`); an unknown one
    is a usage error naming the known formats.
    """
    writer: TableWriter = plugins.get("exporters", fmt)
    with atomic_path(path) as tmp:
        return writer(tmp, schema, batches, sheet)
