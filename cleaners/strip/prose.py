"""The shapes of a dump's lines that the no-article rules read: prose (a sentence long
enough to be a paragraph), one sentence, a dated marker (an entry's header), a line cut off
by an ellipsis, and runs of adjacent lines."""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaners.settings import ARTICLE_BRIDGE_MAX_WORDS
from cleaners.strip.line_facts import DATE
from cleaners.strip.page import Page

MIN_PROSE_WORDS = 8
MAX_MARKER_WORDS = 8  # words of a marker line at most (an end marker, an entry's dated header)
_CREDITED_CAPTION = re.compile(r"[.!?]\s*\([^()]+\)$")
ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
# A caption's credit after its last sentence: a label and a colon ("Photo:", "Foto:") or
# a copyright sign, then a name of up to 4 words ("... at dawn. Photo: Jane Doe")
_CREDIT_AFTER_SENTENCE = re.compile(
    r"[.!?…][\"'”’»)\]]*\s+(?:[^\W\d_]+\s?:|©)(?:\s+[^\s.!?:]+){1,4}$"
)
INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+\S|[。！？]\S")
# A line of MIN_UNCLOSED_PROSE_WORDS or more holding MIN_INNER_SENTENCE_ENDS sentence ends
# is prose even when its last sentence lost its stop.
MIN_INNER_SENTENCE_ENDS = 2
MIN_UNCLOSED_PROSE_WORDS = 80


def is_prose(line: str, words: int) -> bool:
    """A prose line: MIN_PROSE_WORDS words or more ending a sentence (or a sentence and its
    credit: a photo's caption, `_CREDIT_AFTER_SENTENCE`), or a paragraph of
    MIN_UNCLOSED_PROSE_WORDS holding several sentences whose last lost its stop (a closing
    quote, a slogan)."""
    if words < MIN_PROSE_WORDS:
        return False
    if SENTENCE_END.search(line) or _CREDIT_AFTER_SENTENCE.search(line):
        return True
    return (
        words >= MIN_UNCLOSED_PROSE_WORDS
        and len(INNER_SENTENCE_END.findall(line)) >= MIN_INNER_SENTENCE_ENDS
    )


def is_one_sentence(line: str, words: int) -> bool:
    """A prose-length line of one sentence (its only sentence end closes it)."""
    return (
        words >= MIN_PROSE_WORDS
        and bool(SENTENCE_END.search(line))
        and not INNER_SENTENCE_END.search(line)
    )


def bridges_prose(line: str, words: int) -> bool:
    """A line a run of prose lines goes on across: a step number or a label (a few words),
    or a photo caption ending in its credit in brackets ("Dig a hole. (Jane Doe)")."""
    return words <= ARTICLE_BRIDGE_MAX_WORDS or bool(_CREDITED_CAPTION.search(line))


def is_dated_marker(line: str, words: int, max_words: int = MAX_MARKER_WORDS) -> bool:
    """A short line (max_words words at most) with a date or clock time: an entry's header
    in a thread ("Jane says: May 3, 2021 at 9:12 am"), a teaser's time."""
    return words <= max_words and bool(DATE.search(line))


def cut_off_lines(page: Page, lines: Iterable[int], min_words: int) -> list[int]:
    """The lines (indexes) of min_words words or more that end in an ellipsis, in order."""
    return [i for i in lines if page.words[i] >= min_words and ELLIPSIS_END.search(page.texts[i])]


def adjacent_runs(lines: list[int]) -> list[list[int]]:
    """Line indexes (ascending) grouped into runs of adjacent lines."""
    runs: list[list[int]] = []
    for i in lines:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
