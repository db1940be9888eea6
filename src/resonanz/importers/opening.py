"""Opening input files: transparent decompression and the head used for sniffing."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, cast

from resonanz.errors import InputError
from resonanz.importers.limits import DEFAULT_LIMITS, BoundedExpansion, InputLimits

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024
#: compressed bytes fed to the decompressor at a time; small so memory stays flat
#: even for a bomb: a zstd block header of 4 bytes can stand for 128 KiB of output,
#: so 1 KiB of input yields at most ~32 MiB
_ZSTD_READ = 1024


def open_binary(
    path: Path,
    wrap_raw: Callable[[BinaryIO], BinaryIO] | None = None,
    limits: InputLimits = DEFAULT_LIMITS,
) -> BinaryIO:
    """Open ``path`` for streaming reads, decompressing ``.zst`` and ``.gz`` on the fly.

    Compression is recognised by magic bytes, not by the file name. ``wrap_raw``,
    if given, wraps the file object before decompression (e.g. to hash the bytes
    or count progress while they stream past). Decompressed streams are bounded by
    ``limits.max_expansion`` (see :mod:`resonanz.importers.limits`).
    """
    try:
        file: BinaryIO = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot open: {exc.strerror}", hint="check the path") from exc
    magic = file.read(4)
    file.seek(0)
    raw = wrap_raw(file) if wrap_raw is not None else file
    if magic.startswith(ZSTD_MAGIC):
        # unbuffered on purpose: a buffer would drop the data read before a truncation error
        inner: BinaryIO = cast(BinaryIO, _ZstdFrames(raw, path))
    elif magic.startswith(GZIP_MAGIC):
        inner = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    else:
        return raw
    return cast(BinaryIO, BoundedExpansion(inner, file.tell, str(path), limits))


class _ZstdFrames(io.RawIOBase):
    """Streaming ``.zst`` decompression, frame after frame, that notices a cut-off file.

    zstandard's own stream reader treats a truncated last frame as a normal end of
    data; here the records before the cut are still delivered, then the next read
    raises :class:`InputError` naming the file and how far it got. Reads may return
    fewer bytes than asked for (as raw streams do); an empty result means the end.
    """

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        import zstandard

        self._zstd = zstandard
        self._raw = raw
        self._path = path
        self._dctx = zstandard.ZstdDecompressor(max_window_size=2**31)
        self._frame = self._dctx.decompressobj()
        self._in_frame = False
        self._pending = b""
        self._offset = 0
        self._read_in = 0
        self._given_out = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._offset >= len(self._pending):
            chunk = self._raw.read(_ZSTD_READ)
            if not chunk:
                if self._in_frame:
                    raise InputError(
                        f"{self._path}: compressed data ends unexpectedly (truncated .zst) "
                        f"at compressed byte {self._read_in}, after {self._given_out} "
                        "decompressed bytes",
                        hint="the file is incomplete: copy or download it again",
                    )
                return 0
            self._read_in += len(chunk)
            self._pending, self._offset = self._decompress(chunk), 0
        n = min(len(buffer), len(self._pending) - self._offset)
        buffer[:n] = self._pending[self._offset : self._offset + n]
        self._offset += n
        self._given_out += n
        return n

    def _decompress(self, data: bytes) -> bytes:
        parts: list[bytes] = []
        while data:
            self._in_frame = True
            try:
                parts.append(self._frame.decompress(data))
            except self._zstd.ZstdError as exc:
                raise InputError(
                    f"{self._path}: corrupt .zst data near compressed byte {self._read_in}: {exc}",
                    hint="the file is damaged: copy or download it again",
                ) from exc
            if not self._frame.eof:
                break
            data = self._frame.unused_data  # the next frame starts here
            self._frame = self._dctx.decompressobj()
            self._in_frame = False
        return b"".join(parts)

    def close(self) -> None:
        self._raw.close()
        super().close()


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` decompressed bytes of ``path`` (fewer if the file is shorter)."""
    with open_binary(path) as stream:
        try:
            return stream.read(size)
        except Exception as exc:  # corrupt compressed data
            raise InputError(f"{path}: cannot read: {exc}", hint="is the file complete?") from exc
