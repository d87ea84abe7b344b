"""Clean raw files: read each one and call the library. No Prefect here."""

from __future__ import annotations

from cleaners import Article, Rejection, clean
from cleaners.errors import CleanError
from cleaners.settings import MAX_RAW_BYTES
from flows.rawroot import RawFile, read_raw


def clean_file(raw_file: RawFile) -> Article | Rejection:
    """Read one file and clean it; I/O problems become rejections, never exceptions."""
    if raw_file.size > MAX_RAW_BYTES:
        return Rejection(
            source_path=raw_file.source_path,
            reason="too_large",
            detail=f"{raw_file.size} bytes > {MAX_RAW_BYTES}",
        )
    try:
        raw = read_raw(raw_file, MAX_RAW_BYTES)
    except CleanError as err:
        return Rejection(source_path=raw_file.source_path, reason=err.reason, detail=err.detail)
    return clean(raw, source_path=raw_file.source_path)


def clean_batch(raw_files: list[RawFile]) -> list[Article | Rejection]:
    """Clean files in this process, unguarded (the flow uses `flows.guard`)."""
    return [clean_file(raw_file) for raw_file in raw_files]
