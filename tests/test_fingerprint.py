"""The cleaning code's fingerprint: it changes with any library file or output dependency."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners import fingerprint
from cleaners.fingerprint import cleaning_fingerprint


def test_the_fingerprint_is_sixteen_hex_digits_and_stable() -> None:
    assert cleaning_fingerprint() == cleaning_fingerprint()
    assert len(cleaning_fingerprint()) == 16 and int(cleaning_fingerprint(), 16) >= 0


def test_a_changed_file_or_dependency_changes_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fingerprint, "_LIBRARY", tmp_path)
    (tmp_path / "stage.py").write_text("LIMIT = 1\n")
    (tmp_path / "notes.txt").write_text("not code")
    compute = cleaning_fingerprint.__wrapped__
    before = compute()
    (tmp_path / "notes.txt").write_text("still not code")
    assert compute() == before
    (tmp_path / "stage.py").write_text("LIMIT = 2\n")
    changed = compute()
    assert changed != before
    monkeypatch.setattr(fingerprint, "_version", lambda name: "9.9")
    assert compute() != changed


@pytest.mark.parametrize("name", fingerprint.OUTPUT_DEPENDENCIES)
def test_every_output_dependency_is_installed(name: str) -> None:
    assert fingerprint._version(name) != "none"
