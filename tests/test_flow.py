"""The ingest flow end to end on a temporary folder, and `dechrome check` on its output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.checks import check_output
from flows.cli import main as cli
from flows.store import read_records


@pytest.fixture
def folders(tmp_path: Path, seed_raw: Path) -> dict[str, str]:
    (seed_raw / "sub").mkdir()
    copy = (seed_raw / "000_db192a472c371e1f.txt").read_bytes()
    (seed_raw / "sub" / "copy-of-000.txt").write_bytes(copy)  # an exact duplicate
    (seed_raw / "empty.txt").write_bytes(b"")
    return {
        "raw_dir": str(seed_raw),
        "out_dir": str(tmp_path / "clean"),
        "rejected_dir": str(tmp_path / "rejected"),
    }


def test_run_totals_count_links_over_the_records_left(prefect_harness, folders):
    """The story's first record goes (its file emptied): the run's totals count the records
    left, not the links state's documents (which still hold the gone one)."""
    from flows.ingest import ingest

    ingest(**folders)
    (Path(folders["raw_dir"]) / "000_db192a472c371e1f.txt").write_bytes(b"")
    totals = ingest(**folders)["totals"]
    assert (totals["near_duplicate_groups"], totals["stories"], totals["largest_story"]) == (
        0,
        1,
        5,
    )


def test_ingest_end_to_end(prefect_harness, folders):
    from flows.ingest import ingest

    summary = ingest(**folders, batch_size=2)

    records = list(read_records(Path(folders["out_dir"])))
    assert summary["files_seen"] == 7
    by_path = {r["source_path"]: r for r in records}
    assert len(records) == len(by_path) == 6
    original = by_path["000_db192a472c371e1f.txt"]
    assert by_path["sub/copy-of-000.txt"]["duplicate_of"] == original["id"]
    assert original["duplicate_of"] is None
    rejection = json.loads(next(Path(folders["rejected_dir"]).glob("*.json")).read_text())
    assert (rejection["source_path"], rejection["reason"]) == ("empty.txt", "empty")
    assert summary["totals"]["rejections"] == {"empty": 1}
    assert summary["totals"]["languages"] == {"en": 6}
    # the five seeds are one story told by five outlets; the copy is a near duplicate too
    assert {r["story_id"] for r in records} == {original["id"]}
    near = {r["source_path"]: r["near_duplicate_of"] for r in records if r["near_duplicate_of"]}
    assert near == {"sub/copy-of-000.txt": original["id"]}
    totals = summary["totals"]
    assert (totals["near_duplicate_groups"], totals["stories"], totals["largest_story"]) == (
        1,
        1,
        6,
    )

    again = ingest(**folders)  # unchanged folder: nothing to do, same records
    assert (again["cleaned"], again["unchanged"]) == (0, 7)
    assert list(read_records(Path(folders["out_dir"]))) == records

    full = ingest(**folders, full=True)  # reprocess everything: same records, no duplicates
    assert full["cleaned"] == 7
    assert sorted(read_records(Path(folders["out_dir"])), key=lambda r: r["id"]) == sorted(
        records, key=lambda r: r["id"]
    )


def test_stories_command_lists_stories_largest_first(prefect_harness, folders, capsys):
    from flows.cli import main
    from flows.ingest import ingest

    assert main(["stories", "--out", folders["out_dir"]]) == 2  # nothing ingested yet
    ingest(**folders)
    capsys.readouterr()
    assert main(["stories", "--out", folders["out_dir"], "--json"]) == 0
    (story,) = json.loads(capsys.readouterr().out)
    assert story["size"] == 6 and story["title"].startswith("‘Serious’ talk between Biden")
    assert main(["stories", "--out", folders["out_dir"]]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and lines[1].split()[0] == "6"


def test_stories_that_cannot_be_read_say_so_in_one_line(folders, capsys, monkeypatch):
    """The index beside the state cannot be read (a read-only folder: no -shm file)."""
    import sqlite3

    import flows.stories
    from flows.cli import main

    state = Path(folders["out_dir"]) / "_dechrome" / "crossdoc.sqlite"
    state.parent.mkdir(parents=True)
    state.touch()

    def unreadable(*_):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(flows.stories, "listed_stories", unreadable)
    assert main(["stories", "--out", folders["out_dir"]]) == 2
    assert "cannot read the index" in capsys.readouterr().err


def test_check_passes_on_clean_output_and_names_planted_chrome(prefect_harness, folders, capsys):
    assert (
        cli(
            [
                "ingest",
                "--raw",
                folders["raw_dir"],
                "--out",
                folders["out_dir"],
                "--rejected",
                folders["rejected_dir"],
            ]
        )
        == 0
    )
    assert check_output(Path(folders["out_dir"])).ok
    assert cli(["check", "--out", folders["out_dir"]]) == 0

    shard = next(Path(folders["out_dir"]).glob("part-*.jsonl"))
    lines = shard.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["text"] += "\n\nShare This Post"
    lines[1] = json.dumps(record, ensure_ascii=False)
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()

    assert cli(["check", "--out", folders["out_dir"]]) == 1
    report = capsys.readouterr().out
    assert f"{record['id']} ({record['source_path']}): no_chrome" in report
