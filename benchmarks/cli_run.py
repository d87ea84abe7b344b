"""Running this checkout's `dechrome` CLI in a subprocess (benchmarks and tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def cli_env() -> dict[str, str]:
    """Environment for `python -m flows.cli`: this checkout first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *sys.path])
    env.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    env["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    return env


def ingest_command(raw: Path, out: Path, *options: str) -> list[str]:
    """`dechrome ingest` of raw into out/clean and out/rejected, with extra options."""
    return [
        sys.executable, "-m", "flows.cli", "ingest", "--raw", str(raw),
        "--out", str(out / "clean"), "--rejected", str(out / "rejected"), *options,
    ]  # fmt: skip
