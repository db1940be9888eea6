"""Bounds on what one input file may cost: decompression bombs and padding files.

A 131 KB ``.zst`` can expand to gigabytes, an XLSX's shared strings can fill the
memory, a gzip of newlines can keep an import busy for minutes. The limits here
stop such files early with an :class:`~resonanz.errors.InputError` that names the
file and the limit (the records read before are kept, as with any broken input):

* ``max_expansion``: decompressed bytes per compressed byte of a ``.gz``/``.zst``
  stream, checked once more than ``grace_bytes`` (64 MiB) came out. Text dumps
  compress 5-20 fold; 250 leaves room for very repetitive exports.
* ``max_member_bytes``: the largest uncompressed part an XLSX workbook may have
  (a sheet, its shared strings), and the most a non-seekable workbook stream may
  spool to disk.
* ``max_blank_rows``: consecutive empty rows or lines after which a table stops.

Workspace settings ``import_max_expansion``, ``import_max_member_mb`` and
``import_max_blank_rows`` override the defaults.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from resonanz.errors import InputError


@dataclass(frozen=True, slots=True)
class InputLimits:
    max_expansion: int = 250
    max_member_bytes: int = 256 * 1024 * 1024
    max_blank_rows: int = 1_000_000
    #: decompressed bytes always allowed before the expansion ratio is checked
    grace_bytes: int = 64 * 1024 * 1024


DEFAULT_LIMITS = InputLimits()


class BoundedExpansion(io.RawIOBase):
    """Passes a decompressed stream through, failing once it expands beyond the limit."""

    def __init__(
        self,
        inner: BinaryIO,
        compressed_position: Callable[[], int],
        source: str,
        limits: InputLimits = DEFAULT_LIMITS,
    ) -> None:
        self._inner = inner
        self._position = compressed_position
        self._source = source
        self._limit = limits.max_expansion
        self._grace = limits.grace_bytes
        self.given = 0
        self._error: InputError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._error is not None:  # raised one read late: the bytes before still count
            raise self._error
        data = self._inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.given += n
        if self.given > self._grace:
            compressed = max(self._position(), 1)
            if self.given > self._limit * compressed:
                self._error = InputError(
                    f"{self._source}: compressed data expands more than {self._limit}-fold "
                    f"({self.given} bytes from {compressed}): a decompression bomb, or an "
                    "export padded with filler",
                    hint="check the file; if it is genuine, raise the setting import_max_expansion",
                )
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


def too_many_blank_rows(source: str, line: int, limits: InputLimits) -> InputError:
    return InputError(
        f"{source}: more than {limits.max_blank_rows} empty rows in a row before line {line}: "
        "the rest of the file is taken for padding",
        hint="remove the empty rows, or raise the setting import_max_blank_rows",
    )


def check_xlsx_members(sizes: list[tuple[str, int, int]], source: str, limits: InputLimits) -> None:
    """Refuse a workbook with a part larger than allowed or packed like a bomb.

    ``sizes`` are ``(name, uncompressed, compressed)`` of the zip members.
    """
    for name, size, packed in sizes:
        if size > limits.max_member_bytes:
            raise InputError(
                f"{source}: workbook part {name} would take {size} bytes unpacked "
                f"(at most {limits.max_member_bytes})",
                hint="split the workbook or export CSV; the limit is the setting "
                "import_max_member_mb",
            )
        if size > limits.grace_bytes and size > limits.max_expansion * max(packed, 1):
            raise InputError(
                f"{source}: workbook part {name} expands more than {limits.max_expansion}-fold: "
                "a decompression bomb",
                hint="check the file; if it is genuine, raise the setting import_max_expansion",
            )
