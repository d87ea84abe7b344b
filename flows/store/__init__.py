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

Modules: `output` (the store a run writes through), `index` (the index's schema),
`durable` (atomic writes), `shards` (reading and compacting shards), `reconcile` (the end
of a run), `totals` (the report's counts).
"""

from flows.store.durable import OutputError, writing
from flows.store.index import HELD
from flows.store.output import (
    DEFAULT_SHARD_BYTES,
    INDEX_FILE,
    STATE_DIR,
    TRANSIENT_REASONS,
    FileState,
    OutputStore,
    StoreLocked,
)
from flows.store.shards import SHARD_GLOB, read_records, shard_lines, shard_run

__all__ = [
    "DEFAULT_SHARD_BYTES",
    "HELD",
    "INDEX_FILE",
    "SHARD_GLOB",
    "STATE_DIR",
    "TRANSIENT_REASONS",
    "FileState",
    "OutputError",
    "OutputStore",
    "StoreLocked",
    "read_records",
    "shard_lines",
    "shard_run",
    "writing",
]
