"""dechrome's Prefect deployments, served by one long-running process (`dechrome serve`).

- `ingest/scheduled`: ingest then data checks, on a cron schedule (default hourly).
- `ingest/manual`: ingest only, no schedule; run it with `prefect deployment run`.
- `check/manual`: data checks (and the golden set, if given), no schedule.

Every deployment has a concurrency limit of 1 (further runs wait); the output folder's lock
makes a run of one deployment fail fast while a run of another holds the folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from prefect.deployments.runner import RunnerDeployment
from prefect.types.entrypoint import EntrypointType

from flows.defaults import DEFAULT_BATCH_SIZE, DEFAULT_CRON


@dataclass(frozen=True)
class ServeConfig:
    raw_dir: str = "data/raw"
    out_dir: str = "data/clean"
    rejected_dir: str = "data/rejected"
    batch_size: int = DEFAULT_BATCH_SIZE
    workers: int | None = None
    golden_dir: str | None = None
    cron: str = DEFAULT_CRON
    timezone: str = "UTC"


def _absolute(path: str | None) -> str | None:
    """Runs may start in another working directory: pass absolute folders."""
    return str(Path(path).resolve()) if path else None


def build_deployments(config: ServeConfig) -> list[RunnerDeployment]:
    """The three deployments, with the folders and settings of config as parameters."""
    from prefect.client.schemas.schedules import CronSchedule

    from flows.check_flow import check, ingest_and_check
    from flows.ingest import ingest

    folders = {
        "raw_dir": _absolute(config.raw_dir),
        "out_dir": _absolute(config.out_dir),
        "rejected_dir": _absolute(config.rejected_dir),
    }
    ingest_params = {**folders, "batch_size": config.batch_size, "workers": config.workers}
    common = {
        "entrypoint_type": EntrypointType.MODULE_PATH,
        "concurrency_limit": 1,
        "tags": ["dechrome"],
    }
    return [
        ingest_and_check.to_deployment(
            "scheduled",
            schedule=CronSchedule(cron=config.cron, timezone=config.timezone),
            parameters={**ingest_params, "golden_dir": _absolute(config.golden_dir)},
            description="Ingest new or changed raw files, then run the data checks.",
            **common,
        ),
        ingest.to_deployment(
            "manual",
            parameters=ingest_params,
            description="Ingest new or changed raw files (full=true: all of them).",
            **common,
        ),
        check.to_deployment(
            "manual",
            parameters={"out_dir": folders["out_dir"], "golden_dir": _absolute(config.golden_dir)},
            description="Data checks over the output folder.",
            **common,
        ),
    ]


def serve(config: ServeConfig) -> None:
    """Register the deployments with the Prefect API and run their flow runs until stopped."""
    from prefect import serve as prefect_serve

    prefect_serve(*build_deployments(config))
