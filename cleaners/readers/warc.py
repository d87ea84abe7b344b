"""WARC (0.17-1.1), ARC and WET containers, read with warcio.

Indexing walks a container once (hashing it as it goes, decompressing each gzip member
once) and yields, per record: a `MemberRef` for a document (HTML or text response,
resource, WET conversion; a revisit whose original is known), a `Skipped` for the rest
(requests, metadata, images, 404s ...) and a `Rejection` for a record that is cut short or
cannot be parsed; after a parse error the reader looks for the next record and goes on.
A document's payload is read while indexing and travels with its MemberRef, so workers do
not read the container again. A page over INLINE_MEMBER_BYTES is read by its worker, by
byte range; if its record's Content-Length says so, it is not read while indexing at all.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeaders

from cleaners.errors import CleanError
from cleaners.readers.detect import GZIP_MAGIC, decompressed, plain_head, single_gzip_stream
from cleaners.readers.digest import HashingReader
from cleaners.readers.http import not_document
from cleaners.readers.member import (
    Member,
    MemberRef,
    Skipped,
    member_rejection,
    stream_error_reason,
)
from cleaners.readers.regular import open_regular
from cleaners.readers.revisits import Originals
from cleaners.readers.segments import Segments, is_segment
from cleaners.readers.timestamps import iso_utc
from cleaners.readers.warc_record import (
    identity_of,
    member_of_record,
    missing_bytes,
    status_and_mime,
    target_uri,
    unbracket,
)
from cleaners.record import Rejection
from cleaners.settings import (
    INLINE_MEMBER_BYTES,
    MAX_RAW_BYTES,
    MAX_RESYNCS,
    WARC_DOCUMENT_TYPES,
)

Entry = MemberRef | Skipped | Rejection
_SCAN_BYTES = 1 << 20
_SNIFF_BYTES = 64 * 1024  # the start of a file, to tell ARC from WARC
_WARC_START = re.compile(rb"WARC/[01]\.")
# An ARC record's header line: URL, IP, 14-digit date, content type (more fields in ARC
# v2), length. A record starts there after the newline that ends the one before.
_ARC_START = re.compile(rb"\n\w[\w+.-]*:\S{0,4096} \S{1,64} \d{12,14} [^\n]{1,4096}? \d+\r?\n")
_MARKER_OVERLAP = 8192  # a scan chunk's tail read again by the next: a marker may straddle
MAX_HEADER_LINE_BYTES = 1 << 20  # a longer WARC or ARC header line: the record is malformed
NOT_WANTED = "not an original that a revisit waits for"  # learning originals only


def index_warc(
    path: str, source_path: str, originals: Originals, segments: Segments
) -> Generator[Entry, None, str]:
    """Every record of a WARC/ARC/WET file as a MemberRef, Skipped or Rejection (revisits
    and segments may wait: see `Originals`, `Segments`); returns the file's SHA-256 (hex),
    taken in the same read."""
    run = _Run(source_path, originals, segments)
    with open_regular(path) as raw:
        handle = HashingReader(raw)
        gzipped = handle.read(2) == GZIP_MAGIC
        handle.seek(0)
        is_arc = plain_head(handle.read(_SNIFF_BYTES)).startswith(b"filedesc://")
        if gzipped and single_gzip_stream(handle):
            yield from _index_stream(handle, path, run, is_arc)
        else:
            yield from _index_seekable(handle, path, run, is_arc, gzipped)
        return handle.hexdigest()


class _BoundedReader(DecompressingBufferedReader):
    """warcio's buffered reader, whose unbounded line reads (record headers, blank lines
    between records) stop at MAX_HEADER_LINE_BYTES: a longer header line raises ValueError;
    between records, it comes in pieces. (warcio grows a line by copies: a line of hundreds
    of MB took hours and its memory.)"""

    in_headers = False  # set while a record's headers are read (_Iterator)

    def readline(self, length: int | None = None) -> bytes:
        if length is not None:
            return super().readline(length)
        parts, size = [], 0  # warcio's readline(n) may stop short of n: read on
        while size < MAX_HEADER_LINE_BYTES and (not parts or parts[-1][-1:] != b"\n"):
            parts.append(super().readline(MAX_HEADER_LINE_BYTES - size))
            if not parts[-1]:
                break
            size += len(parts[-1])
        line = b"".join(parts)
        if self.in_headers and size >= MAX_HEADER_LINE_BYTES and line[-1:] != b"\n":
            raise ValueError(f"header line over {MAX_HEADER_LINE_BYTES} bytes")
        return line


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader; a record without WARC-Target-URI has its HTTP headers read
    too (warcio raised AttributeError: the page was lost)."""

    def load_http_headers(
        self, rec_type: str, uri: str | None, stream: IO[bytes], length: int | None
    ) -> StatusAndHeaders | None:
        return super().load_http_headers(rec_type, uri or "http:", stream, length)


