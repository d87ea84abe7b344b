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
from collections import Counter
from dataclasses import dataclass

from cleaners.byline import byline_names
from cleaners.chrome import BULLET, END_MARKERS, WIDGET_LINES, is_chrome_line
from cleaners.normalize import normalize_line
from cleaners.stopwords import pick_stoplist

_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?…:;。！？][\"'”’»«)\]]*$")
_PUNCT_END = re.compile(r"[.!?…。！？][\"'”’»«)\]]*$")
_SEPARATOR = re.compile(r"\s[|•·/»›>]\s|\s[|•]|[|•]\s")
_LINKY = re.compile(r"https?://|www\.|@\w|\.com\b", re.IGNORECASE)
_DIGIT_WORD = re.compile(r"\b\w*\d\w*\b")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|copyright", re.IGNORECASE)
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


def split_lines(text: str) -> list[Line]:
    """Non-empty normalized lines of a dump with their block (run between blank lines)."""
    lines: list[Line] = []
    block = 0
    blank = True
    for raw in normalize_line(text).split("\n"):  # normalize_line keeps newlines
        line = raw.strip()
        if not line:
            blank = True
            continue
        if blank and lines:
            block += 1
        blank = False
        lines.append(Line(text=line, index=len(lines), block=block))
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
    "words_ge20",
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
    "bullet",
    "separator",
    "linky",
    "copyright",
    "date",
    "starts_lower",
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
    "dist_prose_after",
    "prev_log_words",
    "prev_stop_ratio",
    "next_log_words",
    "next_stop_ratio",
    "prev_sentence_end",
    "next_sentence_end",
    "inside_prose_span",
    "ellipsis_end",
    "heading_like",
    "heading_density_6",
    "prev_heading_like",
    "next_heading_like",
    "prev_capital_ratio",
    "next_capital_ratio",
    "stop_x_words",
)


def features(lines: list[Line]) -> list[list[float]]:
    """First-stage feature vector (ordered as FEATURE_NAMES) of every line."""
    tokens = [_WORD.findall(line.text.lower()) for line in lines]
    _, stops = pick_stoplist([w for toks in tokens if len(toks) >= 8 for w in toks])
    no_stoplist = float(not stops)
    counts = Counter(line.text for line in lines)
    block_words: Counter[int] = Counter()
    for line, toks in zip(lines, tokens, strict=True):
        cjk = len(_CJK.findall(line.text)) if len(toks) <= 3 and len(line.text) > 12 else 0
        line.words = len(toks) + cjk // 2
        line.stop = sum(1 for w in toks if w in stops) if stops else 0
        block_words[line.block] += line.words
    n = len(lines)
    own: list[list[float]] = []
    prose: list[bool] = []
    heading: list[float] = []
    after_end: list[float] = []
    end_seen = False
    for line in lines:
        text = line.text
        words = line.words
        nw = words or 1
        stop_ratio = line.stop / nw if stops else 0.3
        sentence_end = _SENTENCE_END.search(text) is not None
        split = text.split()
        short = words <= 12
        end_marker = short and END_MARKERS.match(text) is not None
        after_end.append(float(end_seen))
        end_seen = end_seen or end_marker
        prose.append(words >= 10 and stop_ratio >= 0.2 and sentence_end)
        heading.append(float(3 <= words <= 20 and not sentence_end))
        own.append(
            [
                1.0,
                math.log1p(words),
                math.log1p(len(text)),
                float(words <= 3),
                float(4 <= words <= 9),
                float(words >= 20),
                stop_ratio,
                math.log1p(line.stop),
                no_stoplist,
                float(sentence_end),
                float(_PUNCT_END.search(text) is not None),
                float(text[-1] == ":"),
                text.count(",") / nw,
                sum(1 for w in split if w[0].isupper()) / len(split),
                len(_DIGIT_WORD.findall(text)) / nw,
                float(short and is_chrome_line(text)),
                float(end_marker),
                float(BULLET.match(text) is not None),
                float(_SEPARATOR.search(text) is not None),
                float(_LINKY.search(text) is not None),
                float(_COPYRIGHT.search(text) is not None),
                float(short and (_DATE.search(text) is not None or bool(WIDGET_LINES.match(text)))),
                float(text[0].islower()),
                float(counts[text] > 1),
                float(short and byline_names(text) is not None),
                math.log(line.block_size),
                float(line.block_size == 1),
                math.log1p(block_words[line.block] / line.block_size),
                line.index / max(1, n - 1),
            ]
        )
    density5 = _window_mean([float(p) for p in prose], 5)
    density15 = _window_mean([float(p) for p in prose], 15)
    before = _distance(prose, reverse=False)
    after = _distance(prose, reverse=True)
    span = _best_span([1.0 if p else -0.35 for p in prose])
    heading_density = _window_mean(heading, 6)
    rows = []
    for i, row in enumerate(own):
        prev = own[i - 1] if i > 0 else _NONE
        nxt = own[i + 1] if i + 1 < n else _NONE
        row.extend(
            (
                after_end[i],
                density5[i],
                density15[i],
                min(before[i], 20) / 20,
                min(after[i], 20) / 20,
                prev[1],
                prev[6],
                nxt[1],
                nxt[6],
                prev[9],
                nxt[9],
                float(span[0] <= i <= span[1]),
                float(lines[i].text.endswith(("...", "…"))),
                heading[i],
                heading_density[i],
                heading[i - 1] if i > 0 else 0.0,
                heading[i + 1] if i + 1 < n else 0.0,
                prev[13],
                nxt[13],
                row[6] * row[1],
            )
        )
        rows.append(row)
    return rows


