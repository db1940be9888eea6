"""Opening input files: transparent decompression and the head used for sniffing."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, cast

from resonanz.errors import InputError
from resonanz.importers.limits import DEFAULT_LIMITS, BoundedExpansion, InputLimits

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
GZIP_MAGIC = b"\x1f\x8b"
HEAD_BYTES = 64 * 1024
#: compressed bytes fed to the decompressor at a time; small so memory stays flat
#: even for a bomb: a zstd block header of 4 bytes can stand for 128 KiB of output,
#: so 1 KiB of input yields at most ~32 MiB
_ZSTD_READ = 1024
#: deflate expands at most ~1032-fold, so 4 KiB of .gz input yields at most ~4 MiB
_GZIP_READ = 4 * 1024


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
        inner = cast(BinaryIO, _GzipMembers(raw, path))
    else:
        return _utf8(raw, path)
    return _utf8(cast(BinaryIO, BoundedExpansion(inner, file.tell, str(path), limits)), path)


def _utf8(stream: BinaryIO, path: Path) -> BinaryIO:
    """UTF-16 input (with or without BOM) re-encoded as UTF-8; anything else as it is.

    Spreadsheet programs write "Unicode text" exports as UTF-16. With a BOM the byte
    order is known; without one, a text whose every other byte is NUL in the first
    kilobytes is UTF-16 in the order the NULs show.
    """
    base: BinaryIO
    if isinstance(stream, io.BufferedReader):
        head = stream.peek(4096)[:4096]
        base = cast(BinaryIO, stream)
    else:  # a decompressing raw stream: no buffer on top (it would swallow a late error)
        head = b""
        while len(head) < 4096 and (more := stream.read(4096 - len(head))):
            head += more
        base = cast(BinaryIO, _Prefixed(head, stream))
    encoding = _utf16_encoding(head)
    if encoding is None:
        return base
    return cast(BinaryIO, _Transcoded(base, encoding, path))


class _Prefixed(io.RawIOBase):
    """Bytes already read from ``inner`` first, then ``inner`` itself (one read per call)."""

    def __init__(self, head: bytes, inner: BinaryIO) -> None:
        self._head = head
        self._inner = inner

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _utf16_encoding(head: bytes) -> str | None:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and not head.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"  # the BOM tells the byte order and is dropped
    sample = head[: len(head) - len(head) % 2]
    if len(sample) < 8:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


class _Transcoded(io.RawIOBase):
    """A UTF-16 byte stream read as UTF-8 bytes, decoded incrementally."""

    def __init__(self, inner: BinaryIO, encoding: str, path: Path) -> None:
        import codecs

        self._inner = inner
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self._path = path
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._inner.read(1 << 16)
            final = not chunk
            try:
                self._pending = self._decoder.decode(chunk, final).encode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{self._path}: not valid UTF-16 text near byte {exc.start}: {exc.reason}",
                    hint="export the file again as UTF-8",
                ) from exc
            if final:
                break
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._inner.close()
        super().close()


class _Decompressing(io.RawIOBase):
    """A streaming decompressor that hands out every decodable byte before a cut.

    The libraries' own readers either raise on a truncated file and drop what they
    had decoded in that read (gzip), or treat a truncated last frame as a normal end
    (zstandard). Here the data before the cut is delivered first; the next read then
    raises :class:`InputError` naming the file and how far it got. Concatenated
    units (gzip members, zstd frames) are read one after the other. Reads may return
    fewer bytes than asked for, as raw streams do; an empty result means the end.

    Subclasses say how to start a unit (:meth:`_new_unit`), decode data with it
    (:meth:`_feed`, raising the library's error on corrupt data) and where the next
    unit starts once one has ended (:meth:`_rest`).
    """

    suffix: str = ""
    read_size: int = 4096
    errors: tuple[type[Exception], ...] = ()

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        self._raw = raw
        self._path = path
        self._unit = self._new_unit()
        self._in_unit = False
        self._pending = b""
        self._offset = 0
        self._read_in = 0
        self._given_out = 0

    def _new_unit(self) -> Any:
        raise NotImplementedError

    def _rest(self, unit: Any) -> bytes:
        return bytes(unit.unused_data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while self._offset >= len(self._pending):
            chunk = self._raw.read(self.read_size)
            if not chunk:
                if self._in_unit:
                    raise InputError(
                        f"{self._path}: compressed data ends unexpectedly (truncated "
                        f"{self.suffix}) at compressed byte {self._read_in}, after "
                        f"{self._given_out} decompressed bytes",
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
            self._in_unit = True
            try:
                parts.append(self._unit.decompress(data))
            except self.errors as exc:
                raise InputError(
                    f"{self._path}: corrupt {self.suffix} data near compressed byte "
                    f"{self._read_in}: {exc}",
                    hint="the file is damaged: copy or download it again",
                ) from exc
            if not self._unit.eof:
                break
            data = self._rest(self._unit)  # the next unit starts here
            self._unit = self._new_unit()
            self._in_unit = False
        return b"".join(parts)

    def close(self) -> None:
        self._raw.close()
        super().close()


class _GzipMembers(_Decompressing):
    """``.gz``, member after member (``cat a.gz b.gz`` is a valid gzip file)."""

    suffix = ".gz"
    read_size = _GZIP_READ
    errors = (zlib.error,)

    def _new_unit(self) -> Any:
        return zlib.decompressobj(wbits=31)

    def _rest(self, unit: Any) -> bytes:
        return bytes(unit.unused_data).lstrip(b"\x00")  # padding between members


class _ZstdFrames(_Decompressing):
    """``.zst``, frame after frame; windows up to 2 GiB as Pushshift dumps use."""

    suffix = ".zst"
    read_size = _ZSTD_READ

    def __init__(self, raw: BinaryIO, path: Path) -> None:
        import zstandard

        self._dctx = zstandard.ZstdDecompressor(max_window_size=2**31)
        self.errors = (zstandard.ZstdError,)
        super().__init__(raw, path)

    def _new_unit(self) -> Any:
        return self._dctx.decompressobj()


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` decompressed bytes of ``path`` (fewer if the file is shorter)."""
    with open_binary(path) as stream:
        try:
            return stream.read(size)
        except Exception as exc:  # corrupt compressed data
            raise InputError(f"{path}: cannot read: {exc}", hint="is the file complete?") from exc