class _Iterator(ArchiveIterator):
    """warcio's iterator over records, its line reads bounded (_BoundedReader), records
    without a URI read (_Loader)."""

    def __init__(self, fileobj: IO[bytes]) -> None:
        super().__init__(fileobj, arc2warc=True)
        self.reader = self.reader_class(self.fh)
        self.loader = _Loader(verify_http=False, arc2warc=True)

    def _next_record(self, next_line: bytes | None) -> ArcWarcRecord:
        self.reader.in_headers = True
        try:
            return super()._next_record(next_line)
        finally:
            self.reader.in_headers = False

    reader_class: type[DecompressingBufferedReader] = _BoundedReader


class _StrictGzipReader(_BoundedReader):
    """warcio's reader of gzip members, strict: a member that does not decompress or is cut
    short raises GzipMemberError. (warcio reads a member whose first block fails as
    uncompressed bytes, running on into the next members, and drops a later failure.)"""

    def _init_decomp(self, decomp_type: str | None) -> None:
        self._fed = False  # the current member has had compressed bytes
        super()._init_decomp(decomp_type)

    def _decompress(self, data: bytes) -> bytes:
        if not (self.decompressor and data):
            return data
        self._fed = True
        try:
            return self.decompressor.decompress(data)
        except zlib.error as err:
            raise GzipMemberError("malformed", f"gzip member does not decompress: {err}") from err

    def _process_read(self, data: bytes) -> None:
        if not data and self._fed and self.decompressor and not self.decompressor.eof:
            raise GzipMemberError("truncated", "gzip member is cut short")
        super()._process_read(data)


class _GzipIterator(_Iterator):
    """warcio's iterator over a file of gzip members, read with _StrictGzipReader."""

    reader_class = _StrictGzipReader


@dataclass(frozen=True)
class _Run:
    """Where the records of a container go: its source_path, the run's originals (for
    revisits) and segments."""

    source_path: str
    originals: Originals
    segments: Segments

    def classify(self, record: ArcWarcRecord, ref: MemberRef) -> Entry | None:
        """What a record is, by its headers (None: it waits); a document's payload not read."""
        if is_segment(record) and record.rec_type not in ("revisit", "continuation"):
            entry = _classify(record, ref, self.source_path, self.originals)
            return None if isinstance(entry, MemberRef) else entry
        if record.rec_type == "continuation":
            return None
        return _classify(record, ref, self.source_path, self.originals)

    def after_read(
        self, record: ArcWarcRecord, entry: Entry | None, ref: MemberRef
    ) -> Entry | None:
        """A waiting segment kept (its range known now) or rejected; others (a revisit
        waiting for its original too) as they are."""
        if entry is None and is_segment(record) and record.rec_type != "revisit":
            return self.segments.add(record, ref, self.source_path)
        return entry


