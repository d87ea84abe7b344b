"""Online story clustering (in the style of Miranda et al., EMNLP 2018): a new document
joins the most similar story of its language if the similarity reaches STORY_SIMILARITY,
else it starts a story. Then the story's new centroid is compared with the other stories:
those at STORY_MERGE_SIMILARITY or more merge into the oldest one, whose id wins.

A story is its centroid: the sum of its documents' unit TF-IDF vectors in two channels
(words; names and numbers), the strongest STORY_VECTOR_TERMS terms of each kept.
"""

from __future__ import annotations

import math
import sqlite3
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crossdoc.features import Features, cosine, normalized, strongest, weighted, years
from crossdoc.settings import (
    DOC_VECTOR_TERMS,
    ENTITY_CHANNEL_SHARE,
    MAX_STORY_CANDIDATES,
    POSTINGS_PER_TERM,
    QUERY_TERMS,
    STORY_AGREE_SIMILARITY,
    STORY_APART_MERGE_SIMILARITY,
    STORY_APART_SHARE,
    STORY_CONFLICT_SIMILARITY,
    STORY_MERGE_SIMILARITY,
    STORY_POSTING_TERMS,
    STORY_SIMILARITY,
    STORY_VECTOR_TERMS,
    STORY_WINDOW_DAYS,
)
from crossdoc.state import (
    TermCounts,
    latest_entries,
    latest_parameters,
    next_counter,
    pack,
    term_key,
    unindex,
    unpack,
)


@dataclass
class DocVector:
    words: dict[str, float]
    entities: dict[str, float]


@dataclass
class Story:
    id: str
    size: int
    first_day: float | None
    last_day: float | None
    words: dict[str, float]  # sums of unit vectors
    entities: dict[str, float]
    num: int | None = None  # its row in the state; None until it is stored
    posted: bytes = b""  # the keys of its postings, as stored (none until it is stored)
    last_seq: int = 0  # the save that posted them
    _centroid: DocVector | None = field(default=None, repr=False)

    def centroid(self) -> DocVector:
        """Unit vectors of the sums (computed once; the sums change only through absorb)."""
        if self._centroid is None:
            self._centroid = DocVector(normalized(self.words), normalized(self.entities))
        return self._centroid

    def overlaps(self, other: Story) -> bool:
        """The time spans (widened by the window) meet, or one is unknown."""
        if self.first_day is None or other.first_day is None:
            return True
        return (
            other.first_day - STORY_WINDOW_DAYS <= self.last_day
            and self.first_day - STORY_WINDOW_DAYS <= other.last_day
        )

    def similarity(self, doc: DocVector) -> float:
        """Cosine of each channel with the centroid (the sums, divided by their length)."""
        return _blend(
            cosine(doc.words, self.words) / (math.hypot(*self.words.values()) or 1.0),
            cosine(doc.entities, self.entities) / (math.hypot(*self.entities.values()) or 1.0),
        )

    def years(self) -> frozenset[str]:
        """The years its documents state, and those of its time span."""
        return years(self.entities) | _span_years(self.first_day, self.last_day)

    def absorb(self, words: dict[str, float], entities: dict[str, float]) -> None:
        """Add a document's (or a story's) vectors to the sums."""
        self.words = _add(self.words, words)
        self.entities = _add(self.entities, entities)
        self._centroid = None

    def widen(self, day: float | None) -> None:
        """Stretch the time span to cover day."""
        if day is not None:
            self.first_day = day if self.first_day is None else min(self.first_day, day)
            self.last_day = day if self.last_day is None else max(self.last_day, day)

    def within(self, day: float | None) -> bool:
        if day is None or self.first_day is None or self.last_day is None:
            return True
        return self.first_day - STORY_WINDOW_DAYS <= day <= self.last_day + STORY_WINDOW_DAYS


