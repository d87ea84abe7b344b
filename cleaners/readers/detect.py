"""Which container a raw file is, by its first bytes (gzip and zstd looked into)."""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from typing import IO

from cleaners.readers.member import ContainerKind
from cleaners.readers.regular import open_regular
from cleaners.settings import MAX_RAW_BYTES

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
UTF8_BOM = b"\xef\xbb\xbf"  # some tools write it first: the content starts after it
_HEAD_BYTES = 64 * 1024
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:[ \t]*(\d+)[ \t]*\r?$")


def container_kind(path: str) -> ContainerKind:
    """'warc' (WARC, ARC, WET), 'jsonl' (one JSON object per line) or 'file' (one page)."""
    with open_regular(path) as handle:
        head = plain_head(handle.read(_HEAD_BYTES)).removeprefix(UTF8_BOM).lstrip()
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if head.startswith(b"{"):
        if b"\n" not in head:  # a long first line: read all of it (bounded)
            try:
                with open_decompressed(path) as stream:
                    head = stream.readline(MAX_RAW_BYTES).removeprefix(UTF8_BOM).lstrip()
            except Exception:  # noqa: BLE001 - cut short or corrupt (EOFError, zlib, zstd)
                return "jsonl"  # its reader rejects the lines it cannot read, with the reason
        first, newline, rest = head.partition(b"\n")
        second = rest.lstrip().partition(b"\n")[0]  # one damaged line makes no page
        if not newline or _is_json_object(first) or _is_json_object(second):
            return "jsonl"  # (no newline: the content ends inside its first line, cut short)
    return "file"


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except RecursionError:  # an object nested too deep: its reader rejects that line
        return True
    except ValueError:
        return False


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

    Per-record gzip members (the WARC convention) end with their record. The first member
    is decompressed up to just past its first record, whose length its header gives (WARC
    Content-Length, ARC length field; output dropped as it comes): another record starting
    there, inside the member, makes it one stream; a member that ends first does not.
    """
    handle.seek(0)
    decompressor = zlib.decompressobj(wbits=31)
    head = b""  # the output while the first record's header is not complete
    end: int | None = None  # where the first record ends in the output
    produced = 0  # output so far
    after = b""  # output past the first record's end, blank lines dropped
    while data := decompressor.unconsumed_tail or handle.read(_HEAD_BYTES):
        try:
            out = decompressor.decompress(data, _HEAD_BYTES)
        except zlib.error:
            return False  # corrupt: the record reader reports it
        if end is None:
            head += out
            end = _first_record_end(head)
        if end is not None:
            after = (after + out[max(0, end - produced) :]).lstrip(b"\r\n")
            if len(after) >= len(b"WARC/"):  # a second record inside the first member?
                return head.startswith(b"filedesc://") or after.startswith(b"WARC/")
        produced += len(out)
        if decompressor.eof or (end is None and len(head) > _HEAD_BYTES):
            return end is None and _looks_like_several_records(head)
    return True  # the first member is cut short: read as a stream, which reports where


def _first_record_end(head: bytes) -> int | None:
    """Where the first record of a WARC or ARC file ends, from its header in head (the
    start of the file's content); None until the header is complete, or if it is unreadable."""
    if head.startswith(b"filedesc://"):  # ARC: 'filedesc://name ip date type length'
        line_end = head.find(b"\n")
        fields = head[:line_end].split()
        return line_end + 1 + int(fields[-1]) if line_end > 0 and fields[-1].isdigit() else None
    blank = _BLANK_LINE.search(head)
    length = blank and _CONTENT_LENGTH.search(head, 0, blank.start())
    return blank.end() + int(length.group(1)) if length else None


def _looks_like_several_records(head: bytes) -> bool:
    """For a first record whose header cannot be read: a second record's start in sight."""
    return head.startswith(b"filedesc://") or b"\nWARC/" in head
