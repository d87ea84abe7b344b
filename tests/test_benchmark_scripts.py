"""Every benchmark script runs as the docs show it (`python benchmarks/x.py`, no PYTHONPATH,
from any folder), and a benchmark folder that is not there is one line and exit code 2, not
a traceback or an empty table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests_support import ROOT

pytestmark = pytest.mark.slow
SCRIPTS = sorted(
    path.name
    for path in (ROOT / "benchmarks").glob("*.py")
    if 'if __name__ == "__main__":' in path.read_text(encoding="utf-8")
)
FOLDER_OPTIONS = {  # script -> its options naming benchmark folders
    "archives.py": ["--warc-dir"],
    "crossdoc_scale.py": ["--aeb-dir"],
    "dump_bench.py": ["--aeb-dir", "--readability-dir"],
    "encoding.py": ["--aeb-dir"],
    "extraction.py": ["--aeb-dir", "--readability-dir"],
    "html_bench.py": ["--aeb-dir", "--readability-dir"],
    "html_losses.py": ["--aeb-dir", "--readability-dir"],
    "neardup.py": ["--bench-dir"],
    "stories_aeb.py": ["--aeb-dir"],
    "stories_ecb.py": ["--ecb-dir"],
    "textdump_aeb.py": ["--aeb-dir"],
    "throughput.py": ["--aeb-dir"],
    "titles.py": ["--aeb-dir", "--readability-dir"],
    "train_textdump.py": ["--aeb-dir"],
}


def _run(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_script_is_listed():
    assert sorted([*FOLDER_OPTIONS, "text_scale.py"]) == SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_shows_its_help_without_pythonpath(script: str, tmp_path: Path):
    done = _run(script, "--help", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


@pytest.mark.parametrize("script", sorted(FOLDER_OPTIONS))
def test_a_missing_benchmark_folder_is_one_line_and_exit_2(script: str, tmp_path: Path):
    missing = str(tmp_path / "not-there")
    args = [word for option in FOLDER_OPTIONS[script] for word in (option, missing)]
    done = _run(script, *args, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1].endswith(f"no such folder: {missing}")


def test_archives_without_fastwarc_measure_warcio_alone(tmp_path: Path, monkeypatch, capsys):
    from benchmarks.archives import reading_table
    from benchmarks.pack import Page, write_warc

    write_warc(
        tmp_path / "two.warc.gz", [Page(f"http://a.example/{n}", b"<p>Hi</p>") for n in (1, 2)]
    )
    monkeypatch.setitem(sys.modules, "fastwarc", None)  # a dev dependency, not installed
    reading_table(tmp_path, passes=1)
    printed = capsys.readouterr().out
    assert "| two.warc.gz |" in printed and "warcio: 2 records" in printed
    assert "fastwarc: not installed" in printed


def test_neardup_without_datasketch_compares_rensa_alone(monkeypatch):
    from benchmarks.neardup import compare_libraries

    monkeypatch.setitem(sys.modules, "datasketch", None)
    texts = ["one two three four five six", "one two three four five seven", "eight nine ten"]
    assert [row[0] for row in compare_libraries(texts)] == ["rensa"]


def test_text_dumps_without_html_text_stop_with_one_line(tmp_path: Path, monkeypatch):
    """The bench's textdump.py needs html_text (a dev dependency)."""
    from benchmarks import textdump_aeb

    (tmp_path / "aeb" / "html").mkdir(parents=True)
    (tmp_path / "aeb" / "ground-truth.json").write_text("{}")
    (tmp_path / "score.py").write_text("aeb_corpus = aeb_doc = None\n")
    (tmp_path / "textdump.py").write_text("import html_text\n")
    monkeypatch.setitem(sys.modules, "html_text", None)
    monkeypatch.setattr(sys, "path", list(sys.path))  # main puts the bench folder first
    with pytest.raises(SystemExit) as stop:
        textdump_aeb.main(["--aeb-dir", str(tmp_path / "aeb")])
    assert (
        str(stop.value)
        == "the bench's textdump.py needs html_text: pip install -e '.[dev]' (or html_text)"
    )
