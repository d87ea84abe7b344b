"""Single-writer access to an output folder (see `flows.store` for its layout): results
are staged as they come, committed with the shard their records land in, and reconciled at
the end of the run."""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from cleaners import Article, Rejection
from cleaners.annotate import record_id
from cleaners.fingerprint import cleaning_fingerprint
from crossdoc.state import connect
from flows.discover import RawFile
from flows.store import durable, reconcile
from flows.store.durable import atomic_write, fsync_dir, writing
from flows.store.index import (
    HELD,
    mark_stale,
    open_index,
    rejection_path,
    remove_stale_rejections,
    transaction,
)
from flows.store.shards import SHARD_GLOB, compact_dirty_shards
from flows.store.totals import totals

STATE_DIR = "_dechrome"
INDEX_FILE = "index.sqlite"  # in STATE_DIR: one row per raw file or member
# Rejections that say nothing about the content: such files are tried again by the next run.
TRANSIENT_REASONS = frozenset({"unreadable", "internal_error"})
DEFAULT_SHARD_BYTES = 64 * 1024 * 1024
FLUSH_ROWS = 1000  # index rows that need no shard are committed in groups of this size


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
        self._db = open_index(state / INDEX_FILE)
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

    def _recover(self) -> None:
        """Undo what a dead run left half done: temp files, shards it renamed but never
        committed, and shards holding records it replaced but did not compact yet."""
        committed = {name for (name,) in self.db.execute("SELECT name FROM shards")}
        for path in [*self.out_dir.glob(".*.tmp"), *self.rejected_dir.glob(".*.tmp")]:
            path.unlink()
        for path in self.out_dir.glob(SHARD_GLOB):
            if path.name not in committed:
                path.unlink()
        remove_stale_rejections(self.db)
        dirty = self.db.execute("SELECT 1 FROM shards WHERE dirty = 1").fetchone()
        if dirty and self.links_db is not None and Path(self.links_db).is_file():
            # compaction drops records a stopped run replaced: one may have named a story
            connect(self.links_db, read_only=True).close()  # another version: refused
            reconcile.take_links(self.db, Path(self.links_db))
        compact_dirty_shards(self.db, self.out_dir)

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
            durable.write_bytes(shard, line)
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
            path = self._rejection_file(result.source_path, result.source_member or "")
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
            self._rejection_file(source_path, member).unlink(missing_ok=True)
        self.db.execute("DELETE FROM stale_rejections")
        self._pending.clear()
        self._shard_name = ""

    def _flush(self, shard: str = "", records: tuple | list = ()) -> None:
        """One transaction: a renamed shard with its records, staged rejections and seen
        marks. Records wait for their shard; the rest is flushed in groups as it comes."""
        if not (shard or records or self._staged or self._seen):
            return
        with transaction(self.db):
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
            mark_stale(self.db, self._rejection_file(source_path, member))
        self.db.execute(
            "INSERT OR REPLACE INTO files(source_path, source_member, member_order, raw_sha256,"
            " size, mtime_ns, status, reason, record_id, shard, content_hash, language,"
            " near_duplicate_of, story_id,"
            " duplicate_of, seen_run, cleaned_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?)",
            (*row, self.run_id, self.cleaned_by),
        )

    def _rejection_file(self, source_path: str, member: str = "") -> Path:
        return rejection_path(self.rejected_dir, source_path, member)

    # -- end of run ------------------------------------------------------------------------
    def finish(self, links_db: Path | None = None) -> int:
        """Commit, mark deleted the raw files this run did not see (it walked the whole raw
        folder), link duplicates, take the cross-document links from `links_db` (a SQLite
        file with a view `links(id, near_duplicate_of, story_id)`) and compact the shards
        that changed. Returns files marked deleted."""
        self.commit()
        with writing(self.out_dir):
            deleted = reconcile.mark_deleted(self.db, self.run_id, self.rejected_dir)
            reconcile.link_duplicates(self.db)
            if links_db is not None:
                reconcile.take_links(self.db, links_db)
            compact_dirty_shards(self.db, self.out_dir)
        return deleted

    def take_links(self, links_db: Path) -> int:
        """Give the records the links of links_db now (`dechrome relink`) and rewrite their
        shards; returns the records whose links changed."""
        with writing(self.out_dir):
            changed = reconcile.take_links(self.db, links_db)
            compact_dirty_shards(self.db, self.out_dir)
        return changed

    # -- summaries -------------------------------------------------------------------------
    def totals(self) -> dict[str, object]:
        """Counts over the whole output folder (not only this run)."""
        return totals(self.db)
