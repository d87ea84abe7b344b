"""The output folder: JSON Lines shards of records, rejection files, and an index.

Layout of `out_dir`:
- `part-<run>-<n>.jsonl`: records, one per line. A shard is written to a temp file and
  renamed when complete, so a crash never leaves a half-written line.
- `_dechrome/index.sqlite`: one row per raw file (hash, size, mtime, status, shard) and the
  committed shards. It is what makes runs incremental and resumable.
- `_dechrome/lock`: held (flock) for the length of a run: two runs on one output folder
  never interleave.

Rejections go to `rejected_dir/<id>.json`, one file each.

A shard file that the index does not list was renamed by a run that died before committing
it: it is removed at the next start and its files are cleaned again. Records that a later
run replaced, raw files that were deleted and duplicate links are reconciled at the end of
each run by rewriting only the affected shards ("compaction").
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cleaners import Article, Rejection
from cleaners.annotate import record_id

STATE_DIR = "_dechrome"
SHARD_GLOB = "part-*.jsonl"
# Rejections that say nothing about the content: such files are tried again by the next run.
TRANSIENT_REASONS = frozenset({"unreadable", "internal_error"})
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
FLUSH_ROWS = 1000  # index rows that need no shard are committed in groups of this size

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    source_path TEXT PRIMARY KEY,
    raw_sha256 TEXT, size INTEGER, mtime_ns INTEGER,
    status TEXT NOT NULL,            -- record | rejected | deleted
    reason TEXT, record_id TEXT, shard TEXT, content_hash TEXT, language TEXT,
    duplicate_of TEXT, seen_run TEXT, near_duplicate_of TEXT, story_id TEXT
);
CREATE INDEX IF NOT EXISTS files_hash ON files(content_hash);
CREATE TABLE IF NOT EXISTS shards (name TEXT PRIMARY KEY, dirty INTEGER NOT NULL DEFAULT 0);
"""


class StoreLocked(RuntimeError):  # noqa: N818 - reads better at the raise site
    """Another run holds the output folder."""


