"""The ingest flow on a Dask cluster gives the same records as a local run, and the
per-document guard works inside Dask's (daemonic) worker processes."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_support import make_corpus

from flows.guard import CLEANER_ENV
from flows.store import read_records

pytestmark = pytest.mark.slow


def _run(raw: Path, out: Path, **options: object) -> tuple[dict[str, dict], dict]:
    from flows.ingest import ingest

    summary = ingest(
        raw_dir=str(raw),
        out_dir=str(out / "clean"),
        rejected_dir=str(out / "rejected"),
        batch_size=4,
        doc_timeout=3,
        **options,
    )
    records = {record["id"]: record for record in read_records(out / "clean")}
    assert len(records) == summary["totals"]["records"] > 0
    return records, summary["rejected"]


def test_dask_cluster_output_equals_local_run(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    monkeypatch.setenv(CLEANER_ENV, "guard_hooks:clean_file")  # inherited by Dask workers
    raw = make_corpus(tmp_path / "raw", copies=6)  # 30 files, 8 batches
    (raw / "batch0" / "hangs.txt").write_text("HANG " + "words of an article " * 30)
    local = _run(raw, tmp_path / "local", workers=2)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        on_dask = _run(raw, tmp_path / "dask", dask_address=cluster.scheduler_address)
        cleaners = client.run(_idle_cleaners)  # per Dask worker
    assert on_dask == local
    assert local[1] == {"timeout": 1}
    assert sorted(cleaners.values()) == [1, 1]  # both workers cleaned, in their own child


def _idle_cleaners() -> int:
    from flows.guard import POOL

    return sum(len(idle) for idle in POOL._idle.values())
