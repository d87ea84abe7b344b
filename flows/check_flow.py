"""The `check` flow (data checks as a Prefect run) and the scheduled ingest-then-check flow."""

from __future__ import annotations

from pathlib import Path

from prefect import flow
from prefect.artifacts import create_markdown_artifact

from flows.checks import check_output
from flows.ci import Case, to_markdown
from flows.defaults import DEFAULT_BATCH_SIZE
from flows.golden import check_golden
from flows.ingest import ingest

ARTIFACT_KEY = "data-checks"


class DataCheckError(RuntimeError):
    """Some records break a quality rule, or a golden file no longer cleans the same."""


@flow(name="check", persist_result=False)
def check(out_dir: str = "data/clean", golden_dir: str | None = None) -> dict:
    """Check every record in out_dir (and the golden set, if given); fail if any check
    fails. Publishes a markdown artifact (key `data-checks`) listing what failed."""
    report = check_output(Path(out_dir))
    cases = report.cases()
    subtitle = f"`{out_dir}`: {report.records} records checked"
    if golden_dir:
        golden = check_golden(Path(golden_dir))
        cases += [Case(f"golden: {case.name}", case.failures) for case in golden]
        subtitle += f"; golden set `{golden_dir}`: {len(golden)} files re-cleaned"
    failed = [case for case in cases if not case.ok]
    create_markdown_artifact(
        to_markdown("dechrome data checks", subtitle, cases),
        key=ARTIFACT_KEY,
        description="dechrome data checks",
    )
    if failed or not report.ok:
        count = sum(len(case.failures) for case in failed)
        raise DataCheckError(f"{count} failures in {', '.join(c.name for c in failed)}")
    return {"records": report.records, "checks": len(cases), "failed": 0}


@flow(name="ingest", persist_result=False)
def ingest_and_check(
    raw_dir: str = "data/raw",
    out_dir: str = "data/clean",
    rejected_dir: str = "data/rejected",
    batch_size: int = DEFAULT_BATCH_SIZE,
    full: bool = False,
    workers: int | None = None,
    golden_dir: str | None = None,
) -> dict:
    """The scheduled deployment's flow: ingest new or changed files, then run the data
    checks; the run fails if the checks fail."""
    summary = ingest(
        raw_dir=raw_dir,
        out_dir=out_dir,
        rejected_dir=rejected_dir,
        batch_size=batch_size,
        full=full,
        workers=workers,
    )
    check(out_dir=out_dir, golden_dir=golden_dir)
    return summary
