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


def _agree(left: Story, right: Story) -> bool:
    """Both texts state a year that is not next to either's dates (this year, last year
    and next year are in every current article): likely the same event."""
    shared = years(left.entities) & years(right.entities)
    return bool(
        shared
        - _span_years(left.first_day, left.last_day, 1)
        - _span_years(right.first_day, right.last_day, 1)
    )


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


def vectorize(db: sqlite3.Connection, found: list[Features], counts: TermCounts) -> list[DocVector]:
    """Weight the documents' terms by the corpus statistics, the documents counted in
    (`counts.keep()` once they are stored): a batch's documents see the same statistics,
    whatever their order."""
    frequency = counts.counted(*(set(each.words) | set(each.entities) for each in found))
    total = 0
    for _ in found:
        total = next_counter(db, "documents")
    idf = {term: math.log((total + 1) / (docs + 1)) + 1 for term, docs in frequency.items()}
    return [
        DocVector(
            strongest(weighted(each.words, idf), DOC_VECTOR_TERMS),
            strongest(weighted(each.entities, idf), DOC_VECTOR_TERMS),
        )
        for each in found
    ]


@dataclass(frozen=True)
class Thresholds:
    join: float = STORY_SIMILARITY
    merge: float = STORY_MERGE_SIMILARITY
    conflict: float = STORY_CONFLICT_SIMILARITY
    agree: float = STORY_AGREE_SIMILARITY

    def to_join(self, doc: Story, story: Story) -> float:
        """What a document (a story of one, not stored yet) needs to join the story: more
        when their years conflict, less when both texts state the same year."""
        if _conflict(story.years(), doc.years()):
            return max(self.join, self.conflict)
        if _agree(doc, story):
            return min(self.join, self.agree)
        return self.join

    def to_merge(self, story: Story, other: Story) -> float:
        """What two stories need to merge: more when their years conflict, or, when no
        year tells, their names are apart."""
        if _conflict(other.years(), story.years()):
            return max(self.merge, self.conflict)
        if not (story.years() and other.years()) and _names_apart(story.centroid(), other.entities):
            return max(self.merge, STORY_APART_MERGE_SIMILARITY)
        return self.merge

    @property
    def lowest(self) -> float:
        return min(self.join, self.merge, self.agree)


@dataclass(frozen=True)
class Arrival:
    """A document of a batch, as the stories see it."""

    doc_id: str
    order_key: tuple[str, ...]
    vector: DocVector
    language: str | None
    day: float | None


@dataclass
class _Group:
    """A story while a batch is decided: a stored one, or one of the batch's documents."""

    story: Story
    arrivals: list[Arrival]
    stored: bool
    neighbours: set[int] = field(default_factory=set)


def assign(
    db: sqlite3.Connection, arrivals: list[Arrival], thresholds: Thresholds = Thresholds()
) -> list[str]:
    """Put a batch of documents in stories, the most similar pairs first, then merge the
    stories that have become as one. Returns each document's story id.

    Each document starts as a story of one; the candidates are the stored stories that
    share its strongest terms (the postings) and the batch's other documents of its
    language. The closest pair (at or above what it needs) becomes one, until no pair
    qualifies: a document joining a story needs what `to_join` asks, two stories what
    `to_merge` asks; two stored stories only merge afterwards, through the postings, as
    before. So the second event's documents meet each other before one of them meets the
    first event's story, and the decision does not depend on the batch's order."""
    loaded: dict[int, Story] = {}
    resolved: dict[str, str] = {}  # the story id each document ends in
    for language in sorted({arrival.language for arrival in arrivals}, key=str):
        same = sorted((a for a in arrivals if a.language == language), key=_order)
        groups = _agglomerate(db, same, language, thresholds, loaded)
        resolved |= _settle_groups(db, groups, language, thresholds, loaded)
    return [resolved[arrival.doc_id] for arrival in arrivals]


def _order(arrival: Arrival) -> tuple[str, ...]:
    return arrival.order_key


def _agglomerate(
    db: sqlite3.Connection,
    arrivals: list[Arrival],
    language: str | None,
    thresholds: Thresholds,
    loaded: dict[int, Story],
) -> list[_Group]:
    """The batch's documents joined to each other and to stored stories, closest first."""
    groups = [
        _Group(
            Story(a.doc_id, 1, a.day, a.day, dict(a.vector.words), dict(a.vector.entities)),
            [a],
            False,
        )
        for a in arrivals
    ]
    by_num: dict[int, int] = {}  # stored story -> its group
    for position, arrival in enumerate(arrivals):
        groups[position].neighbours = set(range(len(arrivals))) - {position}
        for story in _candidates(db, arrival.vector, language, loaded):
            if story.num not in by_num:
                by_num[story.num] = len(groups)
                groups.append(_Group(story, [], True))
            groups[position].neighbours.add(by_num[story.num])
            groups[by_num[story.num]].neighbours.add(position)
    scores = {
        (first, second): score
        for first, group in enumerate(groups)
        for second in group.neighbours
        if first < second
        for score in [_score(group, groups[second], thresholds)]
        if score is not None
    }
    alive = set(range(len(groups)))
    while scores:
        (first, second), _ = max(
            scores.items(), key=lambda item: (item[1], -item[0][0], -item[0][1])
        )
        keep, gone = (second, first) if groups[second].stored else (first, second)
        _unite(groups[keep], groups[gone])
        alive.discard(gone)
        for other in groups[gone].neighbours - {keep}:
            groups[other].neighbours.discard(gone)
            if not (groups[other].stored and groups[keep].stored):
                groups[other].neighbours.add(keep)
                groups[keep].neighbours.add(other)
        groups[keep].neighbours.discard(gone)
        scores = {
            pair: score for pair, score in scores.items() if keep not in pair and gone not in pair
        }
        for other in groups[keep].neighbours:
            score = _score(groups[keep], groups[other], thresholds)
            if score is not None:
                scores[(min(keep, other), max(keep, other))] = score
    return [groups[n] for n in sorted(alive) if groups[n].arrivals]


