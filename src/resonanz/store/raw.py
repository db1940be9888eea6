"""Compression of the raw platform records kept in ``posts.raw``.

Each record is one independent zstd frame (level 1: cheap to write, still small),
so any single post can be decompressed on its own.
"""

from __future__ import annotations

import threading

import zstandard

_local = threading.local()


def _compressor() -> zstandard.ZstdCompressor:
    found = getattr(_local, "cctx", None)
    if found is None:
        found = _local.cctx = zstandard.ZstdCompressor(level=1)
    return found


def _decompressor() -> zstandard.ZstdDecompressor:
    found = getattr(_local, "dctx", None)
    if found is None:
        found = _local.dctx = zstandard.ZstdDecompressor()
    return found


def compress_raw(raw: bytes) -> bytes | None:
    """Compress one raw record; empty input is stored as NULL."""
    if not raw:
        return None
    return _compressor().compress(raw)


def decompress_raw(blob: bytes | memoryview | None) -> bytes:
    """The original raw record stored by :func:`compress_raw` (``b""`` for NULL)."""
    if not blob:
        return b""
    return _decompressor().decompress(bytes(blob))
