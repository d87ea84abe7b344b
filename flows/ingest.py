"""The `ingest` flow: raw folder -> record shards + rejections + a summary artifact."""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from cleaners import Article, Rejection
from cleaners.fingerprint import cleaning_fingerprint
from cleaners.readers import Indexer, parse_fields
from crossdoc import Doc, Linker
from crossdoc.linker import STATE_FILE
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
from flows.inputs import check_ingest_inputs
from flows.members import ContainerDone, MemberFile, WorkItem, expand, sha256_of
from flows.report import RunSummary, to_markdown
from flows.runner import slots, task_runner
from flows.store import DEFAULT_SHARD_BYTES, STATE_DIR, OutputStore


@dataclass(frozen=True)
class CleanedBatch:
    results: list[Result]
    cleaned_by: str  # the cleaning code's fingerprint where the batch ran


class WorkerCodeError(RuntimeError):
    """A worker runs other cleaning code than the run (another dechrome or dependency version
    on a Dask worker): its records would be kept as this code's and never made again."""


@task(
    name="clean-batch",
    retries=1,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def clean_batch_task(raw_files: list[WorkItem], guard: GuardSettings) -> CleanedBatch:
    """One task per batch of files: per-task overhead stays small at millions of files. The
    results come with the fingerprint of the code that made them (a Dask worker's own)."""
    return CleanedBatch(clean_guarded(raw_files, guard), cleaning_fingerprint())


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
    jsonl_fields: str = "",
    keep_stale: bool = False,
) -> dict:
    """Clean every new or changed raw file, and every file whose results another cleaning
    code made (an upgrade; `keep_stale` keeps them); `full` reprocesses everything.

    Archives (WARC, ARC, WET) and JSON Lines files are indexed and their members cleaned
    one by one; `jsonl_fields` maps JSON field names ('html=page_html,url=link').
    Batches run on `workers` cleaning processes (None or 0: one per core), or on the Dask cluster
    at `dask_address`. Each document gets at most `doc_timeout` seconds plus
    `doc_seconds_per_mb` per MB of its size, and `doc_memory_mb` of address space.
    """
    check_ingest_inputs(
        raw_dir, out_dir, rejected_dir, batch_size, doc_timeout, doc_seconds_per_mb, workers
    )
    started = time.monotonic()
    summary = RunSummary(raw_dir=str(raw_dir), out_dir=str(out_dir), rejected_dir=str(rejected_dir))
    run_id = new_run_id()
    guard = GuardSettings(
        doc_timeout=doc_timeout, memory_mb=doc_memory_mb, seconds_per_mb=doc_seconds_per_mb
    )
    indexer = Indexer(parse_fields(jsonl_fields))
    links_db = Path(out_dir) / STATE_DIR / STATE_FILE
    with (
        shutdown.stop_on_signals(),
        OutputStore(Path(out_dir), Path(rejected_dir), run_id, shard_bytes, links_db) as store,
        Linker(links_db) as linker,
        task_runner(workers, dask_address) as runner,
    ):
        store.before_commit(linker.commit)
        unchanged: dict[str, RawFile] = {}  # containers cleaned before: revisits' originals
        todo = _files_to_clean(discover(Path(raw_dir)), store, summary, full, unchanged, keep_stale)

        def reject(rejection: Rejection, raw_file: RawFile) -> None:
            _store(rejection, raw_file.size, raw_file.mtime_ns, 0, store, summary)

        def earlier(record_ids: set[str]) -> list[RawFile]:
            paths = store.sources_of_members(record_ids)
            return [unchanged[path] for path in sorted(paths) if path in unchanged]

        work = expand(todo, indexer, reject, summary.not_documents, earlier)
        max_in_flight = 2 * slots(runner)
        in_flight: deque = deque()
        try:
            for batch in batched(work, batch_size):
                shutdown.raise_if_stopping()
                items = [item for item in batch if not isinstance(item, ContainerDone)]
                done = [item for item in batch if isinstance(item, ContainerDone)]
                future = (
                    runner.submit(clean_batch_task, {"raw_files": items, "guard": guard})
                    if items
                    else None
                )
                in_flight.append((items, future, done))
                if len(in_flight) >= max_in_flight:
                    _store_results(*in_flight.popleft(), store, linker, summary)
            while in_flight:
                _store_results(*in_flight.popleft(), store, linker, summary)
        finally:
            close_pool()  # the cleaning processes of local batches
        summary.deleted = store.finish(links_db)
        summary.totals = store.totals()
    summary.seconds = time.monotonic() - started
    create_markdown_artifact(
        to_markdown(summary), key="ingest-summary", description="dechrome ingest run summary"
    )
    return summary.as_dict()


