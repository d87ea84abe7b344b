"""Facts read off the text of a dump's lines, the raw material of `cleaners.strip.lines`.

Counts of character classes come from the page's joined lines as one code-point array
(`cleaners.strip.charclass`); stopwords use the stoplist picked for the page's own language
(`cleaners.stopwords`); phrase patterns (chrome, end markers, dates, bylines) run only on
short lines.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import compress

import numpy as np

from cleaners.byline import LOWER_BYLINE_START, byline_names
from cleaners.chrome import WIDGET_LINES, chrome_kind
from cleaners.scripts import CJK, UNSPACED
from cleaners.settings import UNSPACED_CHARS_PER_WORD
from cleaners.stopwords import pick_stoplist
from cleaners.strip.charclass import JoinedLines, is_word_char, of_next, of_previous

Column = np.ndarray  # float64, one value per line

MAX_ANNOTATION_CHARS = 30  # a bracketed annotation closing a line, "[3]" or "[M1 / MP]"
_CLOSERS = "\"'”’»«)]"  # closing quotes and brackets after a sentence's last mark
_SENTENCE_MARKS = frozenset(".!?…:;。！？")
_PUNCT_MARKS = frozenset(".!?…。！？")
_STRONG_SEPARATORS = "|•"  # a menu separator when next to a space
_WEAK_SEPARATORS = "·/»›>"  # ... when between spaces


def _is_cjk(char: str) -> bool:
    return CJK.match(char) is not None


def is_unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (kana, hanzi)."""
    return UNSPACED.match(char) is not None


# Character classes read off a page's code points in one table lookup (bit i: _CLASSES[i]).
_CLASSES = (
    str.isdecimal,
    str.isupper,
    _STRONG_SEPARATORS.__contains__,
    _WEAK_SEPARATORS.__contains__,
    _CLOSERS.__contains__,
    _is_cjk,
    _SENTENCE_MARKS.__contains__,
    _PUNCT_MARKS.__contains__,
)
(
    _DECIMAL,
    _UPPER,
    _STRONG_SEPARATOR,
    _WEAK_SEPARATOR,
    _CLOSER,
    _CJK_CHAR,
    _SENTENCE_MARK,
    _PUNCT_MARK,
) = (1 << bit for bit in range(len(_CLASSES)))

DATE = re.compile(  # a year and a time (07:45, 07h45), a numeric date, a clock time; a time
    # after any year is after the first one, so only the first is tried (atomic group: linear)
    r"^(?>.*?\b\d{4}\b).*\b\d{1,2}[:h]\d{2}\b"
    r"|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\s*[ap]\.?m\b",
    re.IGNORECASE,
)


def text_facts(
    texts: list[str], joined: JoinedLines, lowers: list[str], lowered: JoinedLines
) -> dict[str, Column | bool]:
    """Per-line facts read off the lines (joined, and the same lower-cased): counts of
    character classes over the joined lines, regexes only on short lines."""
    flags = joined.classes(_CLASSES)
    cjk = joined.per_line((flags & _CJK_CHAR) != 0)
    words, stop, has_stoplist = _word_counts(joined, lowered, cjk)
    short = (words <= 12).tolist()
    digits = joined.runs_per_line((flags & _DECIMAL) != 0)
    counts = Counter(texts)
    word_starts = (joined.codes != 32) & (joined.codes != 10)  # a line's only space is " "
    word_starts &= ~of_previous(word_starts)
    return {
        "has_stoplist": has_stoplist,
        "words": words,
        "stop": stop,
        "chars": joined.lengths.astype(float),
        "commas": joined.per_line(joined.codes == 44).astype(float),
        "capitals": joined.per_line(word_starts & ((flags & _UPPER) != 0))
        / joined.per_line(word_starts),
        "digits": digits.astype(float),
        "separator": _separators(joined, flags),
        "copyright": _array(["©" in t or "copyright" in t or "(c)" in t for t in lowers]),
        "repeated": _array([counts[t] > 1 for t in texts]),
        **_line_ends(joined, flags),
        **_phrase_facts(texts, lowers, short, (digits > 0).tolist()),
    }