def _index_seekable(
    handle: HashingReader, path: str, run: _Run, is_arc: bool, gzipped: bool
) -> Iterator[Entry]:
    """Records by byte range; after a parse error, on from the next record start found."""
    names = _MemberNames(is_arc)
    position, order = 0, 0
    for _ in range(MAX_RESYNCS + 1):
        handle.seek(position)
        iterator = _GzipIterator(handle) if gzipped else _Iterator(handle)
        record = None
        try:
            for record in iterator:
                offset = iterator.offset  # absolute: from the handle
                ref = MemberRef(
                    path,
                    "warc",
                    names.of(record, offset),
                    order,
                    offset,
                    url=target_uri(record),
                    fetched_at=iso_utc(record.rec_headers.get_header("WARC-Date")),
                    identity=identity_of(record, is_arc),
                )
                entry = run.classify(record, ref)
                document = isinstance(entry, MemberRef) and record.rec_type != "revisit"
                if document and _declared_length(record) <= INLINE_MEMBER_BYTES:
                    entry = _with_payload(record, entry, run.source_path)
                iterator.read_to_end(record)
                length = iterator.get_record_length()
                if gzipped and (iterator.next_line or length <= 0):
                    detail = "gzip member continues past its record (Content-Length too small?)"
                    raise GzipMemberError("malformed", detail)
                entry = run.after_read(record, entry, replace(ref, length=length))
                if document and isinstance(entry, MemberRef):
                    entry = replace(entry, length=length)
                    run.originals.add(entry, record)
                    if entry.inline and len(entry.inline.payload) > INLINE_MEMBER_BYTES:
                        entry = replace(entry, inline=None)  # the worker reads its range
                order += 1
                if entry is not None:
                    yield entry
                if not gzipped and missing_bytes(record) > 0:
                    position = offset  # its length ran past the end, over the records after
                    break
                position, record = offset + length, None
            else:
                return
        except GzipMemberError as exc:
            detail = f"unreadable from byte {position}: {exc}"
            yield member_rejection(run.source_path, f"offset:{position}", exc.reason, detail)
        except Exception as exc:  # noqa: BLE001 - any parse error of a damaged archive
            yield _unreadable(run.source_path, position, record, exc)
        position = _next_record_start(handle, position + 1, gzipped, is_arc)
        if position < 0:
            return


def _declared_length(record: ArcWarcRecord) -> int:
    """The record's Content-Length (0 if none or unreadable): a larger page than
    INLINE_MEMBER_BYTES is not read while indexing; its worker reads it (and may reject it)."""
    try:
        return int(record.rec_headers.get_header("Content-Length") or 0)
    except ValueError:
        return 0


def _with_payload(record: ArcWarcRecord, ref: MemberRef, source_path: str) -> Entry:
    """The ref carrying its member, read now; a Rejection if it cannot be read."""
    try:
        return ref.with_member(member_of_record(record, ref))
    except CleanError as err:
        return Rejection.of(err, source_path, ref.source_member)


def _index_stream(handle: HashingReader, path: str, run: _Run, is_arc: bool) -> Iterator[Entry]:
    """A container that cannot be seeked per record: members are read now and go inline."""
    names = _MemberNames(is_arc)
    position, record = 0, None
    stream = decompressed(handle)
    iterator = _Iterator(stream)
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
            entry = run.after_read(record, run.classify(record, ref), ref)  # no range: no join
            if isinstance(entry, MemberRef) and record.rec_type != "revisit":
                entry = _with_payload(record, entry, run.source_path)
                if isinstance(entry, MemberRef):
                    run.originals.add(entry, record)
            if entry is not None:
                yield entry
            record = None
    except Exception as exc:  # noqa: BLE001 - any parse or gzip error: the rest is lost
        if record is None:  # the next record's header failed: it starts past the last one
            position = iterator.offset
        yield _unreadable(run.source_path, position, record, exc)


