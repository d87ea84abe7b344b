"""Line features of a whole-page text dump, for telling article lines from site chrome.

A dump is split into its non-empty lines; each keeps how it sits in the page (blank lines
around it, size of its block of consecutive lines, repeats elsewhere in the page). Every
feature is language-independent in shape; stopword density uses the stoplist picked for
the page's own language (`cleaners.stopwords`).

Two feature sets feed the two stages of `cleaners.strip`: `features` (the line and its
neighbours' shape) and `context_features` (what the first stage thinks of the lines
around it: where the article's mass lies).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress

import numpy as np

from cleaners.byline import LOWER_BYLINE_START, byline_names
from cleaners.charclass import JoinedLines, is_word_char, of_next, of_previous
from cleaners.chrome import CAPTION, END_MARKERS, LOWER_END_OR_CHROME_LINES, WIDGET_LINES
from cleaners.stopwords import pick_stoplist

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, BOM, soft hyphen
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Control characters, and every space character (str.isspace) but newline and space itself,
# spelled out: a character class is one table lookup, `[^\S\n ]` a Unicode query per char.
_ODD_SPACE_OR_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)
_SPACE_RUN = re.compile("  +")
_CLOSERS = "\"'”’»«)]"  # closing quotes and brackets after a sentence's last mark
_SENTENCE_MARKS = frozenset(".!?…:;。！？")
_PUNCT_MARKS = frozenset(".!?…。！？")
_STRONG_SEPARATORS = "|•"  # a menu separator when next to a space
_WEAK_SEPARATORS = "·/»›>"  # ... when between spaces
_CJK = (("\u3040", "\u30ff"), ("\u3400", "\u9fff"), ("\uac00", "\ud7af"))  # kana, hanzi, hangul


def _is_cjk(char: str) -> bool:
    return any(first <= char <= last for first, last in _CJK)


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

_DATE = re.compile(
    r"\b\d{4}\b.*\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\s*[ap]\.?m\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Page:
    """The non-empty lines of a dump, normalized, and their layout (one value per line)."""

    texts: list[str]
    blocks: np.ndarray  # id of the line's run of consecutive non-empty lines: 0, 1, ...
    block_sizes: np.ndarray  # lines in that run
    block_starts: np.ndarray  # index of each run's first line
    words: list[int] = field(default_factory=list)  # \w+ tokens (CJK: half a word per
    # character on short lines), filled in by `features`

    def __len__(self) -> int:
        return len(self.texts)


def _normalize(text: str) -> str:
    """`normalize_line` for a whole text, newlines kept (one pass, not one per line), except
    that runs of spaces are left to `split_page`: every other space character (tab, NBSP,
    ...) and control character becomes one plain space here."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if any(char in text for char in _INVISIBLE_CHARS):  # `in` scans ten times faster
        text = _INVISIBLE.sub("", text)
    return _ODD_SPACE_OR_CONTROL.sub(" ", text)


def split_page(text: str) -> Page:
    """Non-empty normalized lines of a dump with their block (run between blank lines)."""
    text = _SPACE_RUN.sub(" ", _normalize(text)).replace(" \n", "\n").replace("\n ", "\n")
    texts: list[str] = []
    blocks: list[int] = []
    block = 0
    blank = True
    for line in text.strip(" ").split("\n"):
        if not line:
            blank = True
            continue
        if blank and texts:
            block += 1
        blank = False
        texts.append(line)
        blocks.append(block)
    block_ids = np.array(blocks, dtype=np.intp)
    sizes = np.bincount(block_ids)
    starts = np.concatenate(([0], sizes.cumsum()[:-1])) if len(sizes) else sizes
    return Page(texts, block_ids, sizes[block_ids].astype(float), starts)


FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_words",
    "log_chars",
    "words_le3",
    "words_4_9",
    "stop_ratio",
    "log_stop",
    "no_stoplist",
    "sentence_end",
    "punct_end",
    "colon_end",
    "commas_per_word",
    "capital_ratio",
    "digit_ratio",
    "chrome",
    "end_marker",
    "separator",
    "copyright",
    "date",
    "repeated",
    "byline",
    "log_block_size",
    "alone_in_block",
    "block_mean_words",
    "rel_position",
    "after_end_marker",
    "prose_density_5",
    "prose_density_15",
    "dist_prose_before",
    "prev_log_words",
    "next_log_words",
    "prev_sentence_end",
    "next_sentence_end",
    "inside_prose_span",
    "ellipsis_end",
    "heading_like",
    "heading_density_6",
    "next_heading_like",
    "prev_capital_ratio",
    "next_capital_ratio",
    "stop_x_words",
    "date_density_5",
    "rel_log_words",
    "rel_stop_ratio",
    "block_sentence_end",
    "log_block_words",
    "longer_share",
    "after_first_title",
    "after_last_title",
)
Matrix = np.ndarray  # float64, one row per line, one column per feature name
Column = np.ndarray  # float64, one value per line


