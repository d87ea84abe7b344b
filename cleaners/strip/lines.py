"""Line features of a whole-page text dump, for telling article lines from site chrome.

Every feature is language-independent in shape (the stopword density uses the stoplist
picked for the page's own language). Two feature sets feed the two stages of
`cleaners.strip.dump`: `features` (the line and its neighbours' shape, from
`cleaners.strip.line_facts`) and `context_features` (what the first stage thinks of the lines
around it: where the article's mass lies). Both are matrices: a row per line, a column per
feature name.
"""

from __future__ import annotations

import re

import numpy as np

from cleaners.strip.charclass import JoinedLines
from cleaners.strip.line_facts import Column, text_facts
from cleaners.strip.page import Page

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
)
Matrix = np.ndarray  # float64, one row per line, one column per feature name


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
    text = text_facts(texts, joined, lowers, lowered)
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
    lo, hi = _best_span(np.where(prose, 1.0, np.where(_numbered(texts), 0.0, -0.35)).tolist())
    blocks, block_size = page.blocks, page.block_sizes
    block_words = np.bincount(blocks, weights=words)[blocks]
    top = np.sort(log_words)[::-1][: max(1, n // 10)]
    long_ratios = stop_ratio[words >= 10]
    typical_ratio = long_ratios.mean() if long_ratios.size else 0.3
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
        "separator": np.minimum(3 * text["separator"] / per_word, 1.0),  # menus, not a "/" in prose
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
    }
    return _stack(columns, FEATURE_NAMES, n)


_ITEM_NUMBER = re.compile(r"\s*(\d{1,3})[.)]\s")


def _numbered(texts: list[str]) -> Column:
    """Items of a numbered list inside the text (1., 2., 3. ...): each numbered one more
    than the line before it or one less than the line after it. They neither count as
    prose nor break a run of it (a ranking between two paragraphs)."""
    numbers = [int(found[1]) if (found := _ITEM_NUMBER.match(text)) else -9 for text in texts]
    return np.array(
        [
            number >= 0 and (previous == number - 1 or following == number + 1)
            for previous, number, following in zip(
                [-9, *numbers[:-1]], numbers, [*numbers[1:], -9], strict=True
            )
        ],
        dtype=bool,
    )


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
    if n < 2:
        return np.zeros(n)
    ends = np.full(radius, 0.0)  # prefix sums, padded with radius copies of each end
    padded = np.concatenate((ends, _prefix_sums(values), ends))
    padded[radius + n + 1 :] = padded[radius + n]
    sums = padded[2 * radius + 1 :] - padded[:n] - values  # window's sum, the line left out
    index = np.arange(n)
    others = np.minimum(index, radius) + np.minimum(index[::-1], radius)
    return sums / others


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
