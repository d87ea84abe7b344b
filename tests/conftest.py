"""Shared fixtures. One Prefect test harness per session: its server takes ~20 s to start."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests_support import FIXTURES, SEEDS

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")


@pytest.fixture(scope="session")
def prefect_harness():
    """A temporary Prefect API for flow tests; start it once, only if a test needs it."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_raw(tmp_path: Path) -> Path:
    """A raw folder holding a copy of the five seed files."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for seed in sorted(SEEDS.iterdir()):
        (raw / seed.name).write_bytes(seed.read_bytes())
    return raw
