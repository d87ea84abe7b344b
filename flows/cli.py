"""`dechrome` command line: ingest a raw folder, check an output folder or a golden set,
serve the Prefect deployments."""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from flows.defaults import DEFAULT_BATCH_SIZE, DEFAULT_CRON
from flows.version import PrintVersion

# Prefect reads its settings at import: quiet, patient embedded mode unless the user says
# otherwise. The ephemeral API server takes 15-25 s to start on a small machine.
_PREFECT_DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
}


def _prefect_env() -> None:
    for key, value in _PREFECT_DEFAULTS.items():
        os.environ.setdefault(key, value)


def _cmd_ingest(args: argparse.Namespace) -> int:
    _prefect_env()
    from crossdoc.state import StateVersionError
    from flows import progress, shutdown
    from flows.discover import discover
    from flows.ingest import WorkerCodeError, ingest
    from flows.inputs import check_ingest_inputs
    from flows.store import OutputError, StoreLocked

    try:  # the options were checked when parsed, by the same rules
        check_ingest_inputs(
            args.raw,
            args.out,
            args.rejected,
            args.batch_size,
            args.doc_timeout,
            args.doc_seconds_per_mb,
            args.workers,
        )
    except (FileNotFoundError, ValueError) as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 2
    said_here = _SaidHere(StoreLocked, StateVersionError, OutputError, WorkerCodeError)
    logging.getLogger("prefect.flow_runs").addFilter(said_here)
    bar = _progress_bar(sum(1 for _ in discover(Path(args.raw)))) if sys.stderr.isatty() else None
    progress.listen(bar.update if bar else None)
    try:
        with shutdown.stop_on_signals():
            summary = ingest(
                raw_dir=args.raw,
                out_dir=args.out,
                rejected_dir=args.rejected,
                full=args.full,
                keep_stale=args.keep_stale,
                **_tuning(args),
            )
    except (StoreLocked, StateVersionError) as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 2
    except WorkerCodeError as exc:
        print(f"dechrome: {exc}; nothing it cleaned was kept", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"dechrome: {exc}; nothing half-written was kept, run ingest again", file=sys.stderr)
        return 1
    except shutdown.Interrupted as exc:
        print(f"dechrome: {exc}; run ingest again to finish", file=sys.stderr)
        return 128 + exc.signum
    finally:
        logging.getLogger("prefect.flow_runs").removeFilter(said_here)
        progress.listen(None)
        if bar:
            bar.close()
    _print_summary(summary)
    return 0


class _SaidHere(logging.Filter):
    """Drops Prefect's log of a flow run's exception (with its traceback) for the errors the
    CLI explains itself in one line."""

    def __init__(self, *errors: type[BaseException]) -> None:
        super().__init__()
        self.errors = errors

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], self.errors))


def _tuning(args: argparse.Namespace) -> dict:
    """The ingest options given on the command line; the flow's defaults for the rest."""
    given = {
        "batch_size": args.batch_size,
        "workers": args.workers,
        "dask_address": args.dask_address,
        "doc_timeout": args.doc_timeout,
        "doc_seconds_per_mb": args.doc_seconds_per_mb,
        "doc_memory_mb": args.doc_memory_mb,
        "shard_bytes": None if args.shard_mb is None else int(args.shard_mb * 1024 * 1024),
        "jsonl_fields": args.jsonl_fields,
    }
    return {key: value for key, value in given.items() if value is not None}


class _progress_bar:  # noqa: N801 - a small wrapper around rich's progress display
    def __init__(self, total: int) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        self._progress = Progress(
            "ingest", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
        )
        self._task = self._progress.add_task("ingest", total=total)
        self._progress.start()

    def update(self, done: int) -> None:
        self._progress.update(self._task, completed=done)

    def close(self) -> None:
        self._progress.stop()


