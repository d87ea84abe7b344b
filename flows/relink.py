"""`dechrome relink`: rebuild an output folder's cross-document links from its records.

The links state (`_dechrome/crossdoc.sqlite`) is derived data: every record carries the
text and fields the links are computed from. Relinking adds the records again (in the
order below) to a new state, swaps it in, and rewrites the records whose
`near_duplicate_of` or `story_id` changed, as ingest does after a merge. It is how a state
written by another version of the links' storage is rebuilt without cleaning the raw files
again (`ingest --full`), or how new link settings are applied. The records are added in
the order the links state had them, each with the run that first linked it (the index
keeps both since the end of the last run: a file cleaned again later, say by `ingest
--full`, keeps its place); a record the index has no place for comes after them, in the
order it was stored, with its shard's run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from crossdoc import Doc, Linker
from crossdoc.linker import STATE_FILE
from flows.store import HELD, STATE_DIR, OutputStore, shard_lines, shard_run, writing

COMMIT_EVERY = 1000  # documents per links transaction


@dataclass(frozen=True)
class RelinkSummary:
    records: int
    changed: int  # records whose near_duplicate_of or story_id changed
    counts: dict[str, int]  # near-duplicate groups, stories, largest story


def relink(out_dir: Path) -> RelinkSummary:
    """Rebuild the links state of out_dir from its records and update the records whose
    links changed. Holds the output folder's lock, so no ingest runs meanwhile."""
    out_dir = Path(out_dir)
    state = out_dir / STATE_DIR / STATE_FILE
    rebuilt = state.with_name(STATE_FILE + ".rebuild")
    # the store's lock keeps ingest out; relink writes no rejection (none go to STATE_DIR)
    with (
        OutputStore(out_dir, out_dir / STATE_DIR, run_id="relink") as store,
        writing(out_dir),  # a full disk or a read-only folder: OutputError, the old state stays
    ):
        _remove_journal(rebuilt)
        rebuilt.unlink(missing_ok=True)
        records = 0
        with Linker(rebuilt) as linker:
            for doc in _in_linked_order(store, out_dir):
                linker.add(doc)
                records += 1
                if records % COMMIT_EVERY == 0:
                    linker.commit()
            counts = linker.counts()
        _remove_journal(state)  # a journal left beside the new file would be applied to it
        os.replace(rebuilt, state)
        changed = store.take_links(state)
    return RelinkSummary(records, changed, counts)


def _remove_journal(database: Path) -> None:
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)


def _in_linked_order(store: OutputStore, out_dir: Path) -> Iterator[Doc]:
    """The stored records as documents, in the order the links state had them (the index's
    `link_num`), with the run that first linked them; the others after, as stored."""
    db = store.db
    db.execute("CREATE TEMP TABLE IF NOT EXISTS stored (record_id TEXT, shard TEXT, at INTEGER)")
    db.execute("DELETE FROM temp.stored")
    db.executemany(  # where each record's line starts
        "INSERT INTO temp.stored VALUES (?, ?, ?)",
        ((json.loads(line)["id"], shard, at) for shard, _, at, line in shard_lines(out_dir)),
    )
    rows = db.execute(
        "SELECT s.shard, s.at, f.link_run FROM temp.stored s LEFT JOIN files f"
        f" ON f.record_id = s.record_id AND f.status IN {HELD}"
        " ORDER BY f.link_num IS NULL, f.link_num, s.rowid"
    )
    with ExitStack() as shards:
        opened: dict[str, BinaryIO] = {}
        for shard, at, run in rows:
            if shard not in opened:
                opened[shard] = shards.enter_context(open(out_dir / shard, "rb"))
            handle = opened[shard]
            handle.seek(at)
            yield Doc.of_stored(json.loads(handle.readline()), run or shard_run(shard))
