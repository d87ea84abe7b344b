"""A plain file: one page (gzip is unwrapped later, by the sniff stage)."""

from __future__ import annotations

from cleaners.errors import CleanError
from cleaners.readers.regular import open_regular, read_bounded
from cleaners.settings import MAX_RAW_BYTES


def read_plain(path: str, limit: int = MAX_RAW_BYTES) -> bytes:
    """The file's bytes, opened as a regular file only (never through a symlink, never a
    FIFO); CleanError `too_large` or `unreadable` instead of an exception."""
    try:
        handle = open_regular(path)
    except OSError as exc:
        raise CleanError("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    with handle:
        return read_bounded(handle, limit)
