"""Split stage for plain-text dumps: normalized non-empty lines and their layout.

Whitespace and control characters are normalized once for the whole text; each line keeps
its block (run of consecutive non-empty lines between blank lines).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from cleaners.chrome import AD_LABEL, MAX_AD_LABEL_CHARS, is_leaked_markup

# zero-width, BOM, soft hyphen; bidi marks, embeddings and isolates (after a line's full stop
# they hid it)
_INVISIBLE_CHARS = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069"
)
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Control characters, and every space character (str.isspace) but newline, space itself and
# Unicode's line and paragraph separators (line breaks), spelled out: a character class is one
# table lookup, `[^\S\n ]` a Unicode query per char.
_ODD_SPACE_OR_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\u1680\u2000-\u200a\u202f\u205f\u3000]"
)
_LINE_SEPARATOR, _PARAGRAPH_SEPARATOR = "\u2028", "\u2029"
_SPACE_RUN = re.compile("  +")


@dataclass(slots=True)
class Page:
    """The non-empty lines of a dump, normalized, and their layout (one value per line)."""

    texts: list[str]
    blocks: np.ndarray  # id of the line's run of consecutive non-empty lines: 0, 1, ...
    block_sizes: np.ndarray  # lines in that run
    block_starts: np.ndarray  # index of each run's first line
    words: list[int] = field(default_factory=list)  # \w+ tokens (CJK: half a word per
    # character on short lines), filled in by `features`
    set_aside: list[tuple[int, str]] = field(default_factory=list)  # lines left out (an
    # ad slot's label, "Advertisement"; leaked ad markup) and the index of the line after

    def __len__(self) -> int:
        return len(self.texts)


def _normalize(text: str) -> str:
    """`normalize_line` for a whole text, newlines kept (one pass, not one per line), except
    that runs of spaces are left to `split_page`: a line separator (U+2028) becomes a
    newline, a paragraph separator (U+2029) a blank line, every other space character (tab,
    NBSP, ...) and control character one plain space; of the characters neither
    printable nor spaces only the invisible ones go, bidi controls too (the record's
    paragraphs lose the rest, private use, in `normalize_line`)."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if any(char in text for char in _INVISIBLE_CHARS):  # `in` scans ten times faster
        text = _INVISIBLE.sub("", text)
    if _LINE_SEPARATOR in text or _PARAGRAPH_SEPARATOR in text:
        text = text.replace(_LINE_SEPARATOR, "\n").replace(_PARAGRAPH_SEPARATOR, "\n\n")
    return _ODD_SPACE_OR_CONTROL.sub(" ", text)


def split_page(text: str) -> Page:
    """Non-empty normalized lines of a dump with their block (run between blank lines); ad
    labels alone on a line and leaked ad or pixel markup are set aside (an article cut by
    ad slots reads as one)."""
    text = _SPACE_RUN.sub(" ", _normalize(text)).replace(" \n", "\n").replace("\n ", "\n")
    texts: list[str] = []
    blocks: list[int] = []
    set_aside: list[tuple[int, str]] = []
    block = 0
    blank = True
    for line in text.strip(" ").split("\n"):
        if not line:
            blank = True
            continue
        if (len(line) <= MAX_AD_LABEL_CHARS and AD_LABEL.match(line)) or is_leaked_markup(line):
            set_aside.append((len(texts), line))  # an ad slot does not split the article
            continue
        if blank and texts:
            block += 1
        blank = False
        texts.append(line)
        blocks.append(block)
    block_ids = np.array(blocks, dtype=np.intp)
    sizes = np.bincount(block_ids)
    starts = np.concatenate(([0], sizes.cumsum()[:-1])) if len(sizes) else sizes
    return Page(texts, block_ids, sizes[block_ids].astype(float), starts, set_aside=set_aside)
