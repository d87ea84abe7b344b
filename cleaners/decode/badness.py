"""ftfy's mojibake measure on long lines, read only where it can match.

Every pattern of ftfy's badness regex holds a non-ASCII character and matches at most
`_WIDTH` characters, so all its matches lie within `_WIDTH - 1` characters of a non-ASCII
one. A long line of markup with a few accented words is measured on those stretches alone:
the same count (and the same yes/no) as on the whole line, at a fraction of the cost.
"""

from __future__ import annotations

import re

from ftfy.badness import BADNESS_RE

_WIDTH = 7  # the longest match of BADNESS_RE (checked by a test against ftfy's regex)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_SHORT = 512  # shorter texts are measured whole


def stretches(text: str) -> list[str]:
    """The parts of text within _WIDTH - 1 characters of a non-ASCII one, overlaps merged.
    A part starts at the text's start or with _WIDTH - 1 ASCII characters, so the regex's
    '^' sees no start that the whole text lacks."""
    parts: list[str] = []
    start = end = -1
    for run in _NON_ASCII_RUN.finditer(text):
        low, high = max(0, run.start() - _WIDTH + 1), run.end() + _WIDTH - 1
        if low <= end:
            end = high
            continue
        if end >= 0:
            parts.append(text[start:end])
        start, end = low, high
    if end >= 0:
        parts.append(text[start:end])
    return parts


def badness(text: str) -> int:
    """ftfy.badness.badness(text): the number of unlikely character sequences."""
    if len(text) <= _SHORT:
        return len(BADNESS_RE.findall(text))
    return sum(len(BADNESS_RE.findall(part)) for part in stretches(text))


def is_bad(text: str) -> bool:
    """ftfy.badness.is_bad(text): some sequence looks like mojibake."""
    if len(text) <= _SHORT:
        return bool(BADNESS_RE.search(text))
    return any(BADNESS_RE.search(part) for part in stretches(text))
