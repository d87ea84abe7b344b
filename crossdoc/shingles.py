"""Word shingles of a text and their MinHash signature (rensa: see benchmarks/neardup.py
for the comparison with datasketch)."""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
from rensa import RMinHash

from crossdoc.settings import LSH_BANDS, NUM_PERM, SHINGLE_WORDS

_WORD = re.compile(r"\w+")
_SEED = 13


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams; a text shorter than `size` words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of the text's shingle set."""
    minhash = RMinHash(num_perm=NUM_PERM, seed=_SEED)
    minhash.update(list(shingles(text)))
    return np.asarray(minhash.digest(), dtype=np.uint32)


def band_keys(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per LSH band (the band's number is part of the key)."""
    rows = len(sig) // LSH_BANDS
    keys = []
    for band in range(LSH_BANDS):
        chunk = sig[band * rows : (band + 1) * rows].tobytes()
        high, low = zlib.crc32(chunk, band), zlib.adler32(chunk, band)
        keys.append(struct.unpack("<q", struct.pack("<II", low, high))[0] >> 1)
    return keys


def jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.mean(left == right))
