"""Archive readers open raw files as regular files only: never a symlink, never a FIFO."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cleaners.readers import container_kind
from cleaners.readers.regular import open_regular


def test_a_regular_file_opens(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(b"hello")
    with open_regular(str(page)) as handle:
        assert handle.read() == b"hello"


def test_a_symlink_is_refused_even_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "real.warc").write_bytes(b"WARC/1.0\r\n")
    os.symlink(tmp_path / "real.warc", tmp_path / "link.warc")
    with pytest.raises(OSError):
        open_regular(str(tmp_path / "link.warc"))


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.warc"
    os.mkfifo(fifo)
    with pytest.raises(OSError):
        open_regular(str(fifo))
    with pytest.raises(OSError):
        container_kind(str(fifo))
