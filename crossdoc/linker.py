"""The facade: add a cleaned document, get its links; list stories; count groups."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

from crossdoc import neardup, stories
from crossdoc.bandfilter import BandFilter
from crossdoc.features import Features, features
from crossdoc.settings import (
    STORY_AGREE_SIMILARITY,
    STORY_CONFLICT_SIMILARITY,
    STORY_MERGE_SIMILARITY,
    STORY_SIMILARITY,
)
from crossdoc.shingles import band_keys, signature
from crossdoc.state import TermCounts, connect, settle

STATE_FILE = "crossdoc.sqlite"


@dataclass(frozen=True)
class Doc:
    """What the links need of a cleaned record."""

    id: str
    text: str
    run: str  # the run that first ingested it: ids sort by time
    source_path: str
    source_member: str | None = None
    content_hash: str | None = None
    title: str | None = None
    language: str | None = None
    site: str | None = None
    when: str | None = None  # ISO 8601 date (published, else fetched), if known

    @property
    def order_key(self) -> neardup.OrderKey:
        return (self.run, self.source_path, self.source_member or "")

    @classmethod
    def of_record(cls, record: Any, run: str) -> Doc:
        """The Doc of a cleaned record (a `cleaners.Article`, or anything with its fields)."""
        return cls(
            id=record.id,
            text=record.text,
            run=run,
            source_path=record.source_path,
            source_member=getattr(record, "source_member", None),
            content_hash=record.content_hash,
            title=record.title,
            language=record.language,
            site=getattr(record, "site_name", None),
            when=getattr(record, "published", None) or getattr(record, "fetched_at", None),
        )

    @classmethod
    def of_stored(cls, record: Mapping[str, Any], run: str) -> Doc:
        """The Doc of a stored record as read from its JSON line (the same as `of_record`
        of the validated record, without building it)."""
        return cls.of_record(SimpleNamespace(**record), run)


@dataclass(frozen=True)
class Links:
    near_duplicate_of: str | None
    story_id: str


class Linker:
    """Near-duplicate groups and stories of every document added so far, on disk."""

    def __init__(
        self,
        path: Path | str,
        story_similarity: float = STORY_SIMILARITY,
        merge_similarity: float = STORY_MERGE_SIMILARITY,
        conflict_similarity: float = STORY_CONFLICT_SIMILARITY,
        agree_similarity: float = STORY_AGREE_SIMILARITY,
        read_terms: Callable[[str, str | None], Features] = features,
    ) -> None:
        """read_terms: a text's terms (`features`); a benchmark that adds the same texts
        many times passes a cached one (the terms do not depend on the corpus)."""
        self.path = path
        self.read_terms = read_terms
        self.thresholds = (
            story_similarity,
            merge_similarity,
            conflict_similarity,
            agree_similarity,
        )
        self.db: sqlite3.Connection = connect(path)
        self.term_counts = TermCounts(self.db)
        self._band_filter: BandFilter | None = None

    @property
    def band_filter(self) -> BandFilter:
        """The LSH buckets that may hold documents (built on first use)."""
        if self._band_filter is None:
            self._band_filter = BandFilter.of_state(self.db)
        return self._band_filter

    def commit(self) -> None:
        """Make every document added so far durable (the caller does it before it commits
        the records that carry the links: a crash in between only repeats work)."""
        if self.db.in_transaction:
            self.term_counts.flush()
            settle(self.db)
            self.db.execute("COMMIT")

    def close(self) -> None:
        self.commit()
        self.db.close()

    def __enter__(self) -> Linker:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.close()
            return
        # stopped (a signal raises anywhere, even inside `commit`): what was not committed
        # goes, as the records that carry its links do (the caller commits it before them)
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")
        self.db.close()

    def add(self, doc: Doc) -> Links:
        """Link one document (again: a known id with the same text keeps its links). It is
        durable after the next `commit()` (or `close()`)."""
        known = self.db.execute(
            "SELECT content_hash, run, num, signature FROM docs WHERE id = ?", (doc.id,)
        ).fetchone()
        if known and doc.content_hash is not None and known[0] == doc.content_hash:
            return self.links_of(doc.id)
        if known:  # changed text: same place in the order, new links
            doc = Doc(**{**doc.__dict__, "run": known[1]})
        sig = signature(doc.text)
        day = _day(doc.when)
        if not self.db.in_transaction:
            self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("SAVEPOINT doc")  # one document: all of it or nothing
        try:
            renamed = None
            if known:  # out of its group and story, as if new (its place in the order kept)
                neardup.unindex_signature(self.db, known[2], np.frombuffer(known[3], np.uint32))
                neardup.leave_group(self.db, doc.id)
                renamed = stories.withdraw(self.db, doc.id)
            keys = band_keys(sig)
            copies = neardup.near_copies(self.db, sig, self.band_filter.maybe_held(keys))
            root = neardup.join_groups(self.db, doc.id, doc.order_key, copies) if copies else doc.id
            terms = self.read_terms(doc.text, doc.title)
            vector = stories.vectorize(self.db, terms, self.term_counts)
            copied = copies[0] if copies else None  # the closest copy, whichever is older
            story = stories.assign(
                self.db, doc.id, vector, doc.language, day, *self.thresholds, copied=copied
            )
            story = stories.reclaim(self.db, doc.id, renamed, story)
            (num,) = self.db.execute(
                "INSERT INTO docs(id, run, source_path, source_member, content_hash,"
                " signature, near_root, story, language, title, site, day)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                " run = excluded.run, source_path = excluded.source_path,"
                " source_member = excluded.source_member, content_hash = excluded.content_hash,"
                " signature = excluded.signature, near_root = excluded.near_root,"
                " story = excluded.story, language = excluded.language, title = excluded.title,"
                " site = excluded.site, day = excluded.day RETURNING num",
                (
                    doc.id,
                    *doc.order_key,
                    doc.content_hash,
                    sig.tobytes(),
                    root,
                    story,
                    doc.language,
                    doc.title,
                    doc.site,
                    day,
                ),
            ).fetchone()
            neardup.index_signature(self.db, num, keys)
            self.band_filter.add(keys)
        except BaseException:
            self.db.execute("ROLLBACK TO doc")
            raise
        finally:
            self.db.execute("RELEASE doc")
        self.term_counts.keep()
        return Links(None if root == doc.id else root, story)

    def links_of(self, doc_id: str) -> Links:
        near, story = self.db.execute(
            "SELECT near_duplicate_of, story_id FROM links WHERE id = ?", (doc_id,)
        ).fetchone()
        return Links(near, story)

    def counts(self) -> dict[str, int]:
        """Near-duplicate groups (of two or more), stories, and the largest story's size."""
        groups = self.db.execute(  # a group's copies point to its root; the root to itself
            "SELECT COUNT(DISTINCT near_root) FROM docs WHERE near_root != id"
        ).fetchone()[0]
        count, largest = self.db.execute(
            "SELECT COUNT(*), COALESCE(MAX(size), 0) FROM stories"
        ).fetchone()
        return {"near_duplicate_groups": groups, "stories": count, "largest_story": largest}

    def stories(self, limit: int | None = None) -> list[dict]:
        """Stories, largest first: size, first title, sites, time span."""
        rows = self.db.execute(
            "SELECT id, size, first_day, last_day FROM stories ORDER BY size DESC, num LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [self._story(*row) for row in rows]

    def _story(self, story_id: str, size: int, first: float | None, last: float | None) -> dict:
        members = self.db.execute(
            f"SELECT title, site FROM docs WHERE story = ? ORDER BY {neardup.EARLIEST_FIRST}",
            (story_id,),
        ).fetchall()
        return story_summary(story_id, size, members, first, last)


def story_summary(
    story_id: str,
    size: int,
    members: list[tuple[str | None, str | None]],
    first: float | None,
    last: float | None,
) -> dict:
    """A story as listed: its members' (title, site) in order give its first title and
    its sites; first and last are days since the epoch."""
    return {
        "story_id": story_id,
        "size": size,
        "title": next((title for title, _ in members if title), None),
        "sites": sorted({site for _, site in members if site}),
        "first": _iso(first),
        "last": _iso(last),
    }


def _day(when: str | None) -> float | None:
    """Days since the epoch of an ISO 8601 date or time; None if absent or unreadable (or
    outside years 1-9999 in UTC)."""
    if not when:
        return None
    try:
        moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)  # the spans' years are read in UTC: 1-9999 only
    except (ValueError, OverflowError):
        return None
    return moment.timestamp() / 86400


def _iso(day: float | None) -> str | None:
    return None if day is None else datetime.fromtimestamp(day * 86400, UTC).date().isoformat()
