"""The on-disk state of the links: one SQLite file (beside the output folder's index).

Everything a new document is compared with is read through an index, a bounded number of
rows at a time, so RAM stays bounded and the cost per document stays flat as the corpus
grows. `links` is the view a record store joins to rewrite changed records.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import sqlite3
from array import array
from collections.abc import Iterable
from pathlib import Path

from crossdoc.settings import SETTLE_SLICES, TERM_COUNT_CACHE

SCHEMA_VERSION = 6  # PRAGMA user_version of a state file written by this code

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    num INTEGER PRIMARY KEY,  -- order of arrival; the LSH bands name documents by it
    id TEXT NOT NULL UNIQUE,
    run TEXT NOT NULL, source_path TEXT NOT NULL, source_member TEXT NOT NULL,
    content_hash TEXT, signature BLOB,
    near_root TEXT NOT NULL, story TEXT,
    language TEXT, title TEXT, site TEXT, day REAL
);
-- only the near copies: most documents are their own root
CREATE INDEX IF NOT EXISTS docs_near_root ON docs(near_root) WHERE near_root != id;
CREATE INDEX IF NOT EXISTS docs_story ON docs(story);
-- LSH buckets, in three levels: the recent documents' entries are written to a small table
-- (its pages stay in the cache), moved to a middle one a key range at a time, and from it to
-- the large one, each time in key order (`settle`)
CREATE TABLE IF NOT EXISTS bands (
    key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS middle_bands (
    key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_bands (
    key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories (
    num INTEGER PRIMARY KEY,  -- order of creation: the postings name stories by it
    id TEXT NOT NULL UNIQUE, language TEXT, size INTEGER NOT NULL, last_seq INTEGER NOT NULL,
    first_day REAL, last_day REAL, words BLOB NOT NULL, entities BLOB NOT NULL,
    posted BLOB NOT NULL  -- the keys of its postings (at last_seq)
);
-- a story's strongest terms: key = term_key(term, language), the latest saves first;
-- in three levels, as the bands
CREATE TABLE IF NOT EXISTS postings (
    key INTEGER NOT NULL, seq INTEGER NOT NULL, story INTEGER NOT NULL, PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS middle_postings (
    key INTEGER NOT NULL, seq INTEGER NOT NULL, story INTEGER NOT NULL, PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_postings (
    key INTEGER NOT NULL, seq INTEGER NOT NULL, story INTEGER NOT NULL, PRIMARY KEY (key, seq)
) WITHOUT ROWID;
-- how many documents hold a term; the counts a batch changed go to a small table first (a
-- batch changes thousands, at random places), moved to the large one in key order (`settle`)
CREATE TABLE IF NOT EXISTS document_frequency (term TEXT PRIMARY KEY, docs INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS recent_frequency (term TEXT PRIMARY KEY, docs INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS links AS
    SELECT id, CASE WHEN near_root = id THEN NULL ELSE near_root END AS near_duplicate_of,
           story AS story_id
    FROM docs;
"""


_REBUILD = "rebuild it from the records with `dechrome relink --out <output folder>`"


class StateVersionError(RuntimeError):
    """The state file was written by another version of the links' storage (or is no
    SQLite file at all, or cannot be opened)."""


def read_only_uri(path: Path | str) -> str:
    """A URI that reads the SQLite file at path without writing anything. A file in WAL
    mode needs a -shm file beside it, which a folder that cannot be written (a read-only
    mount, a copy without write rights) cannot hold; there, a file whose last writer closed
    it cleanly (no WAL left) is read as immutable, which needs no -shm file."""
    path = Path(path).absolute()
    wal = path.with_name(path.name + "-wal")
    writable = os.access(path.parent, os.W_OK)
    unfinished = wal.exists() and wal.stat().st_size > 0
    return f"{path.as_uri()}?{'mode=ro' if writable or unfinished else 'immutable=1'}"


