"""Throughput, start-up and memory of `dechrome ingest` against bare trafilatura.

    python benchmarks/throughput.py --aeb-dir ../shared/bench/aeb --copies 2

Builds a temporary corpus of K distinct copies of the AEB pages (1x) and of 10 x K copies
(10x), then measures in one run:
- bare `trafilatura.bare_extraction(with_metadata=True)` in this process, over the 1x pages;
- `dechrome ingest` through the CLI in a subprocess (real start-up: Prefect's ephemeral
  server, cleaning processes) with 1 worker and with all cores, at 1x and 10x.
Marginal cost per document = (t10x - t1x) / (n10x - n1x): start-up excluded; the fixed
start-up is what remains of t1x. CPU time and peak RSS are summed over the whole process
tree; "cores used" = marginal CPU / marginal wall time: on a machine shared with other work
it shows how much of the machine the run actually got.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.cli_run import cli_env, ingest_command  # noqa: E402
from benchmarks.folders import PAGES  # noqa: E402
from flows.runner import default_workers  # noqa: E402


def build_corpus(aeb_html: Path, folder: Path, copies: int) -> int:
    """copies x every AEB page, each copy distinct in its article text (`vary_page`)."""
    pages = sorted(aeb_html.glob("*.html.gz"))
    for copy in range(copies):
        target = folder / f"copy{copy:03d}"
        target.mkdir(parents=True)
        for page in pages:
            html = vary_page(gzip.decompress(page.read_bytes()), copy)
            (target / page.name.removesuffix(".gz")).write_bytes(html)
    return copies * len(pages)


def vary_page(html: bytes, copy: int) -> bytes:
    """The page with its article text made distinct: a sentence naming the copy is added
    to the middle paragraph (and a comment), so no cache keyed on text serves a copy."""
    ends = [m.start() for m in re.finditer(rb"</p>", html, re.IGNORECASE)]
    at = ends[len(ends) // 2] if ends else len(html)
    sentence = f" This text was archived as copy {copy}.<!-- copy {copy} -->".encode()
    return html[:at] + sentence + html[at:]


def bare_trafilatura(raw: Path) -> tuple[int, float, float]:
    """Documents, wall and CPU seconds of bare extraction of every file, in this process."""
    import trafilatura

    files = sorted(raw.rglob("*.html"))
    trafilatura.bare_extraction(files[0].read_bytes(), with_metadata=True)  # warm up
    started, cpu = time.perf_counter(), time.process_time()
    for path in files:
        trafilatura.bare_extraction(path.read_bytes(), with_metadata=True)
    return len(files), time.perf_counter() - started, time.process_time() - cpu


@dataclass
class Run:
    docs: int
    seconds: float
    cpu_seconds: float  # user + system, whole process tree
    peak_rss_mb: float


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for member in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):  # a child that just exited
            total += member.memory_info().rss
    return total


def run_ingest(raw: Path, out: Path, workers: int, docs: int) -> Run:
    """`dechrome ingest` in a subprocess: wall time and peak RSS of its process tree."""
    env = cli_env()
    command = ingest_command(raw, out, "--workers", str(workers))
    started, cpu = time.perf_counter(), _children_cpu()
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(watched))
        time.sleep(0.1)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"ingest failed: {proc.stderr.read().decode()[-2000:]}")
    return Run(docs, seconds, _children_cpu() - cpu, peak / 2**20)


def _children_cpu() -> float:
    """CPU seconds of this process's finished descendants (each waited for its own)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _marginal(small: float, big: float, docs_small: int, docs_big: int) -> float:
    return (big - small) / (docs_big - docs_small)


def report(bare: tuple[int, float, float], runs: dict[tuple[int, int], Run], scale: int) -> None:
    docs, wall, cpu = bare
    print(
        f"bare trafilatura, one process: {docs} docs in {wall:.1f} s = {docs / wall:.1f} "
        f"docs/s; {cpu / docs * 1000:.0f} ms CPU per doc"
    )
    print()
    big_x = f"{scale}x"
    print(
        f"| workers | docs 1x | s 1x | docs/s 1x | docs {big_x} | s {big_x} "
        f"| docs/s {big_x} | marginal docs/s | marginal ms CPU/doc | cores used | start-up s "
        f"| peak RSS 1x MB | peak RSS {big_x} MB | RSS {big_x}/1x |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    wall_per_doc, cpu_per_doc = {}, {}
    for workers in sorted({w for w, _ in runs}):
        small, big = runs[workers, 1], runs[workers, scale]
        wall_per_doc[workers] = _marginal(small.seconds, big.seconds, small.docs, big.docs)
        cpu_per_doc[workers] = _marginal(small.cpu_seconds, big.cpu_seconds, small.docs, big.docs)
        startup = small.seconds - small.docs * wall_per_doc[workers]
        print(
            f"| {workers} | {small.docs} | {small.seconds:.1f} | "
            f"{small.docs / small.seconds:.1f} | {big.docs} | {big.seconds:.1f} | "
            f"{big.docs / big.seconds:.1f} | {1 / wall_per_doc[workers]:.1f} | "
            f"{cpu_per_doc[workers] * 1000:.0f} | "
            f"{cpu_per_doc[workers] / wall_per_doc[workers]:.2f} | {startup:.1f} | "
            f"{small.peak_rss_mb:.0f} | {big.peak_rss_mb:.0f} | "
            f"{big.peak_rss_mb / small.peak_rss_mb:.2f} |"
        )
    print()
    print(
        f"marginal cost per doc, 1 worker / bare trafilatura: wall "
        f"{wall_per_doc[1] / (wall / docs):.2f}, CPU {cpu_per_doc[1] / (cpu / docs):.2f} "
        "(target <= 1.3)"
    )
    for workers, per_doc in wall_per_doc.items():
        if workers > 1:
            print(
                f"marginal throughput, {workers} workers / 1 worker: "
                f"{wall_per_doc[1] / per_doc:.2f} (target >= {0.9 * workers:.1f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--aeb-dir",
        type=PAGES,
        required=True,
        help="AEB benchmark folder (holds html/<id>.html.gz)",
    )
    parser.add_argument("--copies", type=int, default=1, help="copies of the pages at 1x")
    parser.add_argument("--scale", type=int, default=10, help="the larger corpus, x 1x")
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="the all-cores run (default: every core)",
    )
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="dechrome-bench-") as tmp:
        work = Path(tmp)
        sizes = {1: args.copies, args.scale: args.copies * args.scale}
        docs = {
            size: build_corpus(args.aeb_dir / "html", work / f"raw{size}x", copies)
            for size, copies in sizes.items()
        }
        bare = bare_trafilatura(work / "raw1x")
        runs = {}
        for workers in dict.fromkeys([1, args.workers]):
            for size in sizes:
                out = work / f"out-{workers}-{size}x"
                runs[workers, size] = run_ingest(work / f"raw{size}x", out, workers, docs[size])
                print(
                    f"  ingest, {workers} worker(s), {size}x: {runs[workers, size]}",
                    file=sys.stderr,
                )
        print(
            f"corpus: {args.copies} x {docs[1] // args.copies} AEB pages at 1x; "
            f"{os.cpu_count()} cores; load average before: {load_before:.1f}, "
            f"after: {os.getloadavg()[0]:.1f}"
        )
        report(bare, runs, args.scale)


if __name__ == "__main__":
    main()
