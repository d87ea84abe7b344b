"""Writing that survives a crash or a full disk: atomic file replacement, durable renames,
and one error for a folder that cannot be written."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO


class OutputError(RuntimeError):
    """The output folder cannot be written (disk full, read-only...): the run stops; what
    was committed stays consistent and the next run completes the rest."""


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """OS and SQLite write errors become one OutputError naming the folder and the cause."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    except sqlite3.OperationalError as exc:
        raise OutputError(f"cannot write the index in {folder}: {exc}") from exc


def write_bytes(handle: IO[bytes], data: bytes) -> None:
    """Every byte of the output goes through here (tests simulate a full disk here)."""
    handle.write(data)


def fsync_dir(folder: Path) -> None:
    """Make renames and deletions in folder durable (a rename is an entry of the folder)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a part."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            write_bytes(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)
