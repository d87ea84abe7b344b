"""Stopwords of a page's language: the jusText stoplist that covers the page's words best.

The language is picked by a vote of the page's own words over all of jusText's ~100
stoplists, so no list is privileged (no English default) and no extra detector runs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache
from itertools import chain, islice, repeat

import justext

from cleaners.settings import STOPLIST_MIN_HITS, STOPLIST_SAMPLE_WORDS


@cache
def _stoplists() -> dict[str, frozenset[str]]:
    return {name: frozenset(justext.get_stoplist(name)) for name in sorted(justext.get_stoplists())}


@cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name, words in _stoplists().items():
        for word in words:
            index.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in index.items()}


def pick_stoplist(words: Iterable[str]) -> tuple[str | None, frozenset[str]]:
    """(jusText language name, its stoplist) for lower-cased words (the first
    STOPLIST_SAMPLE_WORDS vote); (None, empty) if unsure. The same words give the same
    list in every process (no dependence on hash order)."""
    distinct = dict.fromkeys(islice(words, STOPLIST_SAMPLE_WORDS))  # first-seen order: stable
    votes = Counter(chain.from_iterable(map(_word_languages().get, distinct, repeat(()))))
    if not votes:
        return None, frozenset()
    lists = _stoplists()
    # ties (lists sharing words: English in Marathi's) go to the smaller, more specific list
    name = max(votes, key=lambda lang: (votes[lang], -len(lists[lang]), lang))
    if votes[name] < STOPLIST_MIN_HITS:
        return None, frozenset()
    return name, lists[name]


def stoplist(name: str) -> frozenset[str]:
    """The stoplist of a jusText language name ('German'), empty if unknown."""
    return _stoplists().get(name, frozenset())
