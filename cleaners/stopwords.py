"""Stopwords of a page's language: the jusText stoplist that covers the page's words best.

The language is picked by a vote of the page's own words over all of jusText's ~100
stoplists, so no list is privileged (no English default) and no extra detector runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from itertools import islice

import justext
import numpy as np

from cleaners.settings import STOPLIST_MIN_HITS, STOPLIST_SAMPLE_WORDS


@cache
def _stoplists() -> dict[str, frozenset[str]]:
    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


@cache
def _names_and_sizes() -> tuple[list[str], np.ndarray]:
    names = list(_stoplists())  # sorted
    return names, np.array([len(_stoplists()[name]) for name in names])


@cache
def _word_languages() -> dict[str, np.ndarray]:
    """Each stopword -> indexes (in `_names_and_sizes`) of the lists holding it."""
    index: dict[str, list[int]] = {}
    for i, words in enumerate(_stoplists().values()):
        for word in words:
            index.setdefault(word, []).append(i)
    return {word: np.array(ids, dtype=np.intp) for word, ids in index.items()}


def pick_stoplist(words: Iterable[str]) -> tuple[str | None, frozenset[str]]:
    """(jusText language name, its stoplist) for lower-cased words (the first
    STOPLIST_SAMPLE_WORDS vote); (None, empty) if unsure. Ties (lists sharing words:
    English in Marathi's) go to the smaller, more specific list, then the first name."""
    distinct = dict.fromkeys(islice(words, STOPLIST_SAMPLE_WORDS))  # first-seen order
    hits = [ids for ids in map(_word_languages().get, distinct) if ids is not None]
    if not hits:
        return None, frozenset()
    names, sizes = _names_and_sizes()
    votes = np.bincount(np.concatenate(hits), minlength=len(names))
    if votes.max() < STOPLIST_MIN_HITS:
        return None, frozenset()
    tied = np.flatnonzero(votes == votes.max())
    name = names[tied[np.argmin(sizes[tied])]]
    return name, _stoplists()[name]


def stoplist(name: str) -> frozenset[str]:
    """The stoplist of a jusText language name ('German'), empty if unknown."""
    return _stoplists().get(name, frozenset())
