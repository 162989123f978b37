"""Compressed files: gzip (``.gz``) and Zstandard (``.zst``), read and written as streams.

A corpus is read through a decompressing stream, never decompressed whole, so memory does
not grow with its size. Both formats may hold several concatenated frames (``cat a.gz
b.gz``, ``zstd`` run on parts); both are read to the end. A stream cut short is an error,
never a silently shorter corpus: a fix written back from a truncated read would lose the
rest of the file. ``zstandard`` is imported only when a ``.zst`` file is met, so runs on
other inputs do not pay for it.
"""

from __future__ import annotations

import gzip
import io
import zlib
from pathlib import Path
from typing import Any, BinaryIO

#: file suffix -> compression name
SUFFIXES = {".gz": "gzip", ".zst": "zstd"}
#: what a corrupt or truncated stream raises, beyond OSError
ERRORS: tuple[type[BaseException], ...] = (EOFError, zlib.error)

_CHUNK = 1 << 18  # compressed bytes read at a time
_GZIP_LEVEL = 6  # gzip(1)'s default; 9 costs much more time for a few percent
_ZSTD_LEVEL = 3  # zstd(1)'s default


def compression_of(name: str) -> str | None:
    """The compression a file name's suffix says ("gzip", "zstd"), or None."""
    return SUFFIXES.get(Path(name).suffix.lower())


def strip_suffix(name: str) -> str:
    """``name`` without its compression suffix: ``a.jsonl.zst`` -> ``a.jsonl``."""
    return name[: -len(Path(name).suffix)] if compression_of(name) else name


def open_reader(path: Path, compression: str | None) -> BinaryIO:
    """``path`` opened for binary reading, decompressed on the fly."""
    if compression == "gzip":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if compression == "zstd":
        return io.BufferedReader(ZstdReader(open(path, "rb")), _CHUNK)  # type: ignore[return-value]
    return open(path, "rb")


def open_writer(raw: BinaryIO, compression: str | None, name: str = "") -> BinaryIO:
    """A stream that compresses into ``raw``; closing it ends the compressed stream and
    leaves ``raw`` open (the caller still has to sync and close it). ``name`` goes into the
    gzip header, as gzip(1) does."""
    if compression == "gzip":
        return gzip.GzipFile(name, "wb", _GZIP_LEVEL, raw)  # type: ignore[return-value]
    if compression == "zstd":
        import zstandard

        compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
        return compressor.stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return raw


def decompress(data: bytes, compression: str | None) -> bytes:
    """``data`` decompressed whole (standard input, which is read whole anyway)."""
    if compression == "gzip":
        return gzip.decompress(data)
    if compression == "zstd":
        return ZstdReader(io.BytesIO(data)).readall()
    return data


def compress(data: bytes, compression: str | None) -> bytes:
    """``data`` compressed whole, as :func:`open_writer` would write it."""
    if compression is None:
        return data
    out = io.BytesIO()
    with open_writer(out, compression) as stream:
        stream.write(data)
    return out.getvalue()


class ZstdReader(io.RawIOBase):
    """The decompressed bytes of a Zstandard stream, frame after frame, read as they are
    asked for.

    ``zstandard``'s own ``stream_reader`` returns a truncated stream's beginning as if it
    were all there is; this reader raises :class:`EOFError` instead, as :mod:`gzip` does,
    and reports corrupt data as :class:`OSError`.
    """

    def __init__(self, raw: BinaryIO) -> None:
        import zstandard

        self._zstd: Any = zstandard
        self._raw = raw
        self._frame = zstandard.ZstdDecompressor().decompressobj()
        self._in_frame = False  # the current frame has begun and not ended
        self._out = b""
        self._pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill ``buffer`` with the next decompressed bytes; 0 at the end of the stream."""
        while self._pos == len(self._out):
            if not self._fill():
                return 0
        count = min(len(buffer), len(self._out) - self._pos)
        buffer[:count] = self._out[self._pos : self._pos + count]
        self._pos += count
        return count

    def _fill(self) -> bool:
        """Decompress the next chunk of input; False at the end of the input."""
        data = self._raw.read(_CHUNK)
        if not data:
            if self._in_frame:
                raise EOFError("compressed file ended before the end-of-stream marker")
            return False
        parts = []
        try:
            while data:
                if self._frame.eof:  # the next frame of a multi-frame file
                    self._frame = self._zstd.ZstdDecompressor().decompressobj()
                parts.append(self._frame.decompress(data))
                self._in_frame = not self._frame.eof
                data = self._frame.unused_data if self._frame.eof else b""
        except self._zstd.ZstdError as exc:
            raise OSError(f"invalid Zstandard data: {exc}") from exc
        self._out, self._pos = b"".join(parts), 0
        return True

    def close(self) -> None:
        """Close the underlying file too."""
        try:
            self._raw.close()
        finally:
            super().close()
