"""Streaming: bounded work in flight, and shards that roll over at the size limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests_support import make_corpus

import flows.ingest
from flows.store import OutputStore

pytestmark = pytest.mark.slow


def test_ingest_streams_and_rolls_shards_over(
    prefect_harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = make_corpus(tmp_path / "raw", copies=20)  # 100 files
    pulled, lag = [0], [0]
    real_discover = flows.ingest.discover

    def counting_discover(raw_dir: Path):
        for raw_file in real_discover(raw_dir):
            pulled[0] += 1
            yield raw_file

    stored = [0]
    add = OutputStore.add

    def counting_add(self: OutputStore, *args: object) -> None:
        stored[0] += 1
        lag[0] = max(lag[0], pulled[0] - stored[0])
        add(self, *args)

    monkeypatch.setattr(flows.ingest, "discover", counting_discover)
    monkeypatch.setattr(OutputStore, "add", counting_add)
    shard_bytes = 8000
    summary = flows.ingest.ingest(
        raw_dir=str(raw),
        out_dir=str(tmp_path / "clean"),
        rejected_dir=str(tmp_path / "rejected"),
        batch_size=5,
        workers=2,
        shard_bytes=shard_bytes,
    )

    assert summary["records"] == 100
    assert lag[0] <= (2 * 2 + 1) * 5  # at most 2 x workers batches ahead of the writer
    shards = sorted((tmp_path / "clean").glob("part-*.jsonl"))
    assert len(shards) > 5
    ids = [json.loads(line)["id"] for s in shards for line in s.read_text().splitlines()]
    assert len(ids) == len(set(ids)) == 100
    for shard in shards:
        lines = shard.read_bytes().splitlines(keepends=True)
        assert shard.stat().st_size <= shard_bytes or len(lines) == 1
