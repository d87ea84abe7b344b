"""Benchmark inputs checked up front: the folders given on the command line (a wrong path
is one line and exit code 2, not a traceback or an empty table later) and the optional
dependencies a comparison or the bench's own scripts need."""

from __future__ import annotations

import argparse
import importlib.util
from collections.abc import Callable
from pathlib import Path


def missing(folder: Path, holds: tuple[str, ...]) -> str | None:
    """Why folder is not the one wanted (absent, or without one of the entries it holds)."""
    if not folder.is_dir():
        return f"no such folder: {folder}"
    if absent := [name for name in holds if not (folder / name).exists()]:
        return f"{folder} holds no {', '.join(absent)}"
    return None


def bench_folder(*holds: str) -> Callable[[str], Path]:
    """An argparse type: a folder holding these entries ('../score.py': beside it)."""

    def folder(text: str) -> Path:
        if problem := missing(Path(text), holds):
            raise argparse.ArgumentTypeError(problem)
        return Path(text)

    return folder


def require(parser: argparse.ArgumentParser, folder: Path, *holds: str) -> Path:
    """folder, or exit 2 with the parser's usage and why (for a folder one option derives
    from another, e.g. the bench scripts beside --aeb-dir)."""
    if problem := missing(folder, holds):
        parser.error(problem)
    return folder


PAGES = bench_folder("html")  # pages of an AEB-like set
SCORED_PAGES = bench_folder("html", "ground-truth.json")  # ... with their articles
SCRIPTS = ("score.py", "textdump.py")  # the bench's scoring and text-dump scripts
SCORED_BESIDE = bench_folder("html", "ground-truth.json", "../score.py")  # AEB, score.py next


def installed(module: str) -> bool:
    """True if module (an optional dependency: the dev extras) can be imported."""
    return importlib.util.find_spec(module) is not None


def need(module: str, purpose: str) -> None:
    """Stop with one line if module is not installed."""
    if not installed(module):
        raise SystemExit(f"{purpose} needs {module}: pip install -e '.[dev]' (or {module})")
