"""An ingest run's inputs, checked in one place: the CLI (before Prefect starts, exit code
2) and the flow (called from Python or a deployment) refuse the same things with the same
messages, before anything is read or written."""

from __future__ import annotations

import os
from pathlib import Path

from flows.rawroot import writes_inside


def batch_size_problem(size: int) -> str | None:
    """Why a batch size is refused (below 1 a run would take nothing, as if the raw folder
    were empty, and mark every record deleted), or None."""
    return None if size >= 1 else f"must be at least 1, not {size}"


def workers_problem(workers: int) -> str | None:
    """Why a number of cleaning processes is refused (0: one per core), or None."""
    return None if workers >= 0 else f"must be 0 (one per core) or more, not {workers}"


def seconds_problem(seconds: float) -> str | None:
    """Why a time limit is refused (at 0 every document would be rejected as `timeout`, a
    verdict later runs keep), or None."""
    return None if seconds > 0 else f"must be above 0, not {seconds:g}"


def raw_folder_problem(raw_dir: os.PathLike | str) -> str | None:
    """Why the raw folder cannot be read (missing or unmounted: its files would all be
    marked deleted), or None."""
    return None if Path(raw_dir).is_dir() else f"raw folder not found: {raw_dir}"


def check_ingest_inputs(
    raw_dir: os.PathLike | str,
    out_dir: os.PathLike | str,
    rejected_dir: os.PathLike | str,
    batch_size: int | None = None,
    doc_timeout: float | None = None,
    doc_seconds_per_mb: float | None = None,
    workers: int | None = None,
) -> None:
    """Refuse a run's inputs before anything is read or written: FileNotFoundError if the
    raw folder is missing, ValueError if an output folder is inside it or is a file, or a
    limit is out of range (None: not given, the flow's default)."""
    if problem := raw_folder_problem(raw_dir):
        raise FileNotFoundError(problem)
    if problem := writes_inside(raw_dir, out_dir, rejected_dir):
        raise ValueError(problem)
    for folder in (out_dir, rejected_dir):
        if Path(folder).exists() and not Path(folder).is_dir():
            raise ValueError(f"{folder} is not a folder: choose an output folder")
    limits = (
        ("batch_size", batch_size, batch_size_problem),
        ("doc_timeout", doc_timeout, seconds_problem),
        ("doc_seconds_per_mb", doc_seconds_per_mb, seconds_problem),
        ("workers", workers, workers_problem),
    )
    for name, value, rule in limits:
        if value is not None and (problem := rule(value)):
            raise ValueError(f"{name} {problem}")
