"""The links' on-disk state: what it stores reads back the same, and what it bounds."""

from __future__ import annotations

import random
import sqlite3
import tracemalloc
from array import array
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import crossdoc.state
from cleaners.annotate import sha256_hex
from crossdoc import Doc, Linker, Links, shingles
from crossdoc import linker as linker_module
from crossdoc.features import features
from crossdoc.settings import RECENT_PER_BAND, SETTLE_SLICES
from crossdoc.shingles import band_keys, signature
from crossdoc.state import (
    StateVersionError,
    TermCounts,
    connect,
    pack,
    read_only_uri,
    settle,
    unpack,
)

TEXTS = [
    "The river Oste flooded the town of Brenna on Monday after three days of rain.",
    "Rescuers in Brenna pulled 12 people from the water as the Oste kept rising.",
    "A new bridge over the Oste opens in Kessel next spring, the council said.",
    "Kessel council approves 4 million for the bridge and a park by the river.",
]


def _doc(doc_id: str, text: str) -> Doc:
    return Doc(doc_id, text, "r1", f"{doc_id}.txt", content_hash=sha256_hex(text), language="en")


def test_a_term_vector_reads_back_exactly():
    vector = {"oste": 0.1 + 0.2, "#2019": 1 / 3, "kessel_council": -2.5e-300}
    assert unpack(pack(vector)) == vector
    assert list(unpack(pack(vector))) == list(vector)  # the order too
    assert unpack(pack({})) == {}


@pytest.mark.parametrize("capacity", [2, 1000])
def test_document_frequencies_are_those_of_the_documents_counted(tmp_path: Path, capacity):
    path = tmp_path / "links.sqlite"
    texts = TEXTS + [TEXTS[1], TEXTS[1]]  # counts in both levels, read back after eviction
    with Linker(path) as linker:
        linker.term_counts = TermCounts(linker.db, capacity)  # a tiny cache evicts often
        for n, text in enumerate(texts):
            linker.add(_doc(f"d{n}", text))
            linker.commit()
            if n == 1:  # their counts settle; the later documents' are newer, in recent_
                for _ in range(SETTLE_SLICES):
                    settle(linker.db)
    expected: Counter = Counter()
    for text in texts:
        found = features(text)
        expected.update(set(found.words) | set(found.entities))
    db = sqlite3.connect(path)
    stored = dict(db.execute("SELECT term, docs FROM document_frequency"))
    stored.update(db.execute("SELECT term, docs FROM recent_frequency"))  # the latest
    assert stored == dict(expected)


def test_a_failed_document_is_not_counted():
    with Linker(":memory:") as linker:
        counts = linker.term_counts
        linker.add(_doc("a", TEXTS[0]))
        counts.counted(["oste", "brenna"])  # a document that fails after its look-up
        linker.add(_doc("b", TEXTS[2]))
        assert counts.counted(["oste"]) == {"oste": 3}  # a, b and the one asked about


def test_a_changed_text_leaves_the_near_copies_of_the_old_one(tmp_path: Path):
    with Linker(tmp_path / "links.sqlite") as linker:
        linker.add(_doc("a", TEXTS[0] + " " + TEXTS[1]))
        linker.add(_doc("a", TEXTS[2] + " " + TEXTS[3]))  # the same record, new text
        assert linker.add(_doc("b", TEXTS[0] + " " + TEXTS[1])).near_duplicate_of is None
        assert linker.add(_doc("c", TEXTS[2] + " " + TEXTS[3])).near_duplicate_of == "a"


def test_a_crowded_bucket_still_finds_the_earliest_copy():
    text = " ".join(TEXTS)
    with Linker(":memory:") as linker:
        for n in range(2 * RECENT_PER_BAND):
            linker.add(_doc(f"copy{n:03d}", text))
        assert linker.add(_doc("late", text + " Updated.")).near_duplicate_of == "copy000"