def _span_years(first_day: float | None, last_day: float | None, widen: int = 0) -> frozenset[str]:
    """The years (as terms, "#2019") from the first day to the last, widened by widen
    years on each side."""
    if first_day is None or last_day is None:
        return frozenset()
    first, last = (datetime.fromtimestamp(day * 86400, UTC).year for day in (first_day, last_day))
    return frozenset(f"#{year}" for year in range(first - widen, last + widen + 1))


def _agree(doc: DocVector, day: float | None, story: Story) -> bool:
    """Both texts state a year that is not next to either's dates (this year, last year
    and next year are in every current article): likely the same event."""
    shared = years(doc.entities) & years(story.entities)
    return bool(shared - _span_years(day, day, 1) - _span_years(story.first_day, story.last_day, 1))


def _conflict(left: frozenset[str], right: frozenset[str]) -> bool:
    """Both state years, and none in common: likely another event of the same kind."""
    return bool(left and right) and left.isdisjoint(right)


def _names_apart(centroid: DocVector, entities: dict[str, float]) -> bool:
    """Each side puts much of its names' weight on names the other lacks: when no year can
    tell (one side neither states nor is dated by one), likely another event of one kind."""
    shares = _absent_share(centroid.entities, entities), _absent_share(entities, centroid.entities)
    return min(shares) >= STORY_APART_SHARE


def _absent_share(vector: dict[str, float], other: dict[str, float]) -> float:
    """The share of the vector's names (squared weights; numbers left out) that other lacks."""
    names = [(term, weight * weight) for term, weight in vector.items() if term[0] != "#"]
    total = sum(mass for _, mass in names)
    return sum(mass for term, mass in names if term not in other) / total if total else 0.0


def _blend(words: float, entities: float) -> float:
    return (1 - ENTITY_CHANNEL_SHARE) * words + ENTITY_CHANNEL_SHARE * entities


def vectorize(db: sqlite3.Connection, found: Features, counts: TermCounts) -> DocVector:
    """Weight the document's terms by the corpus statistics, the document counted in
    (`counts.keep()` once it is stored)."""
    frequency = counts.counted(set(found.words) | set(found.entities))
    total = next_counter(db, "documents")
    idf = {term: math.log((total + 1) / (docs + 1)) + 1 for term, docs in frequency.items()}
    return DocVector(
        strongest(weighted(found.words, idf), DOC_VECTOR_TERMS),
        strongest(weighted(found.entities, idf), DOC_VECTOR_TERMS),
    )


def assign(
    db: sqlite3.Connection,
    doc_id: str,
    vector: DocVector,
    language: str | None,
    day: float | None,
    threshold: float = STORY_SIMILARITY,
    merge_threshold: float = STORY_MERGE_SIMILARITY,
    conflict_threshold: float = STORY_CONFLICT_SIMILARITY,
    agree_threshold: float = STORY_AGREE_SIMILARITY,
    copied: str | None = None,
) -> str:
    """Put the document in a story, then merge the stories that have become as one; a
    story whose years conflict needs conflict_threshold for either, one whose text states a
    year the document's does agree_threshold to join. A near copy of a stored document
    (`copied`: its id) joins that document's story, and its date does not stretch the
    story's span (a copy fetched years later reports nothing new). Returns the
    story's id."""
    loaded: dict[int, Story] = {}  # by num
    if copied is not None and (story := _story_of(db, copied, language, loaded)) is not None:
        return _grow(db, story, vector, None, language, loaded, merge_threshold, conflict_threshold)
    stated = years(vector.entities) | _span_years(day, day)

    def needed(story: Story) -> float:
        if _conflict(story.years(), stated):
            return max(threshold, conflict_threshold)
        if _agree(vector, day, story):
            return min(threshold, agree_threshold)
        return threshold

    similarity, story = max(
        (
            (similarity, story)
            for story in _candidates(db, vector, language, loaded)
            if story.within(day)
            for similarity in [story.similarity(vector)]
            if similarity >= needed(story)
        ),
        default=(0.0, None),
        key=lambda item: item[0],
    )
    if story is None:
        story = Story(doc_id, 0, None, None, {}, {})
    return _grow(db, story, vector, day, language, loaded, merge_threshold, conflict_threshold)