@dataclass(frozen=True)
class FileState:
    raw_sha256: str | None
    size: int
    mtime_ns: int
    status: str
    reason: str | None

    @property
    def settled(self) -> bool:
        """True if the file's result stands until its content changes (not worth a retry)."""
        return self.status == "record" or (
            self.status == "rejected" and self.reason not in TRANSIENT_REASONS
        )


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a part."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class OutputStore:
    """Single-writer access to an output folder; use as a context manager."""

    def __init__(
        self,
        out_dir: Path,
        rejected_dir: Path,
        run_id: str,
        shard_bytes: int = DEFAULT_SHARD_BYTES,
    ) -> None:
        self.out_dir = Path(out_dir)
        self.rejected_dir = Path(rejected_dir)
        self.run_id = run_id
        self.shard_bytes = shard_bytes
        self._lock_handle: IO[str] | None = None
        self._db: sqlite3.Connection | None = None
        self._shard: IO[bytes] | None = None
        self._shard_name = ""
        self._shard_count = 0
        self._pending: list[tuple] = []  # rows of records in the open shard
        self._staged: list[tuple] = []  # rows of rejections: committed without a shard
        self._seen: list[tuple] = []  # unchanged files this run saw
        self._before_commit: list[Callable[[], None]] = []

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> OutputStore:
        state = self.out_dir / STATE_DIR
        state.mkdir(parents=True, exist_ok=True)
        self.rejected_dir.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(state / "lock", "w")  # noqa: SIM115 - held for the run
        try:
            fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._lock_handle.close()
            raise StoreLocked(f"another ingest is running on {self.out_dir}") from exc
        self._db = sqlite3.connect(state / "index.sqlite", isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: consistent after any crash
        self._db.executescript(_SCHEMA)
        _add_missing_columns(self._db)
        self._recover()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._shard is not None:  # an aborted run: drop the unfinished shard
            self._shard.close()
            Path(self._shard.name).unlink(missing_ok=True)
        if self._db is not None:
            self._db.close()
        if self._lock_handle is not None:
            self._lock_handle.close()

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "use OutputStore as a context manager"
        return self._db

    def _recover(self) -> None:
        """Undo what a dead run left half done: temp files, shards it renamed but never
        committed, and shards holding records it replaced but did not compact yet."""
        committed = {name for (name,) in self.db.execute("SELECT name FROM shards")}
        for path in [*self.out_dir.glob(".*.tmp"), *self.rejected_dir.glob(".*.tmp")]:
            path.unlink()
        for path in self.out_dir.glob(SHARD_GLOB):
            if path.name not in committed:
                path.unlink()
        self._compact_dirty_shards()

    # -- reading ---------------------------------------------------------------------------
    def state_of(self, source_path: str) -> FileState | None:
        row = self.db.execute(
            "SELECT raw_sha256, size, mtime_ns, status, reason FROM files WHERE source_path = ?",
            (source_path,),
        ).fetchone()
        return FileState(*row) if row else None

    # -- writing ---------------------------------------------------------------------------
    def mark_seen(self, source_path: str, size: int, mtime_ns: int) -> None:
        """The raw file is there and unchanged: keep its result, remember this run saw it."""
        self._seen.append((self.run_id, size, mtime_ns, source_path))
        if len(self._seen) >= FLUSH_ROWS:
            self._flush()

    def add(self, result: Article | Rejection, size: int, mtime_ns: int) -> None:
        """Stage one result; it is committed with the shard it lands in."""
        if isinstance(result, Article):
            line = result.model_dump_json().encode("utf-8") + b"\n"
            shard = self._shard_for(len(line))
            shard.write(line)
            self._pending.append(
                (
                    result.source_path,
                    result.raw_sha256,
                    size,
                    mtime_ns,
                    "record",
                    None,
                    result.id,
                    self._shard_name,
                    result.content_hash,
                    result.language,
                    result.near_duplicate_of,
                    result.story_id,
                )
            )
        else:
            path = self._rejection_path(result.source_path)
            atomic_write(path, result.model_dump_json(indent=2).encode("utf-8"))
            self._staged.append(
                (
                    result.source_path,
                    result.raw_sha256,
                    size,
                    mtime_ns,
                    "rejected",
                    result.reason,
                    record_id(result.source_path),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
            if len(self._staged) >= FLUSH_ROWS:
                self._flush()

    def _shard_for(self, line_bytes: int) -> IO[bytes]:
        if self._shard is not None and self._shard.tell() + line_bytes > self.shard_bytes:
            self.commit()
        if self._shard is None:
            self._shard_count += 1
            self._shard_name = f"part-{self.run_id}-{self._shard_count:05d}.jsonl"
            self._shard = open(self.out_dir / f".{self._shard_name}.tmp", "wb")  # noqa: SIM115
        return self._shard

    def before_commit(self, callback: Callable[[], None]) -> None:
        """Call back before records become durable (to commit state they refer to first)."""
        self._before_commit.append(callback)

    def commit(self) -> None:
        """Make the open shard and every staged result durable, atomically."""
        for callback in self._before_commit:
            callback()
        if self._shard is not None:
            self._shard.flush()
            os.fsync(self._shard.fileno())
            self._shard.close()
            os.replace(self._shard.name, self.out_dir / self._shard_name)
            self._shard = None
        self._flush(self._shard_name, self._pending)
        for source_path, *_ in self._pending:  # a record replaces an older rejection
            self._rejection_path(source_path).unlink(missing_ok=True)
        self._pending.clear()
        self._shard_name = ""

    def _flush(self, shard: str = "", records: tuple | list = ()) -> None:
        """One transaction: a renamed shard with its records, staged rejections and seen
        marks. Records wait for their shard; the rest is flushed in groups as it comes."""
        if not (shard or records or self._staged or self._seen):
            return
        with _transaction(self.db):
            if shard:
                self.db.execute("INSERT OR IGNORE INTO shards(name) VALUES (?)", (shard,))
            for row in [*records, *self._staged]:
                self._upsert(row)
            self.db.executemany(
                "UPDATE files SET seen_run = ?, size = ?, mtime_ns = ? WHERE source_path = ?",
                self._seen,
            )
        self._staged.clear()
        self._seen.clear()

    def _upsert(self, row: tuple) -> None:
        source_path, shard = row[0], row[7]
        old = self.db.execute(
            "SELECT shard FROM files WHERE source_path = ?", (source_path,)
        ).fetchone()
        if old and old[0] and old[0] != shard:  # the old record is now stale in its shard
            self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (old[0],))
        self.db.execute(
            "INSERT OR REPLACE INTO files(source_path, raw_sha256, size, mtime_ns, status,"
            " reason, record_id, shard, content_hash, language, near_duplicate_of, story_id,"
            " duplicate_of, seen_run) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,NULL,?)",
            (*row, self.run_id),
        )

    def _rejection_path(self, source_path: str) -> Path:
        return self.rejected_dir / f"{record_id(source_path)}.json"

    # -- end of run ------------------------------------------------------------------------
    def finish(self, links_db: Path | None = None) -> int:
        """Commit, mark deleted the raw files this run did not see (it walked the whole raw
        folder), link duplicates, take the cross-document links from `links_db` (a SQLite
        file with a view `links(id, near_duplicate_of, story_id)`) and compact the shards
        that changed. Returns files marked deleted."""
        self.commit()
        deleted = self._mark_deleted()
        self._link_duplicates()
        if links_db is not None:
            self._take_links(links_db)
        self._compact_dirty_shards()
        return deleted

    def _mark_deleted(self) -> int:
        gone = self.db.execute(
            "SELECT source_path, status, shard FROM files"
            " WHERE (seen_run IS NULL OR seen_run != ?) AND status != 'deleted'",
            (self.run_id,),
        ).fetchall()
        with _transaction(self.db):
            for source_path, status, shard in gone:
                if status == "record":
                    self.db.execute(
                        "UPDATE files SET status = 'deleted' WHERE source_path = ?", (source_path,)
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
                else:
                    self.db.execute("DELETE FROM files WHERE source_path = ?", (source_path,))
        for source_path, status, _ in gone:
            if status == "rejected":
                self._rejection_path(source_path).unlink(missing_ok=True)
        return sum(1 for _, status, _ in gone if status == "record")

    def _link_duplicates(self) -> None:
        """duplicate_of = id of the record with the same text and the smallest source_path."""
        rows = self.db.execute(
            "SELECT source_path, record_id, content_hash, duplicate_of, shard FROM files"
            " WHERE status = 'record' AND (duplicate_of IS NOT NULL OR content_hash IN ("
            "  SELECT content_hash FROM files WHERE status = 'record'"
            "  GROUP BY content_hash HAVING COUNT(*) > 1))"
            " ORDER BY content_hash, source_path"
        ).fetchall()
        canonical = {h: rid for (_, rid, h, *_) in reversed(rows)}  # earliest path wins
        with _transaction(self.db):
            for source_path, rid, content_hash, current, shard in rows:
                wanted = None if canonical[content_hash] == rid else canonical[content_hash]
                if wanted != current:
                    self.db.execute(
                        "UPDATE files SET duplicate_of = ? WHERE source_path = ?",
                        (wanted, source_path),
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))

    def _take_links(self, links_db: Path) -> None:
        """Records whose near-duplicate or story link changed (a group or story merged into
        an older one) get the new links; their shards are rewritten by compaction."""
        self.db.execute("ATTACH DATABASE ? AS crossdoc", (str(links_db),))
        try:
            changed = self.db.execute(
                "SELECT f.source_path, f.shard, l.near_duplicate_of, l.story_id"
                " FROM files f JOIN crossdoc.links l ON l.id = f.record_id"
                " WHERE f.status IN ('record', 'deleted') AND (f.near_duplicate_of IS NOT"
                " l.near_duplicate_of OR f.story_id IS NOT l.story_id)"
            ).fetchall()
            with _transaction(self.db):
                for source_path, shard, near_duplicate_of, story_id in changed:
                    self.db.execute(
                        "UPDATE files SET near_duplicate_of = ?, story_id = ?"
                        " WHERE source_path = ?",
                        (near_duplicate_of, story_id, source_path),
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
        finally:
            self.db.execute("DETACH DATABASE crossdoc")

    def _compact_dirty_shards(self) -> None:
        dirty = [name for (name,) in self.db.execute("SELECT name FROM shards WHERE dirty = 1")]
        for name in dirty:
            self._compact(name)

    def _compact(self, name: str) -> None:
        """Rewrite one shard so that it holds exactly what the index says it holds."""
        path = self.out_dir / name
        live = {
            source_path: (status, duplicate_of, near_duplicate_of, story_id)
            for source_path, status, duplicate_of, near_duplicate_of, story_id in self.db.execute(
                "SELECT source_path, status, duplicate_of, near_duplicate_of, story_id FROM files"
                " WHERE shard = ? AND status IN ('record', 'deleted')",
                (name,),
            )
        }
        kept = []
        for line in path.read_bytes().splitlines() if path.exists() else []:
            record = json.loads(line)
            if record["source_path"] not in live:
                continue
            status, duplicate_of, near_duplicate_of, story_id = live[record["source_path"]]
            record["source_deleted"] = status == "deleted"
            record["duplicate_of"] = duplicate_of
            record["near_duplicate_of"] = near_duplicate_of
            record["story_id"] = story_id
            kept.append(json.dumps(record, ensure_ascii=False))
        if kept:
            atomic_write(path, ("\n".join(kept) + "\n").encode("utf-8"))
            self.db.execute("UPDATE shards SET dirty = 0 WHERE name = ?", (name,))
        else:
            path.unlink(missing_ok=True)
            self.db.execute("DELETE FROM shards WHERE name = ?", (name,))

    # -- summaries -------------------------------------------------------------------------
    def totals(self) -> dict[str, object]:
        """Counts over the whole output folder (not only this run)."""
        count = dict(self.db.execute("SELECT status, COUNT(*) FROM files GROUP BY status"))
        return {
            "records": count.get("record", 0),
            "deleted": count.get("deleted", 0),
            "rejected": count.get("rejected", 0),
            "duplicates": self.db.execute(
                "SELECT COUNT(*) FROM files WHERE status='record' AND duplicate_of IS NOT NULL"
            ).fetchone()[0],
            "languages": dict(
                self.db.execute(
                    "SELECT COALESCE(language, 'unknown'), COUNT(*) FROM files"
                    " WHERE status = 'record' GROUP BY 1 ORDER BY 2 DESC"
                )
            ),
            "rejections": dict(
                self.db.execute(
                    "SELECT reason, COUNT(*) FROM files WHERE status = 'rejected'"
                    " GROUP BY reason ORDER BY 2 DESC"
                )
            ),
        }


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """An index made before the cross-document links gets their columns."""
    have = {row[1] for row in db.execute("PRAGMA table_info(files)")}
    for column in ("near_duplicate_of", "story_id"):
        if column not in have:
            db.execute(f"ALTER TABLE files ADD COLUMN {column} TEXT")


class _transaction:  # noqa: N801 - used like a function: `with _transaction(db):`
    """BEGIN … COMMIT on an autocommit connection; ROLLBACK on error."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")


def read_records(out_dir: Path) -> Iterator[dict]:
    """Every record in an output folder's committed shards, in file order."""
    for path in sorted(Path(out_dir).glob(SHARD_GLOB)):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
