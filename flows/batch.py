"""Clean raw files and members of archives: read each one and call the library. No Prefect
here."""

from __future__ import annotations

from cleaners import Article, CleanError, Rejection, clean
from cleaners.readers import clean_member
from cleaners.settings import MAX_RAW_BYTES
from flows.members import MemberFile, WorkItem
from flows.rawroot import RawFile, read_raw


def clean_file(item: WorkItem) -> Article | Rejection:
    """Read one file (or archive member) and clean it; I/O problems become rejections,
    never exceptions."""
    if isinstance(item, MemberFile):
        return clean_member(item.ref, item.source_path)
    try:
        raw = read_raw(item, MAX_RAW_BYTES)
    except CleanError as err:
        return Rejection.of(err, item.source_path)
    return clean(raw, source_path=item.source_path)


def clean_batch(raw_files: list[RawFile]) -> list[Article | Rejection]:
    """Clean files in this process, unguarded (the flow uses `flows.guard`)."""
    return [clean_file(raw_file) for raw_file in raw_files]
