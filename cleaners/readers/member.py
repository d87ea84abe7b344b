"""What readers yield: members to clean, where they lie, and what is not a document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from cleaners.document import SourceFormat
from cleaners.errors import RejectReason
from cleaners.readers.regular import open_regular
from cleaners.record import Rejection

ContainerKind = Literal["file", "warc", "jsonl"]  # WARC readers also read ARC and WET


@dataclass(frozen=True)
class Member:
    """One page out of a container, with what the container says about it."""

    payload: bytes
    source_member: str | None = None  # WARC-Record-ID, JSON line number; None: plain file
    url: str | None = None  # WARC-Target-URI, the line's url
    fetched_at: str | None = None  # ISO 8601 UTC
    charset: str | None = None  # HTTP Content-Type charset: a hint, not the truth
    kind: SourceFormat | None = None  # 'text' for WET conversions and JSON text fields


@dataclass(frozen=True)
class RecordIdentity:
    """What tells an archive record from another that may lie at its byte range when it is
    read (its container replaced or rewritten since it was indexed)."""

    record_id: str | None  # WARC-Record-ID; None in an ARC file (warcio makes one up)
    record_type: str | None
    target_uri: str | None
    date: str | None
    length: str | None  # the record's Content-Length header
    digest: str | None = None  # WARC-Block-Digest if the writer gave one; a JSON line's hash

    def __str__(self) -> str:
        return ", ".join(filter(None, (self.record_id, self.target_uri, self.date)))


@dataclass(frozen=True)
class MemberRef:
    """Where one member lies in its container: what a worker needs to read it.

    A seekable container is read by byte range (offset, length). A stream that cannot be
    seeked (one gzip member for the whole file, .jsonl.gz, .jsonl.zst) is read once while
    indexing: the member then travels inline.
    """

    path: str  # the container, absolute
    kind: ContainerKind
    source_member: str
    order: int  # position in the container: earlier members are the originals of duplicates
    offset: int = 0
    length: int = 0
    url: str | None = None
    fetched_at: str | None = None
    inline: Member | None = None
    fields: tuple[tuple[str, str], ...] = ()  # JSON Lines: field name mapping
    segments: tuple[MemberRef, ...] = ()  # a segmented WARC record: its continuations
    identity: RecordIdentity | None = None  # of the archive record at the byte range

    def with_member(self, member: Member) -> MemberRef:
        """This ref with its member inline (read while indexing)."""
        return replace(self, inline=member)

    def read_range(self) -> bytes:
        """The member's bytes in its container."""
        with open_regular(self.path) as handle:
            handle.seek(self.offset)
            return handle.read(self.length)


@dataclass(frozen=True)
class Skipped:
    """A container member that is no document (request, image, 404 ...), counted by key."""

    key: str


def member_rejection(
    source_path: str, source_member: str, reason: RejectReason, detail: str
) -> Rejection:
    """The rejection of one member of a container (its detail cut to 500 characters)."""
    return Rejection(
        source_path=source_path, source_member=source_member, reason=reason, detail=detail[:500]
    )


def stream_error_reason(exc: BaseException) -> RejectReason:
    """Why a container cannot be read on from an error: a stream that ends early (EOFError)
    is `truncated`, any other parse or decompression error `malformed`."""
    return "truncated" if isinstance(exc, EOFError) else "malformed"