def _score(left: _Group, right: _Group, thresholds: Thresholds) -> float | None:
    """The similarity of two groups if it is what they need to become one, else None. A
    document meets a story as one document did: its own vector (cut to its strongest terms)
    against the story's centroid; two documents, the later one against the earlier."""
    if left.stored and right.stored or not left.story.overlaps(right.story):
        return None
    single = [group for group in (left, right) if not group.stored and len(group.arrivals) == 1]
    if single:
        doc = max(single, key=lambda group: _order(group.arrivals[0]))
        story = right if doc is left else left
        similarity = story.story.similarity(DocVector(doc.story.words, doc.story.entities))
        needed = thresholds.to_join if similarity >= thresholds.lowest else None
        return similarity if needed and similarity >= needed(doc.story, story.story) else None
    similarity = left.story.similarity(right.story.centroid())
    if similarity >= thresholds.lowest and similarity >= thresholds.to_merge(
        left.story, right.story
    ):
        return similarity
    return None


def _unite(keep: _Group, gone: _Group) -> None:
    keep.story.size += gone.story.size
    keep.story.absorb(gone.story.words, gone.story.entities)
    keep.story.widen(gone.story.first_day)
    keep.story.widen(gone.story.last_day)
    keep.arrivals += gone.arrivals


def _settle_groups(
    db: sqlite3.Connection,
    groups: list[_Group],
    language: str | None,
    thresholds: Thresholds,
    loaded: dict[int, Story],
) -> dict[str, str]:
    """Merge each group's story with the stored stories that have become as one (through
    the postings), store it; the story id of each document."""
    moved: dict[str, str] = {}  # a merged story's id -> the id it merged into
    home: dict[str, str] = {}  # document -> its group's story id before the merges
    for group in groups:
        story = group.story
        if not group.stored:
            story.id = min(group.arrivals, key=_order).doc_id
        home |= {arrival.doc_id: story.id for arrival in group.arrivals}
        if story.id in moved:
            continue
        centroid = story.centroid()
        merged = [
            other
            for other in _candidates(db, centroid, language, loaded)
            if other.id != story.id
            and other.overlaps(story)
            and other.similarity(centroid) >= thresholds.to_merge(story, other)
        ]
        story = _merge(db, [story, *merged])
        for other in [group.story, *merged]:
            if other.id != story.id:
                moved[other.id] = story.id
                loaded.pop(other.num, None)
        story.num = _save(db, story, language, next_counter(db, "story_updates"))
        loaded[story.num] = story
    resolved = {}
    for doc_id, story_id in home.items():
        while story_id in moved:
            story_id = moved[story_id]
        resolved[doc_id] = story_id
    return resolved


def _merge(db: sqlite3.Connection, stories: list[Story]) -> Story:
    """One story from several; the id of the oldest (smallest creation number) wins."""
    if len(stories) == 1:
        return stories[0]
    created = {story.id: _created(db, story) for story in stories}
    oldest = min(stories, key=lambda story: created[story.id])
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


def _created(db: sqlite3.Connection, story: Story) -> float:
    """Creation number of a stored story; a story not stored yet is the youngest."""
    if story.num is None:
        return math.inf
    return db.execute("SELECT created FROM stories WHERE num = ?", (story.num,)).fetchone()[0]


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
                for value in (key, key, POSTINGS_PER_TERM)
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
        "SELECT num, id, size, first_day, last_day, words, entities FROM stories"
        f" WHERE num IN ({','.join('?' * len(nums))})",
        nums,
    )
    for num, story_id, size, first_day, last_day, words, entities in rows:
        loaded[num] = Story(
            story_id, size, first_day, last_day, unpack(words), unpack(entities), num
        )


def _save(db: sqlite3.Connection, story: Story, language: str | None, seq: int) -> int:
    """Store the story and index its strongest terms (the postings of its last save go);
    its number."""
    _unpost(db, story)
    top = strongest({**normalized(story.words), **normalized(story.entities)}, STORY_POSTING_TERMS)
    keys = sorted({term_key(term, language) for term in top})
    (num,) = db.execute(
        "INSERT INTO stories(id, language, size, created, last_seq, first_day, last_day,"
        " words, entities, posted) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
        " size = excluded.size, last_seq = excluded.last_seq, first_day = excluded.first_day,"
        " last_day = excluded.last_day, words = excluded.words, entities = excluded.entities,"
        " posted = excluded.posted RETURNING num",
        (
            story.id,
            language,
            story.size,
            seq,
            seq,
            story.first_day,
            story.last_day,
            pack(story.words),
            pack(story.entities),
            array("q", keys).tobytes(),
        ),
    ).fetchone()
    db.executemany(
        "INSERT INTO recent_postings(key, seq, story) VALUES (?,?,?)",
        [(key, seq, num) for key in keys],
    )
    return num


def _unpost(db: sqlite3.Connection, story: Story) -> None:
    """Delete the postings of a stored story (none if it is not stored)."""
    row = db.execute(  # a new story's id may be stored: a known document's, re-added
        "SELECT posted, last_seq FROM stories WHERE"
        + (" id = ?" if story.num is None else " num = ?"),
        (story.id if story.num is None else story.num,),
    ).fetchone()
    if not row:
        return
    unindex(db, "postings", [(key, row[1]) for key in array("q", row[0])])