def _grow(
    db: sqlite3.Connection,
    story: Story,
    vector: DocVector,
    day: float | None,
    language: str | None,
    loaded: dict[int, Story],
    merge_threshold: float,
    conflict_threshold: float,
) -> str:
    """Add the document to the story, merge the stories that have become as one with it,
    store the result; its id."""
    story.size += 1
    story.absorb(vector.words, vector.entities)
    story.widen(day)
    centroid = story.centroid()

    def merge_needed(other: Story) -> float:
        if _conflict(other.years(), story.years()):
            return max(merge_threshold, conflict_threshold)
        if not (story.years() and other.years()) and _names_apart(centroid, other.entities):
            return max(merge_threshold, STORY_APART_MERGE_SIMILARITY)
        return merge_threshold

    merged = [
        other
        for other in _candidates(db, centroid, language, loaded)
        if other.id != story.id
        and other.overlaps(story)
        and other.similarity(centroid) >= merge_needed(other)
    ]
    story = _merge(db, [story, *merged])
    _save(db, story, language, next_counter(db, "story_updates"))
    return story.id


def _story_of(
    db: sqlite3.Connection, doc_id: str, language: str | None, loaded: dict[int, Story]
) -> Story | None:
    """The stored story of a stored document if it is of the language, else None."""
    row = db.execute(
        "SELECT s.num FROM docs d JOIN stories s ON s.id = d.story"
        " WHERE d.id = ? AND s.language IS ?",
        (doc_id, language),
    ).fetchone()
    if row is None:
        return None
    _load(db, [row[0]], loaded)
    return loaded[row[0]]