def _print_summary(summary: dict) -> None:
    totals = summary["totals"]
    rejected = summary["rejected"]
    stale = summary["stale"]
    print(
        f"dechrome ingest: {summary['files_seen']} files seen, {summary['unchanged']} "
        f"unchanged, {summary['cleaned']} cleaned in {summary['seconds']:.1f} s"
        + (f" ({stale} files cleaned again: another cleaning code made them)" if stale else "")
    )
    print(
        f"  this run: {summary['records']} records, {sum(rejected.values())} rejected"
        + (f" ({', '.join(f'{k}: {v}' for k, v in rejected.items())})" if rejected else "")
        + (f", {summary['deleted']} records marked source_deleted" if summary["deleted"] else "")
    )
    print(
        f"  output:   {totals['records']} records ({totals['duplicates']} duplicates, "
        f"{totals['near_duplicate_groups']} near-duplicate groups, {totals['stories']} stories), "
        + (f"{totals['deleted']} records of deleted files, " if totals["deleted"] else "")
        + f"{totals['rejected']} rejections; languages: "
        + ", ".join(f"{k} {v}" for k, v in totals["languages"].items())
    )
    if summary["not_documents"]:
        print(
            f"  archives: {summary['containers']} read, {summary['members']} members cleaned, "
            + f"{sum(summary['not_documents'].values())} no document ("
            + ", ".join(f"{k}: {v}" for k, v in summary["not_documents"].items())
            + ")"
        )
    print(
        f"  records in {summary['out_dir']}/part-*.jsonl, rejections in {summary['rejected_dir']}/"
    )


def _cmd_check(args: argparse.Namespace) -> int:
    from flows import ci

    if args.golden:
        from flows.golden import EXPECTED, check_golden

        if not (Path(args.golden) / EXPECTED).is_file():
            print(f"dechrome: no {EXPECTED} in {args.golden}", file=sys.stderr)
            return 2
        suite, cases = "dechrome-golden", check_golden(Path(args.golden))
        failed = [case for case in cases if not case.ok]
        ok = bool(cases) and not failed  # an empty set checks nothing
        for case in failed:
            print("\n".join(case.failures))
        print(
            f"{'OK' if ok else 'FAILED'}: {len(cases)} golden inputs re-cleaned, "
            f"{len(failed)} differ"
        )
    else:
        from flows.checks import check_output

        report = check_output(Path(args.out))
        print("\n".join(report.lines()))
        suite, cases, ok = "dechrome-check", report.cases(), report.ok
    if args.junit_xml:
        ci.write_junit(Path(args.junit_xml), suite, cases)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print("\n".join(ci.github_annotations(suite, cases)))
    return 0 if ok else 1


def _cmd_golden(args: argparse.Namespace) -> int:
    from flows.golden import EXPECTED, GoldenExistsError, make_golden
    from flows.inputs import raw_folder_problem

    if problem := raw_folder_problem(args.raw):
        print(f"dechrome: {problem}", file=sys.stderr)
        return 2
    try:
        count = make_golden(Path(args.raw), Path(args.out))
    except GoldenExistsError as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 2
    print(f"dechrome golden: {count} results of {args.out}/raw in {args.out}/{EXPECTED}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")  # INFO logs: for the UI
    from flows.serve import ServeConfig, serve

    serve(
        ServeConfig(
            raw_dir=args.raw,
            out_dir=args.out,
            rejected_dir=args.rejected,
            batch_size=args.batch_size,
            workers=args.workers,
            golden_dir=args.golden,
            cron=args.cron,
            timezone=args.timezone,
        )
    )
    return 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.text import Text

    from cleaners.explain import explain, render_html

    path = Path(args.file)
    if not path.is_file():
        print(f"dechrome: file not found: {path}", file=sys.stderr)
        return 2
    if args.html and not Path(args.html).parent.is_dir():
        print(f"dechrome: cannot write {args.html}: folder not found", file=sys.stderr)
        return 2
    explanation = explain(path.read_bytes(), source_path=path.name)
    console = Console(highlight=False, soft_wrap=True)  # colour only on a terminal
    for verdict in explanation.verdicts:
        style = "green" if verdict.kept else "red"
        score = "" if verdict.score is None else f"{verdict.score:+6.2f} "
        line = Text(f"{'KEPT' if verdict.kept else 'DROP'} {score}", style=f"bold {style}")
        line.append(_clip(verdict.text), style=style)
        line.append(f"  <- {verdict.reason}", style="dim")
        console.print(line)
    console.print(Text(f"{path.name} ({explanation.kind}): {explanation.summary}", style="bold"))
    if args.html:
        Path(args.html).write_text(render_html(explanation, path.name), encoding="utf-8")
        console.print(Text(f"side-by-side view written to {args.html}"))
    return 0


