"""A full disk or a read-only output folder stops the run with a clear message, leaves no
partial line and a consistent index, loses no record: the next run completes the work."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from tests_support import ROOT, cli_env, ingest_command, make_corpus

import flows.store.durable
import flows.store.reconcile
from crossdoc.linker import STATE_FILE
from flows.cli import main as cli
from flows.store import STATE_DIR, read_records


def _run(raw: Path, out: Path) -> int:
    return cli(
        [
            "ingest",
            "--raw", str(raw), "--out", str(out / "clean"), "--rejected", str(out / "rejected"),
            "--workers", "1", "--batch-size", "3", "--shard-mb", "0.01",
        ]
    )  # fmt: skip


def _assert_consistent(out: Path) -> None:
    """No temp file, every shard line parses, the index lists exactly the shards on disk
    and every record it lists is in its shard."""
    clean, rejected = out / "clean", out / "rejected"
    assert not list(clean.glob(".*.tmp")) + list(rejected.glob(".*.tmp"))
    in_shards = {}
    for shard in clean.glob("part-*.jsonl"):
        for line in shard.read_text(encoding="utf-8").splitlines():
            in_shards[json.loads(line)["id"]] = shard.name
    db = sqlite3.connect(clean / STATE_DIR / "index.sqlite")
    listed = {name for (name,) in db.execute("SELECT name FROM shards")}
    assert listed == {shard.name for shard in clean.glob("part-*.jsonl")}
    for record_id, shard in db.execute("SELECT record_id, shard FROM files WHERE status='record'"):
        assert in_shards.get(record_id) == shard


def _outputs(out: Path) -> tuple[list[dict], set[str]]:
    records = sorted(read_records(out / "clean"), key=lambda record: record["id"])
    return records, {path.name for path in (out / "rejected").glob("*.json")}


@pytest.fixture(scope="module")
def corpus(prefect_harness, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple]:
    """20 articles and a rejection, and the outputs of an undisturbed run over them."""
    folder = tmp_path_factory.mktemp("durable")
    raw = make_corpus(folder / "raw", copies=4)
    (raw / "empty.txt").write_bytes(b"")
    assert _run(raw, folder / "reference") == 0
    return raw, _outputs(folder / "reference")


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS], ids=["disk-full", "read-only"])
@pytest.mark.parametrize("failing_write", [2, 9])  # in the first shard; after shards committed
def test_write_error_stops_cleanly_and_the_next_run_completes(
    corpus, tmp_path: Path, monkeypatch, capsys, error: int, failing_write: int
) -> None:
    raw, expected = corpus

    writes = 0
    real_write = flows.store.durable.write_bytes

    def write_until_the_disk_fails(handle, data: bytes) -> None:
        nonlocal writes
        writes += 1
        if writes == failing_write:
            handle.write(data[: len(data) // 2])  # part of the line got out, then the error
            raise OSError(error, os.strerror(error))
        real_write(handle, data)

    monkeypatch.setattr(flows.store.durable, "write_bytes", write_until_the_disk_fails)
    capsys.readouterr()
    assert _run(raw, tmp_path / "out") == 1
    message = capsys.readouterr().err
    assert f"cannot write to {tmp_path / 'out'}" in message and os.strerror(error) in message
    _assert_consistent(tmp_path / "out")
    records, _ = _outputs(tmp_path / "out")
    assert len(records) < len(expected[0])

    monkeypatch.setattr(flows.store.durable, "write_bytes", real_write)
    assert _run(raw, tmp_path / "out") == 0
    _assert_consistent(tmp_path / "out")
    assert _outputs(tmp_path / "out") == expected


def _old_links_state(out: Path) -> Path:
    state = out / "clean" / STATE_DIR / STATE_FILE
    state.parent.mkdir(parents=True)
    old = sqlite3.connect(state)
    old.execute("CREATE TABLE documents (id TEXT)")
    old.execute("PRAGMA user_version=1")
    old.commit()
    old.close()
    return state


def test_links_state_of_another_version_stops_with_one_line(corpus, tmp_path: Path, capsys) -> None:
    """A links state written by another version is refused before any work: exit 2 and a
    message naming the file and what to do, no traceback, nothing written."""
    raw, _ = corpus
    state = _old_links_state(tmp_path / "out")
    capsys.readouterr()
    assert _run(raw, tmp_path / "out") == 2
    message = capsys.readouterr().err
    assert str(state) in message and "dechrome relink" in message and "Traceback" not in message
    assert not list((tmp_path / "out" / "clean").glob("part-*.jsonl"))


@pytest.mark.slow
def test_the_cli_says_why_it_stops_in_one_line_without_prefects_traceback(
    seed_raw: Path, tmp_path: Path
) -> None:
    """What a user sees (Prefect logs a failed flow's exception with its traceback to the
    terminal, which capsys above does not see): only the CLI's own line."""
    state = _old_links_state(tmp_path / "out")
    command = ingest_command(seed_raw, tmp_path / "out", "--workers", "1")
    done = subprocess.run(command, cwd=ROOT, env=cli_env(), capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Encountered exception" not in done.stderr
    assert str(state) in done.stderr.strip() and len(done.stderr.strip().splitlines()) == 1


def test_runs_that_stop_after_a_storys_first_record_went_leave_no_dangling_link(
    prefect_harness, seed_raw: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """The story's first file is emptied and two runs in a row stop (a full disk) after its
    rejection is committed: the second run's start compacts the first record away, so the
    links naming it must name the story's next record already then, not at a run's end."""
    from flows.checks import check_output

    assert _run(seed_raw, tmp_path) == 0
    records, _ = _outputs(tmp_path)
    (root,) = {record["story_id"] for record in records}
    first = next(record["source_path"] for record in records if record["id"] == root)
    (seed_raw / first).write_bytes(b"")  # no article now: rejected as empty

    def full_disk(*_: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(flows.store.reconcile, "mark_deleted", full_disk)  # after commit
    for _ in range(2):
        assert _run(seed_raw, tmp_path) == 1
        _assert_consistent(tmp_path)
        report = check_output(tmp_path / "clean")
        assert report.ok, "\n".join(report.lines())
    capsys.readouterr()


def test_a_run_stopped_after_a_record_replaced_a_rejection_leaves_no_rejection_beside_it(
    prefect_harness, seed_raw: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """The index commits the record of a file that was rejected, then the run dies before
    the rejection file goes (a signal or a kill lands anywhere): the next run, which finds
    the file unchanged, must not leave a record and a rejection for one input."""
    from cleaners.annotate import record_id

    (seed_raw / "late.txt").write_bytes(b"")
    assert _run(seed_raw, tmp_path) == 0
    assert {p.name for p in (tmp_path / "rejected").glob("*.json")} == {
        f"{record_id('late.txt')}.json"
    }
    (seed_raw / "late.txt").write_bytes((seed_raw / sorted(os.listdir(seed_raw))[0]).read_bytes())

    real_flush = flows.store.OutputStore._flush

    def flush_then_die(store, shard: str = "", records=()) -> None:
        real_flush(store, shard, records)
        if records:
            raise OSError(errno.EIO, os.strerror(errno.EIO))  # as if killed right here

    monkeypatch.setattr(flows.store.OutputStore, "_flush", flush_then_die)
    assert _run(seed_raw, tmp_path) == 1
    monkeypatch.setattr(flows.store.OutputStore, "_flush", real_flush)
    assert _run(seed_raw, tmp_path) == 0
    assert "late.txt" in {record["source_path"] for record in read_records(tmp_path / "clean")}
    assert not list((tmp_path / "rejected").glob("*.json"))
    capsys.readouterr()


def test_a_run_stopped_after_a_gone_files_rejection_left_the_index_removes_it_later(
    prefect_harness, seed_raw: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    """A rejected file is deleted; the run that drops its row dies before the rejection
    file goes: no later run may keep a rejection that no index row (and no input) has."""
    (seed_raw / "empty.txt").write_bytes(b"")
    assert _run(seed_raw, tmp_path) == 0
    assert len(list((tmp_path / "rejected").glob("*.json"))) == 1
    (seed_raw / "empty.txt").unlink()

    def dies(*_: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))  # as if killed right here

    with monkeypatch.context() as patch:  # the row's removal is committed, the file stays
        patch.setattr(flows.store.reconcile, "remove_stale_rejections", dies)
        assert _run(seed_raw, tmp_path) == 1
    assert _run(seed_raw, tmp_path) == 0
    assert not list((tmp_path / "rejected").glob("*.json"))
    capsys.readouterr()
