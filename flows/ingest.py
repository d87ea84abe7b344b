"""The `ingest` flow: raw folder -> record shards + rejections + a summary artifact."""

from __future__ import annotations

import os
import time
import uuid
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from cleaners import Article, Rejection
from cleaners.annotate import sha256_hex
from flows import progress
from flows.batch import clean_batch
from flows.discover import RawFile, batched, discover
from flows.report import RunSummary, to_markdown
from flows.store import DEFAULT_SHARD_BYTES, OutputStore

DEFAULT_BATCH_SIZE = 100


@task(name="clean-batch", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE,
      persist_result=False)
def clean_batch_task(raw_files: list[RawFile]) -> list[Article | Rejection]:
    """One task per batch of files: per-task overhead stays small at 100k files."""
    return clean_batch(raw_files)


@flow(name="ingest", persist_result=False, task_runner=ThreadPoolTaskRunner(max_workers=2))
def ingest(
    raw_dir: str = "data/raw",
    out_dir: str = "data/clean",
    rejected_dir: str = "data/rejected",
    batch_size: int = DEFAULT_BATCH_SIZE,
    full: bool = False,
    shard_bytes: int = DEFAULT_SHARD_BYTES,
    workers: int | None = None,
) -> dict:
    """Clean every new or changed raw file; `full` reprocesses everything.

    `workers` is accepted for deployments; worker processes come with issue 7.
    """
    started = time.monotonic()
    summary = RunSummary(raw_dir=str(raw_dir), out_dir=str(out_dir),
                         rejected_dir=str(rejected_dir))
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    with OutputStore(Path(out_dir), Path(rejected_dir), run_id, shard_bytes) as store:
        todo = _files_to_clean(discover(Path(raw_dir)), store, summary, full)
        in_flight: deque = deque()
        for batch in batched(todo, batch_size):
            in_flight.append((batch, clean_batch_task.submit(batch)))
            if len(in_flight) > 2 * _max_workers():
                _store_results(*in_flight.popleft(), store, summary)
        while in_flight:
            _store_results(*in_flight.popleft(), store, summary)
        summary.deleted = store.finish(saw_everything=True)
        summary.totals = store.totals()
    summary.seconds = time.monotonic() - started
    create_markdown_artifact(to_markdown(summary), key="ingest-summary",
                             description="dechrome ingest run summary")
    return summary.as_dict()


def _max_workers() -> int:
    return os.cpu_count() or 1


def _files_to_clean(
    files: Iterator[RawFile], store: OutputStore, summary: RunSummary, full: bool
) -> Iterator[RawFile]:
    """New or changed files (all of them if full); unchanged ones are marked seen."""
    for raw_file in files:
        summary.files_seen += 1
        known = store.state_of(raw_file.source_path)
        unchanged = not full and known is not None and known.status != "deleted" and (
            (known.size, known.mtime_ns) == (raw_file.size, raw_file.mtime_ns)
            or (known.size == raw_file.size and known.raw_sha256 == _sha256_of(raw_file))
        )
        if unchanged:
            store.mark_seen(raw_file.source_path, raw_file.size, raw_file.mtime_ns)
            summary.unchanged += 1
            progress.advance(summary.files_seen)
        else:
            yield raw_file


def _sha256_of(raw_file: RawFile) -> str | None:
    """Content hash of a file whose mtime changed; None if it cannot be read now."""
    try:
        return sha256_hex(Path(raw_file.path).read_bytes())
    except OSError:
        return None


def _store_results(batch: list[RawFile], future, store: OutputStore,
                   summary: RunSummary) -> None:
    results = future.result(raise_on_failure=False)
    if isinstance(results, BaseException) or not isinstance(results, list):
        detail = f"batch failed: {results!r}"[:500]
        results = [Rejection(source_path=f.source_path, reason="internal_error", detail=detail)
                   for f in batch]
    for raw_file, result in zip(batch, results, strict=True):
        store.add(result, raw_file.size, raw_file.mtime_ns)
        summary.cleaned += 1
        if isinstance(result, Article):
            summary.records += 1
        else:
            summary.rejected[result.reason] += 1
    progress.advance(summary.files_seen)