def _line_ends(joined: JoinedLines, flags: np.ndarray) -> dict[str, Column]:
    """How each line ends: sentence or other punctuation before any closing quotes and
    brackets, a colon, an ellipsis."""
    codes, starts = joined.codes, joined.starts
    ends = starts + joined.lengths - 1  # last code point of each line
    # ... and the last one before closing quotes and brackets (a newline is no closer: a
    # line of closers only gets a mark before its start)
    positions = np.arange(len(codes))
    not_closer = np.maximum.accumulate(np.where(flags & _CLOSER, -1, positions))
    mark = not_closer[_before_annotation(joined, ends)]
    marks = np.where(mark >= starts, flags[np.maximum(mark, 0)], 0)  # 0: all closers
    last = codes[ends]
    dots = (joined.lengths >= 3) & (last == 46)
    for back in (1, 2):
        dots &= codes[np.maximum(ends - back, 0)] == 46
    return {
        "sentence_end": ((marks & _SENTENCE_MARK) != 0).astype(float),
        "punct_end": ((marks & _PUNCT_MARK) != 0).astype(float),
        "colon_end": (last == ord(":")).astype(float),
        "ellipsis_end": (dots | (last == ord("…"))).astype(float),
    }


def _before_annotation(joined: JoinedLines, ends: np.ndarray) -> np.ndarray:
    """Each line's last code point before a short bracketed annotation closing it (a
    citation or cross-reference: "... sacred. [M1 / MP]", "... in 1998.[3]")."""
    marks = ends.copy()
    text, codes = joined.text, joined.codes
    for i in np.flatnonzero(codes[ends] == ord("]")).tolist():
        start, end = int(joined.starts[i]), int(ends[i])
        opening = text.rfind("[", start, end)
        if start < opening and end - opening <= MAX_ANNOTATION_CHARS:
            mark = opening - 1
            while mark > start and codes[mark] == 32:
                mark -= 1
            marks[i] = mark
    return marks


def _word_counts(
    joined: JoinedLines, lowered: JoinedLines, cjk: np.ndarray
) -> tuple[Column, Column, bool]:
    """Words of every line (`\\w+` runs; kana and hanzi: one word per two characters), its
    stopwords, and whether the page's language has a stoplist."""
    n = len(joined.lengths)
    word_chars = lowered.of_class(is_word_char)
    tokens = lowered.runs(word_chars)
    token_counts = lowered.runs_per_line(word_chars)
    token_lines = np.repeat(np.arange(n), token_counts)
    long_line_tokens = compress(tokens, (token_counts >= 8)[token_lines].tolist())
    _, stops = pick_stoplist(long_line_tokens)
    if stops:
        is_stop = np.fromiter(map(stops.__contains__, tokens), dtype=bool, count=len(tokens))
        stop = np.bincount(token_lines[is_stop], minlength=n).astype(float)
    else:
        stop = np.zeros(n)
    words = token_counts.astype(float)
    if cjk.any():  # runs of kana and hanzi: a word per UNSPACED_CHARS_PER_WORD characters
        unspaced = lowered.of_class(is_unspaced)
        spaced_tokens = lowered.runs_per_line(word_chars & ~unspaced)
        words = spaced_tokens + np.ceil(lowered.per_line(unspaced) / UNSPACED_CHARS_PER_WORD)
    return words, stop, bool(stops)


def _phrase_facts(
    texts: list[str], lowers: list[str], short: list[bool], digits: list[bool]
) -> dict[str, Column]:
    """Known chrome phrases, end markers, dates and bylines, tested on short lines only
    (phrase patterns on the lower-cased line: case-blind matching costs three times more)."""
    n = len(texts)
    end_marker, chrome, date, byline = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for i in compress(range(n), short):
        text, lower = texts[i], lowers[i]
        kind = chrome_kind(text, lower, dump=True)
        if kind is not None:
            chrome[i] = 1.0
            end_marker[i] = float(kind == "end")
        if digits[i] and (WIDGET_LINES.match(text) or DATE.search(text)):
            date[i] = 1.0
        if LOWER_BYLINE_START.match(lower) and byline_names(text) is not None:
            byline[i] = 1.0
    return {
        "end_marker": _array(end_marker),
        "chrome": _array(chrome),  # is_chrome_line(..., dump=True)
        "date": _array(date),
        "byline": _array(byline),
    }


def _separators(joined: JoinedLines, flags: np.ndarray) -> Column:
    """Per line, the separators between menu items: | or • next to a space, or one of
    ·/»›> with a space on both sides."""
    space = joined.codes == 32
    before, after = of_previous(space), of_next(space)
    strong = ((flags & _STRONG_SEPARATOR) != 0) & (before | after)
    weak = ((flags & _WEAK_SEPARATOR) != 0) & before & after
    return joined.per_line(strong | weak).astype(float)


def _array(values: list[float] | list[bool]) -> Column:
    return np.array(values, dtype=float)
