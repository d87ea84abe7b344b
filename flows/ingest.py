"""The `ingest` flow: raw folder -> record shards + rejections + a summary artifact."""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from cleaners import Article, Rejection
from cleaners.annotate import sha256_hex
from cleaners.errors import CleanError
from cleaners.settings import MAX_RAW_BYTES
from flows import progress, shutdown
from flows.defaults import DEFAULT_BATCH_SIZE
from flows.discover import RawFile, batched, discover
from flows.guard import (
    DEFAULT_DOC_MEMORY_MB,
    DEFAULT_DOC_SECONDS_PER_MB,
    DEFAULT_DOC_TIMEOUT,
    GuardSettings,
    Result,
    clean_guarded,
    close_pool,
)
from flows.rawroot import read_raw
from flows.report import RunSummary, to_markdown
from flows.runner import slots, task_runner
from flows.store import DEFAULT_SHARD_BYTES, OutputStore


@task(
    name="clean-batch",
    retries=1,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def clean_batch_task(raw_files: list[RawFile], guard: GuardSettings) -> list[Result]:
    """One task per batch of files: per-task overhead stays small at millions of files."""
    return clean_guarded(raw_files, guard)


@flow(name="ingest", persist_result=False)
def ingest(
    raw_dir: str = "data/raw",
    out_dir: str = "data/clean",
    rejected_dir: str = "data/rejected",
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    full: bool = False,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    dask_address: str | None = None,
    doc_timeout: float = DEFAULT_DOC_TIMEOUT,
    doc_memory_mb: int = DEFAULT_DOC_MEMORY_MB,
    doc_seconds_per_mb: float = DEFAULT_DOC_SECONDS_PER_MB,
) -> dict:
    """Clean every new or changed raw file; `full` reprocesses everything.

    Batches run on `workers` cleaning processes (None or 0: one per core), or on the Dask cluster
    at `dask_address`. Each document gets at most `doc_timeout` seconds plus
    `doc_seconds_per_mb` per MB of its size, and `doc_memory_mb` of address space.
    """
    started = time.monotonic()
    summary = RunSummary(raw_dir=str(raw_dir), out_dir=str(out_dir), rejected_dir=str(rejected_dir))
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    guard = GuardSettings(
        doc_timeout=doc_timeout, memory_mb=doc_memory_mb, seconds_per_mb=doc_seconds_per_mb
    )
    with (
        shutdown.stop_on_signals(),
        OutputStore(Path(out_dir), Path(rejected_dir), run_id, shard_bytes) as store,
        task_runner(workers, dask_address) as runner,
    ):
        todo = _files_to_clean(discover(Path(raw_dir)), store, summary, full)
        max_in_flight = 2 * slots(runner)
        in_flight: deque = deque()
        try:
            for batch in batched(todo, batch_size):
                shutdown.raise_if_stopping()
                future = runner.submit(clean_batch_task, {"raw_files": batch, "guard": guard})
                in_flight.append((batch, future))
                if len(in_flight) >= max_in_flight:
                    _store_results(*in_flight.popleft(), store, summary)
            while in_flight:
                _store_results(*in_flight.popleft(), store, summary)
        finally:
            close_pool()  # the cleaning processes of local batches
        summary.deleted = store.finish()
        summary.totals = store.totals()
    summary.seconds = time.monotonic() - started
    create_markdown_artifact(
        to_markdown(summary), key="ingest-summary", description="dechrome ingest run summary"
    )
    return summary.as_dict()


def _files_to_clean(
    entries: Iterator[RawFile | Rejection], store: OutputStore, summary: RunSummary, full: bool
) -> Iterator[RawFile]:
    """New or changed files (all of them if full); unchanged ones are marked seen. Entries
    rejected by discovery (links out of the root, FIFOs...) are stored here, never read."""
    for raw_file in entries:
        summary.files_seen += 1
        if isinstance(raw_file, Rejection):
            _store_found(raw_file, store, summary, full)
            continue
        known = store.state_of(raw_file.source_path)
        unchanged = (
            not full
            and known is not None
            and known.settled
            and (
                (known.size, known.mtime_ns) == (raw_file.size, raw_file.mtime_ns)
                or (known.size == raw_file.size and known.raw_sha256 == _sha256_of(raw_file))
            )
        )
        if unchanged:
            store.mark_seen(raw_file.source_path, raw_file.size, raw_file.mtime_ns)
            summary.unchanged += 1
            progress.advance(summary.unchanged + summary.cleaned)  # files done
        else:
            yield raw_file


def _store_found(rejection: Rejection, store: OutputStore, summary: RunSummary, full: bool) -> None:
    """A rejection from discovery; one the index already holds counts as unchanged."""
    known = store.state_of(rejection.source_path)
    if not full and known and known.status == "rejected" and known.reason == rejection.reason:
        store.mark_seen(rejection.source_path, 0, 0)
        summary.unchanged += 1
        progress.advance(summary.unchanged + summary.cleaned)
    else:
        _count(rejection, store, summary, size=0, mtime_ns=0)


def _sha256_of(raw_file: RawFile) -> str | None:
    """Content hash of a file whose mtime changed; None if it cannot be read now."""
    try:
        return sha256_hex(read_raw(raw_file, MAX_RAW_BYTES))
    except CleanError:
        return None


def _store_results(batch: list[RawFile], future, store: OutputStore, summary: RunSummary) -> None:
    results = future.result(raise_on_failure=False)
    shutdown.raise_if_stopping()  # a batch cut short by a stop is no result
    if not isinstance(results, list):  # the batch raised: every file is an internal error
        detail = f"batch failed: {results!r}"[:500]
        results = [
            Rejection(source_path=f.source_path, reason="internal_error", detail=detail)
            for f in batch
        ]
    for raw_file, result in zip(batch, results, strict=True):
        _count(result, store, summary, raw_file.size, raw_file.mtime_ns)
    progress.advance(summary.unchanged + summary.cleaned)  # files done


def _count(
    result: Article | Rejection, store: OutputStore, summary: RunSummary, size: int, mtime_ns: int
) -> None:
    store.add(result, size, mtime_ns)
    summary.cleaned += 1
    if isinstance(result, Article):
        summary.records += 1
    else:
        summary.rejected[result.reason] += 1
