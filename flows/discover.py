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
    """Lists of up to size items, lazily. A size below 1 is a ValueError (it would end the
    run with nothing taken, as if the raw folder were empty)."""
    if size < 1:
        raise ValueError(f"batch_size must be at least 1, not {size}")
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