def features(page: Page) -> Matrix:
    """First-stage features of every line: rows like lines, columns like FEATURE_NAMES.

    Facts that need the line's text are read once per line; the rest is array arithmetic.
    """
    n = len(page)
    if not n:
        return np.empty((0, len(FEATURE_NAMES)))
    texts = page.texts
    joined = JoinedLines("\n".join(texts))
    lowered = JoinedLines(joined.text.lower())  # lower() may change a line's length
    lowers = lowered.text.split("\n")
    text = _text_facts(texts, joined, lowers, lowered)
    page.words = text["words"].astype(int).tolist()
    words, stop = text["words"], text["stop"]
    has_stoplist = bool(text["has_stoplist"])
    per_word = np.maximum(words, 1.0)
    log_words = np.log1p(words)
    stop_ratio = stop / per_word if has_stoplist else np.full(n, 0.3)
    sentence_end = text["sentence_end"]
    prose = (words >= 10) & (stop_ratio >= 0.2) & (sentence_end > 0)
    heading = ((words >= 3) & (words <= 20) & (sentence_end == 0)).astype(float)
    index = np.arange(n)
    last = max(1, n - 1)
    lo, hi = _best_span(np.where(prose, 1.0, -0.35).tolist())
    blocks, block_size = page.blocks, page.block_sizes
    block_words = np.bincount(blocks, weights=words)[blocks]
    top = np.sort(log_words)[::-1][: max(1, n // 10)]
    long_ratios = stop_ratio[words >= 10]
    typical_ratio = long_ratios.mean() if long_ratios.size else 0.3
    anchors = _title_repeats(lowers)
    first_anchor = anchors[0] if anchors else n
    last_anchor = anchors[-1] if anchors else n
    date = text["date"]
    capitals = text["capitals"]
    columns: dict[str, Column | float] = {
        "bias": 1.0,
        "log_words": log_words,
        "log_chars": np.log1p(text["chars"]),
        "words_le3": words <= 3,
        "words_4_9": (words >= 4) & (words <= 9),
        "stop_ratio": stop_ratio,
        "log_stop": np.log1p(stop),
        "no_stoplist": float(not has_stoplist),
        "sentence_end": sentence_end,
        "punct_end": text["punct_end"],
        "colon_end": text["colon_end"],
        "commas_per_word": text["commas"] / per_word,
        "capital_ratio": capitals,
        "digit_ratio": text["digits"] / per_word,
        "chrome": text["chrome"],
        "end_marker": text["end_marker"],
        "separator": text["separator"],
        "copyright": text["copyright"],
        "date": date,
        "repeated": text["repeated"],
        "byline": text["byline"],
        "log_block_size": np.log(block_size),
        "alone_in_block": block_size == 1,
        "block_mean_words": np.log1p(block_words / block_size),
        "rel_position": index / last,
        "after_end_marker": _shift(text["end_marker"].cumsum() > 0, 1),
        "prose_density_5": _window_mean(prose, 5),
        "prose_density_15": _window_mean(prose, 15),
        "dist_prose_before": np.minimum(_distance_before(prose), 20) / 20,
        "prev_log_words": _shift(log_words, 1),
        "next_log_words": _shift(log_words, -1),
        "prev_sentence_end": _shift(sentence_end, 1),
        "next_sentence_end": _shift(sentence_end, -1),
        "inside_prose_span": (index >= lo) & (index <= hi),
        "ellipsis_end": text["ellipsis_end"],
        "heading_like": heading,
        "heading_density_6": _window_mean(heading, 6),
        "next_heading_like": _shift(heading, -1),
        "prev_capital_ratio": _shift(capitals, 1),
        "next_capital_ratio": _shift(capitals, -1),
        "stop_x_words": stop_ratio * log_words,
        "date_density_5": _window_mean(date, 5),
        "rel_log_words": log_words - top.mean(),
        "rel_stop_ratio": stop_ratio - typical_ratio,
        "block_sentence_end": np.bincount(blocks, weights=sentence_end)[blocks] / block_size,
        "log_block_words": np.log1p(block_words),
        "longer_share": _longer_share(words) / last,
        "after_first_title": index > first_anchor,
        "after_last_title": index > last_anchor,
    }
    return _stack(columns, FEATURE_NAMES, n)


def _text_facts(
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
    mark = ends.copy()  # ... and the last one before closing quotes and brackets
    closing = (flags[ends] & _CLOSER) != 0
    while closing.any():
        mark[closing] -= 1
        closing &= (mark >= starts) & ((flags[np.maximum(mark, 0)] & _CLOSER) != 0)
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


def _word_counts(
    joined: JoinedLines, lowered: JoinedLines, cjk: np.ndarray
) -> tuple[Column, Column, bool]:
    """Words of every line (CJK characters of short lines count half a word each), its
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
    short_cjk = (token_counts <= 3) & (joined.lengths > 12)
    words = token_counts + np.where(short_cjk, cjk // 2, 0)
    return words.astype(float), stop, bool(stops)


def _phrase_facts(
    texts: list[str], lowers: list[str], short: list[bool], digits: list[bool]
) -> dict[str, Column]:
    """Known chrome phrases, end markers, dates and bylines, tested on short lines only
    (phrase patterns on the lower-cased line: case-blind matching costs three times more)."""
    n = len(texts)
    end_marker, chrome, date, byline = [0.0] * n, [0.0] * n, [0.0] * n, [0.0] * n
    for i in compress(range(n), short):
        text, lower = texts[i], lowers[i]
        if LOWER_END_OR_CHROME_LINES.match(lower):
            chrome[i] = 1.0
            end_marker[i] = float(END_MARKERS.match(text) is not None)
        elif "(" in text and CAPTION.search(text):
            chrome[i] = 1.0
        if digits[i]:
            if WIDGET_LINES.match(text):
                chrome[i] = date[i] = 1.0
            elif _DATE.search(text):
                date[i] = 1.0
        if LOWER_BYLINE_START.match(lower) and byline_names(text) is not None:
            byline[i] = 1.0
    return {
        "end_marker": _array(end_marker),
        "chrome": _array(chrome),  # is_chrome_line
        "date": _array(date),
        "byline": _array(byline),
    }


def _separators(joined: JoinedLines, flags: np.ndarray) -> Column:
    """1 for lines with a separator between menu items: | or • next to a space, or one of
    ·/»›> with a space on both sides."""
    space = joined.codes == 32
    before, after = of_previous(space), of_next(space)
    strong = ((flags & _STRONG_SEPARATOR) != 0) & (before | after)
    weak = ((flags & _WEAK_SEPARATOR) != 0) & before & after
    return (joined.per_line(strong | weak) > 0).astype(float)


def _array(values: list[float] | list[bool]) -> Column:
    return np.array(values, dtype=float)


def _stack(columns: dict[str, Column | float], names: tuple[str, ...], n: int) -> Matrix:
    """The named columns (arrays, or one value for every line) as an n x len(names) matrix."""
    matrix = np.empty((n, len(names)))
    for j, name in enumerate(names):
        matrix[:, j] = columns[name]
    return matrix


def _longer_share(words: Column) -> Column:
    """Number of other lines with at least as many words as each line (ties counted)."""
    ordered = np.sort(words)
    return len(words) - np.searchsorted(ordered, words, side="left") - 1.0


_TITLE_SPLIT = re.compile(r"\s+(?:[|–—:»]|-|::)\s+")


def _title_repeats(lowers: list[str]) -> list[int]:
    """Indexes of later lines repeating the page's first line (its <title>, usually the
    headline plus the site's name): the headline above the article, and teasers of it."""
    if len(lowers) < 2:
        return []
    key = max(_TITLE_SPLIT.split(lowers[0]), key=len)
    if len(key.split()) < 3:
        return []
    return [
        i
        for i, low in enumerate(lowers[1:], start=1)
        if low == key or (len(low) > 15 and (low.startswith(key) or key.startswith(low)))
    ]


def _shift(values: Column, by: int) -> Column:
    """values of the line `by` places before (by > 0) or after (by < 0) each line, 0 at edges."""
    out = np.zeros(len(values))
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


CONTEXT_NAMES: tuple[str, ...] = (
    "bias",
    "score",
    "log_words",
    "prob_prev3",
    "prob_next3",
    "prob_window10",
    "inside_span",
    "dist_span",
    "mass_before",
    "mass_after",
    "head",
    "tail",
    "chrome",
    "end_marker_in_span",
    "score_below_best",
    "block_prob",
    "block_max_prob",
    "score_rank",
)
_LOG_WORDS = FEATURE_NAMES.index("log_words")
_CHROME = FEATURE_NAMES.index("chrome")
_END_MARKER = FEATURE_NAMES.index("end_marker")


def context_features(page: Page, matrix: Matrix, scores: Column) -> Matrix:
    """Second-stage features (columns like CONTEXT_NAMES): the first-stage score of the
    line and of the lines around it, and where the article's mass lies."""
    n = len(page)
    probs = 1 / (1 + np.exp(np.minimum(np.maximum(-scores, -30.0), 30.0)))
    prefix = _prefix_sums(probs)
    index = np.arange(n)
    words = np.array(page.words, dtype=float)
    lo, hi = _best_span(((probs - 0.5) * (1 + words)).tolist())
    mass = probs * words
    total = mass.sum() or 1.0
    before = _prefix_sums(mass)[:-1] / total
    after = np.maximum(1.0 - before - mass / total, 0.0)
    blocks, block_size = page.blocks, page.block_sizes
    inside = (index >= lo) & (index <= hi)
    columns: dict[str, Column | float] = {
        "bias": 1.0,
        "score": np.minimum(np.maximum(scores, -8.0), 8.0),
        "log_words": matrix[:, _LOG_WORDS],
        "prob_prev3": (prefix[:n] - prefix[np.maximum(index - 3, 0)]) / 3,
        "prob_next3": (prefix[np.minimum(index + 4, n)] - prefix[1:]) / 3,
        "prob_window10": _window_mean(probs, 10),
        "inside_span": inside,
        "dist_span": np.where(
            inside, 0.0, np.minimum(np.minimum(abs(index - lo), abs(index - hi)), 20) / 20
        ),
        "mass_before": before,
        "mass_after": after,
        "head": before < 0.02,
        "tail": after < 0.02,
        "chrome": matrix[:, _CHROME],
        "end_marker_in_span": _end_marker_in_span(matrix[:, _END_MARKER], lo, hi),
        "score_below_best": np.maximum(scores - scores.max(), -10.0),
        "block_prob": np.add.reduceat(probs, page.block_starts)[blocks] / block_size,
        "block_max_prob": np.maximum.reduceat(probs, page.block_starts)[blocks],
        "score_rank": _rank(scores),
    }
    return _stack(columns, CONTEXT_NAMES, n)


def _end_marker_in_span(ends: Column, lo: int, hi: int) -> Column:
    """1 for span lines after an end marker within the span, and for every line after the
    span if the span holds one."""
    n = len(ends)
    out = np.zeros(n)
    lo, stop = max(0, lo), min(n, hi + 1)
    seen = (ends[lo:stop] > 0).cumsum()
    out[lo:stop] = _shift(seen, 1) > 0
    if hi + 1 < n and seen.size:
        out[hi + 1 :] = seen[-1] > 0
    return out


def _rank(scores: Column) -> Column:
    """Position of each line in the page's lines sorted by descending score, 0..1."""
    n = len(scores)
    rank = np.empty(n)
    rank[np.argsort(-scores, kind="stable")] = np.arange(n) / max(1, n - 1)
    return rank


def _window_mean(values: Column, radius: int) -> Column:
    """Mean of the values within radius lines of each line (itself excluded)."""
    n = len(values)
    padded = np.empty(n + 1 + 2 * radius)  # prefix sums, radius copies of each end around
    padded[:radius] = 0.0
    padded[radius : radius + n + 1] = _prefix_sums(values)
    padded[radius + n + 1 :] = padded[radius + n]
    sums = padded[2 * radius + 1 :] - padded[:n] - values  # window's sum, the line left out
    index = np.arange(n)
    others = np.minimum(index + radius, n - 1) - np.maximum(index - radius, 0)
    return sums / np.maximum(others, 1)


def _prefix_sums(values: Column) -> Column:
    """0, then the running sums of values."""
    out = np.empty(len(values) + 1)
    out[0] = 0.0
    np.cumsum(values, out=out[1:])
    return out


def _distance_before(flags: Column) -> Column:
    """Lines to the nearest flagged line before each line, 99 if none."""
    index = np.arange(len(flags))
    last = np.maximum.accumulate(np.where(flags, index, -1))  # last flagged line up to here
    previous = _shift(last + 1.0, 1) - 1  # ... strictly before (-1: none)
    return np.where(previous >= 0, index - previous, 99)


def _best_span(gains: list[float]) -> tuple[int, int]:
    """First and last index of the run of lines with the largest total gain ((0, -1) if none)."""
    best, best_lo, best_hi = 0.0, 0, -1
    score, lo = 0.0, 0
    for i, gain in enumerate(gains):
        score += gain
        if score <= 0:
            score, lo = 0.0, i + 1
        elif score > best:
            best, best_lo, best_hi = score, lo, i
    return best_lo, best_hi
