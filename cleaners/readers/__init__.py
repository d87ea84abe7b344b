"""Readers: raw files -> members to clean, a library stage before `cleaners.clean`.

A raw file is a plain page (`plain`), a web archive (`warc`: WARC, ARC, WET) or a scraper
export (`jsonl`), told apart by content (`detect`). Indexing a container yields a
`MemberRef` per document, a `Skipped` per record that is no document (counted, not
rejected) and a `Rejection` per member that cannot be read; `clean_member` then reads one
member by its byte range and cleans it. No Prefect here.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaners.errors import CleanError
from cleaners.pipeline import clean
from cleaners.readers.detect import container_kind
from cleaners.readers.jsonl import Fields, index_jsonl, parse_fields, read_jsonl_member
from cleaners.readers.member import ContainerKind, Member, MemberRef, Skipped
from cleaners.readers.plain import read_plain
from cleaners.readers.revisits import Originals
from cleaners.readers.segments import Segments
from cleaners.readers.warc import index_warc, read_warc_member
from cleaners.record import Article, Rejection

__all__ = [
    "ContainerKind",
    "Indexer",
    "Member",
    "MemberRef",
    "Skipped",
    "clean_member",
    "container_kind",
    "parse_fields",
    "read_member",
    "read_plain",
]


class Indexer:
    """Indexes containers one after another; revisits find originals indexed before them.
    After a container's last entry, `raw_sha256` is the hash of the bytes indexed."""

    def __init__(self, fields: Fields = ()) -> None:
        self.fields = fields
        self.originals = Originals()
        self.segments = Segments()
        self.raw_sha256: str | None = None

    def index(
        self, path: str, source_path: str, kind: ContainerKind
    ) -> Iterator[MemberRef | Skipped | Rejection]:
        self.raw_sha256 = None
        if kind == "warc":
            self.raw_sha256 = yield from index_warc(
                path, source_path, self.originals, self.segments
            )
        elif kind == "jsonl":
            self.raw_sha256 = yield from index_jsonl(path, source_path, self.fields)
        else:
            raise ValueError(f"not a container: {kind}")

    def waiting_in(self, source_path: str) -> bool:
        """True if revisits of this container wait for originals (see `resolve`)."""
        return self.originals.waiting_in(source_path) or self.segments.waiting_in(source_path)

    def waiting_for(self) -> set[str]:
        """Record ids that waiting revisits point at (WARC-Refers-To)."""
        return self.originals.waiting_for()

    def learn_originals(self, path: str, source_path: str) -> None:
        """Index a container (cleaned in an earlier run) only for the originals it holds:
        only the documents that waiting revisits point at are read; its own revisits do not
        wait and its segments are not kept (that run dealt with them)."""
        with self.originals.learning():
            for _ in index_warc(path, source_path, self.originals, Segments()):
                pass

    def resolve(self) -> Iterator[tuple[str, MemberRef | Skipped | Rejection]]:
        """After the run's last container: (source_path, entry) of each revisit that waited
        (its original's bytes, or Skipped if the run holds no original) and of each
        segmented record (joined, or a rejection)."""
        yield from self.originals.resolve()
        yield from self.segments.resolve()


def read_member(ref: MemberRef) -> Member:
    """The member a MemberRef points at; CleanError if it cannot be read."""
    read = read_warc_member if ref.kind == "warc" else read_jsonl_member
    try:
        return read(ref)
    except OSError as exc:
        raise CleanError("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc


def clean_member(ref: MemberRef, source_path: str) -> Article | Rejection:
    """Read one member and clean it; never raises for bad input."""
    try:
        member = read_member(ref)
    except CleanError as err:
        return Rejection.of(err, source_path, ref.source_member)
    return clean(
        member.payload,
        source_path=source_path,
        source_member=ref.source_member,
        target_uri=ref.url or member.url,
        fetched_at=ref.fetched_at or member.fetched_at,
        charset=member.charset,
        kind=member.kind,
    )
