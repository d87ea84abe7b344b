"""Incremental, idempotent ingest runs: only new or changed files are cleaned, changed
files replace their record, deleted files keep theirs (marked), runs never interleave."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from flows.store import OutputStore, StoreLocked, read_records

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _ingest(raw: Path, tmp: Path, **kwargs) -> dict:
    from flows.ingest import ingest

    return ingest(
        raw_dir=str(raw),
        out_dir=str(tmp / "clean"),
        rejected_dir=str(tmp / "rejected"),
        batch_size=2,
        **kwargs,
    )


def _by_path(tmp: Path) -> dict[str, dict]:
    records = list(read_records(tmp / "clean"))
    by_path = {record["source_path"]: record for record in records}
    assert len(by_path) == len(records), "a raw file has more than one record"
    assert len({record["id"] for record in records}) == len(records), "duplicate ids"
    return by_path


def _output_files(tmp: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (tmp / "clean").glob("part-*.jsonl")}


def test_unchanged_folder_processes_nothing(seed_raw: Path, tmp_path: Path):
    first = _ingest(seed_raw, tmp_path)
    assert first["cleaned"] == 5 and first["records"] >= 1
    shards = _output_files(tmp_path)

    second = _ingest(seed_raw, tmp_path)
    assert (second["cleaned"], second["unchanged"]) == (0, 5)

    for path in seed_raw.iterdir():  # new mtime, same bytes: the content hash decides
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    third = _ingest(seed_raw, tmp_path)
    assert (third["cleaned"], third["unchanged"]) == (0, 5)
    assert _output_files(tmp_path) == shards


def _cleaning_code(monkeypatch, fingerprint: str, where: tuple[str, ...] = ("run", "worker")):
    """Pretend the run's and/or the workers' cleaning code has this fingerprint."""
    import flows.ingest
    import flows.store.output

    for module in [flows.store.output] * ("run" in where) + [flows.ingest] * ("worker" in where):
        monkeypatch.setattr(module, "cleaning_fingerprint", lambda: fingerprint)


def test_results_of_another_cleaning_code_are_made_again(seed_raw: Path, tmp_path, monkeypatch):
    """An upgrade (another fingerprint of the cleaning code) cleans unchanged files again,
    once; `keep_stale` keeps what the older code made."""
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    _cleaning_code(monkeypatch, "upgraded")
    again = _ingest(seed_raw, tmp_path)
    assert (again["cleaned"], again["stale"], again["unchanged"]) == (5, 5, 0)
    assert {p: r["text"] for p, r in _by_path(tmp_path).items()} == {
        p: r["text"] for p, r in before.items()
    }
    settled = _ingest(seed_raw, tmp_path)
    assert (settled["cleaned"], settled["stale"], settled["unchanged"]) == (0, 0, 5)
    _cleaning_code(monkeypatch, "upgraded twice")
    kept = _ingest(seed_raw, tmp_path, keep_stale=True)
    assert (kept["cleaned"], kept["stale"], kept["unchanged"]) == (0, 0, 5)


def test_a_worker_running_other_cleaning_code_stops_the_run(
    seed_raw: Path, tmp_path, monkeypatch, capsys
):
    """A worker (a Dask worker) whose cleaning code is not the run's: its results would be
    stored as the run's code's and never made again. The run stops, saying so, and keeps
    none of them; once the workers match, a run cleans everything."""
    from flows.cli import main as cli

    _cleaning_code(monkeypatch, "an older release", where=("worker",))
    args = ["ingest", "--raw", str(seed_raw), "--out", str(tmp_path / "clean")]
    args += ["--rejected", str(tmp_path / "rejected"), "--workers", "1"]
    assert cli(args) == 2
    message = capsys.readouterr().err
    assert "other cleaning code (fingerprint an older release" in message
    assert "nothing it cleaned was kept" in message
    assert not list(read_records(tmp_path / "clean"))
    monkeypatch.undo()
    assert cli(args) == 0
    assert len(_by_path(tmp_path)) == 5


def test_changed_file_replaces_its_record_deleted_file_keeps_it(seed_raw: Path, tmp_path):
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    changed, deleted = sorted(before)[:2]

    raw = seed_raw / changed
    raw.write_bytes(
        raw.read_bytes() + b"\n\nA new closing paragraph was added by the editors "
        b"after publication, with a few more words to read.\n"
    )
    (seed_raw / deleted).unlink()
    summary = _ingest(seed_raw, tmp_path)
    assert (summary["cleaned"], summary["unchanged"], summary["deleted"]) == (1, 3, 1)

    after = _by_path(tmp_path)
    assert after.keys() == before.keys()
    assert after[changed]["id"] == before[changed]["id"]
    assert after[changed]["raw_sha256"] != before[changed]["raw_sha256"]
    assert "closing paragraph" in after[changed]["text"]
    assert after[deleted]["source_deleted"] is True
    assert after[deleted]["text"] == before[deleted]["text"]
    assert not any(after[path]["source_deleted"] for path in after if path != deleted)


def test_a_file_that_turns_unreadable_keeps_its_record_marked_deleted(seed_raw: Path, tmp_path):
    """Its link now dangles (or it vanished between discovery and reading): `unreadable`
    says nothing of its content, so its record stays, marked as a deleted file's is, and
    no rejection stands beside it. The rejection replaced the record: it was lost."""
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    name = sorted(before)[0]
    (seed_raw / name).unlink()
    (seed_raw / name).symlink_to(seed_raw / "gone-target.txt")
    summary = _ingest(seed_raw, tmp_path)
    assert summary["deleted"] == 1
    after = _by_path(tmp_path)
    assert after.keys() == before.keys()
    assert after[name]["source_deleted"] is True and after[name]["text"] == before[name]["text"]
    assert not list((tmp_path / "rejected").glob("*.json"))

    (seed_raw / name).unlink()  # readable again: cleaned again, no longer marked deleted
    (seed_raw / name).write_text(before[name]["text"], encoding="utf-8")
    _ingest(seed_raw, tmp_path)
    assert _by_path(tmp_path)[name]["source_deleted"] is False


def test_when_a_storys_first_record_goes_its_story_takes_the_next_one(seed_raw, tmp_path):
    """The file of the story's first record now holds no article: the record goes, and the
    others' story_id named a record that no longer exists (`dechrome check` failed on every
    run after). The story's id becomes its earliest record left, and check passes."""
    from flows.checks import check_output

    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    (root,) = {record["story_id"] for record in before.values()}
    first = next(path for path, record in before.items() if record["id"] == root)
    (seed_raw / first).write_bytes(b"")  # emptied: rejected as empty
    _ingest(seed_raw, tmp_path)
    after = _by_path(tmp_path)
    assert first not in after and len(after) == len(before) - 1
    stories = {record["story_id"] for record in after.values()}
    assert len(stories) == 1 and stories <= {record["id"] for record in after.values()}
    assert check_output(tmp_path / "clean").ok


