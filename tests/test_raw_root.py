"""The raw root is a boundary: links out of it, dangling links and FIFOs are rejections, no
file outside it is ever opened, and every entry of the tree is accounted for."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cleaners import Article, Rejection
from flows.batch import clean_batch
from flows.rawroot import RawFile, read_raw, walk
from flows.store import read_records

SECRET = "Confidential launch codes of the outside world stay where they are"


def _article(topic: str) -> str:
    sentence = f"The committee on {topic} met again on Monday and agreed a detailed plan. "
    return f"{topic.title()} report\n\n" + sentence * 6 + "\n\n" + sentence * 5


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A raw folder with every kind of hostile entry of issue 14, and a secret outside it."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(_article("secrets") + SECRET, encoding="utf-8")
    (outside / "folder" / "more.txt").write_text(_article("more") + SECRET, encoding="utf-8")
    raw = tmp_path / "raw"
    (raw / "real").mkdir(parents=True)
    (raw / "article.txt").write_text(_article("bridges"), encoding="utf-8")
    (raw / "real" / "inner.txt").write_text(_article("rivers"), encoding="utf-8")
    (raw / "escape.txt").symlink_to(outside / "secret.txt")
    (raw / "escape_relative.txt").symlink_to(Path("..") / "outside" / "secret.txt")
    (raw / "escape_dir").symlink_to(outside / "folder", target_is_directory=True)
    (raw / "dangling.txt").symlink_to(raw / "missing.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    (raw / "inside_link.txt").symlink_to(raw / "article.txt")  # links inside the root work
    (raw / "linked_dir").symlink_to(raw / "real", target_is_directory=True)
    (raw / "root_link").symlink_to(raw, target_is_directory=True)  # would loop: not walked
    os.mkfifo(raw / "pipe")
    (raw / "real" / "pipe_link").symlink_to(raw / "pipe")
    return raw


EXPECTED = {
    "article.txt": "record",
    "dangling.txt": "unreadable",
    "escape.txt": "outside_root",
    "escape_dir": "outside_root",
    "escape_relative.txt": "outside_root",
    "inside_link.txt": "record",
    "linked_dir/inner.txt": "record",
    "linked_dir/pipe_link": "not_a_file",
    "loop.txt": "unreadable",
    "pipe": "not_a_file",
    "real/inner.txt": "record",
    "real/pipe_link": "not_a_file",
}


def _outcomes(results: list[Article | Rejection]) -> dict[str, str]:
    return {r.source_path: "record" if isinstance(r, Article) else r.reason for r in results}


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path os.open is called with (read_raw's only way in) during the test."""
    paths: list[str] = []
    real_open = os.open

    def recording_open(path, *args, **kwargs):
        paths.append(os.fspath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", recording_open)
    return paths


def test_every_entry_gets_its_outcome_and_nothing_outside_is_opened(hostile: Path, opened):
    entries = list(walk(hostile))
    files = [e for e in entries if isinstance(e, RawFile)]
    results = [e for e in entries if isinstance(e, Rejection)] + clean_batch(files)

    assert _outcomes(results) == EXPECTED
    assert all(SECRET not in r.model_dump_json() for r in results)
    root = os.path.realpath(hostile)
    assert opened and all(path.startswith(root + os.sep) for path in opened)
    assert not any(path.endswith("pipe") for path in opened)  # the FIFO is never opened


def test_a_file_swapped_for_a_link_after_discovery_is_not_read(hostile: Path, tmp_path: Path):
    (article,) = [e for e in walk(hostile) if getattr(e, "source_path", "") == "article.txt"]
    os.unlink(hostile / "article.txt")
    (hostile / "article.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    with pytest.raises(Exception) as caught:
        read_raw(article, 1 << 20)
    assert caught.value.reason == "unreadable"


def test_a_folder_swapped_for_a_link_after_discovery_is_not_read(hostile: Path, tmp_path: Path):
    (inner,) = [e for e in walk(hostile) if getattr(e, "source_path", "") == "real/inner.txt"]
    (tmp_path / "outside" / "folder" / "inner.txt").write_text(SECRET, encoding="utf-8")
    (hostile / "real").rename(tmp_path / "moved")
    (hostile / "real").symlink_to(tmp_path / "outside" / "folder", target_is_directory=True)
    result = clean_batch([inner])[0]
    assert (result.reason, SECRET in result.model_dump_json()) == ("unreadable", False)


def test_a_file_swapped_for_a_fifo_after_discovery_is_not_read(hostile: Path):
    (article,) = [e for e in walk(hostile) if getattr(e, "source_path", "") == "article.txt"]
    os.unlink(hostile / "article.txt")
    os.mkfifo(hostile / "article.txt")
    assert clean_batch([article])[0].reason == "not_a_file"  # opened non-blocking, not read


def test_names_that_are_not_utf8_or_hold_newlines_become_valid_source_paths(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = _article("names").encode()
    (raw / "line\nbreak.txt").write_bytes(text)
    with open(os.path.join(os.fsencode(raw), b"caf\xe9.txt"), "wb") as handle:
        handle.write(text)
    results = clean_batch(list(walk(raw)))
    assert sorted(r.source_path for r in results) == ["caf\\xe9.txt", "line\nbreak.txt"]
    assert all(isinstance(r, Article) for r in results)
    for result in results:
        json.loads(result.model_dump_json())


def test_ingest_summary_adds_up_and_publishes_nothing_from_outside(
    prefect_harness, hostile: Path, tmp_path: Path
):
    from flows.ingest import ingest

    folders = {
        "raw_dir": str(hostile),
        "out_dir": str(tmp_path / "clean"),
        "rejected_dir": str(tmp_path / "rejected"),
    }
    summary = ingest(**folders, batch_size=3, workers=1)

    records = list(read_records(Path(folders["out_dir"])))
    rejections = [
        json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "rejected").glob("*.json")
    ]
    outcomes = {r["source_path"]: "record" for r in records}
    outcomes |= {r["source_path"]: r["reason"] for r in rejections}
    assert outcomes == EXPECTED
    assert summary["files_seen"] == len(EXPECTED) == summary["cleaned"]
    assert summary["records"] + sum(summary["rejected"].values()) == summary["cleaned"]
    assert SECRET not in "".join(p.read_text() for p in (tmp_path / "clean").glob("part-*"))

    again = ingest(**folders)  # nothing changed: every entry unchanged, outcomes kept
    assert (again["files_seen"], again["unchanged"], again["cleaned"]) == (len(EXPECTED),) * 2 + (
        0,
    )
    assert len(list((tmp_path / "rejected").glob("*.json"))) == len(rejections)


def test_names_not_utf8_that_differ_only_in_those_bytes_keep_apart(tmp_path: Path):
    """Each byte that is not UTF-8 becomes its own `\\xNN` escape (no U+FFFD): names that
    differ only there get distinct source paths and record ids, the same every walk; UTF-8
    parts of a name, and valid names, are kept as they are."""
    from cleaners.annotate import record_id

    raw = tmp_path / "raw"
    raw.mkdir()
    names = [b"caf\xe9.txt", b"caf\xe8.txt", b"caf\xe9\xe9.txt", b"caf\xc3.txt", b"caf\xc3\xa9\xff"]
    names += ["café.txt".encode(), b"d\xff/page.txt", b"d\xfe/page.txt"]
    for name in names:
        path = os.path.join(os.fsencode(raw), name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(_article("names").encode())
    found = sorted(entry.source_path for entry in walk(raw))
    assert found == [
        "caf\\xc3.txt",
        "caf\\xe8.txt",
        "caf\\xe9.txt",
        "caf\\xe9\\xe9.txt",
        "café.txt",
        "café\\xff",
        "d\\xfe/page.txt",
        "d\\xff/page.txt",
    ]
    assert len({record_id(path) for path in found}) == len(names)
    assert sorted(entry.source_path for entry in walk(raw)) == found


def test_a_name_that_spells_an_escape_keeps_apart_from_the_name_it_spells(tmp_path: Path):
    """`caf\\xe9.txt` written with a backslash is a valid name of its own: it got the same
    source path (and record id) as the name with the byte 0xE9, so one of the two files'
    records replaced the other's in the index and both lines stayed in the shard."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in (b"caf\xe9.txt", b"caf\\xe9.txt", b"back\\slash.txt", b"plain.txt"):
        with open(os.path.join(os.fsencode(raw), name), "wb") as handle:
            handle.write(_article("names").encode())
    found = sorted(entry.source_path for entry in walk(raw))
    assert found == ["back\\\\slash.txt", "caf\\\\xe9.txt", "caf\\xe9.txt", "plain.txt"]
