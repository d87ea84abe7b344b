"""`dechrome relink`: the links state rebuilt from the records, without re-cleaning."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from test_crossdoc import FLOOD, QUAKE, _article, _run

from cleaners import Article
from cleaners.annotate import record_id
from crossdoc import Doc, Linker
from crossdoc.linker import STATE_FILE
from flows.cli import main
from flows.relink import relink
from flows.store import STATE_DIR, read_records, shard_lines, shard_run


def _output(tmp_path: Path) -> Path:
    """An output folder of two runs: a quake and a flood story, then one article reporting
    both, which merges them (the older id wins)."""
    out = tmp_path / "clean"
    _run(out, "20260101T000000-aaaaaa", [_article("a.txt", QUAKE), _article("b.txt", FLOOD)], [])
    both = _article("c.txt", QUAKE + " " + FLOOD)
    _run(out, "20260102T000000-bbbbbb", [both], ["a.txt", "b.txt"])
    return out


def _links(out: Path) -> dict[str, tuple]:
    return {r["source_path"]: (r["near_duplicate_of"], r["story_id"]) for r in read_records(out)}


def test_relink_rebuilds_a_lost_state_with_the_same_links(tmp_path: Path):
    out = _output(tmp_path)
    before = _links(out)
    (out / STATE_DIR / STATE_FILE).unlink()
    summary = relink(out)
    assert summary.records == 3 and summary.changed == 0
    assert summary.counts["stories"] == 1
    assert _links(out) == before


def test_a_stored_record_gives_the_doc_its_validated_article_gives(tmp_path: Path):
    stored = [(shard, json.loads(line)) for shard, *_, line in shard_lines(_output(tmp_path))]
    assert len(stored) == 3
    for shard, record in stored:
        run = shard_run(shard)
        assert Doc.of_stored(record, run) == Doc.of_record(Article.model_validate(record), run)


def test_relink_replaces_a_state_of_another_version_and_rewrites_changed_records(
    tmp_path: Path, capsys
):
    out = _output(tmp_path)
    state = out / STATE_DIR / STATE_FILE
    state.unlink()
    old = sqlite3.connect(state)  # an old version's state, whose links are gone
    old.execute("CREATE TABLE documents (id TEXT)")
    old.execute("PRAGMA user_version=2")
    old.commit()
    old.close()
    index = sqlite3.connect(out / STATE_DIR / "index.sqlite")
    index.execute("UPDATE files SET story_id = 'stale'")  # what the old state had said
    index.commit()
    index.close()
    assert main(["relink", "--out", str(out)]) == 0
    assert "relinked 3 records (3 changed)" in capsys.readouterr().out
    stories = {story for _, story in _links(out).values()}
    assert stories == {record_id("a.txt")}
    with sqlite3.connect(state) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] != 2


def test_relink_without_an_output_folder_says_so(tmp_path: Path, capsys):
    assert main(["relink", "--out", str(tmp_path / "none")]) == 2
    assert "run ingest first" in capsys.readouterr().err


def test_stories_on_a_state_of_another_version_says_relink(tmp_path: Path, capsys):
    out = _output(tmp_path)
    state = out / STATE_DIR / STATE_FILE
    state.unlink()
    old = sqlite3.connect(state)
    old.execute("CREATE TABLE documents (id TEXT)")
    old.execute("PRAGMA user_version=2")
    old.commit()
    old.close()
    assert main(["stories", "--out", str(out)]) == 2
    assert "dechrome relink" in capsys.readouterr().err
    assert main(["relink", "--out", str(out)]) == 0
    assert main(["stories", "--out", str(out)]) == 0


def test_stories_names_and_counts_a_story_by_its_records(tmp_path: Path, capsys):
    """The story's first record goes (its file holds no article): `dechrome stories` shows
    the id its records now carry and counts only them (it listed the state's old id and
    size)."""
    out = tmp_path / "clean"
    retold = "Rescuers in Korvath, Northern Valdoria, pulled survivors from the rubble " + QUAKE
    articles = [_article("a.txt", QUAKE), _article("b.txt", retold), _article("c.txt", FLOOD)]
    _run(out, "r1", articles, [])
    records = _run(out, "r2", [], ["b.txt", "c.txt"], emptied=("a.txt",))
    assert records["b.txt"]["story_id"] == record_id("b.txt")
    assert main(["stories", "--out", str(out), "--json"]) == 0
    listed = [(story["story_id"], story["size"]) for story in json.loads(capsys.readouterr().out)]
    assert listed == [(record_id("b.txt"), 1), (record_id("c.txt"), 1)]


def test_stories_lists_while_a_run_writes_the_state(tmp_path: Path, capsys):
    """A run holds the state's write transaction between its commits: the listing reads
    what is committed (it waited 5 s for the lock, then failed: database is locked)."""
    out = tmp_path / "clean"
    _run(out, "r1", [_article("a.txt", QUAKE)], [])
    with Linker(out / STATE_DIR / STATE_FILE) as linker:
        linker.add(Doc.of_record(_article("b.txt", FLOOD), "r2"))
        assert main(["stories", "--out", str(out), "--json"]) == 0
    assert [story["story_id"] for story in json.loads(capsys.readouterr().out)] == [
        record_id("a.txt")
    ]


def test_relink_after_a_full_run_keeps_the_first_ingested_record_first(tmp_path: Path):
    """`ingest --full` stores every record again in the new run's shards: relink still adds
    them in the order the links state first had them, with the run that first ingested
    them, so the near-copy root and the story id stay (they went to the record whose name
    sorts first)."""
    out = tmp_path / "clean"
    retold = "Rescuers in Korvath, Northern Valdoria, pulled survivors from the rubble " + QUAKE
    _run(out, "r1", [_article("z.txt", QUAKE)], [])
    _run(out, "r2", [_article("a.txt", retold)], ["z.txt"])
    full = _run(out, "r3", [_article("a.txt", retold), _article("z.txt", QUAKE)], [])
    assert full["a.txt"]["near_duplicate_of"] == full["a.txt"]["story_id"] == record_id("z.txt")
    before = _links(out)
    (out / STATE_DIR / STATE_FILE).unlink()
    assert relink(out).changed == 0
    assert _links(out) == before


def test_relink_on_a_full_disk_says_so_and_keeps_the_state(tmp_path: Path, capsys, monkeypatch):
    """Writing the new state fails (a full disk, a read-only folder): one line and exit 1,
    not a traceback; the old state stays."""
    import flows.relink

    out = _output(tmp_path)
    state = (out / STATE_DIR / STATE_FILE).read_bytes()

    class FullDisk(Linker):
        def add(self, doc: Doc):
            raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(flows.relink, "Linker", FullDisk)
    assert main(["relink", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"dechrome: cannot write the index in {out}: database or disk is full\n"
    )
    assert (out / STATE_DIR / STATE_FILE).read_bytes() == state
