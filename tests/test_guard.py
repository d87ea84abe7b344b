"""The per-document guard: hangs, crashes and memory blow-ups reject one document only."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import Article, Rejection
from flows.discover import discover
from flows.guard import CLEANER_ENV, GuardedCleaner, GuardSettings
from flows.store import read_records

HOOK = "guard_hooks:clean_file"  # tests/ is on sys.path under pytest
MISBEHAVING = {"b_hang.txt": "HANG", "d_exit.txt": "EXIT", "f_segv.txt": "SEGV", "h_hog.txt": "HOG"}
EXPECTED = {
    "b_hang.txt": "timeout",
    "d_exit.txt": "crashed",
    "f_segv.txt": "crashed",
    "h_hog.txt": "crashed",
}


@pytest.fixture
def mixed_raw(seed_raw: Path) -> Path:
    """Seed files renamed to sort between documents that hang, exit, segfault, hog memory."""
    seeds = sorted(seed_raw.iterdir())
    for good, name in zip(seeds, ["a.txt", "c.txt", "e.txt", "g.txt", "i.txt"], strict=True):
        good.rename(seed_raw / name)
    for name, marker in MISBEHAVING.items():
        (seed_raw / name).write_text(f"{marker} " + "words of an article " * 30)
    return seed_raw


def test_guard_rejects_bad_documents_and_cleans_the_rest(mixed_raw: Path) -> None:
    cleaner = GuardedCleaner(GuardSettings(doc_timeout=3, memory_mb=512, cleaner=HOOK))
    try:
        results = {f.source_path: cleaner.clean(f) for f in discover(mixed_raw)}
    finally:
        cleaner.close()
    reasons = {path: r.reason for path, r in results.items() if isinstance(r, Rejection)}
    assert reasons == EXPECTED
    assert "out of memory" in results["h_hog.txt"].detail
    assert "signal 11" in results["f_segv.txt"].detail
    assert all(
        isinstance(results[name], Article) for name in ["a.txt", "c.txt", "e.txt", "g.txt", "i.txt"]
    )
    assert cleaner.restarts == len(MISBEHAVING)


@pytest.mark.slow
def test_ingest_flow_guards_each_document(
    prefect_harness, mixed_raw: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.ingest import ingest

    monkeypatch.setenv(CLEANER_ENV, HOOK)
    summary = ingest(
        raw_dir=str(mixed_raw),
        out_dir=str(tmp_path / "out"),
        rejected_dir=str(tmp_path / "rejected"),
        batch_size=20,
        workers=1,
        doc_timeout=3,
        doc_memory_mb=512,
    )
    assert summary["records"] == 5
    assert summary["rejected"] == {"timeout": 1, "crashed": 3}
    assert len(list(read_records(tmp_path / "out"))) == 5
    assert len(list((tmp_path / "rejected").glob("*.json"))) == 4


def test_deadline_grows_with_the_size_of_the_document(tmp_path: Path) -> None:
    """2 CPU seconds: over the 1 s a small file gets, under the 1 s + 3 s/MB of 1 MB."""
    raw = tmp_path / "raw"
    raw.mkdir()
    prose = "SLOW " + "words of an honest but long article. " * 30
    (raw / "small.txt").write_text(prose)
    (raw / "large.txt").write_text(prose * (1024 * 1024 // len(prose) + 1))
    settings = GuardSettings(doc_timeout=1, seconds_per_mb=3, memory_mb=1024, cleaner=HOOK)
    cleaner = GuardedCleaner(settings)
    try:
        results = {f.source_path: cleaner.clean(f) for f in discover(raw)}
    finally:
        cleaner.close()
    assert isinstance(results["large.txt"], Article)
    assert results["small.txt"].reason == "timeout"
    assert "1 s + 3 s/MB" in results["small.txt"].detail


@pytest.mark.slow
def test_large_honest_pages_get_through_the_default_deadline(tmp_path: Path) -> None:
    """Issue 14: a 3.3 MB page of 50,000 short paragraphs and a 20 MB text file without a
    line break were cut at the flat 5 s; with the size-scaled deadline they are records."""
    raw = tmp_path / "raw"
    raw.mkdir()
    words = ["the", "council", "said", "on", "monday", "that", "a", "new", "plan"]
    words += ["for", "the", "bridge", "is", "ready"]
    paragraphs = "".join(
        f"<p>{' '.join(words[(i + k) % len(words)] for k in range(11)).capitalize()} {i}.</p>\n"
        for i in range(50_000)
    )
    page = f"<html><head><title>Minutes</title></head><body><article>{paragraphs}</article>"
    (raw / "paragraphs.html").write_text(page + "</body></html>")
    sentence = " ".join(words).capitalize() + ". "
    (raw / "one_line.txt").write_text(sentence * (20 * 1024 * 1024 // len(sentence)))
    cleaner = GuardedCleaner(GuardSettings())
    try:
        results = {f.source_path: cleaner.clean(f) for f in discover(raw)}
    finally:
        cleaner.close()
    assert (raw / "paragraphs.html").stat().st_size > 3_300_000
    assert {path: type(r).__name__ for path, r in results.items()} == {
        "paragraphs.html": "Article",
        "one_line.txt": "Article",
    }, results


def test_a_memory_limit_too_small_to_start_a_cleaner_says_so(tmp_path: Path) -> None:
    """--doc-memory-mb below what a cleaning process needs to start: every batch failed with
    'cleaning process did not start: [command]' and the child's MemoryError tracebacks, the
    limit unnamed."""
    page = tmp_path / "page.txt"
    page.write_text("A page.")
    (raw_file,) = discover(tmp_path)
    cleaner = GuardedCleaner(GuardSettings(memory_mb=128))
    with pytest.raises(RuntimeError) as failed:
        cleaner.clean(raw_file)
    assert str(failed.value) == (
        "cleaning process ran out of memory while starting: a memory limit of 128 MB"
        " (--doc-memory-mb) is too small"
    )
