"""Opening input files: transparent decompression and the head used for sniffing."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import BinaryIO

from resonanz.errors import InputError

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024


def open_binary(path: Path) -> BinaryIO:
    """Open ``path`` for streaming reads, decompressing ``.zst`` and ``.gz`` on the fly.

    Compression is recognised by magic bytes, not by the file name.
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}", hint="check the path") from exc
    magic = raw.read(4)
    raw.seek(0)
    if magic.startswith(ZSTD_MAGIC):
        import zstandard

        dctx = zstandard.ZstdDecompressor(max_window_size=2**31)
        reader = dctx.stream_reader(raw, read_across_frames=True, closefd=True)
        return io.BufferedReader(reader, buffer_size=1024 * 1024)
    if magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` decompressed bytes of ``path`` (fewer if the file is shorter)."""
    with open_binary(path) as stream:
        try:
            return stream.read(size)
        except Exception as exc:  # corrupt compressed data
            raise InputError(f"{path}: cannot read: {exc}", hint="is the file complete?") from exc