def _clip(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cmd_stories(args: argparse.Namespace) -> int:
    import json

    from crossdoc.linker import STATE_FILE
    from crossdoc.state import StateVersionError
    from flows.store import STATE_DIR
    from flows.stories import listed_stories

    path = Path(args.out) / STATE_DIR / STATE_FILE
    if not path.is_file():
        print(f"dechrome: no stories in {args.out} (run ingest first)", file=sys.stderr)
        return 2
    try:
        stories = listed_stories(Path(args.out), args.limit)
    except StateVersionError as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 2
    except sqlite3.OperationalError as exc:  # the index beside it (a read-only folder ...)
        print(f"dechrome: cannot read the index of {args.out}: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(stories, ensure_ascii=False, indent=2))
        return 0
    print("size  span                     sites  first title")
    for story in stories:
        span = f"{story['first'] or '?'} .. {story['last'] or '?'}"
        sites = ", ".join(story["sites"][:3]) + (" ..." if len(story["sites"]) > 3 else "")
        print(f"{story['size']:>4}  {span:<23}  {sites or '-'}  {story['title'] or '-'}")
    return 0


def _cmd_relink(args: argparse.Namespace) -> int:
    from flows.relink import relink
    from flows.store import STATE_DIR, OutputError, StoreLocked

    if not (Path(args.out) / STATE_DIR).is_dir():
        print(f"dechrome: no output folder at {args.out} (run ingest first)", file=sys.stderr)
        return 2
    try:
        summary = relink(Path(args.out))
    except StoreLocked as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"dechrome: {exc}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in summary.counts.items())
    print(f"relinked {summary.records} records ({summary.changed} changed): {counts}")
    return 0


def _cmd_schema(_: argparse.Namespace) -> int:
    from cleaners.schema import render

    print(render(), end="")
    return 0


def _batch_size(text: str) -> int:
    """--batch-size: a whole number of at least 1."""
    from flows.inputs import batch_size_problem

    return _checked(int(text), batch_size_problem)


def _workers(text: str) -> int:
    """--workers: a whole number, 0 for one per core."""
    from flows.inputs import workers_problem

    return _checked(int(text), workers_problem)


def _seconds(text: str) -> float:
    """--doc-timeout, --doc-seconds-per-mb: a number of seconds above 0."""
    from flows.inputs import seconds_problem

    return _checked(float(text), seconds_problem)


_Number = TypeVar("_Number", int, float)


def _checked(value: _Number, problem: Callable[[_Number], str | None]) -> _Number:
    """An option's value, refused when parsed (exit code 2) by the flow's own rule."""
    if why := problem(value):
        raise argparse.ArgumentTypeError(why)
    return value


def _jsonl_fields(spec: str) -> str:
    """--jsonl-fields is checked when parsed (the flow takes it as the string given)."""
    from cleaners.readers import parse_fields

    try:
        parse_fields(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return spec


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dechrome", description=__doc__)
    parser.add_argument("--version", action=PrintVersion)
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="clean a raw folder into article records")
    ingest.add_argument("--raw", default="data/raw", help="raw files (default: data/raw)")
    ingest.add_argument("--out", default="data/clean", help="records (default: data/clean)")
    ingest.add_argument(
        "--rejected", default="data/rejected", help="rejections (default: data/rejected)"
    )
    ingest.add_argument(
        "--batch-size", type=_batch_size, help=f"files per task (default {DEFAULT_BATCH_SIZE})"
    )
    ingest.add_argument("--full", action="store_true", help="reprocess every file")
    ingest.add_argument(
        "--keep-stale",
        action="store_true",
        help="keep the results of unchanged files that another dechrome or dependency version"
        " made (by default they are cleaned again)",
    )
    ingest.add_argument(
        "--workers", type=_workers, help="cleaning processes (default: one per core)"
    )
    ingest.add_argument(
        "--dask-address",
        metavar="tcp://HOST:PORT",
        help="run the batches on this existing Dask cluster",
    )
    ingest.add_argument(
        "--shard-mb", type=float, help="start a new output shard past this size (default 64)"
    )
    ingest.add_argument(
        "--doc-timeout",
        type=_seconds,
        help="CPU seconds a document may take before it is rejected as timeout (default 5),",
    )
    ingest.add_argument(
        "--doc-seconds-per-mb",
        type=_seconds,
        help="... plus this many per MiB of the file (default 5)",
    )
    ingest.add_argument(
        "--doc-memory-mb",
        type=int,
        help="address space of a cleaning process, 0: no limit (default 2048)",
    )
    ingest.add_argument(
        "--jsonl-fields",
        metavar="html=NAME,url=NAME,...",
        type=_jsonl_fields,
        help="JSON Lines field names: html, text, content, url, fetched_at=NAME",
    )
    ingest.set_defaults(handler=_cmd_ingest)

    check = commands.add_parser("check", help="validate records against schema and rules")
    check.add_argument("--out", default="data/clean", help="records (default: data/clean)")
    check.add_argument(
        "--golden",
        metavar="DIR",
        help="instead: re-clean the golden set DIR and diff with its results",
    )
    check.add_argument("--junit-xml", metavar="PATH", help="also write a JUnit XML report")
    check.set_defaults(handler=_cmd_check)

    golden = commands.add_parser("golden", help="make a golden set from a raw folder")
    golden.add_argument("--raw", required=True, help="raw files to copy into the set")
    golden.add_argument("--out", required=True, help="golden folder (raw/ + expected.jsonl)")
    golden.set_defaults(handler=_cmd_golden)

    serve = commands.add_parser("serve", help="serve the Prefect deployments (needs an API)")
    serve.add_argument("--raw", default="data/raw", help="raw files (default: data/raw)")
    serve.add_argument("--out", default="data/clean", help="records (default: data/clean)")
    serve.add_argument(
        "--rejected", default="data/rejected", help="rejections (default: data/rejected)"
    )
    serve.add_argument(
        "--batch-size", type=_batch_size, default=DEFAULT_BATCH_SIZE, help="files per task"
    )
    serve.add_argument("--workers", type=_workers, default=None, help="worker processes")
    serve.add_argument("--golden", metavar="DIR", help="golden set the checks also run")
    serve.add_argument(
        "--cron",
        default=os.environ.get("DECHROME_CRON", DEFAULT_CRON),
        help="schedule of ingest/scheduled (default: hourly, $DECHROME_CRON)",
    )
    serve.add_argument("--timezone", default="UTC", help="time zone of --cron (default: UTC)")
    serve.set_defaults(handler=_cmd_serve)

    explain = commands.add_parser(
        "explain", help="show why each line or block of one raw file was kept or dropped"
    )
    explain.add_argument("file", help="one raw file (HTML page or text dump)")
    explain.add_argument("--html", metavar="OUT", help="also write a side-by-side HTML view")
    explain.set_defaults(handler=_cmd_explain)
    stories = commands.add_parser("stories", help="list stories, largest first")
    stories.add_argument("--out", default="data/clean", help="records (default: data/clean)")
    stories.add_argument("--json", action="store_true", help="print JSON for machines")
    stories.add_argument("--limit", type=int, help="at most this many stories")
    stories.set_defaults(handler=_cmd_stories)

    relink = commands.add_parser(
        "relink", help="rebuild near-duplicate and story links from the records (no re-cleaning)"
    )
    relink.add_argument("--out", default="data/clean", help="records (default: data/clean)")
    relink.set_defaults(handler=_cmd_relink)

    schema = commands.add_parser("schema", help="print the record JSON Schema")
    schema.set_defaults(handler=_cmd_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
