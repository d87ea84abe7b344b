"""End to end against a real Prefect server: start it, serve the deployments, run
`prefect deployment run 'ingest/manual' --watch` through the CLI, look at the output.

Every process is started in its own process group and the group is stopped in a
finalizer, also when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

from flows.store import read_records

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 120


def _prefect_cmd() -> list[str]:
    script = Path(sys.executable).with_name("prefect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "prefect"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """SIGINT the process group (Prefect shuts down cleanly), then SIGKILL what is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator:
    """spawn(name, cmd, env) starts a process group logging to tmp; all stopped at the end."""
    started: list[tuple[subprocess.Popen, IO[bytes]]] = []

    def _spawn(name: str, cmd: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed below
        proc = subprocess.Popen(
            cmd, env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append((proc, log))
        return proc

    yield _spawn
    for proc, log in reversed(started):
        _stop(proc)
        log.close()


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _wait_for(what: str, ok, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{what}: process exited with {proc.returncode}\n{_tail(log)}")
        try:
            if ok():
                return
        except httpx.HTTPError:
            pass
        time.sleep(1)
    pytest.fail(f"{what}: not ready after {STARTUP_SECONDS} s\n{_tail(log)}")


@pytest.fixture
def server_env(tmp_path: Path, spawn) -> dict[str, str]:
    """A Prefect server on a free loopback port with its own home and sqlite database."""
    port = _free_port()
    home = tmp_path / "prefect-home"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PREFECT_HOME": str(home),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "INFO",
    }
    env.pop("PREFECT_PROFILES_PATH", None)
    server = spawn(
        "server",
        [*_prefect_cmd(), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env,
    )
    health = f"{env['PREFECT_API_URL']}/health"
    _wait_for(
        "prefect server",
        lambda: httpx.get(health, timeout=2).status_code == 200,
        server,
        tmp_path / "server.log",
    )
    return env


def _deployment(env: dict[str, str], name: str) -> dict | None:
    response = httpx.get(f"{env['PREFECT_API_URL']}/deployments/name/{name}", timeout=5)
    return response.json() if response.status_code == 200 else None


def test_deployment_run_on_a_real_server(tmp_path: Path, seed_raw: Path, server_env, spawn):
    out, rejected = tmp_path / "clean", tmp_path / "rejected"
    serve = spawn(
        "serve",
        [
            sys.executable,
            "-m",
            "flows.cli",
            "serve",
            "--raw",
            str(seed_raw),
            "--out",
            str(out),
            "--rejected",
            str(rejected),
            "--cron",
            "0 3 * * *",
        ],
        server_env,
    )
    _wait_for(
        "dechrome serve",
        lambda: _deployment(server_env, "check/manual") is not None,
        serve,
        tmp_path / "serve.log",
    )

    scheduled = _deployment(server_env, "ingest/scheduled")
    assert scheduled is not None
    assert [s["schedule"]["cron"] for s in scheduled["schedules"]] == ["0 3 * * *"]
    assert scheduled["parameters"]["raw_dir"] == str(seed_raw)
    assert scheduled["global_concurrency_limit"]["limit"] == 1
    assert _deployment(server_env, "ingest/manual")["schedules"] == []

    run = _run_deployment(server_env, tmp_path, "ingest/manual")
    assert run.returncode == 0, _explain(run, tmp_path)
    assert "Completed" in run.stdout

    records = list(read_records(out))
    rejections = list(rejected.glob("*.json"))
    assert records, "no records written"
    assert len(records) + len(rejections) == len(list(seed_raw.iterdir()))
    assert len({r["id"] for r in records}) == len(records)

    run = _run_deployment(server_env, tmp_path, "check/manual")
    assert run.returncode == 0, _explain(run, tmp_path)
    artifact = httpx.post(
        f"{server_env['PREFECT_API_URL']}/artifacts/latest/filter",
        json={"artifacts": {"key": {"any_": ["data-checks"]}}},
        timeout=5,
    )
    assert f"{len(records)} records checked" in artifact.json()[0]["data"]


def _run_deployment(env: dict[str, str], cwd: Path, name: str) -> subprocess.CompletedProcess:
    """`prefect deployment run NAME --watch`: exit code 0 if the run ends Completed."""
    return subprocess.run(
        [*_prefect_cmd(), "deployment", "run", name, "--watch", "--watch-timeout", "240"],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _explain(run: subprocess.CompletedProcess, tmp_path: Path) -> str:
    return f"{run.stdout}\n{run.stderr}\n--- serve log\n{_tail(tmp_path / 'serve.log', 80)}"
