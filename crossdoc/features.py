"""What a document says, as two bags of terms: its words, and its names and numbers.

Two similar events (two earthquakes, two stars in rehab) share most words; the names,
places, figures and dates tell them apart, so they get a channel of their own.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

from cleaners.stopwords import pick_stoplist
from crossdoc.settings import STORY_TEXT_CHARS

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+")
_YEAR = re.compile(r"#(?:1[89]|20)\d\d")
_URL_WORDS = frozenset({"http", "https", "www", "com", "html", "htm"})
TITLE_WEIGHT = 2.0  # a headline names the event


@dataclass
class Features:
    words: Counter  # lower-cased content words
    entities: Counter  # capitalised words (and pairs of them) and numbers


def features(text: str, title: str | None = None) -> Features:
    """Term counts of title (weighted) and the text's opening, stopwords of its language
    dropped."""
    text = text[:STORY_TEXT_CHARS]  # the opening tells the event; the cost stays bounded
    _, stop = pick_stoplist(_WORD.findall(text[:2000].lower()))  # the opening words vote
    parts = [(title, TITLE_WEIGHT)] if title else []
    sentences = [
        (_WORD.findall(sentence), weight)
        for part, weight in [*parts, (text, 1.0)]
        for sentence in _SENTENCE.split(part)
    ]
    names = _capitalised_mid_sentence(sentences)
    found = Features(Counter(), Counter())
    for tokens, weight in sentences:
        _add(found, tokens, stop, weight, names)
    return found


def _capitalised_mid_sentence(sentences: list[tuple[list[str], float]]) -> frozenset[str]:
    """Words (lower-cased) capitalised somewhere after a sentence's first word: names. A
    sentence's first word counts as a name only if it is one of them ("Lohan was ...")."""
    return frozenset(
        token.lower() for tokens, _ in sentences for token in tokens[1:] if token[0].isupper()
    )


def _add(
    found: Features, tokens: list[str], stop: frozenset[str], weight: float, names: frozenset[str]
) -> None:
    previous = None  # the capitalised word just before, for names of two words
    for position, token in enumerate(tokens):
        lower = token.lower()
        if lower in stop or lower in _URL_WORDS or (len(token) < 2 and not token.isdigit()):
            previous = None
        elif token.isdigit():
            found.entities["#" + lower] += weight
            previous = None
        elif token[0].isupper() and (position > 0 or lower in names):
            found.words[lower] += weight
            found.entities[lower] += weight
            if previous:
                found.entities[f"{previous}_{lower}"] += weight
            previous = lower
        else:
            found.words[lower] += weight
            previous = None


def weighted(counts: Counter, idf: dict[str, float]) -> dict[str, float]:
    """Unit-length TF-IDF vector: log(1 + tf) times idf."""
    vector = {term: math.log1p(count) * idf[term] for term, count in counts.items()}
    return normalized(vector)


def normalized(vector: dict[str, float]) -> dict[str, float]:
    norm = math.hypot(*vector.values()) or 1.0
    return {term: value / norm for term, value in vector.items()}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    """Dot product of two unit vectors."""
    return sum(left[term] * right[term] for term in left.keys() & right.keys())


def strongest(vector: dict[str, float], count: int) -> dict[str, float]:
    """The count terms of highest weight."""
    if len(vector) <= count:
        return vector
    return dict(heapq.nlargest(count, vector.items(), key=itemgetter(1)))


def years(entities: dict[str, float]) -> frozenset[str]:
    """The years among a names-and-numbers vector's terms ("#2008")."""
    return frozenset(term for term in entities if _YEAR.fullmatch(term))