def connect(path: Path | str, read_only: bool = False) -> sqlite3.Connection:
    """Open (and create) the state file; ':memory:' for a throwaway one. read_only: open
    an existing file without writing to it (a listing while a run writes the state does
    not wait for the run's transaction)."""
    if read_only:
        db = sqlite3.connect(read_only_uri(path), uri=True, isolation_level=None)
    else:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(path), isolation_level=None)
    try:
        if not read_only:
            db.execute("PRAGMA journal_mode=WAL")
        (version,) = db.execute("PRAGMA user_version").fetchone()
        (tables,) = db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:  # e.g. no -shm file can be made beside it
        db.close()
        why = f"{path}: cannot open the links state ({exc})"
        if read_only:
            why += "; reading it needs a writable folder (SQLite's -shm file): copy the output"
        raise StateVersionError(why) from exc
    except sqlite3.DatabaseError as exc:  # a file that is no SQLite database (a bad copy)
        db.close()
        raise StateVersionError(f"{path}: no links state ({exc}); {_REBUILD}") from exc
    if tables and version != SCHEMA_VERSION:
        db.close()
        raise StateVersionError(
            f"{path}: links state of version {version}, this code reads {SCHEMA_VERSION};"
            f" {_REBUILD}"
        )
    db.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache at most
    # a document's savepoint journal and the look-ups' sorts in memory (a few hundred KB),
    # not in temporary files: ~4/5 of the bytes written per document
    db.execute("PRAGMA temp_store=MEMORY")
    if read_only:
        return db
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA wal_autocheckpoint=4096")  # fewer checkpoints: a page is copied once
    db.executescript(_SCHEMA)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
    return db


def next_counter(db: sqlite3.Connection, name: str, amount: int = 1) -> int:
    """Add amount (one) to a named counter; its new value."""
    return db.execute(
        "INSERT INTO counters(name, value) VALUES (?, ?)"
        " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value",
        (name, amount),
    ).fetchone()[0]


def _counter(db: sqlite3.Connection, name: str, default: int = 0) -> int:
    row = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
    return default if row is None else row[0]


