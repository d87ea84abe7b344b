"""Fuzzing the raw folder: random trees of random bytes, gzip, articles, symlinks in and out
of the root, dangling links, FIFOs, empty and deeply nested folders, names with newlines
and invalid UTF-8. Every entry is accounted for, nothing outside the root is read, the run
completes."""

from __future__ import annotations

import gzip
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import Article, Rejection
from flows.batch import clean_batch
from flows.rawroot import RawFile, walk

SECRET = b"Outside-the-root secret that must never be read into a record"
ARTICLE = (
    b"Town hall news\n\n"
    + b"The council met on Monday and agreed a plan for the bridge over the river. " * 6
)
NAMES = st.one_of(
    st.binary(min_size=1, max_size=10).filter(
        lambda name: b"/" not in name and b"\x00" not in name and b"\\" not in name
    ),
    st.sampled_from([b"a\nb.txt", b"caf\xe9.txt", b"\xff\xfe", "zażółć.txt".encode(), b".hid"]),
).filter(lambda name: name not in (b".", b".."))
KINDS = ("bytes", "gzip", "article", "link_in", "link_out_file", "link_out_dir", "dangling")
KINDS += ("fifo", "empty_dir")
CONTENT_REASONS = {"empty", "binary", "undecodable", "too_large", "no_article"}


@dataclass(frozen=True)
class Entry:
    folders: tuple[bytes, ...]
    name: bytes
    kind: str
    data: bytes


ENTRIES = st.lists(
    st.builds(
        Entry,
        folders=st.lists(NAMES, max_size=7).map(tuple),
        name=NAMES,
        kind=st.sampled_from(KINDS),
        data=st.binary(max_size=300),
    ),
    max_size=14,
)


def _build(base: Path, entries: list[Entry]) -> tuple[bytes, dict[str, str]]:
    """The raw tree under base/raw, secrets under base/outside; returns the raw root and
    source_path -> what the entry must become ('content': a record or a content reason)."""
    root, outside = os.fsencode(base / "raw"), os.fsencode(base / "outside")
    os.makedirs(os.path.join(outside, b"folder"))
    for secret in (os.path.join(outside, b"secret.txt"), os.path.join(outside, b"folder", b"s")):
        with open(secret, "wb") as handle:
            handle.write(ARTICLE + SECRET)
    os.makedirs(root)
    expected: dict[str, str] = {}
    files: list[bytes] = []
    for entry in entries:
        folder = os.path.join(root, *entry.folders)
        path = os.path.join(folder, entry.name)
        try:
            os.makedirs(folder, exist_ok=True)
            if not os.path.realpath(folder).startswith(os.path.realpath(root)):
                continue  # a folder name taken by a link out of the root: not created
            outcome = _make(path, entry, files, outside)
        except OSError:  # a name already taken by a file or a folder: not created
            continue
        relative = os.path.relpath(path, root)
        if outcome and not any(part.startswith(b".") for part in relative.split(b"/")):
            expected[relative.decode("utf-8", "backslashreplace")] = outcome
    return root, expected


def _make(path: bytes, entry: Entry, files: list[bytes], outside: bytes) -> str | None:
    if os.path.lexists(path):
        raise FileExistsError(path)
    if entry.kind in ("bytes", "gzip", "article"):
        data = {"bytes": entry.data, "gzip": gzip.compress(entry.data), "article": ARTICLE}
        with open(path, "wb") as handle:
            handle.write(data[entry.kind])
        files.append(path)
        return "content"
    if entry.kind == "link_in" and files:
        os.symlink(os.path.relpath(files[-1], os.path.dirname(path)), path)
        return "content"
    if entry.kind in ("link_out_file", "link_out_dir"):
        target = b"secret.txt" if entry.kind == "link_out_file" else b"folder"
        os.symlink(os.path.join(outside, target), path)
        return "outside_root"
    if entry.kind == "dangling":
        os.symlink(path + b".missing", path)
        return "unreadable"
    if entry.kind == "fifo":
        os.mkfifo(path)
        return "not_a_file"
    if entry.kind == "empty_dir":
        os.mkdir(path)
    return None


def _outcome(result: Article | Rejection) -> str:
    if isinstance(result, Article) or result.reason in CONTENT_REASONS:
        return "content"
    return result.reason


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ENTRIES)
def test_every_entry_of_a_random_tree_is_accounted_for_and_nothing_outside_is_read(
    entries: list[Entry],
) -> None:
    opened: list[bytes] = []
    real_open = os.open

    def recording_open(path, *args, **kwargs):
        opened.append(os.fsencode(path))
        return real_open(path, *args, **kwargs)

    with tempfile.TemporaryDirectory() as base:
        root, expected = _build(Path(base), entries)
        found = list(walk(os.fsdecode(root)))
        os.open = recording_open
        try:
            results = [e for e in found if isinstance(e, Rejection)]
            results += clean_batch([e for e in found if isinstance(e, RawFile)])
        finally:
            os.open = real_open
        paths = [result.source_path for result in results]
        assert len(paths) == len(set(paths))  # each entry once
        assert {path: _outcome(r) for path, r in zip(paths, results, strict=True)} == expected
        assert not any(SECRET.decode() in result.model_dump_json() for result in results)
        real_root = os.path.realpath(root)
        assert all(path.startswith(real_root + b"/") for path in opened)


@pytest.mark.slow
@settings(
    max_examples=2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ENTRIES.filter(lambda entries: len(entries) >= 6))
def test_ingest_of_a_random_tree_completes_and_adds_up(prefect_harness, entries) -> None:
    from flows.ingest import ingest

    with tempfile.TemporaryDirectory() as base:
        root, expected = _build(Path(base), entries)
        summary = ingest(
            raw_dir=os.fsdecode(root),
            out_dir=os.path.join(base, "clean"),
            rejected_dir=os.path.join(base, "rejected"),
            workers=1,
        )
        assert summary["files_seen"] == summary["cleaned"] == len(expected)
        assert summary["records"] + sum(summary["rejected"].values()) == len(expected)
        outside = {"outside_root", "unreadable", "not_a_file"}
        for reason in outside:
            assert summary["rejected"].get(reason, 0) == sum(
                1 for outcome in expected.values() if outcome == reason
            )
        published = b"".join(p.read_bytes() for p in Path(base, "clean").glob("part-*"))
        assert SECRET not in published
