"""`dechrome relink`: rebuild an output folder's cross-document links from its records.

The links state (`_dechrome/crossdoc.sqlite`) is derived data: every record carries the
text and fields the links are computed from. Relinking adds the records again, in the
order they were stored (shards by run, then line), to a new state, swaps it in, and
rewrites the records whose `near_duplicate_of` or `story_id` changed, as ingest does after
a merge. It is how a state written by another version of the links' storage is rebuilt
without cleaning the raw files again (`ingest --full`), or how new link settings are
applied. A record's order key takes the run of the shard that holds it (a file cleaned
again later counts from that later run).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from crossdoc import Doc, Linker
from crossdoc.linker import STATE_FILE
from flows.store import STATE_DIR, OutputStore, shard_run, stored_records

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
    with OutputStore(out_dir, out_dir / STATE_DIR, run_id="relink") as store:
        _remove_journal(rebuilt)
        rebuilt.unlink(missing_ok=True)
        records = 0
        with Linker(rebuilt) as linker:
            for shard, record in stored_records(out_dir):
                run = shard_run(shard)
                linker.add(Doc.of_stored(record, run))
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