def new_run_id() -> str:
    """The run's id, in UTC: ids sort by time (shards, "earliest" near-duplicates and
    stories), which local time breaks when the clocks go back."""
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + uuid.uuid4().hex[:6]


def _files_to_clean(
    entries: Iterator[RawFile | Rejection],
    store: OutputStore,
    summary: RunSummary,
    full: bool,
    unchanged_containers: dict[str, RawFile],
    keep_stale: bool = False,
) -> Iterator[RawFile]:
    """New or changed files (all of them if full) and files whose results another cleaning
    code made (unless keep_stale); unchanged ones are marked seen (and unchanged containers
    noted). Entries rejected by discovery (links out of the root, FIFOs...) are stored here,
    never read."""
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
                or (known.size == raw_file.size and known.raw_sha256 == sha256_of(raw_file))
            )
        )
        if unchanged and not keep_stale and known.cleaned_by != store.cleaned_by:
            summary.stale += 1  # made by an older dechrome or other dependencies: again
            yield raw_file
        elif unchanged:
            if known.status == "container":
                unchanged_containers[raw_file.source_path] = raw_file
            store.mark_seen(raw_file.source_path, raw_file.size, raw_file.mtime_ns)
            summary.unchanged += 1
            progress.advance(summary.files_done)
        else:
            yield raw_file


def _store_found(rejection: Rejection, store: OutputStore, summary: RunSummary, full: bool) -> None:
    """A rejection from discovery; one the index already holds counts as unchanged."""
    known = store.state_of(rejection.source_path)
    if not full and known and known.status == "rejected" and known.reason == rejection.reason:
        store.mark_seen(rejection.source_path, 0, 0)
        summary.unchanged += 1
        progress.advance(summary.files_done)
    else:
        _store(rejection, 0, 0, 0, store, summary)


def _store_results(
    items: list[WorkItem],
    future,
    done: list[ContainerDone],
    store: OutputStore,
    linker: Linker,
    summary: RunSummary,
) -> None:
    """Store a batch's results, then the containers whose last member was in it."""
    no_items = CleanedBatch([], store.cleaned_by)
    batch = future.result(raise_on_failure=False) if future is not None else no_items
    shutdown.raise_if_stopping()  # a batch cut short by a stop is no result
    if isinstance(batch, CleanedBatch) and batch.cleaned_by != store.cleaned_by:
        raise WorkerCodeError(
            f"a worker runs other cleaning code (fingerprint {batch.cleaned_by}, this run's"
            f" {store.cleaned_by}): install the same dechrome and dependencies on every worker"
        )
    results = batch.results if isinstance(batch, CleanedBatch) else batch
    if not isinstance(results, list):  # the batch raised: every item is an internal error
        detail = f"batch failed: {results!r}"[:500]
        results = [
            Rejection(
                source_path=item.source_path,
                source_member=getattr(item, "source_member", None),
                reason="internal_error",
                detail=detail,
            )
            for item in items
        ]
    for item, result in zip(items, results, strict=True):
        raw_file = item.raw_file if isinstance(item, MemberFile) else item
        order = item.ref.order if isinstance(item, MemberFile) else 0
        if isinstance(result, Article):
            result = _linked(result, linker, store.run_id)
        _store(result, raw_file.size, raw_file.mtime_ns, order, store, summary)
    for container in done:
        store.add_container(container.raw_file, container.raw_sha256)
        summary.containers += 1
    linker.commit()
    progress.advance(summary.files_done)


def _store(
    result: Result, size: int, mtime_ns: int, order: int, store: OutputStore, summary: RunSummary
) -> None:
    """Stage the result of a raw file, or of its member at position order, and count it."""
    store.add(result, size, mtime_ns, order)
    summary.cleaned += 1
    summary.members += result.source_member is not None
    if isinstance(result, Article):
        summary.records += 1
    else:
        summary.rejected[result.reason] += 1


def _linked(article: Article, linker: Linker, run_id: str) -> Article:
    """The article with its near-duplicate and story links (set after cleaning)."""
    links = linker.add(Doc.of_record(article, run_id))
    return article.model_copy(
        update={"near_duplicate_of": links.near_duplicate_of, "story_id": links.story_id}
    )
