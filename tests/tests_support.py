"""Helpers shared by the tests that run the CLI in a subprocess."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def cli_env() -> dict[str, str]:
    """Environment for `python -m flows.cli`: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *sys.path])
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    return env


def make_corpus(raw: Path, copies: int) -> Path:
    """copies x the seed files, each copy made distinct, spread over a few folders."""
    for n in range(copies):
        folder = raw / f"batch{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        for seed in sorted(SEEDS.iterdir()):
            paragraphs = seed.read_text(encoding="utf-8").split("\n\n")
            longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
            paragraphs[longest] += f" This is edition {n} of the report, archived apart."
            (folder / f"{n:04d}_{seed.name}").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return raw