def test_new_articles_join_stories_without_changing_their_ids(seed_raw: Path, tmp_path: Path):
    last = sorted(seed_raw.iterdir())[-1]
    held_back = last.read_bytes()
    last.unlink()
    _ingest(seed_raw, tmp_path)
    before = {path: record["story_id"] for path, record in _by_path(tmp_path).items()}
    assert len(set(before.values())) == 1

    last.write_bytes(held_back)
    _ingest(seed_raw, tmp_path)
    after = {path: record["story_id"] for path, record in _by_path(tmp_path).items()}
    assert after == before | {last.name: next(iter(before.values()))}


def test_full_reprocesses_everything(seed_raw: Path, tmp_path: Path):
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    summary = _ingest(seed_raw, tmp_path, full=True)
    assert (summary["cleaned"], summary["unchanged"]) == (5, 0)
    after = _by_path(tmp_path)
    assert {p: r["id"] for p, r in after.items()} == {p: r["id"] for p, r in before.items()}


def test_a_run_fails_fast_while_another_holds_the_output(seed_raw: Path, tmp_path: Path):
    _ingest(seed_raw, tmp_path)
    shards = _output_files(tmp_path)
    (seed_raw / "extra.txt").write_bytes((seed_raw / sorted(os.listdir(seed_raw))[0]).read_bytes())
    holder = OutputStore(tmp_path / "clean", tmp_path / "rejected", "other-run")
    with holder, pytest.raises(StoreLocked):
        _ingest(seed_raw, tmp_path)
    assert _output_files(tmp_path) == shards


def test_concurrent_runs_do_not_duplicate_or_corrupt(seed_raw: Path, tmp_path: Path):
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_ingest, seed_raw, tmp_path) for _ in range(2)]
    outcomes = []
    for future in futures:
        try:
            outcomes.append(future.result()["cleaned"])
        except StoreLocked:
            outcomes.append("locked")
    assert outcomes.count(5) == 1, outcomes  # one run cleaned everything
    assert set(outcomes) <= {5, 0, "locked"}, outcomes  # the other waited its turn or failed
    records = _by_path(tmp_path)
    assert len(records) == 5 - len(list((tmp_path / "rejected").glob("*.json")))


def test_only_content_verdicts_are_kept_across_runs():
    from flows.store import FileState

    def state(status: str, reason: str | None = None) -> FileState:
        return FileState("sha", 1, 1, status, reason)

    assert state("record").settled
    assert state("rejected", "binary").settled
    assert state("rejected", "timeout").settled
    assert not state("rejected", "unreadable").settled  # the file may be readable next time
    assert not state("rejected", "internal_error").settled  # a fixed bug gets a new try
    assert not state("deleted").settled  # it came back


