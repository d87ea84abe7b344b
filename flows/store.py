"""The output folder: JSON Lines shards of records, rejection files, and an index.

Layout of `out_dir`:
- `part-<run>-<n>.jsonl`: records, one per line. A shard is written to a temp file and
  renamed when complete, so a crash never leaves a half-written line.
- `_dechrome/index.sqlite`: one row per raw file, or per member of an archive or JSON Lines
  file (hash, size, mtime, status, shard), a `container` row per such file once all its
  members are stored, and the committed shards. It makes runs incremental and resumable.
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
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cleaners import Article, Rejection
from cleaners.annotate import record_id
from cleaners.fingerprint import cleaning_fingerprint
from crossdoc.neardup import EARLIEST_FIRST
from crossdoc.state import connect
from flows.discover import RawFile

STATE_DIR = "_dechrome"
# the statuses of rows whose record is in the shards (a deleted file's record is kept)
HELD = "('record', 'deleted')"
INDEX_FILE = "index.sqlite"  # in STATE_DIR: one row per raw file or member
SHARD_GLOB = "part-*.jsonl"
# Rejections that say nothing about the content: such files are tried again by the next run.
TRANSIENT_REASONS = frozenset({"unreadable", "internal_error"})
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
FLUSH_ROWS = 1000  # index rows that need no shard are committed in groups of this size

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


class StoreLocked(RuntimeError):  # noqa: N818 - reads better at the raise site
    """Another run holds the output folder."""


@dataclass(frozen=True)
class FileState:
    raw_sha256: str | None
    size: int
    mtime_ns: int
    status: str
    reason: str | None
    cleaned_by: str | None = None  # fingerprint of the cleaning code that made the row

    @property
    def settled(self) -> bool:
        """True if the file's result stands until its content changes (not worth a retry).
        A container is settled once all its members are stored, none of them transiently
        rejected."""
        if self.status == "container":
            return self.reason is None
        return self.status == "record" or (
            self.status == "rejected" and self.reason not in TRANSIENT_REASONS
        )


class OutputError(RuntimeError):
    """The output folder cannot be written (disk full, read-only...): the run stops; what
    was committed stays consistent and the next run completes the rest."""


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """OS and SQLite write errors become one OutputError naming the folder and the cause."""
    try:
        yield
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror or exc}") from exc
    except sqlite3.OperationalError as exc:
        raise OutputError(f"cannot write the index in {folder}: {exc}") from exc


def _write(handle: IO[bytes], data: bytes) -> None:
    """Every byte of the output goes through here (tests simulate a full disk here)."""
    handle.write(data)


def fsync_dir(folder: Path) -> None:
    """Make renames and deletions in folder durable (a rename is an entry of the folder)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path so that readers see the old file or the new one, never a part."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as handle:
            _write(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


class OutputStore:
    """Single-writer access to an output folder; use as a context manager."""

    def __init__(
        self,
        out_dir: Path,
        rejected_dir: Path,
        run_id: str,
        shard_bytes: int = DEFAULT_SHARD_BYTES,
        links_db: Path | None = None,
        cleaned_by: str | None = None,
    ) -> None:
        """links_db: the links state the records' links come from (see `finish`); given, a
        start that compacts records away renames the groups and stories they named first.
        cleaned_by: the cleaning code's fingerprint stored with each row (this code's if
        None)."""
        self.out_dir = Path(out_dir)
        self.links_db = links_db
        self.rejected_dir = Path(rejected_dir)
        self.run_id = run_id
        self.shard_bytes = shard_bytes
        self.cleaned_by = cleaned_by or cleaning_fingerprint()  # stored with each row
        self._lock_handle: IO[str] | None = None
        self._db: sqlite3.Connection | None = None
        self._shard: IO[bytes] | None = None
        self._shard_name = ""
        self._shard_count = 0
        self._pending: list[tuple] = []  # rows of records in the open shard
        self._staged: list[tuple] = []  # rows of rejections: committed without a shard
        self._seen: list[tuple] = []  # unchanged files this run saw
        self._retry: set[str] = set()  # containers with a member to try again next run
        self._before_commit: list[Callable[[], None]] = []

    # -- lifecycle -------------------------------------------------------------------------
    def __enter__(self) -> OutputStore:
        try:
            with writing(self.out_dir):
                return self._open()
        except BaseException:  # refused or failed while opening: release the lock now
            self.__exit__()
            raise

    def _open(self) -> OutputStore:
        state = self.out_dir / STATE_DIR
        state.mkdir(parents=True, exist_ok=True)
        self.rejected_dir.mkdir(parents=True, exist_ok=True)
        self._lock_handle = open(state / "lock", "w")  # noqa: SIM115 - held for the run
        try:
            fcntl.flock(self._lock_handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            self._lock_handle.close()
            raise StoreLocked(f"another ingest is running on {self.out_dir}") from exc
        self._db = sqlite3.connect(state / INDEX_FILE, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: consistent after any crash
        self._migrate()
        self._db.executescript(_SCHEMA)
        _add_missing_columns(self._db)
        self._recover()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._shard is not None:  # an aborted run: drop the unfinished shard
            with suppress(OSError):  # a full disk can fail the close; read-only the unlink
                self._shard.close()
            with suppress(OSError):
                Path(self._shard.name).unlink(missing_ok=True)
        if self._db is not None:
            self._db.close()
        if self._lock_handle is not None:
            self._lock_handle.close()

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "use OutputStore as a context manager"
        return self._db

    def _migrate(self) -> None:
        """Re-key an index of schema 1.0.0 (one row per file) by (source_path, source_member)."""
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(files)")}
        if columns and "source_member" not in columns:
            self.db.executescript(_MIGRATE_V1 + _SCHEMA + _COPY_V1)

    def _recover(self) -> None:
        """Undo what a dead run left half done: temp files, shards it renamed but never
        committed, and shards holding records it replaced but did not compact yet."""
        committed = {name for (name,) in self.db.execute("SELECT name FROM shards")}
        for path in [*self.out_dir.glob(".*.tmp"), *self.rejected_dir.glob(".*.tmp")]:
            path.unlink()
        for path in self.out_dir.glob(SHARD_GLOB):
            if path.name not in committed:
                path.unlink()
        self._remove_stale_rejections()
        dirty = self.db.execute("SELECT 1 FROM shards WHERE dirty = 1").fetchone()
        if dirty and self.links_db is not None and Path(self.links_db).is_file():
            # compaction drops records a stopped run replaced: one may have named a story
            connect(self.links_db, read_only=True).close()  # another version: refused
            self._take_links(Path(self.links_db))
        self._compact_dirty_shards()

    # -- reading ---------------------------------------------------------------------------
    def state_of(self, source_path: str) -> FileState | None:
        """State of a plain file's row or a container's own row."""
        row = self.db.execute(
            "SELECT raw_sha256, size, mtime_ns, status, reason, cleaned_by FROM files"
            " WHERE source_path = ? AND source_member = ''",
            (source_path,),
        ).fetchone()
        return FileState(*row) if row else None

    def sources_of_members(self, members: Iterable[str]) -> set[str]:
        """source_paths holding a record for any of these members (WARC record ids...)."""
        names, found = list(members), set()
        for start in range(0, len(names), 500):
            chunk = names[start : start + 500]
            rows = self.db.execute(
                "SELECT DISTINCT source_path FROM files WHERE status = 'record'"
                f" AND source_member IN ({', '.join('?' * len(chunk))})",
                chunk,
            )
            found.update(source_path for (source_path,) in rows)
        return found

    # -- writing ---------------------------------------------------------------------------
    def mark_seen(self, source_path: str, size: int, mtime_ns: int) -> None:
        """The raw file is there and unchanged: keep its results (all its members'),
        remember this run saw it."""
        self._seen.append((self.run_id, size, mtime_ns, source_path))
        if len(self._seen) >= FLUSH_ROWS:
            with writing(self.out_dir):
                self._flush()

    def add(self, result: Article | Rejection, size: int, mtime_ns: int, order: int = 0) -> None:
        """Stage one result (order: the member's position in its container); it is committed
        with the shard it lands in."""
        with writing(self.out_dir if isinstance(result, Article) else self.rejected_dir):
            self._add(result, size, mtime_ns, order)

    def _add(self, result: Article | Rejection, size: int, mtime_ns: int, order: int) -> None:
        key = (result.source_path, result.source_member or "", order)
        if isinstance(result, Article):
            line = result.model_dump_json().encode("utf-8") + b"\n"
            shard = self._shard_for(len(line))
            _write(shard, line)
            self._pending.append(
                (
                    *key,
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
            if result.source_member and result.reason in TRANSIENT_REASONS:
                self._retry.add(result.source_path)
            if result.reason in TRANSIENT_REASONS and self._holds_record(key[0], key[1]):
                return  # unreadable now says nothing of its content: its record stays (if
                # the run does not see it, it is marked deleted) and the next run tries it
            path = self._rejection_path(result.source_path, result.source_member or "")
            atomic_write(path, result.model_dump_json(indent=2).encode("utf-8"))
            self._staged.append(
                (
                    *key,
                    result.raw_sha256,
                    size,
                    mtime_ns,
                    "rejected",
                    result.reason,
                    record_id(result.source_path, result.source_member),
                    None,
                    None,
                    None,
                    None,
                    None,
                )
            )
            if len(self._staged) >= FLUSH_ROWS:
                self._flush()

    def _holds_record(self, source_path: str, member: str) -> bool:
        return (
            self.db.execute(
                "SELECT 1 FROM files WHERE source_path = ? AND source_member = ?"
                f" AND status IN {HELD}",
                (source_path, member),
            ).fetchone()
            is not None
        )

    def add_container(self, raw_file: RawFile, raw_sha256: str | None) -> None:
        """All members of a container are staged: its own row goes with the last of them (a
        run that dies before has the container done again)."""
        path = raw_file.source_path
        reason = "retry" if path in self._retry else None
        self._pending.append(
            (path, "", 0, raw_sha256, raw_file.size, raw_file.mtime_ns, "container", reason)
            + (None,) * 6
        )

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
        with writing(self.out_dir):
            self._commit()

    def _commit(self) -> None:
        if self._shard is not None:
            self._shard.flush()
            os.fsync(self._shard.fileno())
            self._shard.close()
            os.replace(self._shard.name, self.out_dir / self._shard_name)
            self._shard = None
            fsync_dir(self.out_dir)  # the rename is durable before the index lists the shard
        self._flush(self._shard_name, self._pending)
        for source_path, member, *_ in self._pending:  # a record replaces an older rejection
            self._rejection_path(source_path, member).unlink(missing_ok=True)
        self.db.execute("DELETE FROM stale_rejections")
        self._pending.clear()
        self._shard_name = ""

    def _remove_stale_rejections(self) -> None:
        """Remove the rejection files a dead run committed the removal of."""
        for (path,) in self.db.execute("SELECT path FROM stale_rejections").fetchall():
            Path(path).unlink(missing_ok=True)  # absolute: relink opens the store elsewhere
        self.db.execute("DELETE FROM stale_rejections")

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
        source_path, member, status, shard = row[0], row[1], row[6], row[9]
        old = self.db.execute(
            "SELECT shard, status FROM files WHERE source_path = ? AND source_member = ?",
            (source_path, member),
        ).fetchone()
        if old and old[0] and old[0] != shard:  # the old record is now stale in its shard
            self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (old[0],))
        if old and old[1] == "rejected" and status != "rejected":
            self._stale_rejection(source_path, member)
        self.db.execute(
            "INSERT OR REPLACE INTO files(source_path, source_member, member_order, raw_sha256,"
            " size, mtime_ns, status, reason, record_id, shard, content_hash, language,"
            " near_duplicate_of, story_id,"
            " duplicate_of, seen_run, cleaned_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?)",
            (*row, self.run_id, self.cleaned_by),
        )

    def _rejection_path(self, source_path: str, member: str = "") -> Path:
        return self.rejected_dir / f"{record_id(source_path, member or None)}.json"

    def _stale_rejection(self, source_path: str, member: str) -> None:
        """In a transaction: the rejection file of this row is to go (`stale_rejections`)."""
        path = self._rejection_path(source_path, member).absolute()
        self.db.execute("INSERT OR IGNORE INTO stale_rejections VALUES (?)", (str(path),))

    # -- end of run ------------------------------------------------------------------------
    def finish(self, links_db: Path | None = None) -> int:
        """Commit, mark deleted the raw files this run did not see (it walked the whole raw
        folder), link duplicates, take the cross-document links from `links_db` (a SQLite
        file with a view `links(id, near_duplicate_of, story_id)`) and compact the shards
        that changed. Returns files marked deleted."""
        self.commit()
        with writing(self.out_dir):
            deleted = self._mark_deleted()
            self._link_duplicates()
            if links_db is not None:
                self._take_links(links_db)
            self._compact_dirty_shards()
        return deleted

    def _mark_deleted(self) -> int:
        gone = self.db.execute(
            "SELECT source_path, source_member, status, shard FROM files"
            " WHERE (seen_run IS NULL OR seen_run != ?) AND status != 'deleted'",
            (self.run_id,),
        ).fetchall()
        with _transaction(self.db):
            for source_path, member, status, shard in gone:
                key = (source_path, member)
                if status == "record":
                    self.db.execute(
                        "UPDATE files SET status = 'deleted'"
                        " WHERE source_path = ? AND source_member = ?",
                        key,
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
                else:
                    self.db.execute(
                        "DELETE FROM files WHERE source_path = ? AND source_member = ?", key
                    )
                    if status == "rejected":
                        self._stale_rejection(source_path, member)
        self._remove_stale_rejections()
        return sum(1 for *_, status, _ in gone if status == "record")

    def _link_duplicates(self) -> None:
        """duplicate_of = id of the record with the same text and the smallest source_path
        (in a container: the earliest member); a deleted file's record too names that one
        (or none), never a record that is gone."""
        kept = f"status IN {HELD}"
        rows = self.db.execute(
            "SELECT source_path, source_member, record_id, content_hash, duplicate_of, shard,"
            f" status FROM files WHERE {kept} AND (duplicate_of IS NOT NULL OR content_hash IN ("
            f"  SELECT content_hash FROM files WHERE {kept}"
            "  GROUP BY content_hash HAVING COUNT(*) > 1))"
            " ORDER BY content_hash, source_path, member_order, source_member"
        ).fetchall()
        canonical = {  # earliest path wins
            h: rid for (_, _, rid, h, *_, status) in reversed(rows) if status == "record"
        }
        with _transaction(self.db):
            for source_path, member, rid, content_hash, current, shard, _ in rows:
                wanted = canonical.get(content_hash)
                wanted = None if wanted == rid else wanted
                if wanted != current:
                    self.db.execute(
                        "UPDATE files SET duplicate_of = ?"
                        " WHERE source_path = ? AND source_member = ?",
                        (wanted, source_path, member),
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))

    def take_links(self, links_db: Path) -> int:
        """Give the records the links of links_db now (`dechrome relink`) and rewrite their
        shards; returns the records whose links changed."""
        with writing(self.out_dir):
            changed = self._take_links(links_db)
            self._compact_dirty_shards()
        return changed

    def _take_links(self, links_db: Path) -> int:
        """Records whose near-duplicate or story link changed (a group or story merged into
        an older one) get the new links; their shards are rewritten by compaction."""
        self.db.execute("ATTACH DATABASE ? AS crossdoc", (str(links_db),))
        try:
            self._reroot_gone()
            changed = self.db.execute(
                "WITH l AS (SELECT x.id,"
                " NULLIF(COALESCE(rn.root, x.near_duplicate_of), x.id) AS near_duplicate_of,"
                " COALESCE(rs.root, x.story_id) AS story_id FROM crossdoc.links x"
                " LEFT JOIN temp.rerooted rn ON rn.kind = 'near' AND rn.gone = x.near_duplicate_of"
                " LEFT JOIN temp.rerooted rs ON rs.kind = 'story' AND rs.gone = x.story_id)"
                " SELECT f.record_id, f.shard, l.near_duplicate_of, l.story_id"
                " FROM files f JOIN l ON l.id = f.record_id"
                f" WHERE f.status IN {HELD} AND (f.near_duplicate_of IS NOT"
                " l.near_duplicate_of OR f.story_id IS NOT l.story_id)"
            ).fetchall()
            with _transaction(self.db):
                for rid, shard, near_duplicate_of, story_id in changed:
                    self.db.execute(
                        "UPDATE files SET near_duplicate_of = ?, story_id = ? WHERE record_id = ?",
                        (near_duplicate_of, story_id, rid),
                    )
                    self.db.execute("UPDATE shards SET dirty = 1 WHERE name = ?", (shard,))
                self.db.execute(  # where the state has each record (relink's order)
                    "UPDATE files SET link_run = d.run, link_num = d.num FROM crossdoc.docs d"
                    f" WHERE d.id = files.record_id AND files.status IN {HELD}"
                    " AND (files.link_num IS NOT d.num OR files.link_run IS NOT d.run)"
                )
        finally:
            self.db.execute("DROP TABLE IF EXISTS temp.rerooted")
            self.db.execute("DETACH DATABASE crossdoc")
        return len(changed)

    def _reroot_gone(self) -> None:
        """temp.rerooted(kind, gone, root): a near-duplicate group or story whose first
        record is gone (its file now holds no article) is named by its earliest record left,
        so that every link names a record (`dechrome check`); the links state keeps its ids."""
        self.db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS rerooted (kind TEXT, gone TEXT, root TEXT,"
            " PRIMARY KEY (kind, gone))"
        )
        self.db.execute("DELETE FROM temp.rerooted")
        kept = "SELECT 1 FROM files k WHERE k.record_id = {} AND k.status IN " + HELD
        for kind, root_of, linked, earliest in (  # the docs_near_root index's rows
            ("near", "near_root", "near_root != id", EARLIEST_FIRST),
            ("story", "story", "story IS NOT NULL", "num"),  # a story's first to arrive
        ):
            gone = self.db.execute(  # each group's or story's id once (an index), not each doc's
                f"SELECT target FROM (SELECT DISTINCT {root_of} AS target FROM crossdoc.docs"
                f" WHERE {linked}) WHERE NOT EXISTS ({kept.format('target')})"
            ).fetchall()
            for (target,) in gone:
                (root,) = self.db.execute(
                    f"SELECT (SELECT id FROM crossdoc.docs d WHERE {root_of} = ? AND {linked}"
                    f" AND EXISTS ({kept.format('d.id')}) ORDER BY {earliest} LIMIT 1)",
                    (target,),
                ).fetchone()
                self.db.execute("INSERT INTO temp.rerooted VALUES (?, ?, ?)", (kind, target, root))

    def _compact_dirty_shards(self) -> None:
        dirty = [name for (name,) in self.db.execute("SELECT name FROM shards WHERE dirty = 1")]
        for name in dirty:
            self._compact(name)

    def _compact(self, name: str) -> None:
        """Rewrite one shard so that it holds exactly what the index says it holds."""
        path = self.out_dir / name
        rows = self.db.execute(
            "SELECT source_path, source_member, status, duplicate_of, near_duplicate_of,"
            f" story_id FROM files WHERE shard = ? AND status IN {HELD}",
            (name,),
        )
        live = {(source, member or None): links for source, member, *links in rows}
        kept = []
        for line in path.read_bytes().splitlines() if path.exists() else []:
            record = json.loads(line)
            key = (record["source_path"], record.get("source_member"))
            if key not in live:
                continue
            status, duplicate_of, near_duplicate_of, story_id = live[key]
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
            fsync_dir(self.out_dir)
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
        } | self._link_totals()

    def _link_totals(self) -> dict[str, int]:
        """Near-duplicate groups (of two or more records), stories and the largest story's
        size, over the records as the last run's end linked them (the links state counts
        also the documents whose record is gone since)."""
        kept = f"status IN {HELD}"
        (groups,) = self.db.execute(
            f"SELECT COUNT(DISTINCT near_duplicate_of) FROM files WHERE {kept}"
        ).fetchone()
        stories, largest = self.db.execute(
            f"SELECT COUNT(*), COALESCE(MAX(size), 0) FROM (SELECT COUNT(*) AS size FROM files"
            f" WHERE {kept} AND story_id IS NOT NULL GROUP BY story_id)"
        ).fetchone()
        return {"near_duplicate_groups": groups, "stories": stories, "largest_story": largest}


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


def _add_missing_columns(db: sqlite3.Connection) -> None:
    """An index made before some columns existed gets them (empty)."""
    have = {row[1] for row in db.execute("PRAGMA table_info(files)")}
    for column, kind in _ADDED_COLUMNS.items():
        if column not in have:
            db.execute(f"ALTER TABLE files ADD COLUMN {column} {kind}")


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
    return (json.loads(line) for *_, line in shard_lines(out_dir))


def shard_lines(out_dir: Path) -> Iterator[tuple[str, int, int, bytes]]:
    """(shard name, line number, byte offset, line) of every record line in the committed
    shards, in the order they were stored (shards sort by run, then number)."""
    for path in sorted(Path(out_dir).glob(SHARD_GLOB)):
        with open(path, "rb") as handle:
            at = 0
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield path.name, number, at, line
                at += len(line)


def shard_run(shard: str) -> str:
    """The run that wrote a shard (`part-<run>-<n>.jsonl`)."""
    return shard.removeprefix("part-").rsplit("-", 1)[0]