def withdraw(db: sqlite3.Connection, doc_id: str) -> str | None:
    """The doc's text changed (it is assigned again): its story counts it no more (its
    centroid keeps the old text: the sums cannot give it back) and goes if it held only
    the doc. A story the doc names takes the name of its next document; that name is
    returned (`reclaim` gives the story its name back if the doc joins it again)."""
    row = db.execute(
        "SELECT s.num, s.size, s.posted, s.last_seq FROM docs d JOIN stories s ON s.id = d.story"
        " WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    num, size, posted, last_seq = row
    if size <= 1:
        unindex(db, "postings", [(key, last_seq) for key in array("q", posted)])
        db.execute("DELETE FROM stories WHERE num = ?", (num,))
        return None
    db.execute("UPDATE stories SET size = size - 1 WHERE num = ?", (num,))
    (next_doc,) = db.execute(
        "SELECT id FROM docs WHERE story = ? AND id != ? ORDER BY num LIMIT 1", (doc_id, doc_id)
    ).fetchone() or (None,)
    if next_doc is not None:
        _rename(db, doc_id, next_doc)
    return next_doc


def reclaim(db: sqlite3.Connection, doc_id: str, renamed: str | None, story_id: str) -> str:
    """The doc's story id once assigned again: its old story's name back if it joined it."""
    if renamed is None or story_id != renamed:
        return story_id
    _rename(db, renamed, doc_id)
    return doc_id


def _rename(db: sqlite3.Connection, old: str, new: str) -> None:
    db.execute("UPDATE stories SET id = ? WHERE id = ?", (new, old))
    db.execute("UPDATE docs SET story = ? WHERE story = ?", (new, old))


def _merge(db: sqlite3.Connection, stories: list[Story]) -> Story:
    """One story from several; the id of the oldest (smallest number) wins."""
    if len(stories) == 1:
        return stories[0]
    oldest = min(stories, key=_creation_order)
    for story in stories:
        if story is oldest:
            continue
        oldest.size += story.size
        oldest.absorb(story.words, story.entities)
        oldest.widen(story.first_day)
        oldest.widen(story.last_day)
        db.execute("UPDATE docs SET story = ? WHERE story = ?", (oldest.id, story.id))
        _unpost(db, story)
        db.execute("DELETE FROM stories WHERE id = ?", (story.id,))
    return oldest


def _creation_order(story: Story) -> float:
    """A stored story's number (stories are numbered as they are created); a story not
    stored yet is the youngest."""
    return math.inf if story.num is None else story.num


def _add(total: dict[str, float], vector: dict[str, float]) -> dict[str, float]:
    summed = Counter(total)
    summed.update(vector)
    return strongest(summed, STORY_VECTOR_TERMS)


def _candidates(
    db: sqlite3.Connection, vector: DocVector, language: str | None, loaded: dict[int, Story]
) -> list[Story]:
    """The stories sharing most of the vector's strongest terms (each term's most recently
    updated stories only: the work per document does not grow with the corpus)."""
    terms = list(strongest({**vector.words, **vector.entities}, QUERY_TERMS))
    if not terms:
        return []
    per_term = latest_entries("postings", "story")
    hits = Counter(
        num
        for (num,) in db.execute(
            " UNION ALL ".join([per_term] * len(terms)),  # in order: term by term
            [
                value
                for key in (term_key(term, language) for term in terms)
                for value in latest_parameters(key, POSTINGS_PER_TERM)
            ],
        )
    )
    best = [num for num, _ in hits.most_common(MAX_STORY_CANDIDATES)]
    _load(db, [num for num in best if num not in loaded], loaded)
    return [loaded[num] for num in best]


def _load(db: sqlite3.Connection, nums: list[int], loaded: dict[int, Story]) -> None:
    """Read stored stories into loaded."""
    if not nums:
        return
    rows = db.execute(
        "SELECT num, id, size, first_day, last_day, words, entities, posted, last_seq"
        f" FROM stories WHERE num IN ({','.join('?' * len(nums))})",
        nums,
    )
    for num, story_id, size, first_day, last_day, words, entities, posted, last_seq in rows:
        loaded[num] = Story(
            story_id,
            size,
            first_day,
            last_day,
            unpack(words),
            unpack(entities),
            num,
            posted,
            last_seq,
        )


def _save(db: sqlite3.Connection, story: Story, language: str | None, seq: int) -> None:
    """Store the story and index its strongest terms (the postings of its last save go)."""
    _unpost(db, story)
    top = strongest({**normalized(story.words), **normalized(story.entities)}, STORY_POSTING_TERMS)
    keys = sorted({term_key(term, language) for term in top})
    posted = array("q", keys).tobytes()
    (num,) = db.execute(
        "INSERT INTO stories(id, language, size, last_seq, first_day, last_day,"
        " words, entities, posted) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
        " size = excluded.size, last_seq = excluded.last_seq, first_day = excluded.first_day,"
        " last_day = excluded.last_day, words = excluded.words, entities = excluded.entities,"
        " posted = excluded.posted RETURNING num",
        (
            story.id,
            language,
            story.size,
            seq,
            story.first_day,
            story.last_day,
            pack(story.words),
            pack(story.entities),
            posted,
        ),
    ).fetchone()
    story.num, story.posted, story.last_seq = num, posted, seq
    db.executemany(
        "INSERT INTO recent_postings(key, seq, story) VALUES (?,?,?)",
        [(key, seq, num) for key in keys],
    )


def _unpost(db: sqlite3.Connection, story: Story) -> None:
    """Delete the postings of a stored story (none if it is not stored)."""
    posted, last_seq = story.posted, story.last_seq
    if story.num is None:  # a new story's id may be stored: a known document's, re-added
        row = db.execute("SELECT posted, last_seq FROM stories WHERE id = ?", (story.id,))
        posted, last_seq = row.fetchone() or (b"", 0)
    unindex(db, "postings", [(key, last_seq) for key in array("q", posted)])
