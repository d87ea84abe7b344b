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
from crossdoc import Doc, Linker
from crossdoc.linker import STATE_FILE
from flows import progress
from flows.defaults import DEFAULT_BATCH_SIZE
from flows.discover import RawFile, batched, discover
from flows.guard import (
    DEFAULT_DOC_MEMORY_MB,
    DEFAULT_DOC_TIMEOUT,
    GuardSettings,
    Result,
    clean_guarded,
    close_pool,
)
from flows.report import RunSummary, to_markdown
from flows.runner import slots, task_runner
from flows.store import DEFAULT_SHARD_BYTES, STATE_DIR, OutputStore


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
) -> dict:
    """Clean every new or changed raw file; `full` reprocesses everything.

    Batches run on `workers` cleaning processes (None or 0: one per core), or on the Dask cluster
    at `dask_address`. Each document gets at most `doc_timeout` seconds and
    `doc_memory_mb` of address space.
    """
    started = time.monotonic()
    summary = RunSummary(raw_dir=str(raw_dir), out_dir=str(out_dir), rejected_dir=str(rejected_dir))
    run_id = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    guard = GuardSettings(doc_timeout=doc_timeout, memory_mb=doc_memory_mb)
    links_db = Path(out_dir) / STATE_DIR / STATE_FILE
    with (
        OutputStore(Path(out_dir), Path(rejected_dir), run_id, shard_bytes) as store,
        Linker(links_db) as linker,
        task_runner(workers, dask_address) as runner,
    ):
        store.before_commit(linker.commit)
        todo = _files_to_clean(discover(Path(raw_dir)), store, summary, full)
        max_in_flight = 2 * slots(runner)
        in_flight: deque = deque()
        try:
            for batch in batched(todo, batch_size):
                future = runner.submit(clean_batch_task, {"raw_files": batch, "guard": guard})
                in_flight.append((batch, future))
                if len(in_flight) >= max_in_flight:
                    _store_results(*in_flight.popleft(), store, linker, summary)
            while in_flight:
                _store_results(*in_flight.popleft(), store, linker, summary)
        finally:
            close_pool()  # the cleaning processes of local batches
        summary.deleted = store.finish(links_db)
        summary.totals = store.totals() | linker.counts()
    summary.seconds = time.monotonic() - started
    create_markdown_artifact(
        to_markdown(summary), key="ingest-summary", description="dechrome ingest run summary"
    )
    return summary.as_dict()


def _files_to_clean(
    files: Iterator[RawFile], store: OutputStore, summary: RunSummary, full: bool
) -> Iterator[RawFile]:
    """New or changed files (all of them if full); unchanged ones are marked seen."""
    for raw_file in files:
        summary.files_seen += 1
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


def _sha256_of(raw_file: RawFile) -> str | None:
    """Content hash of a file whose mtime changed; None if it cannot be read now."""
    try:
        return sha256_hex(Path(raw_file.path).read_bytes())
    except OSError:
        return None


def _store_results(
    batch: list[RawFile], future, store: OutputStore, linker: Linker, summary: RunSummary
) -> None:
    results = future.result(raise_on_failure=False)
    if not isinstance(results, list):  # the batch raised: every file is an internal error
        detail = f"batch failed: {results!r}"[:500]
        results = [
            Rejection(source_path=f.source_path, reason="internal_error", detail=detail)
            for f in batch
        ]
    for raw_file, result in zip(batch, results, strict=True):
        if isinstance(result, Article):
            result = _linked(result, linker, store.run_id)
        store.add(result, raw_file.size, raw_file.mtime_ns)
        summary.cleaned += 1
        if isinstance(result, Article):
            summary.records += 1
        else:
            summary.rejected[result.reason] += 1
    linker.commit()
    progress.advance(summary.unchanged + summary.cleaned)  # files done


def _linked(article: Article, linker: Linker, run_id: str) -> Article:
    """The article with its near-duplicate and story links (set after cleaning)."""
    links = linker.add(
        Doc(
            id=article.id,
            text=article.text,
            run=run_id,
            source_path=article.source_path,
            source_member=getattr(article, "source_member", None),
            content_hash=article.content_hash,
            title=article.title,
            language=article.language,
            site=article.site_name,
            when=article.published or getattr(article, "fetched_at", None),
        )
    )
    return article.model_copy(
        update={"near_duplicate_of": links.near_duplicate_of, "story_id": links.story_id}
    )
