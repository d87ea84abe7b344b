"""The output folder's index (`_dechrome/index.sqlite`): its schema and how older indexes are
brought up to it, transactions, and the rejection files whose removal waits for a commit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cleaners.annotate import record_id

# the statuses of rows whose record is in the shards (a deleted file's record is kept)
HELD = "('record', 'deleted')"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source_path TEXT NOT NULL,
    source_member TEXT NOT NULL DEFAULT '',  -- '' for a plain file and a container's own row
    member_order INTEGER NOT NULL DEFAULT 0, -- position in the container
    raw_sha256 TEXT, size INTEGER, mtime_ns INTEGER,
    status TEXT NOT NULL,            -- record | rejected | deleted | container
    reason TEXT, record_id TEXT, shard TEXT, content_hash TEXT, language TEXT,
    duplicate_of TEXT, seen_run TEXT, near_duplicate_of TEXT, story_id TEXT,
    PRIMARY KEY (source_path, source_member)
);
CREATE INDEX IF NOT EXISTS files_hash ON files(content_hash);
CREATE INDEX IF NOT EXISTS files_record ON files(record_id);
CREATE INDEX IF NOT EXISTS files_member ON files(source_member);
CREATE TABLE IF NOT EXISTS shards (name TEXT PRIMARY KEY, dirty INTEGER NOT NULL DEFAULT 0);
-- rejection files whose rows went (a record replaced them, their file is gone), to remove
-- once committed: a run that dies first has the next one remove them
CREATE TABLE IF NOT EXISTS stale_rejections (path TEXT PRIMARY KEY);
"""

# An index written before members existed: one row per file, keyed by source_path alone.
_MIGRATE_V1 = """
DROP INDEX IF EXISTS files_hash;
ALTER TABLE files RENAME TO files_v1;
"""
_COPY_V1 = """
INSERT INTO files(source_path, raw_sha256, size, mtime_ns, status, reason, record_id, shard,
    content_hash, language, duplicate_of, seen_run)
SELECT source_path, raw_sha256, size, mtime_ns, status, reason, record_id, shard,
    content_hash, language, duplicate_of, seen_run FROM files_v1;
DROP TABLE files_v1;
"""

# Columns added since the first index: the cross-document links, the record's run and number
# in the links state (the order it was first linked in, which `dechrome relink` keeps; set by
# each run's end), and the fingerprint of the cleaning code that made the row.
_ADDED_COLUMNS = {
    "near_duplicate_of": "TEXT",
    "story_id": "TEXT",
    "link_run": "TEXT",
    "link_num": "INTEGER",
    "cleaned_by": "TEXT",
}


def open_index(path: Path) -> sqlite3.Connection:
    """The index at path (made if missing, an older one brought up to this schema), in
    autocommit mode: writes go in `transaction`s."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")  # WAL: consistent after any crash
    columns = {row[1] for row in db.execute("PRAGMA table_info(files)")}
    if columns and "source_member" not in columns:  # schema 1.0.0: one row per file
        db.executescript(_MIGRATE_V1 + _SCHEMA + _COPY_V1)
    db.executescript(_SCHEMA)
    _add_missing_columns(db)
    return db


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """An index made before some columns existed gets them (empty)."""
    have = {row[1] for row in db.execute("PRAGMA table_info(files)")}
    for column, kind in _ADDED_COLUMNS.items():
        if column not in have:
            db.execute(f"ALTER TABLE files ADD COLUMN {column} {kind}")


class transaction:  # noqa: N801 - used like a function: `with transaction(db):`
    """BEGIN … COMMIT on an autocommit connection; ROLLBACK on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def rejection_path(rejected_dir: Path, source_path: str, member: str = "") -> Path:
    """The rejection file of a raw file or member."""
    return rejected_dir / f"{record_id(source_path, member or None)}.json"


def mark_stale(db: sqlite3.Connection, path: Path) -> None:
    """In a transaction: this rejection file is to go once the transaction commits."""
    db.execute("INSERT OR IGNORE INTO stale_rejections VALUES (?)", (str(path.absolute()),))


def remove_stale_rejections(db: sqlite3.Connection) -> None:
    """Remove the rejection files a committed transaction (of this run or a dead one) let go."""
    for (path,) in db.execute("SELECT path FROM stale_rejections").fetchall():
        Path(path).unlink(missing_ok=True)  # absolute: relink opens the store elsewhere
    db.execute("DELETE FROM stale_rejections")
