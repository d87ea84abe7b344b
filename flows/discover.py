"""Discovery: stream the raw folder's entries, in a stable order, without loading the list."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path

from cleaners import Rejection
from flows.rawroot import RawFile, walk

__all__ = ["RawFile", "batched", "discover"]


def discover(raw_dir: Path) -> Iterator[RawFile | Rejection]:
    """Files to clean under raw_dir, and rejections for entries that are not (links out of
    the root, dangling links, FIFOs...): see `flows.rawroot.walk`."""
    return walk(raw_dir)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to size items, lazily (size: at least 1, see `flows.inputs`)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
