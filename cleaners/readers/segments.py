"""Segmented WARC records (WARC 1.0/1.1): a record too long for one file is cut into a
first segment (the record itself, with `WARC-Segment-Number: 1`) and `continuation`
records (`WARC-Segment-Origin-ID`: the first's record id; `WARC-Segment-Number` 2..n; the
last one with `WARC-Segment-Total-Length`), often in the next files of the crawl.

Segments wait, as byte ranges, until the run's containers are all indexed. Then a record
whose segments are all there becomes one MemberRef (its worker reads and joins them); one
with a segment missing is rejected as `truncated`; continuations of a record not in the
input are counted. At most MAX_PENDING_SEGMENTS wait; past that, and in a container that
cannot be seeked per record, a first segment is rejected as `truncated`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from warcio.recordloader import ArcWarcRecord

from cleaners.readers.member import MemberRef, Skipped, member_rejection
from cleaners.readers.warc_record import unbracket
from cleaners.record import Rejection
from cleaners.settings import MAX_PENDING_SEGMENTS

ORPHAN = "continuation"  # counted: a continuation whose record is not (or not a document)


def is_segment(record: ArcWarcRecord) -> bool:
    return record.rec_type == "continuation" or bool(
        record.rec_headers.get_header("WARC-Segment-Number")
    )


class Segments:
    """First segments and continuations seen in this run, by the first's record id."""

    def __init__(self) -> None:
        self._firsts: dict[str, tuple[str, MemberRef]] = {}  # id -> (source_path, ref)
        self._rest: dict[str, dict[int, tuple[MemberRef, bool]]] = {}  # id -> n -> (ref, last)
        self._waiting = 0
        self._paths: set[str] = set()

    def add(
        self, record: ArcWarcRecord, ref: MemberRef, source_path: str
    ) -> Rejection | Skipped | None:
        """Keep a segment (None), or what it is now if it cannot wait."""
        headers = record.rec_headers
        full = self._waiting >= MAX_PENDING_SEGMENTS or not ref.length
        if record.rec_type == "continuation":
            origin = unbracket(headers.get_header("WARC-Segment-Origin-ID"))
            try:
                number = int(headers.get_header("WARC-Segment-Number") or "")
            except ValueError:
                number = 0
            if full or not origin or number < 2:
                return Skipped(ORPHAN)
            last = headers.get_header("WARC-Segment-Total-Length") is not None
            self._rest.setdefault(origin, {})[number] = (ref, last)
        else:
            record_id = unbracket(headers.get_header("WARC-Record-ID"))
            if full or not record_id:
                detail = "segmented record that cannot be joined here"
                return member_rejection(source_path, ref.source_member, "truncated", detail)
            self._firsts[record_id] = (source_path, ref)
            self._paths.add(source_path)
        self._waiting += 1
        return None

    def waiting_in(self, source_path: str) -> bool:
        return source_path in self._paths

    def resolve(self) -> Iterator[tuple[str, MemberRef | Rejection | Skipped]]:
        """(source_path, entry) per first segment: the joined record or a rejection; then
        ('', Skipped) per continuation of no waiting record."""
        for record_id, (source_path, first) in self._firsts.items():
            rest = self._rest.pop(record_id, {})
            numbers = sorted(rest)
            last = max(numbers, default=1)
            if numbers == list(range(2, last + 1)) and last > 1 and rest[last][1]:
                yield source_path, replace(first, segments=tuple(rest[n][0] for n in numbers))
            else:
                missing = sorted(set(range(2, last + 1)) - set(numbers))
                detail = f"segments {missing or [last + 1]}... of the segmented record not in input"
                yield (
                    source_path,
                    member_rejection(source_path, first.source_member, "truncated", detail),
                )
        for rest in self._rest.values():
            for _ in rest:
                yield "", Skipped(ORPHAN)
        self._firsts, self._rest, self._waiting = {}, {}, 0
        self._paths.clear()
