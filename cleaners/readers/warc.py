"""WARC (0.17-1.1), ARC and WET containers, read with warcio.

Indexing walks a container once and yields, per record: a `MemberRef` for a document
(HTML or text response, resource, WET conversion; a revisit whose original is known), a
`Skipped` for the rest (requests, metadata, images, 404s ...) and a `Rejection` for a
record that is cut short or cannot be parsed; after a parse error the reader looks for
the next record and goes on. Workers then read their members by byte range.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from cleaners.errors import CleanError
from cleaners.readers.detect import GZIP_MAGIC, open_decompressed, single_gzip_stream
from cleaners.readers.http import not_document
from cleaners.readers.member import Member, MemberRef, Skipped
from cleaners.readers.regular import open_regular
from cleaners.readers.timestamps import iso_utc
from cleaners.readers.warc_record import (
    ends_early,
    member_of_record,
    status_and_mime,
    target_uri,
    unbracket,
)
from cleaners.record import Rejection
from cleaners.settings import MAX_INLINE_ORIGINALS_BYTES, MAX_RESYNCS, WARC_DOCUMENT_TYPES

Entry = MemberRef | Skipped | Rejection
_SCAN_BYTES = 1 << 20
_WARC_START = (b"WARC/1.", b"WARC/0.")


class Originals:
    """Document records seen so far (in this run), by record id and by (URI, payload
    digest): what revisit records point at. Members read inline (from archives that cannot
    be seeked) are kept up to MAX_INLINE_ORIGINALS_BYTES of payload."""

    def __init__(self) -> None:
        self._refs: dict[object, MemberRef] = {}
        self._inline_bytes = 0

    def add(self, ref: MemberRef, record: ArcWarcRecord) -> None:
        if ref.inline is None and not ref.length:
            return  # a member of a stream, not read yet: nothing to point at
        if ref.inline is not None:
            if self._inline_bytes + len(ref.inline.payload) > MAX_INLINE_ORIGINALS_BYTES:
                return
            self._inline_bytes += len(ref.inline.payload)
        record_id = unbracket(record.rec_headers.get_header("WARC-Record-ID"))
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        if record_id:
            self._refs[record_id] = ref
        if digest and ref.url:
            self._refs[(ref.url, digest)] = ref

    def find(self, revisit: ArcWarcRecord) -> MemberRef | None:
        headers = revisit.rec_headers
        refers_to = unbracket(headers.get_header("WARC-Refers-To"))
        if refers_to and refers_to in self._refs:
            return self._refs[refers_to]
        uri = unbracket(
            headers.get_header("WARC-Refers-To-Target-URI") or headers.get_header("WARC-Target-URI")
        )
        return self._refs.get((uri, headers.get_header("WARC-Payload-Digest")))


def index_warc(path: str, source_path: str, originals: Originals) -> Iterator[Entry]:
    """Every record of a WARC/ARC/WET file as a MemberRef, Skipped or Rejection."""
    with open_regular(path) as handle:
        head = handle.read(16)
    is_arc = head.startswith(b"filedesc://") or (
        head.startswith(GZIP_MAGIC) and _gzip_head(path).startswith(b"filedesc://")
    )
    if head.startswith(GZIP_MAGIC) and single_gzip_stream(path):
        yield from _index_stream(path, source_path, originals, is_arc)
    else:
        yield from _index_seekable(path, source_path, originals, is_arc)


def _gzip_head(path: str) -> bytes:
    with open_decompressed(path) as stream:
        try:
            return stream.read(16)
        except (OSError, EOFError):
            return b""


def _index_seekable(
    path: str, source_path: str, originals: Originals, is_arc: bool
) -> Iterator[Entry]:
    """Records by byte range; after a parse error, on from the next record start found."""
    names = _MemberNames(is_arc)
    position, order = 0, 0
    with open_regular(path) as handle, open_regular(path) as verifier:
        gzipped = handle.read(2) == GZIP_MAGIC
        for _ in range(MAX_RESYNCS + 1):
            handle.seek(position)
            iterator = ArchiveIterator(handle, arc2warc=True)
            record = None
            try:
                for record in iterator:
                    cut_short = ends_early(record)
                    iterator.read_to_end(record)
                    offset = iterator.get_record_offset()  # absolute: from the handle
                    length = iterator.get_record_length()
                    if gzipped:
                        _check_gzip_members(verifier, offset, length)
                    ref = MemberRef(
                        path,
                        "warc",
                        names.of(record, offset),
                        order,
                        offset,
                        length,
                        url=target_uri(record),
                        fetched_at=iso_utc(record.rec_headers.get_header("WARC-Date")),
                    )
                    order += 1
                    yield _classify(record, ref, source_path, originals, cut_short)
                    position, record = offset + length, None
                return
            except GzipMemberError as exc:
                detail = f"unreadable from byte {position}: {exc}"
                yield _rejection(source_path, f"offset:{position}", exc.reason, detail)
            except Exception as exc:  # noqa: BLE001 - any parse error of a damaged archive
                yield _unreadable(source_path, position, record, exc)
            position = _next_record_start(handle, position + 1)
            if position < 0:
                return


def _index_stream(
    path: str, source_path: str, originals: Originals, is_arc: bool
) -> Iterator[Entry]:
    """A container that cannot be seeked per record: members are read now and go inline."""
    names = _MemberNames(is_arc)
    position, record = 0, None
    with open_decompressed(path) as stream:
        iterator = ArchiveIterator(stream, arc2warc=True)
        try:
            for order, record in enumerate(iterator):
                position = iterator.offset  # get_record_offset() would skip the payload
                ref = MemberRef(
                    path,
                    "warc",
                    names.of(record, position),
                    order,
                    url=target_uri(record),
                    fetched_at=iso_utc(record.rec_headers.get_header("WARC-Date")),
                )
                entry = _classify(record, ref, source_path, originals, cut_short=False)
                if isinstance(entry, MemberRef) and entry.inline is None:  # not a revisit
                    try:
                        entry = entry.carrying(member_of_record(record, ref))
                        originals.add(entry, record)
                    except CleanError as err:
                        entry = Rejection.of(err, source_path, ref.source_member)
                yield entry
                record = None
        except Exception as exc:  # noqa: BLE001 - any parse or gzip error: the rest is lost
            yield _unreadable(source_path, position, record, exc)


def _classify(
    record: ArcWarcRecord,
    ref: MemberRef,
    source_path: str,
    originals: Originals,
    cut_short: bool,
) -> Entry:
    kind = record.rec_type
    if not kind:
        return _rejection(source_path, ref.source_member, "malformed", "record without WARC-Type")
    if kind not in WARC_DOCUMENT_TYPES and kind != "revisit":
        return Skipped(kind)
    reason = not_document(*status_and_mime(record), ref.url)
    if reason is not None:
        return Skipped(reason)
    if kind == "revisit":
        original = originals.find(record)
        if original is None:
            return Skipped("revisit, original not in input")
        return _revisit_of(original, ref)
    if cut_short:
        return _rejection(
            source_path, ref.source_member, "truncated", "record ends before its Content-Length"
        )
    originals.add(ref, record)
    return ref


def _revisit_of(original: MemberRef, revisit: MemberRef) -> MemberRef:
    """The revisit's own name, position, URL and time over the original's bytes."""
    return replace(
        original,
        source_member=revisit.source_member,
        order=revisit.order,
        url=revisit.url,
        fetched_at=revisit.fetched_at,
    )


def read_warc_member(ref: MemberRef) -> Member:
    """The member a MemberRef points at, read by its byte range (or carried inline)."""
    if ref.inline is not None:
        return ref.inline
    data = ref.read_range()
    try:
        record = next(iter(ArchiveIterator(io.BytesIO(data), arc2warc=True)))
    except Exception as exc:  # noqa: BLE001 - the container changed since it was indexed
        raise CleanError("malformed", f"record at byte {ref.offset}: {exc}"[:300]) from exc
    return member_of_record(record, ref)


class _MemberNames:
    """source_member of each record: its WARC-Record-ID; its byte offset in an ARC file
    (no record ids there) or when an id is missing or repeated."""

    def __init__(self, is_arc: bool) -> None:
        self.is_arc = is_arc
        self.seen: set[str] = set()

    def of(self, record: ArcWarcRecord, offset: int) -> str:
        name = None if self.is_arc else unbracket(record.rec_headers.get_header("WARC-Record-ID"))
        if not name or name in self.seen:
            name = f"offset:{offset}"
        self.seen.add(name)
        return name


def _unreadable(
    source_path: str, position: int, record: ArcWarcRecord | None, exc: Exception
) -> Rejection:
    """The rejection for a parse error: of the record being read (a compressed record cut
    short is `truncated`), else of whatever lies at position."""
    detail = " ".join(f"unreadable from byte {position}: {type(exc).__name__}: {exc}".split())
    if record is None:
        return _rejection(source_path, f"offset:{position}", "malformed", detail)
    name = unbracket(record.rec_headers.get_header("WARC-Record-ID")) or f"offset:{position}"
    reason = "truncated" if isinstance(exc, EOFError) else "malformed"
    return _rejection(source_path, name, reason, detail)


def _rejection(source_path: str, member: str, reason: str, detail: str) -> Rejection:
    return Rejection(
        source_path=source_path, source_member=member, reason=reason, detail=detail[:500]
    )


class GzipMemberError(Exception):
    """A gzip member that does not decompress: warcio would read its raw bytes as a record."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def _check_gzip_members(handle: IO[bytes], offset: int, length: int) -> None:
    """Raise GzipMemberError unless the byte range is whole gzip members that decompress.

    warcio takes a member whose first block fails to decompress for uncompressed data and
    parses its raw bytes, reading on into the next members: those records would be lost.
    """
    handle.seek(offset)
    data = handle.read(length)
    at_end = not handle.read(1)
    while data:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            decompressor.decompress(data, 0)
        except zlib.error as err:
            raise GzipMemberError("malformed", f"gzip member does not decompress: {err}") from err
        if not decompressor.eof:
            if at_end:
                raise GzipMemberError("truncated", "gzip member is cut short")
            raise GzipMemberError("malformed", "gzip member ends without its trailer")
        data = decompressor.unused_data


def _next_record_start(handle: IO[bytes], start: int) -> int:
    """Offset of the next gzip member or 'WARC/' line at or after start; -1 if none."""
    handle.seek(0)
    gzipped = handle.read(2) == GZIP_MAGIC
    markers = (GZIP_MAGIC + b"\x08",) if gzipped else _WARC_START
    position = start
    while True:
        handle.seek(position)
        chunk = handle.read(_SCAN_BYTES)
        if not chunk:
            return -1
        found = [i for i in (chunk.find(m) for m in markers) if i >= 0]
        if found:
            return position + min(found)
        position += max(1, len(chunk) - 8)  # a marker may straddle two chunks
