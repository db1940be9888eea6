"""The ``table`` importer and the record readers other importers share.

``table`` reads CSV, TSV, JSON Lines and XLSX files whose columns are described by
a column mapping (see :mod:`resonanz.importers.mapping`); the platform must be
given (``--platform`` or ``platform =`` in the mapping file) because a bare table
does not say where its rows come from.

The readers here stream: CSV/TSV/JSONL line by line through
:func:`resonanz.importers.textio.iter_lines` (so line numbers are exact and a
monstrous line is skipped instead of loaded), XLSX through openpyxl's read-only
mode. :func:`json_values` serves the JSON importers (Reddit, X): it tells a whole
JSON document from JSON Lines by looking at the first line.
"""

from __future__ import annotations

import csv
import tempfile
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO, ClassVar, cast

import orjson

from resonanz.errors import InputError, UsageError
from resonanz.importers.base import ImportContext, ImportItem
from resonanz.importers.limits import (
    DEFAULT_LIMITS,
    InputLimits,
    check_xlsx_members,
    too_many_blank_rows,
)
from resonanz.importers.mapping import (
    build_post,
    check_columns,
    mapping_from_options,
    row_raw,
)
from resonanz.importers.textio import TOO_LONG, decode, iter_lines
from resonanz.models import Rejected

#: Longest single record (line) the importers parse; longer ones are rejected unread.
MAX_RECORD_BYTES = 16 * 1024 * 1024
#: Largest whole JSON document (not JSON Lines) read into memory.
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024
_HEAD = 64 * 1024
_XLSX_MAGIC = b"PK\x03\x04"
TABLE_FORMATS = ("csv", "tsv", "jsonl", "xlsx")

csv.field_size_limit(MAX_RECORD_BYTES)


class _Replay:
    """A read-only stream that first returns ``head`` and then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0 or size >= len(self._head):
                out, self._head = self._head, b""
                if size < 0:
                    return out + self._stream.read()
                return out
            out, self._head = self._head[:size], self._head[size:]
            return out
        return self._stream.read(size)


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes, reading until the end: raw streams may return less per call."""
    parts: list[bytes] = []
    got = 0
    while got < limit:
        chunk = stream.read(min(limit - got, 1 << 24))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def peek(stream: BinaryIO, size: int = _HEAD) -> tuple[bytes, BinaryIO]:
    """Return the first ``size`` bytes and a stream that still yields them."""
    head = read_at_most(stream, size)
    return head, cast(BinaryIO, _Replay(head, stream))


def require_content(head: bytes, source: str) -> None:
    """InputError for an empty (or whitespace-only) input."""
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n\x00"):
        raise InputError(f"{source}: the file is empty", hint="check that the export finished")