def _classify(
    record: ArcWarcRecord, ref: MemberRef, source_path: str, originals: Originals
) -> Entry | None:
    """What a record is, by its headers: ref itself for a document (its payload not read
    yet), the original's ref for a revisit whose original is known, None for a revisit left
    until the run's containers are all indexed, else Skipped (a document no waiting revisit
    points at, too, while learning originals) or a Rejection."""
    kind = record.rec_type
    if not kind:
        detail = "record without WARC-Type"
        return member_rejection(source_path, ref.source_member, "malformed", detail)
    if kind not in WARC_DOCUMENT_TYPES and kind != "revisit":
        return Skipped(kind)
    length = record.rec_headers.get_header("Content-Length")
    if length is not None and not length.strip().isdigit():  # warcio reads no HTTP headers
        detail = f"Content-Length {length[:100]!r} is not a byte count"
        return member_rejection(source_path, ref.source_member, "malformed", detail)
    status, mime = status_and_mime(record)
    # a revisit with no headers of its own, or a 304: its original (a document) says
    says_itself = kind != "revisit" or (record.http_headers is not None and status != 304)
    reason = not_document(status, mime, ref.url) if says_itself else None
    if reason is not None:
        return Skipped(reason)
    if kind == "revisit":
        return originals.revisit(record, ref, source_path)
    return ref if originals.wants(record) else Skipped(NOT_WANTED)


def read_warc_member(ref: MemberRef) -> Member:
    """The member a MemberRef points at, read by its byte range (or carried inline); a
    segmented record's segments joined. At most MAX_RAW_BYTES + 1 of a payload is read."""
    if ref.inline is not None:
        return ref.inline
    parts, size = [], 0
    for segment in ref.segments:
        with _record_at(segment) as record:
            parts.append(record.raw_stream.read(MAX_RAW_BYTES + 1 - size))
        size += len(parts[-1])
    with _record_at(ref) as record:
        return member_of_record(record, ref, b"".join(parts))


@contextmanager
def _record_at(ref: MemberRef) -> Iterator[ArcWarcRecord]:
    """The record at ref's byte range, read from its container as it is consumed, if it is
    still the record indexed there; else CleanError `unreadable` (the container was replaced
    or rewritten since: the next run indexes it again)."""
    with open_regular(ref.path) as handle:
        handle.seek(ref.offset)
        try:
            record = next(iter(_Iterator(LimitReader(handle, ref.length))))
        except OSError:
            raise  # unreadable now
        except Exception as exc:  # noqa: BLE001 - the container changed since it was indexed
            why = f"no record at byte {ref.offset} ({type(exc).__name__}: {exc})"
            raise CleanError("unreadable", _changed(why)) from exc
        expected = ref.identity
        if expected is not None and identity_of(record, expected.record_id is None) != expected:
            why = f"the record at byte {ref.offset} is not the one indexed there ({expected})"
            raise CleanError("unreadable", _changed(why))
        yield record


def _changed(why: str) -> str:
    return " ".join(f"container changed since it was indexed: {why}; not read".split())[:500]


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
        return member_rejection(source_path, f"offset:{position}", "malformed", detail)
    name = unbracket(record.rec_headers.get_header("WARC-Record-ID")) or f"offset:{position}"
    return member_rejection(source_path, name, stream_error_reason(exc), detail)


class GzipMemberError(Exception):
    """A gzip member that does not decompress or is cut short."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def _next_record_start(handle: HashingReader, start: int, gzipped: bool, is_arc: bool) -> int:
    """Offset of the next gzip member, 'WARC/' line or ARC header line at or after start;
    -1 if none."""
    if gzipped:
        marker, lead = re.compile(re.escape(GZIP_MAGIC + b"\x08")), 0
    else:
        marker, lead = (_ARC_START, 1) if is_arc else (_WARC_START, 0)
    position = start - lead  # an ARC header is found by the newline before it
    while True:
        handle.seek(position)
        chunk = handle.read(_SCAN_BYTES)
        if len(chunk) <= lead:
            return -1
        found = marker.search(chunk)
        if found:
            return position + found.start() + lead
        if len(chunk) < _SCAN_BYTES:
            return -1
        position += len(chunk) - _MARKER_OVERLAP
