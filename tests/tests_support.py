"""Helpers shared by the tests that run the CLI in a subprocess."""

from __future__ import annotations

from pathlib import Path

from benchmarks.cli_run import ROOT, cli_env, ingest_command

__all__ = ["FIXTURES", "ROOT", "SEEDS", "cli_env", "ingest_command", "make_corpus"]
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


def make_corpus(raw: Path, copies: int) -> Path:
    """copies x the seed files, each copy made distinct, spread over a few folders."""
    seeds = {seed.name: seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.iterdir())}
    for n in range(copies):
        folder = raw / f"batch{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in seeds.items():
            paragraphs = text.split("\n\n")
            longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
            paragraphs[longest] += f" This is edition {n} of the report, archived apart."
            (folder / f"{n:04d}_{name}").write_text("\n\n".join(paragraphs), encoding="utf-8")
    return raw