def _parses(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return True


def _looks_like_document(head: bytes) -> bool:
    """True if the input is one (pretty-printed) JSON document rather than JSON Lines.

    JSON Lines: the first line is a complete JSON value (or, when the first line
    is damaged, the next non-blank one is). A document: its first line opens an
    object or array that only later lines close.
    """
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first, newline, rest = body.partition(b"\n")
    if not newline or _parses(first):  # one line, or a complete value per line
        return False
    if first.strip()[:1] not in (b"{", b"["):
        return False  # garbage in front of JSON Lines
    following = next((line for line in rest.split(b"\n", 8)[:8] if line.strip()), b"")
    return not _parses(following)


def json_values(stream: BinaryIO, source: str) -> Iterator[tuple[int, Any, bytes] | Rejected]:
    """Yield ``(line_number, parsed, line)`` per JSON line, or ``(0, document, b"")`` once.

    Position 0 marks a whole (multi-line) document, whose records the caller
    numbers itself. Malformed lines become :class:`Rejected` with their line
    number; a malformed whole document raises InputError (nothing to salvage).
    """
    head, stream = peek(stream)
    require_content(head, source)
    if _looks_like_document(head):
        data = read_at_most(stream, MAX_DOCUMENT_BYTES + 1)
        if len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(
                f"{source}: JSON document larger than {MAX_DOCUMENT_BYTES >> 20} MiB",
                hint="convert it to JSON Lines (one record per line) to stream it",
            )
        try:
            document = loads_lenient(data.lstrip(b"\xef\xbb\xbf"))
        except orjson.JSONDecodeError as exc:
            raise InputError(
                f"{source}: invalid JSON: {exc}", hint="is the file complete?"
            ) from exc
        yield 0, document, b""
        return
    for lineno, line in iter_lines(stream, MAX_RECORD_BYTES):
        if line is TOO_LONG:
            yield too_long(source, lineno)
            continue
        if not line.strip():
            continue
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            try:
                value = loads_lenient(line)
            except orjson.JSONDecodeError as exc:
                yield Rejected(source, lineno, f"invalid JSON: {exc}", decode(line[:2000]))
                continue
        yield lineno, value, line


def loads_lenient(data: bytes) -> Any:
    """``orjson.loads``, retried without NUL bytes and as Windows-1252/Latin-1 text.

    Only called after a plain parse failed, so the common path costs nothing.
    """
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        if b"\x00" not in data:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                raise
        return orjson.loads(decode(data))


def too_long(source: str, lineno: int) -> Rejected:
    return Rejected(source, lineno, f"line longer than {MAX_RECORD_BYTES >> 20} MiB, skipped", "")


@dataclass
class Table:
    """Column names and a stream of ``(row_number, row)`` pairs or Rejected rows."""

    columns: list[str]
    rows: Iterator[tuple[int, dict[str, Any]] | Rejected]


def detect_table_format(head: bytes, source: str) -> str:
    """Pick csv/tsv/jsonl/xlsx from the file name, else from the first bytes."""
    name = source.lower()
    for suffix in (".zst", ".gz"):
        name = name.removesuffix(suffix)
    by_suffix = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx"}
    for suffix, fmt in by_suffix.items():
        if name.endswith(suffix):
            return fmt
    if name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if head.startswith(_XLSX_MAGIC):
        return "xlsx"
    body = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if body.startswith(b"{"):
        return "jsonl"
    first = body.partition(b"\n")[0]
    return "tsv" if first.count(b"\t") > first.count(b",") else "csv"


def guess_delimiter(head: bytes) -> str:
    """The separator of a CSV header line: ``,`` unless ``;`` (German Excel) or another wins."""
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")[0]
    counts = {sep: first.count(sep.encode()) for sep in (",", ";", "\t", "|")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def open_table(
    stream: BinaryIO,
    source: str,
    fmt: str,
    delimiter: str | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> Table:
    """Open a table of format ``fmt``; its header is read at once, the rows lazily.

    For CSV the delimiter is guessed from the header line unless given.
    """
    if fmt == "tsv":
        return _open_csv(stream, source, delimiter or "\t", limits)
    if fmt == "csv":
        if delimiter is None:
            head, stream = peek(stream)
            delimiter = guess_delimiter(head)
        return _open_csv(stream, source, delimiter, limits)
    if fmt == "jsonl":
        return _open_jsonl(stream, source)
    if fmt == "xlsx":
        return _open_xlsx(stream, source, limits)
    raise UsageError(f"unknown table format {fmt!r}", hint="one of: " + ", ".join(TABLE_FORMATS))


def _swallowed(continuation: list[str], delimiter: str, width: int) -> bool:
    """Whether the lines a quoted field ran over look like whole rows of the table.

    An unterminated quote makes the CSV reader take every following line into one
    field until the next quote character. If most of those lines parse on their
    own into exactly as many fields as the header has, they were rows, not text.
    """
    if width < 2 or len(continuation) < 2:
        return False
    matches = 0
    for text in continuation:
        try:
            fields = next(csv.reader([text], delimiter=delimiter), [])
        except csv.Error:
            continue
        matches += len(fields) == width
    return matches >= (2 if width >= 3 else 3) and matches >= 0.8 * len(continuation)


def _open_csv(stream: BinaryIO, source: str, delimiter: str, limits: InputLimits) -> Table:
    position = {"line": 0}
    skipped: list[Rejected] = []
    #: lines handed back to the reader after an unterminated quote swallowed them
    pushed: deque[tuple[int, str]] = deque()
    #: the physical lines of the row being read
    recent: list[tuple[int, str]] = []

    source_lines = iter_lines(stream, MAX_RECORD_BYTES)

    def lines() -> Iterator[str]:
        while True:
            if pushed:
                lineno, text = pushed.popleft()
            else:
                try:
                    lineno, raw = next(source_lines)
                except StopIteration:
                    return
                if raw is TOO_LONG:
                    position["line"] = lineno
                    skipped.append(too_long(source, lineno))
                    continue
                text = decode(raw) + "\n"
            position["line"] = lineno
            recent.append((lineno, text))
            yield text

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            header = [cell.strip().lstrip("\ufeff") for cell in row]
            break
    if not header:
        raise InputError(f"{source}: the file is empty (no header row)", hint="check the export")

    def rows() -> Iterator[tuple[int, dict[str, Any]] | Rejected]:
        nonlocal reader
        blank = 0
        while True:
            start = position["line"] + 1
            recent.clear()
            row: list[str] | None
            try:
                row = next(reader)
            except StopIteration:
                row = None
            except csv.Error as exc:
                row = []
                yield Rejected(source, start, f"malformed CSV: {exc}", "")
            if recent:  # the row began here (earlier than the last line read, after a push-back)
                start = recent[0][0]
            if skipped:
                yield from skipped
                skipped.clear()
            if row is None:
                break
            if len(recent) > 1 and _swallowed([t for _, t in recent[1:]], delimiter, len(header)):
                first_line, first_text = recent[0]
                reason = (
                    f"unterminated quote: a field opened on this line does not close before the "
                    f"next {len(recent) - 1} line(s), which are read again as rows"
                )
                yield Rejected(source, first_line, reason, first_text.rstrip("\n")[:2000])
                pushed.extend(recent[1:])
                # the old reader may have seen the end of the file: read on with a fresh one
                reader = csv.reader(lines(), delimiter=delimiter)
                continue
            if not any(cell.strip() for cell in row):
                blank += 1
                if blank > limits.max_blank_rows:
                    raise too_many_blank_rows(source, start, limits)
                continue
            blank = 0
            if len(row) > len(header):
                reason = f"row has {len(row)} fields, the header has {len(header)}"
                yield Rejected(source, start, reason, delimiter.join(row)[:2000])
                continue
            yield start, dict(zip(header, row, strict=False))

    return Table(header, rows())


def _open_jsonl(stream: BinaryIO, source: str) -> Table:
    """JSON Lines of objects, or one JSON array of objects (read whole)."""
    values = json_values(stream, source)

    def rows() -> Iterator[tuple[int, dict[str, Any]] | Rejected]:
        for item in values:
            if isinstance(item, Rejected):
                yield item
                continue
            lineno, value, line = item
            if isinstance(value, dict):
                yield lineno or 1, value
                continue
            if not isinstance(value, list) or (lineno and not any(type(v) is dict for v in value)):
                yield Rejected(source, lineno or 1, "not a JSON object", decode(line[:2000]))
                continue
            # records in an array: a whole document (numbered by index) or a compact one
            # on a line (named by that line; a bad one's reason names the item)
            for index, record in enumerate(value, 1):
                if isinstance(record, dict):
                    yield lineno or index, record
                else:
                    reason = f"item {index}: not a JSON object" if lineno else "not a JSON object"
                    raw = orjson.dumps(record, default=str)
                    yield Rejected(source, lineno or index, reason, decode(raw[:2000]))

    return Table([], rows())


def _spool(stream: BinaryIO, source: str, limits: InputLimits) -> IO[bytes]:
    """Copy a non-seekable workbook stream to a temporary file, at most the member limit."""
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    copied = 0
    while chunk := stream.read(1 << 20):
        copied += len(chunk)
        if copied > limits.max_member_bytes:
            spool.close()
            raise InputError(
                f"{source}: the workbook is larger than {limits.max_member_bytes} bytes",
                hint="export CSV instead, or raise the setting import_max_member_mb",
            )
        spool.write(chunk)
    spool.seek(0)
    return cast(IO[bytes], spool)


def _open_xlsx(stream: BinaryIO, source: str, limits: InputLimits) -> Table:
    import zipfile

    from openpyxl import load_workbook

    seekable = getattr(stream, "seekable", None)
    # decompressed streams cannot seek; a zip needs to
    seeks = callable(seekable) and seekable()
    fileobj: IO[bytes] = stream if seeks else _spool(stream, source, limits)
    try:
        with zipfile.ZipFile(fileobj) as archive:  # sizes first: openpyxl reads parts whole
            members = [(i.filename, i.file_size, i.compress_size) for i in archive.infolist()]
        check_xlsx_members(members, source, limits)
        fileobj.seek(0)
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"{source}: not a readable XLSX workbook: {exc}") from exc
    sheet = book.worksheets[0]
    cells = sheet.iter_rows(values_only=True)
    header: list[str] = []
    number = 0
    for values in cells:
        number += 1
        if any(v not in (None, "") for v in values):
            header = ["" if v is None else str(v).strip() for v in values]
            break
    if not header:
        book.close()
        raise InputError(f"{source}: the first sheet is empty", hint="check the workbook")

    def rows() -> Iterator[tuple[int, dict[str, Any]] | Rejected]:
        nonlocal number
        blank = 0
        try:
            for values in cells:
                number += 1
                if all(v in (None, "") for v in values):
                    blank += 1
                    if blank > limits.max_blank_rows:
                        raise too_many_blank_rows(source, number, limits)
                    continue
                blank = 0
                yield number, dict(zip(header, values, strict=False))
        finally:
            book.close()

    return Table(header, rows())


class TableImporter:
    """Any CSV/TSV/JSONL/XLSX file, described by a column mapping."""

    name: ClassVar[str] = "table"
    description: ClassVar[str] = "CSV, TSV, JSON Lines or XLSX with a column mapping (--map)"

    def sniff(self, head: bytes, filename: str) -> float:
        # Never the first choice: a table needs a mapping, so only claim what looks tabular.
        if head.startswith(_XLSX_MAGIC) and filename.lower().endswith(".xlsx"):
            return 0.2
        if filename.lower().endswith((".csv", ".tsv", ".tab")):
            return 0.1
        return 0.0

    def read(self, stream: BinaryIO, ctx: ImportContext) -> Iterator[ImportItem]:
        mapping = mapping_from_options(ctx.options)
        platform = ctx.platform or mapping.platform
        if not platform:
            raise UsageError(
                f"{ctx.source}: the table format needs to be told the platform",
                hint="pass --platform NAME (or platform = ... in the --map-file)",
            )
        if not mapping.columns:
            raise UsageError(
                f"{ctx.source}: the table format needs a column mapping",
                hint="pass --map native_id=COL,created_at=COL,text=COL or --map-file FILE",
            )
        head, stream = peek(stream)
        fmt = ctx.options.get("table_format") or detect_table_format(head, ctx.source)
        if fmt != "xlsx":
            require_content(head, ctx.source)
        delimiter = ctx.options.get("delimiter") or None
        table = open_table(stream, ctx.source, fmt, delimiter, ctx.limits)
        if fmt != "jsonl":  # JSON has no header: a missing key rejects that record only
            check_columns(mapping, table.columns, ctx.source)
        for item in table.rows:
            if isinstance(item, Rejected):
                yield item
                continue
            number, row = item
            try:
                yield build_post(row, mapping, platform=platform, raw=row_raw(row)).at(number)
            except (ValueError, TypeError) as exc:
                yield Rejected(ctx.source, number, str(exc), row_raw(row).decode()[:2000])
