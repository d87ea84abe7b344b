"""Word shingles of a text and their MinHash signature (rensa: see benchmarks/neardup.py
for the comparison with datasketch)."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

import numpy as np
from rensa import RMinHash

from crossdoc.settings import LSH_BANDS, NUM_PERM, SHINGLE_WORDS

_WORD = re.compile(r"\w+")
_SEED = 13
PIECE_CHARS = 1 << 20  # the text read at a time for its shingles (~170,000 words)


def shingles(text: str, size: int = SHINGLE_WORDS) -> Iterator[set[str]]:
    """Lower-cased word n-grams, those of about PIECE_CHARS of the text at a time (a huge
    text never holds all of them: a 50 MB one held over a GB); a text shorter than `size`
    words is one shingle. A MinHash of their union is that of the text's shingle set."""
    lowered = text.lower()
    words: list[str] = []
    start, done, given = 0, False, False
    while not done:
        cut = lowered.find(" ", start + PIECE_CHARS)  # a space ends no word
        done = cut < 0
        words += _WORD.findall(lowered, start, len(lowered) if done else cut)
        start = cut
        if len(words) >= size:
            yield {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
            words, given = words[len(words) - size + 1 :], True
    if not given:
        yield {" ".join(words)}


def signature(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint32) of the text's shingle set."""
    minhash = RMinHash(num_perm=NUM_PERM, seed=_SEED)
    for piece in shingles(text):
        minhash.update(list(piece))
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