def _set_counter(db: sqlite3.Connection, name: str, value: int) -> None:
    db.execute(
        "INSERT INTO counters(name, value) VALUES (?, ?)"
        " ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def term_key(term: str, language: str | None) -> int:
    """A term of a language as a signed 64-bit integer (8 bytes in the postings instead of
    the text; two terms share a key with probability 2**-64)."""
    digest = hashlib.blake2b(f"{language}\x1f{term}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


# The index tables written through recent_ and middle_ ones: the column that orders a key's
# entries (the latest last) and the bits of their keys.
_INDEX_TABLES = {"bands": ("doc", 62), "postings": ("seq", 63)}
LEVELS = ("recent_", "middle_", "")  # an entry is in one of them; it moves to the right


def latest_entries(table: str, column: str) -> str:
    """SQL for one key's latest entries of an index table, its three levels together
    (parameters: `latest_parameters`): their column."""
    order = _INDEX_TABLES[table][0]
    inner = ", ".join(dict.fromkeys((column, order)))
    levels = " UNION ALL ".join(
        f"SELECT {inner} FROM {level}{table} WHERE key = ?" for level in LEVELS
    )
    return f"SELECT {column} FROM ({levels} ORDER BY {order} DESC LIMIT ?)"


def latest_parameters(key: int, limit: int) -> tuple[int, ...]:
    """The parameters of `latest_entries`: a key and how many of its entries."""
    return (key,) * len(LEVELS) + (limit,)


def unindex(db: sqlite3.Connection, table: str, entries: list[tuple[int, int]]) -> None:
    """Delete entries (key, ordering column) of an index table: from its recent_ level,
    then from the next ones while some are left (most are deleted soon after they were
    written, from the recent_ level)."""
    where = f"WHERE key = ? AND {_INDEX_TABLES[table][0]} = ?"
    left = len(entries)
    for level in LEVELS:
        before = db.total_changes
        db.executemany(f"DELETE FROM {level}{table} {where}", entries)
        deleted = db.total_changes - before
        left -= deleted
        if not level and deleted:  # the large table's rows are counted (see settle)
            next_counter(db, f"{table}_rows", -deleted)
        if left <= 0:
            return


def settle(db: sqlite3.Connection, slices: int = SETTLE_SLICES) -> None:
    """Move index entries one level down, in key order: one of `slices` key ranges (in
    turn, one per call) from recent_ to middle_, and from middle_ to the large table the
    next key range of a number that grows with the large table (the square root of
    slices x its rows / the rows moved from recent_, the fewest pages written in all).

    A move writes the pages of a key range in order, instead of one page per entry at
    random places (which, once the state outgrows the cache, are read from the disk and
    written back for each entry). With two levels the pages a call writes grow with the
    large table; the middle level keeps them near the square root of its size / slices."""
    turn = next_counter(db, "settled") % slices
    if not turn:  # the latest counts of the last `slices` batches' terms, all at once
        db.execute(
            "INSERT INTO document_frequency SELECT * FROM recent_frequency WHERE true"
            " ON CONFLICT(term) DO UPDATE SET docs = excluded.docs"
        )
        db.execute("DELETE FROM recent_frequency")
    for table, (_, bits) in _INDEX_TABLES.items():
        width = 2 ** (bits + 1)
        low = -(2**bits) + width * turn // slices
        high = -(2**bits) + width * (turn + 1) // slices
        moved = _move(db, f"recent_{table}", f"middle_{table}", low, high, bits)
        rows = _counter(db, f"{table}_rows")
        parts = max(slices, math.isqrt(slices * rows // max(moved, 1)))
        low = _counter(db, f"{table}_cursor", -(2**bits))
        high = low + width // parts
        next_counter(db, f"{table}_rows", _move(db, f"middle_{table}", table, low, high, bits))
        _set_counter(db, f"{table}_cursor", high if high < 2**bits else -(2**bits))


def _move(db: sqlite3.Connection, source: str, target: str, low: int, high: int, bits: int) -> int:
    """Move the entries of keys low <= key < high from one table to the other; how many."""
    keys, values = (
        ("key >= ?", (low,)) if high >= 2**bits else ("key >= ? AND key < ?", (low, high))
    )
    before = db.total_changes  # (2**63 overflows: the last range is open)
    db.execute(f"INSERT OR IGNORE INTO {target} SELECT * FROM {source} WHERE {keys}", values)
    moved = db.total_changes - before
    db.execute(f"DELETE FROM {source} WHERE {keys}", values)
    return moved


def pack(vector: dict[str, float]) -> bytes:
    """A term vector as bytes: its count, its weights (doubles, exact), its terms."""
    weights = array("d", vector.values())
    terms = "\x1f".join(vector).encode()
    return len(weights).to_bytes(4, "little") + weights.tobytes() + terms


def unpack(blob: bytes) -> dict[str, float]:
    """The term vector `pack` wrote (same terms, same order, same weights)."""
    count = int.from_bytes(blob[:4], "little")
    if not count:
        return {}
    weights = array("d")
    weights.frombytes(blob[4 : 4 + 8 * count])
    return dict(zip(blob[4 + 8 * count :].decode().split("\x1f"), weights, strict=True))


class TermCounts:
    """Document frequencies of terms: a write-back cache over `document_frequency`.

    The counts a document sees are the same as with one upsert per term, but the frequent
    terms are written once per batch (`flush`, before the commit) instead of once per
    document, and read from memory. At most `capacity` terms are kept (the most frequent).
    """

    def __init__(self, db: sqlite3.Connection, capacity: int = TERM_COUNT_CACHE) -> None:
        self.db = db
        self.capacity = capacity
        self.counts: dict[str, int] = {}
        self.dirty: set[str] = set()
        self.pending: list[str] = []

    def counted(self, terms: Iterable[str]) -> dict[str, int]:
        """Frequencies of terms with one more document holding them; `keep` makes it so."""
        self.pending = list(terms)
        missing = [term for term in self.pending if term not in self.counts]
        self.counts.update(dict.fromkeys(missing, 0))
        if missing:  # one statement for any number of terms: prepared once, cached
            for table in ("document_frequency", "recent_frequency"):  # the latter's are newer
                self.counts.update(
                    self.db.execute(
                        f"SELECT term, docs FROM {table} WHERE term IN"
                        " (SELECT value FROM json_each(?))",
                        (json.dumps(missing),),
                    )
                )
        return {term: self.counts[term] + 1 for term in self.pending}

    def keep(self) -> None:
        """Count the document last passed to `counted`."""
        for term in self.pending:
            self.counts[term] += 1
        self.dirty.update(self.pending)
        self.pending = []

    def flush(self) -> None:
        """Write the changed counts (in the open transaction), then keep the cache small."""
        self.db.executemany(
            "INSERT INTO recent_frequency(term, docs) VALUES (?, ?)"
            " ON CONFLICT(term) DO UPDATE SET docs = excluded.docs",
            [(term, self.counts[term]) for term in sorted(self.dirty)],
        )
        self.dirty.clear()
        if len(self.counts) > self.capacity:
            kept = heapq.nlargest(self.capacity // 2, self.counts.items(), key=lambda x: x[1])
            self.counts = dict(kept)