def test_a_state_of_another_version_is_refused(tmp_path: Path):
    path = tmp_path / "links.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE docs (id TEXT PRIMARY KEY)")
    old.commit()
    old.close()
    with pytest.raises(StateVersionError, match="dechrome relink"):
        connect(path)
    connect(tmp_path / "new.sqlite").close()
    connect(tmp_path / "new.sqlite").close()  # its own state opens again


def _index_rows(db: sqlite3.Connection, table: str) -> list[tuple]:
    return db.execute(
        f"SELECT * FROM {table} UNION ALL SELECT * FROM middle_{table}"
        f" UNION ALL SELECT * FROM recent_{table}"
    ).fetchall()


def _count(db: sqlite3.Connection, table: str) -> int:
    return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _assert_the_indexes_hold_what_is_posted_once(db: sqlite3.Connection) -> None:
    posted = {
        (key, seq, num)
        for num, seq, blob in db.execute("SELECT num, last_seq, posted FROM stories")
        for key in array("q", blob)
    }
    bands = {
        (key, num)
        for num, blob in db.execute("SELECT num, signature FROM docs")
        for key in band_keys(np.frombuffer(blob, np.uint32))
    }
    assert sorted(_index_rows(db, "postings")) == sorted(posted)  # each once
    assert sorted(_index_rows(db, "bands")) == sorted(bands)
    for table in ("postings", "bands"):  # the large table's rows are counted as they change
        counted = db.execute("SELECT value FROM counters WHERE name = ?", (f"{table}_rows",))
        assert (counted.fetchone() or (0,))[0] == _count(db, table)


def test_the_indexes_hold_what_the_documents_and_stories_post(tmp_path: Path):
    with Linker(tmp_path / "links.sqlite") as linker:
        db = linker.db
        for n, text in enumerate(TEXTS + [TEXTS[0] + " " + TEXTS[2]]):  # the last one merges
            linker.add(_doc(f"d{n}", text))
            linker.commit()  # which settles one key range (of SETTLE_SLICES), in turn
        db.execute("BEGIN")
        for _ in range(SETTLE_SLICES // 2):  # half of them
            settle(db)
        db.execute("COMMIT")
        for level in ("", "middle_", "recent_"):
            assert _count(db, f"{level}postings") and _count(db, f"{level}bands"), level
        _assert_the_indexes_hold_what_is_posted_once(db)
        linker.add(_doc("d1", TEXTS[3] + " " + TEXTS[1]))  # a known document, new text
        linker.add(_doc("d5", TEXTS[3] + " " + TEXTS[0]))  # joins a settled story
        linker.add(_doc("d3", TEXTS[0]))  # its story's postings, some settled, go
        _assert_the_indexes_hold_what_is_posted_once(db)


def test_settled_entries_are_found_as_recent_ones():
    with Linker(":memory:") as linker:
        story = linker.add(_doc("a", TEXTS[0] + " " + TEXTS[1])).story_id
        for _ in range(2 * SETTLE_SLICES):  # all key ranges, through both levels
            settle(linker.db)
        for level in ("middle_", "recent_"):
            assert not _count(linker.db, f"{level}bands") + _count(linker.db, f"{level}postings")
        copy = linker.add(_doc("b", TEXTS[0] + " " + TEXTS[1] + " Updated."))
        assert copy == Links("a", story)


def test_a_file_that_is_no_state_is_refused_as_one_to_rebuild(tmp_path: Path):
    path = tmp_path / "links.sqlite"
    path.write_bytes(b"half a copy of something else " * 200)
    with pytest.raises(StateVersionError, match=f"{path}: .*dechrome relink"):
        connect(path)


def test_a_state_that_cannot_be_opened_says_so_not_that_it_is_none(tmp_path: Path, monkeypatch):
    """On a read-only filesystem SQLite cannot make the -shm file a WAL state needs: the
    first read fails with 'unable to open database file', which was reported as "no links
    state ... rebuild it"."""
    path = tmp_path / "links.sqlite"
    connect(path).close()

    class Unopenable(sqlite3.Connection):
        def execute(self, sql, *args):
            if sql.startswith("PRAGMA user_version"):
                raise sqlite3.OperationalError("unable to open database file")
            return super().execute(sql, *args)

    opened = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: opened(*a, factory=Unopenable, **k))
    with pytest.raises(StateVersionError, match="cannot open .* needs a writable folder"):
        connect(path, read_only=True)


