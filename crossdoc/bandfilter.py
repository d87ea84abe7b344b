"""Which LSH buckets may hold documents: a fixed-size bitmap in memory (a Bloom filter of
two bits per band key) over the band keys of the state's three levels.

Most of a new document's 32 buckets are empty. Probing an empty bucket still reads an
index page of each level, at a hash-random place of a table that outgrows the page cache
as the corpus grows; a bucket the filter says is empty is not probed. The filter never
says "empty" for a key that has entries (deleted entries only leave bits set), so the
buckets read, and the links, are the same as without it. It is built from the state on
first use (one scan of the band keys) and kept in step by `add`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np

from crossdoc.settings import BAND_FILTER_BITS
from crossdoc.state import LEVELS

_MULTIPLIERS = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F], dtype=np.uint64)
_3, _7 = np.uint64(3), np.uint64(7)  # a position's byte and bit
_SCAN_ROWS = 1 << 20  # keys hashed at a time while the filter is built


class BandFilter:
    """A set of band keys that may answer "maybe" for a key it was never given (fewer
    than 1 in 200 of the empty buckets at 100k records, ~1 in 7 at 1M; BAND_FILTER_BITS
    of memory whatever the corpus)."""

    def __init__(self, bits: int = BAND_FILTER_BITS) -> None:
        self.shift = np.uint64(64 - (bits.bit_length() - 1))  # bits: a power of two
        self.bitmap = np.zeros(bits // 8, dtype=np.uint8)

    @classmethod
    def of_state(cls, db: sqlite3.Connection, bits: int = BAND_FILTER_BITS) -> BandFilter:
        """The filter of every band key stored (in any of the three levels)."""
        found = cls(bits)
        for level in LEVELS:
            rows = db.execute(f"SELECT key FROM {level}bands")
            while chunk := rows.fetchmany(_SCAN_ROWS):
                found.add(key for (key,) in chunk)
        return found

    def _positions(self, keys: Iterable[int]) -> np.ndarray:
        """Two bit positions per key (multiplicative hashing), shape (keys, 2)."""
        values = np.fromiter(keys, dtype=np.int64).view(np.uint64)
        return (values[:, None] * _MULTIPLIERS) >> self.shift

    def add(self, keys: Iterable[int]) -> None:
        positions = self._positions(keys).ravel()
        bits = np.left_shift(1, positions & _7).astype(np.uint8)
        np.bitwise_or.at(self.bitmap, positions >> _3, bits)

    def maybe_held(self, keys: list[int]) -> list[int]:
        """The keys that may have entries (all those that have)."""
        positions = self._positions(keys)
        held = ((self.bitmap[positions >> _3] >> (positions & _7)) & 1).all(axis=1)
        return [key for key, maybe in zip(keys, held.tolist(), strict=True) if maybe]
