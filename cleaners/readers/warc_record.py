"""One WARC (or ARC, read as WARC) record: its payload as the server meant it, its
headers."""

from __future__ import annotations

from warcio.recordloader import ArcWarcRecord

from cleaners.errors import CleanError
from cleaners.readers.http import decode_body, media_type
from cleaners.readers.member import Member, MemberRef, RecordIdentity
from cleaners.settings import MAX_RAW_BYTES


def missing_bytes(record: ArcWarcRecord) -> int:
    """Bytes of the record's Content-Length its stream could not deliver (a record without
    a length has no limit: 0)."""
    return getattr(record.raw_stream, "limit", 0)


def member_of_record(record: ArcWarcRecord, ref: MemberRef, rest: bytes = b"") -> Member:
    """Payload and hints of a record: HTTP chunking and compression undone. rest: the
    payload's continuation (the later segments of a segmented record)."""
    body = record.raw_stream.read(MAX_RAW_BYTES + 1) + rest
    if len(body) > MAX_RAW_BYTES:
        raise CleanError("too_large", f"record payload over {MAX_RAW_BYTES} bytes")
    if missing_bytes(record) > 0:
        raise CleanError("truncated", "record ends before its Content-Length")
    http = record.http_headers
    if http is not None:
        body = decode_body(
            body,
            http.get_header("Transfer-Encoding"),
            http.get_header("Content-Encoding"),
            cut_by_crawler=bool(record.rec_headers.get_header("WARC-Truncated")),
        )
    _, charset = media_type(_content_type(record))
    return Member(
        payload=body,
        source_member=ref.source_member,
        url=ref.url,
        fetched_at=ref.fetched_at,
        charset=charset,
        kind="text" if record.rec_type == "conversion" else None,
    )


def status_and_mime(record: ArcWarcRecord) -> tuple[int | None, str]:
    status = None
    if record.http_headers is not None and record.rec_type in ("response", "revisit"):
        try:
            status = int(record.http_headers.get_statuscode())
        except (TypeError, ValueError):
            status = 0  # an unreadable status line: no document
    mime, _ = media_type(_content_type(record))
    return status, mime


def _content_type(record: ArcWarcRecord) -> str | None:
    """The payload's Content-Type: the HTTP header's, else the WARC record's."""
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type")
    return record.rec_headers.get_header("Content-Type")


def identity_of(record: ArcWarcRecord, arc: bool) -> RecordIdentity:
    """The record's identity, from its headers (an ARC record's id is made up by warcio
    each time it is read: not part of it)."""
    headers = record.rec_headers
    return RecordIdentity(
        record_id=None if arc else unbracket(headers.get_header("WARC-Record-ID")),
        record_type=record.rec_type,
        target_uri=target_uri(record),
        date=headers.get_header("WARC-Date"),
        length=headers.get_header("Content-Length"),
        digest=headers.get_header("WARC-Block-Digest"),
    )


def target_uri(record: ArcWarcRecord) -> str | None:
    return unbracket(record.rec_headers.get_header("WARC-Target-URI")) or None


def unbracket(value: str | None) -> str | None:
    """'<urn:uuid:...>' -> 'urn:uuid:...' (WARC 1.0 brackets some URIs)."""
    if value is None:
        return None
    value = value.strip()
    return value[1:-1] if value.startswith("<") and value.endswith(">") else value
