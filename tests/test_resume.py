"""Crash safety: SIGKILL an ingest mid-run, rerun it, get exactly the uninterrupted output."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """400 raw files and the output of an uninterrupted run over them."""
    folder = tmp_path_factory.mktemp("corpus")
    raw = make_corpus(folder / "raw", copies=80)
    _finish(_ingest(raw, folder / "reference"))
    return raw, folder / "reference"


def _start_and_wait_for_shards(raw: Path, out: Path, shards: int) -> subprocess.Popen:
    victim = _ingest(raw, out, start_new_session=True)
    deadline = time.monotonic() + 300
    while len(_shards(out)) < shards and victim.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert victim.poll() is None, "the run ended before it could be stopped"
    return victim


def _assert_resumes_to_reference(raw: Path, resumed: Path, reference: Path) -> None:
    partial = _records(resumed)  # only complete, parseable records
    expected = _records(reference)
    assert 0 < len(partial) < len(expected)
    assert all(expected[rid] == record for rid, record in partial.items())

    _finish(_ingest(raw, resumed))
    assert _records(resumed) == expected
    assert _rejections(resumed) == _rejections(reference)
    assert not list((resumed / "clean").glob(".*.tmp"))


def test_killed_run_resumes_without_loss_or_duplicates(corpus, tmp_path: Path) -> None:
    raw, reference = corpus
    victim = _start_and_wait_for_shards(raw, tmp_path / "resumed", shards=2)
    os.killpg(victim.pid, signal.SIGKILL)  # the CLI, its Prefect server, its cleaners
    victim.communicate()
    _assert_resumes_to_reference(raw, tmp_path / "resumed", reference)


def _group_members(pgid: int) -> list[psutil.Process]:
    members = []
    for proc in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if os.getpgid(proc.pid) == pgid:
                members.append(proc)
    return members


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGTERM, True), (signal.SIGINT, False)],
    ids=["SIGTERM-to-process-group", "SIGINT-to-cli-only"],
)
def test_signalled_run_stops_within_seconds_and_resumes(
    corpus, tmp_path: Path, signum: int, to_group: bool
) -> None:
    """What systemd, Kubernetes or a CI timeout (the group) and Ctrl-C or `kill` (the CLI
    alone) do: the run exits non-zero within seconds, leaves no process and no lock."""
    raw, reference = corpus
    victim = _start_and_wait_for_shards(raw, tmp_path / "resumed", shards=1)
    assert len(_group_members(victim.pid)) >= 3  # the CLI, Prefect's API, a cleaning child
    signalled = time.monotonic()
    (os.killpg if to_group else os.kill)(victim.pid, signum)
    output, _ = victim.communicate(timeout=120)
    stopped = time.monotonic()

    assert victim.returncode == 128 + signum, output
    assert stopped - signalled < 30, "a stop takes seconds (5 s grace), not minutes"
    assert f"{signal.Signals(signum).name} received" in output
    while _group_members(victim.pid) and time.monotonic() < stopped + 10:
        time.sleep(0.1)  # killed children are reaped by init
    assert not _group_members(victim.pid)
    with open(tmp_path / "resumed" / "clean" / "_dechrome" / "lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released
    _assert_resumes_to_reference(raw, tmp_path / "resumed", reference)