@pytest.mark.parametrize("piece_chars", [1, 7, 40])
def test_a_text_read_in_pieces_has_the_signature_of_its_whole_shingle_set(
    monkeypatch, piece_chars: int
):
    texts = ["", "one", "two words", "Three Words Here", "a b c d e", "x" * 50 + " y z"]
    texts += [" ".join(["Korvath", "rubble", "quake", "2011", "Korvath"] * n) for n in (1, 9)]
    whole = [signature(text) for text in texts]
    monkeypatch.setattr(shingles, "PIECE_CHARS", piece_chars)
    assert all(np.array_equal(signature(t), w) for t, w in zip(texts, whole, strict=True))


def test_a_huge_text_is_signed_in_bounded_memory(monkeypatch):
    """A text's shingles are held a piece at a time: a 2.6 MB text read in pieces of 64 KB
    holds a few MB (all its shingles at once took ~70 MB; a 50 MB text's over a GB)."""
    rng = random.Random(7)
    text = " ".join(f"w{rng.randrange(10**6)}" for _ in range(400_000))
    monkeypatch.setattr(shingles, "PIECE_CHARS", 2**16, raising=False)
    tracemalloc.start()
    try:
        signature(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * len(text) + 10 * 2**20, peak


def test_a_run_stopped_inside_a_commit_leaves_the_state_as_last_committed(
    tmp_path: Path, monkeypatch
):
    """A stop signal raises between any two statements: one inside `commit` (a key range
    copied a level down, not yet deleted from the level above) was committed by the exit
    of the `with` block, each entry then in two levels; the store drops the batch's
    records, so the linker drops its documents too (the next run adds them again)."""
    path = tmp_path / "links.sqlite"
    with Linker(path) as linker:
        linker.add(_doc("d0", TEXTS[0]))
    real_settle = linker_module.settle

    def stopped(db: sqlite3.Connection) -> None:
        monkeypatch.setattr(linker_module, "settle", real_settle)  # the exit's commit
        for table in ("bands", "postings"):
            db.execute(f"INSERT OR IGNORE INTO middle_{table} SELECT * FROM recent_{table}")
        raise KeyboardInterrupt

    monkeypatch.setattr(linker_module, "settle", stopped)
    with pytest.raises(KeyboardInterrupt), Linker(path) as linker:
        linker.add(_doc("d1", TEXTS[1]))
        linker.commit()
    with Linker(path) as linker:
        _assert_the_indexes_hold_what_is_posted_once(linker.db)
        assert linker.db.execute("SELECT id FROM docs").fetchall() == [("d0",)]


def test_a_state_in_a_folder_that_cannot_be_written_is_read_as_immutable(tmp_path, monkeypatch):
    """A WAL state needs a -shm file beside it to be read; a read-only mount cannot hold
    one, so `dechrome stories` could not list a folder it may not write. A state its last
    writer closed cleanly is read as immutable there; one with a WAL left is not (an
    immutable read would miss the WAL's transactions)."""
    path = tmp_path / "links.sqlite"
    writer = connect(path)
    writer.execute("INSERT INTO counters VALUES ('probe', 7)")
    monkeypatch.setattr(crossdoc.state.os, "access", lambda *_: False)
    assert read_only_uri(path).endswith("?mode=ro")  # the writer's WAL is still there
    writer.close()
    assert read_only_uri(path).endswith("?immutable=1")
    reader = connect(path, read_only=True)
    assert reader.execute("SELECT value FROM counters WHERE name = 'probe'").fetchone() == (7,)
    reader.close()
    assert {p.name for p in tmp_path.iterdir()} == {"links.sqlite"}
