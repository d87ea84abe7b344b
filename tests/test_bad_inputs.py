"""Bad input becomes a rejection with a clear reason; the rest of the batch completes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from cleaners import Article, Rejection, clean
from flows.batch import clean_batch
from flows.discover import discover

BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"  \n\r\n\t ", "empty"),
    "binary.bin": (bytes(range(256)) * 8, "binary"),
    "image.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(512), "binary"),
    "corrupt.txt.gz": (b"\x1f\x8b\x08\x00garbage", "binary"),
    "menu.html": (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no_article"),
    "short.txt": (b"Home\nNews\nSport\nWeather\n", "no_article"),
    "numbers.txt": (b"2024 12 31, 17:45 = 1,250.00 + 3.5 - 42 ... 7 8 9 !!! " * 40, "no_article"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_library_rejects_bad_input_with_reason(name):
    raw, reason = BAD_INPUTS[name]
    result = clean(raw, source_path=name)
    assert isinstance(result, Rejection)
    assert result.reason == reason, result
    assert result.source_path == name


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_batch_with_bad_files_completes_and_raw_is_untouched(seed_raw: Path):
    for name, (raw, _) in BAD_INPUTS.items():
        (seed_raw / name).write_bytes(raw)
    (seed_raw / "vanishing.txt").write_bytes(b"gone before it is read")
    files = list(discover(seed_raw))
    (seed_raw / "vanishing.txt").unlink()  # discovered, then unreadable
    before = _digests(seed_raw)

    results = {r.source_path: r for r in clean_batch(files)}

    assert len(results) == len(files)
    assert sum(isinstance(r, Article) for r in results.values()) == 5
    for name, (_, reason) in BAD_INPUTS.items():
        assert results[name].reason == reason
    assert results["vanishing.txt"].reason == "unreadable"
    assert _digests(seed_raw) == before
