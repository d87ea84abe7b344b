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

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter, mul, sub, truediv

from cleaners.byline import byline_names
from cleaners.chrome import END_MARKERS, WIDGET_LINES, is_chrome_phrase
from cleaners.stopwords import pick_stoplist

_WORD = re.compile(r"\w+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE_OR_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]|[^\S\n ]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CLOSERS = "\"'”’»«)]"  # closing quotes and brackets after a sentence's last mark
_SENTENCE_MARKS = frozenset(".!?…:;。！？")
_PUNCT_MARKS = frozenset(".!?…。！？")
_SEPARATOR = re.compile(r"\s[|•·/»›>]\s|\s[|•]|[|•]\s")
_FIRST = itemgetter(0)
_SEPARATOR_CHARS = re.compile(r"[|•·/»›>]")
_DIGITS = re.compile(r"\d+")

_DATE = re.compile(
    r"\b\d{4}\b.*\b\d{1,2}:\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{1,2}:\d{2}\s*[ap]\.?m\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Line:
    """A non-empty line of a dump and its layout."""

    text: str
    index: int  # position among the non-empty lines
    block: int  # id of its run of consecutive non-empty lines
    block_size: int = 1
    words: int = 0  # \w+ tokens, CJK characters counted as half a word each
    stop: int = 0  # stopwords of the page's language


def _normalize(text: str) -> str:
    """`normalize_line` for a whole text, newlines kept (one pass, not one per line), except
    that runs of spaces are left to `split_lines`: every other space character (tab, NBSP,
    ...) and control character becomes one plain space here."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _ODD_SPACE_OR_CONTROL.sub(" ", _INVISIBLE.sub("", text))


def split_lines(text: str) -> list[Line]:
    """Non-empty normalized lines of a dump with their block (run between blank lines)."""
    lines: list[Line] = []
    block = 0
    blank = True
    for raw in _normalize(text).split("\n"):
        line = raw.strip(" ")
        if "  " in line:
            line = " ".join(line.split())  # runs of spaces -> one space
        if not line:
            blank = True
            continue
        if blank and lines:
            block += 1
        blank = False
        lines.append(Line(line, len(lines), block))
    sizes = Counter(line.block for line in lines)
    for line in lines:
        line.block_size = sizes[line.block]
    return lines


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
Columns = list[list[float]]  # one list of per-line values for each feature name


def features(lines: list[Line]) -> Columns:
    """First-stage features of every line, as columns ordered like FEATURE_NAMES."""
    n = len(lines)
    texts = [line.text for line in lines]
    lowers = [text.lower() for text in texts]
    tokens = [_WORD.findall(low) for low in lowers]
    _, stops = pick_stoplist(chain.from_iterable(toks for toks in tokens if len(toks) >= 8))
    words = [
        len(toks) + (len(_CJK.findall(text)) // 2 if len(toks) <= 3 and len(text) > 12 else 0)
        for toks, text in zip(tokens, texts, strict=True)
    ]
    stop = [sum(map(stops.__contains__, toks)) for toks in tokens] if stops else [0] * n
    block_words: Counter[int] = Counter()
    for line, w, st in zip(lines, words, stop, strict=True):
        line.words, line.stop = w, st
        block_words[line.block] += w
    nw = [w or 1 for w in words]
    log1p = math.log1p
    log_words = [log1p(w) for w in words]
    stop_ratio = [st / d for st, d in zip(stop, nw, strict=True)] if stops else [0.3] * n
    short = [w <= 12 for w in words]
    last_marks = [t.rstrip(_CLOSERS)[-1:] for t in texts]  # last character before closers
    sentence_end = [float(c in _SENTENCE_MARKS) for c in last_marks]
    splits = [t.split() for t in texts]
    capitals = [sum(map(str.isupper, map(_FIRST, sp))) / len(sp) for sp in splits]
    end_marker = [
        float(sh and END_MARKERS.match(t) is not None) for sh, t in zip(short, texts, strict=True)
    ]
    chrome = [  # is_chrome_line(t), its end-marker test already done
        e or float(sh and is_chrome_phrase(t))
        for e, sh, t in zip(end_marker, short, texts, strict=True)
    ]
    digits = [len(_DIGITS.findall(t)) for t in texts]
    counts = Counter(texts)
    prose = [
        float(w >= 10 and r >= 0.2 and e > 0)
        for w, r, e in zip(words, stop_ratio, sentence_end, strict=True)
    ]
    heading = [float(3 <= w <= 20 and not e) for w, e in zip(words, sentence_end, strict=True)]
    after_end = [0.0, *(float(v > 0) for v in accumulate(end_marker))][:n]
    before = _distance(prose, reverse=False)
    lo, hi = _best_span([1.0 if p else -0.35 for p in prose])
    last = max(1, n - 1)
    date = [
        float(sh and dg > 0 and (_DATE.search(t) is not None or WIDGET_LINES.match(t) is not None))
        for sh, dg, t in zip(short, digits, texts, strict=True)
    ]
    repeated = [float(counts[t] > 1) for t in texts]
    top = sorted(log_words, reverse=True)[: max(1, n // 10)]
    typical = sum(top) / len(top) if top else 0.0
    long_ratios = [r for r, w in zip(stop_ratio, words, strict=True) if w >= 10]
    typical_ratio = sum(long_ratios) / len(long_ratios) if long_ratios else 0.3
    block_ends: Counter[int] = Counter()
    for line, e in zip(lines, sentence_end, strict=True):
        block_ends[line.block] += e
    rank = {w: i for i, w in enumerate(sorted(words, reverse=True))}  # last index of each
    anchors = _title_repeats(lowers)
    first_anchor = anchors[0] if anchors else n
    last_anchor = anchors[-1] if anchors else n
    return [
        [1.0] * n,
        log_words,
        [log1p(len(t)) for t in texts],
        [float(w <= 3) for w in words],
        [float(4 <= w <= 9) for w in words],
        stop_ratio,
        [log1p(st) for st in stop],
        [float(not stops)] * n,
        sentence_end,
        [float(c in _PUNCT_MARKS) for c in last_marks],
        [float(t[-1] == ":") for t in texts],
        [t.count(",") / d for t, d in zip(texts, nw, strict=True)],
        capitals,
        [dg / d for dg, d in zip(digits, nw, strict=True)],
        chrome,
        end_marker,
        [
            float(_SEPARATOR_CHARS.search(t) is not None and _SEPARATOR.search(t) is not None)
            for t in texts
        ],
        [float("©" in t or "copyright" in t or "(c)" in t) for t in lowers],
        date,
        repeated,
        [float(sh and byline_names(t) is not None) for sh, t in zip(short, texts, strict=True)],
        [math.log(line.block_size) for line in lines],
        [float(line.block_size == 1) for line in lines],
        [log1p(block_words[line.block] / line.block_size) for line in lines],
        [i / last for i in range(n)],
        after_end,
        _window_mean(prose, 5),
        _window_mean(prose, 15),
        [min(d, 20) / 20 for d in before],
        _shift(log_words, 1),
        _shift(log_words, -1),
        _shift(sentence_end, 1),
        _shift(sentence_end, -1),
        [float(lo <= i <= hi) for i in range(n)],
        [float(t.endswith(("...", "…"))) for t in texts],
        heading,
        _window_mean(heading, 6),
        _shift(heading, -1),
        _shift(capitals, 1),
        _shift(capitals, -1),
        [r * lw for r, lw in zip(stop_ratio, log_words, strict=True)],
        _window_mean(date, 5),
        [lw - typical for lw in log_words],
        [r - typical_ratio for r in stop_ratio],
        [block_ends[line.block] / line.block_size for line in lines],
        [log1p(block_words[line.block]) for line in lines],
        [rank[w] / last for w in words],
        [float(i > first_anchor) for i in range(n)],
        [float(i > last_anchor) for i in range(n)],
    ]


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


def _shift(values: list[float], by: int) -> list[float]:
    """values of the line `by` places before (by > 0) or after (by < 0) each line, 0 at edges."""
    if by > 0:
        return [0.0] * by + values[:-by]
    return values[-by:] + [0.0] * -by


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


def context_features(lines: list[Line], columns: Columns, scores: list[float]) -> Columns:
    """Second-stage features (columns ordered like CONTEXT_NAMES): the first-stage score
    of the line and of the lines around it, and where the article's mass lies."""
    n = len(lines)
    exp = math.exp
    # clamps are written as conditionals: builtin max/min calls were a third of the cost
    probs = [1 / (1 + exp(-(30.0 if s > 30.0 else -30.0 if s < -30.0 else s))) for s in scores]
    prefix = [0.0, *accumulate(probs)]
    words = [line.words for line in lines]
    lo, hi = _best_span([(p - 0.5) * (1 + w) for p, w in zip(probs, words, strict=True)])
    mass = list(map(mul, probs, words))
    total = sum(mass) or 1.0
    before = [0.0, *(m / total for m in accumulate(mass))][:n]
    after = [
        a if (a := 1.0 - b - m / total) > 0.0 else 0.0 for b, m in zip(before, mass, strict=True)
    ]
    best = max(scores, default=0.0)
    blocks = [line.block for line in lines]
    block_sum, block_max = _block_sums_and_maxima(blocks, probs)
    span = [0.0] * n
    span[max(0, lo) : hi + 1] = [1.0] * len(range(max(0, lo), min(n, hi + 1)))
    return [
        [1.0] * n,
        [8.0 if s > 8.0 else -8.0 if s < -8.0 else s for s in scores],
        columns[_LOG_WORDS],
        [d / 3 for d in map(sub, prefix[:n], ([0.0] * 3 + prefix)[:n])],
        [d / 3 for d in map(sub, (prefix[4:] + [prefix[-1]] * 3)[:n], prefix[1:])],
        _window_mean(probs, 10),
        span,
        _distance_to_span(n, lo, hi),
        before,
        after,
        [float(b < 0.02) for b in before],
        [float(a < 0.02) for a in after],
        columns[_CHROME],
        _end_marker_in_span(columns[_END_MARKER], lo, hi),
        [d if (d := s - best) > -10.0 else -10.0 for s in scores],
        [block_sum[b] / line.block_size for b, line in zip(blocks, lines, strict=True)],
        [block_max[b] for b in blocks],
        _rank(scores),
    ]


def _block_sums_and_maxima(
    blocks: list[int], probs: list[float]
) -> tuple[dict[int, float], dict[int, float]]:
    """Sum and maximum of the probabilities of each block's lines."""
    sums: dict[int, float] = {}
    maxima: dict[int, float] = {}
    for b, p in zip(blocks, probs, strict=True):
        sums[b] = sums.get(b, 0.0) + p
        if p > maxima.get(b, 0.0):
            maxima[b] = p
    for b in sums:
        maxima.setdefault(b, 0.0)
    return sums, maxima


def _distance_to_span(n: int, lo: int, hi: int) -> list[float]:
    """0 inside the span lo..hi, else lines to its nearer end / 20 (at most 1)."""
    return [
        0.0 if lo <= i <= hi else (d if (d := min(abs(i - lo), abs(i - hi))) < 20 else 20) / 20
        for i in range(n)
    ]


def _end_marker_in_span(ends: list[float], lo: int, hi: int) -> list[float]:
    """1 for span lines after an end marker within the span, and for every line after the
    span if the span holds one."""
    n = len(ends)
    out = [0.0] * n
    seen = 0.0
    for i in range(max(0, lo), min(n, hi + 1)):
        out[i] = seen
        if ends[i] > 0:
            seen = 1.0
    if hi + 1 < n:
        out[hi + 1 :] = [seen] * (n - hi - 1)
    return out


def _rank(scores: list[float]) -> list[float]:
    """Position of each line in the page's lines sorted by descending score, 0..1."""
    n = len(scores)
    scale = max(1, n - 1)
    rank = [0.0] * n
    for position, i in enumerate(sorted(range(n), key=scores.__getitem__, reverse=True)):
        rank[i] = position / scale
    return rank


def _window_mean(values: list[float], radius: int) -> list[float]:
    """Mean of the values within radius lines of each line (itself excluded)."""
    n = len(values)
    prefix = [0.0, *accumulate(values)]
    ends = (prefix[radius + 1 :] + [prefix[-1]] * radius)[:n]  # prefix[min(n, i + radius + 1)]
    starts = ([0.0] * radius + prefix)[:n]  # prefix[max(0, i - radius)]
    others = map(sub, map(sub, ends, starts), values)
    return list(map(truediv, others, _window_divisors(n, radius)))


@lru_cache(maxsize=1024)
def _window_divisors(n: int, radius: int) -> tuple[int, ...]:
    """Number of other lines within radius lines of each of n lines (at least 1)."""
    ends = ([*range(radius + 1, n + 1)] + [n] * radius)[:n]  # min(n, i + radius + 1)
    starts = ([0] * radius + [*range(n)])[:n]  # max(0, i - radius)
    return tuple(e - s - 1 or 1 for e, s in zip(ends, starts, strict=True))


def _distance(flags: list[float], *, reverse: bool) -> list[int]:
    """Lines to the nearest flagged line before (or after) each line, 99 if none."""
    n = len(flags)
    order = range(n - 1, -1, -1) if reverse else range(n)
    out = [99] * n
    last = None
    for i in order:
        if last is not None:
            out[i] = abs(i - last)
        if flags[i]:
            last = i
    return out


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
