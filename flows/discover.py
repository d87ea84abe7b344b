"""Discovery: stream the raw folder's files, in a stable order, without loading the list."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path


@dataclass(frozen=True)
class RawFile:
    path: str  # absolute
    source_path: str  # relative to the raw root, with forward slashes
    size: int
    mtime_ns: int


def discover(raw_dir: Path) -> Iterator[RawFile]:
    """Regular files under raw_dir, depth first, sorted by name in each folder.

    Hidden files and folders (names starting with '.') are skipped; so are symlinks to
    folders, which could loop.
    """
    root = Path(raw_dir).resolve()
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            listing = sorted(entries, key=lambda entry: entry.name)
        subfolders = []
        for entry in listing:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(Path(entry.path))
            elif entry.is_file():
                stat = entry.stat()
                relative = Path(entry.path).relative_to(root).as_posix()
                yield RawFile(entry.path, relative, stat.st_size, stat.st_mtime_ns)
        stack.extend(reversed(subfolders))


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to size items, lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
