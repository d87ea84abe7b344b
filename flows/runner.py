"""Where batches run: local cleaning processes, or an existing Dask cluster."""

from __future__ import annotations

import os

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def task_runner(workers: int | None = None, dask_address: str | None = None) -> TaskRunner:
    """A Prefect task runner for the batches (enter it to start it).

    Locally a thread per worker is enough: each thread only drives one cleaning child
    process (`flows.guard`), which does the CPU-bound work. With `dask_address` the batches
    run on that cluster's workers through prefect-dask, each with its own children there.
    """
    if dask_address:
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(address=dask_address)
    return ThreadPoolTaskRunner(max_workers=workers or default_workers())


def slots(runner: TaskRunner) -> int:
    """How many batches the runner cleans at once."""
    if isinstance(runner, ThreadPoolTaskRunner):
        return runner._max_workers
    client = getattr(runner, "client", None)
    if client is not None:
        return max(1, sum(client.nthreads().values()))
    return default_workers()
