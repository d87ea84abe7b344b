"""Crash safety: SIGKILL an ingest mid-run, rerun it, get exactly the uninterrupted output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from tests_support import ROOT, cli_env, ingest_command, make_corpus

pytestmark = pytest.mark.slow
SMALL_SHARDS = ["--workers", "1", "--batch-size", "10", "--shard-mb", "0.02"]


def _ingest(raw: Path, out: Path, **popen: object) -> subprocess.Popen:
    return subprocess.Popen(
        ingest_command(raw, out, *SMALL_SHARDS),
        cwd=ROOT,
        env=cli_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **popen,
    )


def _finish(proc: subprocess.Popen) -> None:
    output, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, output


def _shards(out: Path) -> list[Path]:
    return sorted((out / "clean").glob("part-*.jsonl"))


def _records(out: Path) -> dict[str, dict]:
    """id -> record over every shard; every line parses and no id appears twice."""
    records: dict[str, dict] = {}
    for shard in _shards(out):
        for line in shard.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            assert record["id"] not in records, f"duplicate {record['id']} in {shard.name}"
            records[record["id"]] = record
    return records


def _rejections(out: Path) -> set[str]:
    return {path.name for path in (out / "rejected").glob("*.json")}


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    raw = make_corpus(tmp_path / "raw", copies=80)  # 400 files
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"
    uninterrupted = _ingest(raw, reference)
    victim = _ingest(raw, resumed, start_new_session=True)
    deadline = time.monotonic() + 300
    while len(_shards(resumed)) < 2 and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert victim.poll() is None, "the run ended before it could be killed"
    os.killpg(victim.pid, signal.SIGKILL)  # the CLI, its Prefect server, its cleaners
    victim.communicate()
    _finish(uninterrupted)

    partial = _records(resumed)  # only complete, parseable records
    expected = _records(reference)
    assert 0 < len(partial) < len(expected)
    assert all(expected[rid] == record for rid, record in partial.items())

    _finish(_ingest(raw, resumed))
    assert _records(resumed) == expected
    assert _rejections(resumed) == _rejections(reference)
    assert not list((resumed / "clean").glob(".*.tmp"))
