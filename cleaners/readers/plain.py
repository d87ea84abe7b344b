"""A plain file: one page (gzip is unwrapped later, by the sniff stage)."""

from __future__ import annotations

from pathlib import Path

from cleaners.errors import CleanError
from cleaners.settings import MAX_RAW_BYTES


def read_plain(path: str, size: int) -> bytes:
    """The file's bytes; CleanError `too_large` or `unreadable` instead of an exception."""
    if size > MAX_RAW_BYTES:
        raise CleanError("too_large", f"{size} bytes > {MAX_RAW_BYTES}")
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CleanError("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc
