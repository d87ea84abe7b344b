"""Revisit records and their originals, across the containers of one run.

A revisit record ("same payload as before") becomes the original's bytes under the
revisit's own name, URL and time. Originals are looked up by record id (WARC-Refers-To) and
by (target URI, payload digest). A revisit met before its original (which lies in a
container indexed later) waits until the run's containers are all indexed.
Memory is bounded: at most MAX_ORIGINALS look-up keys and MAX_PENDING_REVISITS waiting
revisits are kept; past either, a revisit without its original is counted.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from warcio.recordloader import ArcWarcRecord

from cleaners.readers.member import MemberRef, Skipped
from cleaners.readers.warc_record import target_uri, unbracket
from cleaners.settings import MAX_INLINE_ORIGINALS_BYTES, MAX_ORIGINALS, MAX_PENDING_REVISITS

NO_ORIGINAL = "revisit, original not in input"
Key = str | tuple[str | None, str | None]


@dataclass(frozen=True)
class _Waiting:
    source_path: str
    ref: MemberRef  # the revisit's own name, order, URL and time
    keys: tuple[Key, ...]


class Originals:
    """Document records seen so far in this run, and the revisits still waiting for theirs.

    Members read inline (from archives that cannot be seeked) are kept up to
    MAX_INLINE_ORIGINALS_BYTES of payload; members of seekable archives as byte ranges."""

    def __init__(self) -> None:
        self._refs: dict[Key, MemberRef] = {}
        self._inline_bytes = 0
        self._waiting: list[_Waiting] = []
        self._waiting_paths: set[str] = set()
        self._wanted: set[Key] | None = None  # while learning: the waiting revisits' keys

    def wants(self, record: ArcWarcRecord) -> bool:
        """Whether a document record is worth reading and keeping: always, except while
        `learning` (then only if a waiting revisit points at it)."""
        if self._wanted is None:
            return True
        return any(key in self._wanted for key in _keys_of_original(record))

    @contextmanager
    def learning(self) -> Iterator[None]:
        """Within: containers cleaned by an earlier run are indexed for the originals that
        the waiting revisits point at, and nothing else (their own revisits do not wait)."""
        self._wanted = {key for item in self._waiting for key in item.keys}
        try:
            yield
        finally:
            self._wanted = None

    def add(self, ref: MemberRef, record: ArcWarcRecord) -> None:
        if len(self._refs) >= MAX_ORIGINALS:
            return
        if ref.length:
            ref = replace(ref, inline=None)  # a revisit of it reads it again by range
        elif ref.inline is None:
            return  # nothing to point at
        elif self._inline_bytes + len(ref.inline.payload) > MAX_INLINE_ORIGINALS_BYTES:
            return
        else:
            self._inline_bytes += len(ref.inline.payload)
        for key in _keys_of_original(record):
            self._refs[key] = ref

    def revisit(
        self, record: ArcWarcRecord, ref: MemberRef, source_path: str
    ) -> MemberRef | Skipped | None:
        """The revisit as its original's bytes; None if it waits for the end of the run,
        Skipped if its original is not known and it cannot wait."""
        keys = _keys(record)
        original = self._find(keys)
        if original is not None:
            return _revisit_of(original, ref)
        if self._wanted is None and len(self._waiting) < MAX_PENDING_REVISITS:
            self._waiting.append(_Waiting(source_path, ref, keys))
            self._waiting_paths.add(source_path)
            return None
        return Skipped(NO_ORIGINAL)

    def waiting_in(self, source_path: str) -> bool:
        return source_path in self._waiting_paths

    def waiting_for(self) -> set[str]:
        """Record ids (WARC-Refers-To) the waiting revisits point at."""
        return {w.keys[0] for w in self._waiting if isinstance(w.keys[0], str)}

    def resolve(self) -> Iterator[tuple[str, MemberRef | Skipped]]:
        """(source_path, entry) of each waiting revisit: its original's bytes, or Skipped
        if the run holds no original."""
        waiting, self._waiting = self._waiting, []
        self._waiting_paths.clear()
        for item in waiting:
            original = self._find(item.keys)
            entry = _revisit_of(original, item.ref) if original else Skipped(NO_ORIGINAL)
            yield item.source_path, entry

    def _find(self, keys: tuple[Key, ...]) -> MemberRef | None:
        return next((self._refs[key] for key in keys if key in self._refs), None)


def _keys_of_original(record: ArcWarcRecord) -> tuple[Key, ...]:
    """Look-up keys a document record answers to: its record id, (target URI, payload digest)."""
    record_id = unbracket(record.rec_headers.get_header("WARC-Record-ID"))
    digest = record.rec_headers.get_header("WARC-Payload-Digest")
    url = target_uri(record)
    by_id = (record_id,) if record_id else ()
    return (*by_id, (url, digest)) if digest and url else by_id


def _keys(revisit: ArcWarcRecord) -> tuple[Key, ...]:
    """Look-up keys of a revisit's original: its record id (if given) first."""
    headers = revisit.rec_headers
    uri = unbracket(
        headers.get_header("WARC-Refers-To-Target-URI") or headers.get_header("WARC-Target-URI")
    )
    by_content = (uri, headers.get_header("WARC-Payload-Digest"))
    refers_to = unbracket(headers.get_header("WARC-Refers-To"))
    return (refers_to, by_content) if refers_to else (by_content,)


def _revisit_of(original: MemberRef, revisit: MemberRef) -> MemberRef:
    """The revisit's own name, position, URL and time over the original's bytes."""
    return replace(
        original,
        source_member=revisit.source_member,
        order=revisit.order,
        url=revisit.url,
        fetched_at=revisit.fetched_at,
    )
