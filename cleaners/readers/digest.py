"""A container's SHA-256, taken while it is read for indexing: no second read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import BinaryIO

_BLOCK = 1 << 20


class HashingReader:
    """A binary file whose bytes are hashed as they are read in order; bytes skipped over
    (a seek forward, a read stopped early) are read by `hexdigest`."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle
        self._sha = hashlib.sha256()
        self._hashed = 0  # bytes [0, _hashed) are in the hash

    def read(self, size: int = -1) -> bytes:
        return self._hashing(self._handle.read, size)

    def readline(self, size: int = -1) -> bytes:
        return self._hashing(self._handle.readline, size)

    def _hashing(self, read: Callable[[int], bytes], size: int) -> bytes:
        start = self._handle.tell()
        data = read(size)
        if start <= self._hashed < start + len(data):
            self._sha.update(data[self._hashed - start :])
            self._hashed = start + len(data)
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._handle.seek(offset, whence)

    def tell(self) -> int:
        return self._handle.tell()

    def close(self) -> None:
        self._handle.close()

    def hexdigest(self) -> str:
        """The hash of the whole file (what was not read yet is read now)."""
        position = self._handle.tell()
        self._handle.seek(self._hashed)
        while block := self.read(_BLOCK):
            del block
        self._handle.seek(position)
        return self._sha.hexdigest()
