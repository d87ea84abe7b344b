"""Which container a raw file is, by its first bytes (gzip and zstd looked into)."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from typing import IO

from cleaners.readers.member import ContainerKind
from cleaners.readers.regular import open_regular
from cleaners.settings import MAX_RAW_BYTES

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_HEAD_BYTES = 64 * 1024


def container_kind(path: str) -> ContainerKind:
    """'warc' (WARC, ARC, WET), 'jsonl' (one JSON object per line) or 'file' (one page)."""
    with open_regular(path) as handle:
        head = plain_head(handle.read(_HEAD_BYTES)).lstrip()
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if head.startswith(b"{"):
        if b"\n" not in head:  # a long first line: read all of it (bounded)
            with open_decompressed(path) as stream:
                head = stream.readline(MAX_RAW_BYTES).lstrip()
        try:
            if isinstance(json.loads(head.split(b"\n", 1)[0]), dict):
                return "jsonl"
        except ValueError:
            pass
    return "file"


def plain_head(head: bytes) -> bytes:
    """The first bytes of a gzip or zstd file's content (as far as they decompress)."""
    if head.startswith(GZIP_MAGIC):
        try:
            return zlib.decompressobj(wbits=31).decompress(head, _HEAD_BYTES)
        except zlib.error:
            return b""
    if head.startswith(ZSTD_MAGIC):
        import zstandard

        try:
            reader = zstandard.ZstdDecompressor().stream_reader(io.BytesIO(head))
            return reader.read(_HEAD_BYTES)
        except zstandard.ZstdError:
            return b""
    return head


def open_decompressed(path: str) -> IO[bytes]:
    """A binary stream of the file's content: gzip and zstd decompressed on the fly."""
    return decompressed(open_regular(path), closefd=True)


def decompressed(handle: IO[bytes], closefd: bool = False) -> IO[bytes]:
    """A stream of an open file's content (read from its start), decompressed on the fly;
    closefd: closing a zstd stream closes the file."""
    handle.seek(0)
    magic = handle.read(4)
    handle.seek(0)
    if magic.startswith(GZIP_MAGIC):
        return gzip.GzipFile(fileobj=handle)
    if magic.startswith(ZSTD_MAGIC):
        import zstandard

        return io.BufferedReader(
            zstandard.ZstdDecompressor().stream_reader(handle, closefd=closefd)
        )
    return handle


def single_gzip_stream(handle: IO[bytes]) -> bool:
    """True if a gzip file (an open handle, read from its start) is one gzip member for
    several records: not seekable per record.

    Per-record gzip members (the WARC convention) end early: the first member is decoded up
    to its end, which lies before the end of the file. A file that is one member holding
    one WARC record (no second `WARC/` line in it) is seekable too.
    """
    decompressor = zlib.decompressobj(wbits=31)
    tail = b""  # the end of the output so far: a marker may straddle two outputs
    handle.seek(0)
    while chunk := handle.read(_HEAD_BYTES):
        try:
            out = decompressor.decompress(chunk)
        except zlib.error:
            return False  # corrupt: the record reader reports it
        if decompressor.eof and (decompressor.unused_data or handle.read(1)):
            return False
        if not tail and out.startswith(b"filedesc://"):
            return True  # ARC: no line marks a record's start
        if b"\nWARC/" in tail + out:
            return True
        tail = (tail + out)[-8:]
        if decompressor.eof:
            return False
    return True