def test_a_batch_size_below_one_is_refused_and_loses_nothing(seed_raw: Path, tmp_path: Path):
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    from flows.ingest import ingest

    with pytest.raises(ValueError, match="batch_size"):
        ingest(str(seed_raw), str(tmp_path / "clean"), str(tmp_path / "rejected"), batch_size=0)
    assert _by_path(tmp_path) == before  # no record marked source_deleted


def test_the_cli_refuses_a_batch_size_below_one(capsys):
    from flows.cli import build_parser

    for value in ("0", "-3"):
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args(["ingest", "--batch-size", value])
        assert stop.value.code == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_a_time_limit_of_zero_is_refused_and_loses_nothing(seed_raw: Path, tmp_path: Path, capsys):
    """At 0 every page was rejected as `timeout`, a verdict later runs keep: the whole
    folder stayed rejected until a run with --full."""
    from flows.cli import build_parser

    for option in ("--doc-timeout", "--doc-seconds-per-mb"):
        with pytest.raises(SystemExit) as stop:
            build_parser().parse_args(["ingest", option, "0"])
        assert stop.value.code == 2
    assert "must be above 0" in capsys.readouterr().err
    with pytest.raises(ValueError, match="above 0"):
        _ingest(seed_raw, tmp_path, doc_timeout=0)
    assert not (tmp_path / "clean").exists() or not _by_path(tmp_path)


def test_a_missing_raw_folder_is_refused_and_loses_nothing(seed_raw: Path, tmp_path: Path):
    _ingest(seed_raw, tmp_path)
    before = _by_path(tmp_path)
    mount = seed_raw.rename(tmp_path / "unmounted")  # a share that is not mounted now
    with pytest.raises(FileNotFoundError, match="raw folder"):
        _ingest(seed_raw, tmp_path)
    assert _by_path(tmp_path) == before  # no record marked source_deleted
    assert not list((tmp_path / "rejected").glob("*.json"))
    mount.rename(seed_raw)
    assert _ingest(seed_raw, tmp_path)["unchanged"] == 5


def test_run_ids_sort_by_time_whatever_the_clock_zone(monkeypatch):
    import time

    from flows.ingest import new_run_id

    monkeypatch.setenv("TZ", "XYZ-14")  # UTC+14: local time is a day ahead of UTC
    time.tzset()
    try:
        stamp = new_run_id().split("-")[0]
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    ran = time.mktime(time.strptime(stamp, "%Y%m%dT%H%M%S")) - time.mktime(time.gmtime())
    assert abs(ran) < 60  # UTC: a DST change or a moved server never makes a run "earlier"


def test_output_inside_the_raw_folder_is_refused(seed_raw: Path, tmp_path: Path, capsys):
    from flows.cli import main
    from flows.ingest import ingest

    before = sorted(seed_raw.rglob("*"))
    with pytest.raises(ValueError, match="inside the raw folder"):  # `--raw .`, say
        ingest(str(seed_raw), str(seed_raw / "data/clean"), str(tmp_path / "rejected"))
    with pytest.raises(ValueError, match="inside the raw folder"):
        ingest(str(seed_raw), str(tmp_path / "clean"), str(seed_raw))
    out = ["--out", str(tmp_path / "clean"), "--rejected", str(seed_raw / "r")]
    assert main(["ingest", "--raw", str(seed_raw), *out]) == 2
    assert "inside the raw folder" in capsys.readouterr().err
    assert sorted(seed_raw.rglob("*")) == before  # it would have read its own output next time


def test_a_deleted_files_copy_names_no_gone_record(seed_raw: Path, tmp_path: Path):
    """A copy's file is deleted (its record stays, marked), then the file it was a copy of
    holds no article: the kept copy's duplicate_of named the gone record (`dechrome check`
    failed, rule links_resolve, on every run after)."""
    from flows.checks import check_output

    original = sorted(seed_raw.iterdir())[0]
    (seed_raw / "zz-copy.txt").write_bytes(original.read_bytes())
    _ingest(seed_raw, tmp_path)
    assert _by_path(tmp_path)["zz-copy.txt"]["duplicate_of"] is not None
    (seed_raw / "zz-copy.txt").unlink()
    _ingest(seed_raw, tmp_path)
    original.write_bytes(b"")  # emptied: rejected as empty, its record goes
    _ingest(seed_raw, tmp_path)
    after = _by_path(tmp_path)
    assert original.name not in after and after["zz-copy.txt"]["source_deleted"] is True
    report = check_output(tmp_path / "clean")
    assert report.ok, "\n".join(report.lines())
