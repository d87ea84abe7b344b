"""Opening a raw file safely: never through a symlink, never a FIFO or a device."""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from cleaners.errors import CleanError

OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | os.O_CLOEXEC


def open_regular(path: str) -> BinaryIO:
    """The file at path, opened for reading, if it is a regular file and not a symlink.

    O_NOFOLLOW refuses a symlink swapped in after discovery (ELOOP); O_NONBLOCK keeps a FIFO
    swapped in from blocking the open, and the fstat check refuses it before any read.
    Raises OSError.
    """
    fd = os.open(path, OPEN_FLAGS)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(handle: BinaryIO, limit: int) -> bytes:
    """All of an open file, or CleanError `too_large` past limit bytes (also when it grows
    while read) or `unreadable`."""
    try:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise CleanError("too_large", f"{size} bytes > {limit}")
        data = handle.read(limit + 1)
    except OSError as exc:
        raise CleanError("unreadable", f"{type(exc).__name__}: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise CleanError("too_large", f"more than {limit} bytes (grew while read)")
    return data