_NONE = [0.0] * 32  # the missing neighbour of the first and last line

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
)


def context_features(
    lines: list[Line], rows: list[list[float]], scores: list[float]
) -> list[list[float]]:
    """Second-stage features: first-stage score of the line and of the lines around it."""
    n = len(lines)
    probs = [1 / (1 + math.exp(-max(-30.0, min(30.0, s)))) for s in scores]
    prev3 = [sum(probs[max(0, i - 3) : i]) / 3 for i in range(n)]
    next3 = [sum(probs[i + 1 : i + 4]) / 3 for i in range(n)]
    window = _window_mean(probs, 10)
    lo, hi = _best_span(
        [(p - 0.5) * (1 + line.words) for p, line in zip(probs, lines, strict=True)]
    )
    mass = [p * line.words for p, line in zip(probs, lines, strict=True)]
    total = sum(mass) or 1.0
    out = []
    before = 0.0
    end_in_span = False
    for i in range(n):
        after = total - before - mass[i]
        dist = 0 if lo <= i <= hi else min(abs(i - lo), abs(i - hi))
        end_marker = rows[i][16] > 0
        out.append(
            [
                1.0,
                max(-8.0, min(8.0, scores[i])),
                rows[i][1],
                prev3[i],
                next3[i],
                window[i],
                float(lo <= i <= hi),
                min(dist, 20) / 20,
                before / total,
                after / total,
                float(before / total < 0.02),
                float(after / total < 0.02),
                rows[i][15],
                float(end_in_span),
            ]
        )
        before += mass[i]
        end_in_span = end_in_span or (end_marker and lo <= i <= hi)
    return out


def _window_mean(values: list[float], radius: int) -> list[float]:
    """Mean of the values within radius lines of each line (itself excluded)."""
    prefix = [0.0]
    for value in values:
        prefix.append(prefix[-1] + value)
    n = len(values)
    out = []
    for i in range(n):
        lo, hi = max(0, i - radius), min(n, i + radius + 1)
        out.append((prefix[hi] - prefix[lo] - values[i]) / max(1, hi - lo - 1))
    return out


def _distance(flags: list[bool], *, reverse: bool) -> list[int]:
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
