"""The on-disk state of the links: one SQLite file (beside the output folder's index).

Everything a new document is compared with is read through an index, a bounded number of
rows at a time, so RAM stays bounded and the cost per document stays flat as the corpus
grows. `links` is the view a record store joins to rewrite changed records.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY,
    run TEXT NOT NULL, source_path TEXT NOT NULL, source_member TEXT NOT NULL,
    content_hash TEXT, signature BLOB,
    near_root TEXT NOT NULL, story TEXT,
    language TEXT, title TEXT, site TEXT, day REAL
);
CREATE INDEX IF NOT EXISTS docs_near_root ON docs(near_root);
CREATE INDEX IF NOT EXISTS docs_story ON docs(story);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_key ON bands(key);
CREATE INDEX IF NOT EXISTS bands_id ON bands(id);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, language TEXT, size INTEGER NOT NULL, created INTEGER NOT NULL,
    last_seq INTEGER NOT NULL,
    first_day REAL, last_day REAL, words TEXT NOT NULL, entities TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS postings (
    term TEXT NOT NULL, language TEXT, story TEXT NOT NULL, last_seq INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS postings_term ON postings(term, language, last_seq);
CREATE INDEX IF NOT EXISTS postings_story ON postings(story);
CREATE TABLE IF NOT EXISTS document_frequency (term TEXT PRIMARY KEY, docs INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS links AS
    SELECT id, CASE WHEN near_root = id THEN NULL ELSE near_root END AS near_duplicate_of,
           story AS story_id
    FROM docs;
"""


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (and create) the state file; ':memory:' for a throwaway one."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache at most
    db.executescript(_SCHEMA)
    return db


def next_counter(db: sqlite3.Connection, name: str) -> int:
    """Add one to a named counter; its new value."""
    return db.execute(
        "INSERT INTO counters(name, value) VALUES (?, 1)"
        " ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value",
        (name,),
    ).fetchone()[0]
