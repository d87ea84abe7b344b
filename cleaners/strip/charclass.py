"""Per-line counts of character classes for all lines of a page at once.

The lines are joined by newlines and read as an array of code points, so counting word
starts, digit runs or capitalized words costs a few array operations per page instead of
a regex call per line. Classes are the ones Python's `re` and `str` use (`\\w`, `\\d`,
`str.isupper`), so the counts equal per-line `re.findall` counts.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np

_BMP = 0x10000
Mask = np.ndarray  # bool, one value per code point of the joined lines
Counts = np.ndarray  # int, one value per line


def is_word_char(char: str) -> bool:
    """A character of `re`'s `\\w` (for str patterns)."""
    return char.isalnum() or char == "_"


class JoinedLines:
    """Lines joined by newlines, as code points, with where each line starts."""

    def __init__(self, text: str) -> None:
        """text: the lines joined by newlines."""
        self.text = text
        self.codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        breaks = np.flatnonzero(self.codes == 10)  # the newline after each line but the last
        self.starts = np.concatenate(([0], breaks + 1))
        self.lengths = np.concatenate((breaks, [len(self.codes)])) - self.starts

    def per_line(self, mask: Mask) -> Counts:
        """How many code points of each line are in mask (lines must be non-empty)."""
        return np.add.reduceat(mask, self.starts, dtype=np.int64)

    def runs_per_line(self, mask: Mask) -> Counts:
        """How many runs of consecutive mask code points each line holds."""
        return self.per_line(mask & ~of_previous(mask))

    def runs(self, mask: Mask) -> list[str]:
        """The runs of mask code points as strings, in order; mask must hold no whitespace.
        For `is_word_char` this is `re.findall(r"\\w+", text)` at a third of its cost
        (characters outside the mask become spaces, then `str.split`)."""
        spaced = np.where(mask, self.codes, np.uint32(32))
        return spaced.tobytes().decode("utf-32-le", "surrogatepass").split()

    def of_class(self, predicate: Callable[[str], bool]) -> Mask:
        """Code points whose character satisfies predicate (a `str` method or function)."""
        return char_classes(self.codes, (predicate,)) != 0

    def classes(self, predicates: tuple[Callable[[str], bool], ...]) -> np.ndarray:
        """Bit i of each code point's flags: predicates[i] holds (one table lookup for all)."""
        return char_classes(self.codes, predicates)


def _bmp_table(predicate: Callable[[str], bool]) -> Mask:
    return np.fromiter((predicate(chr(c)) for c in range(_BMP)), dtype=bool, count=_BMP)


def char_classes(codes: np.ndarray, predicates: tuple[Callable[[str], bool], ...]) -> np.ndarray:
    """Flags of each code point: bit i set if predicates[i] holds for its character."""
    out = _bmp_flags(predicates)[np.minimum(codes, _BMP - 1)]
    astral = codes >= _BMP
    if astral.any():
        out[astral] = [_flags(chr(c), predicates) for c in codes[astral].tolist()]
    return out


@cache
def _bmp_flags(predicates: tuple[Callable[[str], bool], ...]) -> np.ndarray:
    if len(predicates) > 16:
        raise ValueError("at most 16 character classes")
    flags = np.zeros(_BMP, dtype=np.uint16)
    for bit, predicate in enumerate(predicates):
        flags[_bmp_table(predicate)] |= 1 << bit
    return flags


def _flags(char: str, predicates: tuple[Callable[[str], bool], ...]) -> int:
    return sum(1 << bit for bit, predicate in enumerate(predicates) if predicate(char))


def of_previous(mask: Mask) -> Mask:
    """The mask's value at the previous code point (False for the first)."""
    out = np.zeros_like(mask)
    out[1:] = mask[:-1]
    return out


def of_next(mask: Mask) -> Mask:
    """The mask's value at the next code point (False for the last)."""
    out = np.zeros_like(mask)
    out[:-1] = mask[1:]
    return out
