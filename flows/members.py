"""Archives and JSON Lines files in the raw folder: their members become work items.

A container is indexed here, in the flow's process (one sequential read); its documents go
to the workers as `MemberFile`s that read their own byte ranges. Members that are no
documents are counted, unreadable ones rejected on the spot. After the last member a
`ContainerDone` marks the container complete (it is stored with the batch holding that
member, so the index never says "done" for a container whose results are not all stored).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cleaners import CleanError, Rejection
from cleaners.readers import Indexer, MemberRef, Skipped, container_kind
from flows.rawroot import RawFile, open_raw


@dataclass(frozen=True)
class MemberFile:
    """One member of a raw container file, to be cleaned by a worker."""

    raw_file: RawFile
    ref: MemberRef

    @property
    def source_path(self) -> str:
        return self.raw_file.source_path

    @property
    def source_member(self) -> str:
        return self.ref.source_member

    @property
    def size(self) -> int:
        """Bytes of the member (what its cleaning deadline scales with)."""
        inline = self.ref.inline
        if inline is not None:
            return len(inline.payload)
        return self.ref.length + sum(segment.length for segment in self.ref.segments)


@dataclass(frozen=True)
class ContainerDone:
    """All members of raw_file were handed out; raw_sha256: of the bytes indexed."""

    raw_file: RawFile
    raw_sha256: str | None


WorkItem = RawFile | MemberFile


def expand(
    files: Iterator[RawFile],
    indexer: Indexer,
    reject: Callable[[Rejection, RawFile], None],
    not_documents: Counter,
    earlier: Callable[[set[str]], Iterable[RawFile]] = lambda _: (),
) -> Iterator[WorkItem | ContainerDone]:
    """Plain files as they are; containers as their members, then a ContainerDone.

    Revisits whose originals were not indexed yet come after the last file (with the
    ContainerDone of their container); `earlier` names the unchanged containers (cleaned by
    an earlier run) that hold the record ids they point at: those are read for originals.
    """
    held: dict[str, ContainerDone] = {}
    for raw_file in files:
        try:
            kind = container_kind(raw_file.path)
        except Exception:  # noqa: BLE001 - unreadable or a reader bug: the run goes on
            kind = "file"  # the cleaner rejects it with its reason
        if kind == "file":
            yield raw_file
            continue
        if not _still_readable(raw_file):  # replaced or gone since discovery: rejected as a file
            yield raw_file
            continue
        try:
            for entry in indexer.index(raw_file.path, raw_file.source_path, kind):
                if isinstance(entry, MemberRef):
                    yield MemberFile(raw_file, entry)
                elif isinstance(entry, Skipped):
                    not_documents[entry.key] += 1
                else:
                    reject(entry, raw_file)
        except Exception as exc:  # noqa: BLE001 - a reader bug must not end the run
            detail = f"indexing failed: {type(exc).__name__}: {exc}"[:500]
            reject(
                Rejection(
                    source_path=raw_file.source_path,
                    source_member="index",
                    reason="internal_error",
                    detail=detail,
                ),
                raw_file,
            )
        # the hash lets a run with new mtimes, same bytes skip it; taken while indexing
        raw_sha256 = indexer.raw_sha256 or sha256_of(raw_file)
        done = ContainerDone(raw_file, raw_sha256)
        if indexer.waiting_in(raw_file.source_path):
            held[raw_file.source_path] = done
        else:
            yield done
    if held:
        yield from _waited(indexer, held, reject, not_documents, earlier)


def _waited(
    indexer: Indexer,
    held: dict[str, ContainerDone],
    reject: Callable[[Rejection, RawFile], None],
    not_documents: Counter,
    earlier: Callable[[set[str]], Iterable[RawFile]],
) -> Iterator[MemberFile | ContainerDone]:
    """The revisits and segmented records that waited for the run's end, then their
    containers' ContainerDones."""
    for raw_file in earlier(indexer.waiting_for()):
        try:
            indexer.learn_originals(raw_file.path, raw_file.source_path)
        except Exception:  # noqa: BLE001, S112 - unreadable now: its revisits are counted
            continue
    for source_path, entry in indexer.resolve():
        if isinstance(entry, MemberRef):
            yield MemberFile(held[source_path].raw_file, entry)
        elif isinstance(entry, Skipped):
            not_documents[entry.key] += 1
        else:
            reject(entry, held[source_path].raw_file)
    yield from held.values()


def _still_readable(raw_file: RawFile) -> bool:
    try:
        open_raw(raw_file).close()
    except (CleanError, OSError):
        return False
    return True


def sha256_of(raw_file: RawFile) -> str | None:
    """Content hash of a raw file, read in blocks (archives are large); None if it cannot
    be read now."""
    try:
        with open_raw(raw_file) as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except (CleanError, OSError):
        return None
