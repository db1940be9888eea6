"""Line splitting of :func:`resonanz.importers.textio.iter_lines` across read chunks."""

from __future__ import annotations

import io

import pytest

from resonanz.importers import textio
from resonanz.importers.textio import BOM, TOO_LONG, iter_lines


def lines(data: bytes, max_line: int = 100) -> list[tuple[int, bytes | str]]:
    return [
        (n, "TOO LONG" if line is TOO_LONG else line)
        for n, line in iter_lines(io.BytesIO(data), max_line)
    ]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 20])
def test_lines_are_the_same_whatever_the_chunk_size(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textio, "_CHUNK", chunk)
    data = b'{"a": 1}\r\n\n{"b": "zwei"}\nxxxxxxxxxxx\r\n' + b"y" * 40 + b"\nletzte"
    assert lines(data, max_line=12) == [
        (1, b'{"a": 1}'),
        (2, b""),
        (3, "TOO LONG"),  # 13 bytes
        (4, b"xxxxxxxxxxx"),  # the CR is not part of the line
        (5, "TOO LONG"),
        (6, b"letzte"),
    ]


@pytest.mark.parametrize("chunk", [1, 4, 1 << 20])
def test_an_overlong_last_line_and_an_empty_input(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(textio, "_CHUNK", chunk)
    assert lines(b"ok\n" + b"z" * 30, max_line=10) == [(1, b"ok"), (2, "TOO LONG")]
    assert lines(b"") == []
    assert lines(b"\n\n") == [(1, b""), (2, b"")]
    assert lines(b"ende\r") == [(1, b"ende")]


def test_a_byte_order_mark_at_the_start_is_dropped() -> None:
    assert lines(BOM + b"eins\n" + BOM + b"zwei") == [(1, b"eins"), (2, BOM + b"zwei")]
