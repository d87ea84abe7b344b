"""The record shards (`part-<run>-<n>.jsonl`): reading them, and rewriting one so that it
holds exactly what the index says it holds ("compaction")."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from flows.store.durable import atomic_write, fsync_dir
from flows.store.index import HELD

SHARD_GLOB = "part-*.jsonl"


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


def compact_dirty_shards(db: sqlite3.Connection, out_dir: Path) -> None:
    """Rewrite every shard the index marks dirty (a record replaced, deleted or relinked)."""
    dirty = [name for (name,) in db.execute("SELECT name FROM shards WHERE dirty = 1")]
    for name in dirty:
        _compact(db, out_dir, name)


def _compact(db: sqlite3.Connection, out_dir: Path, name: str) -> None:
    """Rewrite one shard so that it holds exactly what the index says it holds."""
    path = out_dir / name
    rows = db.execute(
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
        db.execute("UPDATE shards SET dirty = 0 WHERE name = ?", (name,))
    else:
        path.unlink(missing_ok=True)
        fsync_dir(out_dir)
        db.execute("DELETE FROM shards WHERE name = ?", (name,))
