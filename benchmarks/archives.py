"""Archive input: reading speed of warcio (chosen) vs FastWARC, and the cost per page of a
whole clean from a WARC vs the same pages as files.

    .venv/bin/python benchmarks/archives.py --warc-dir ../shared/bench/warc \
        --aeb-dir ../shared/bench/aeb

Reading: every record of every archive, payload read to the end, best of --passes.
Cost per page: the AEB pages cleaned in this process (read + clean; the flow adds the same
fixed costs to both), each page as a file then from the WARC, --passes times, the best time
of each page summed; the WARC's indexing time is added, spread over its pages.
With --baseline DIR (another checkout of dechrome, e.g. `git worktree add DIR a83912f`):
the flow's reading of the containers (index, hash, read every member; no cleaning) with
this tree's readers vs DIR's, in child processes alternated, best of --passes; the last set
reads a WARC of revisits of every 10th page whose originals lie in a container an earlier
run cleaned.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from benchmarks.cli_run import cli_env, ingest_command  # noqa: E402
from benchmarks.folders import PAGES, bench_folder, installed  # noqa: E402
from benchmarks.pack import Page, write_warc  # noqa: E402
from cleaners import clean  # noqa: E402
from cleaners.readers import Indexer, MemberRef, clean_member, read_plain  # noqa: E402


def count_records(path: Path, reader: str) -> int:
    """Records of an archive read to the end of their payloads with reader ('warcio' or
    'fastwarc'); a malformed file counts what was read before the error."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as handle:
        if reader == "warcio":
            payloads = (record.raw_stream for record in ArchiveIterator(handle, arc2warc=True))
        else:
            from fastwarc.warc import ArchiveIterator as FastIterator

            payloads = (record.reader for record in FastIterator(handle, parse_http=True))
        try:
            for payload in payloads:
                payload.read()
                count += 1
        except Exception:  # noqa: BLE001 - malformed files: count what was read
            pass
    return count


def best(function, passes: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(passes):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def reading_table(warc_dir: Path, passes: int) -> None:
    files = sorted(p for p in warc_dir.iterdir() if not p.name.startswith("LICENSE"))
    print("| archive | MB | warcio records | fastwarc records | warcio rec/s | fastwarc rec/s |")
    print("|---|---:|---:|---:|---:|---:|")
    readers = ("warcio", "fastwarc") if installed("fastwarc") else ("warcio",)
    totals = {name: [0.0, 0] for name in readers}
    for path in files:
        row = [path.name, f"{path.stat().st_size / 1e6:.3f}"]
        rates = []
        for name in ("warcio", "fastwarc"):
            if name not in readers:  # not installed: its columns stay empty
                row.append("-")
                rates.append("-")
                continue
            seconds, count = best(lambda n=name, p=path: count_records(p, n), passes)
            totals[name][0] += seconds
            totals[name][1] += count
            row.append(str(count))
            rates.append(f"{count / seconds:,.0f}" if seconds else "-")
        print("| " + " | ".join(row + rates) + " |")
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    for name, (seconds, count) in totals.items():
        print(f"{name}: {count} records, {count / seconds:,.0f} records/s, "
              f"{megabytes / seconds:.1f} MB/s (compressed bytes)")  # fmt: skip
    if "fastwarc" not in readers:
        print("fastwarc: not installed (pip install -e '.[dev]'), not compared")


def cost_table(aeb_dir: Path, passes: int) -> None:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((aeb_dir / "html").glob("*.html.gz"))]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n, body in enumerate(pages):
            (folder / f"{n:04d}.html").write_bytes(body)
        warc = folder / "pages.warc.gz"
        write_warc(warc, [Page(f"http://aeb.example/{n}", body) for n, body in enumerate(pages)])

        paths = sorted(folder.glob("*.html"))
        index_seconds, refs = best(
            lambda: [e for e in Indexer().index(str(warc), warc.name, "warc")
                     if isinstance(e, MemberRef)],
            passes,
        )  # fmt: skip
        assert len(refs) == len(paths) == len(pages)
        file_times = [float("inf")] * len(pages)
        warc_times = [float("inf")] * len(pages)
        for _ in range(passes):  # page by page, alternated: both see the same machine load
            for n, (path, ref) in enumerate(zip(paths, refs, strict=True)):
                started = time.perf_counter()
                clean(read_plain(str(path)), source_path=path.name)
                middle = time.perf_counter()
                clean_member(ref, warc.name)
                ended = time.perf_counter()
                file_times[n] = min(file_times[n], middle - started)
                warc_times[n] = min(warc_times[n], ended - middle)
    per_file = sum(file_times) / len(pages)
    per_warc = (sum(warc_times) + index_seconds) / len(pages)
    print(f"\n| AEB pages ({len(pages)}) | ms per page (best of {passes} per page) |")
    print("|---|---:|")
    print(f"| as files: read + clean | {per_file * 1000:.2f} |")
    print(f"| in a WARC: index (amortized {index_seconds / len(pages) * 1000:.2f}) + read "
          f"range + clean | {per_warc * 1000:.2f} |")  # fmt: skip
    print(f"WARC / files: {per_warc / per_file:.3f}x")


def cli_table(aeb_dir: Path, passes: int, copies: int) -> None:
    """Whole `dechrome ingest` runs (one worker): the pages as files vs in one WARC."""
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((aeb_dir / "html").glob("*.html.gz"))]
    pages = pages * copies
    with tempfile.TemporaryDirectory() as tmp:
        files, warc = Path(tmp) / "files", Path(tmp) / "warc"
        files.mkdir()
        warc.mkdir()
        for n, body in enumerate(pages):
            (files / f"{n:05d}.html").write_bytes(body)
        archived = [Page(f"http://aeb.example/{n}", body) for n, body in enumerate(pages)]
        write_warc(warc / "pages.warc.gz", archived)
        runs: dict[str, list[float]] = {"files": [], "warc": []}
        for n in range(passes):  # alternated: both see the same machine load
            for name, raw in (("files", files), ("warc", warc)):
                out = Path(tmp) / f"out-{name}-{n}"
                started = time.perf_counter()
                subprocess.run(ingest_command(raw, out, "--workers", "1"), env=cli_env(),
                               check=True, capture_output=True)  # fmt: skip
                runs[name].append(time.perf_counter() - started)
    print(f"\n| dechrome ingest, {len(pages)} pages, 1 worker | s (best of {passes}) | ms/page |")
    print("|---|---:|---:|")
    for name, seconds in runs.items():
        print(f"| {name} | {min(seconds):.1f} | {min(seconds) / len(pages) * 1000:.1f} |")
    print(f"whole run, WARC / files: {min(runs['warc']) / min(runs['files']):.3f}x")


_READ_ALL = """
import sys, time
from collections import Counter
from pathlib import Path
from cleaners.readers import Indexer, read_member
from flows.members import MemberFile, expand
from flows.rawroot import RawFile
args = sys.argv[1:] + ["--earlier"]
split = args.index("--earlier")
raw = lambda p: RawFile(str(p), p.name, p.stat().st_size, p.stat().st_mtime_ns)
files = [raw(Path(p)) for p in args[:split]]
earlier = [raw(Path(p)) for p in args[split + 1 : -1]]  # cleaned by an earlier run
started = time.perf_counter()
for item in expand(iter(files), Indexer(), lambda *_: None, Counter(), lambda _: earlier):
    if isinstance(item, MemberFile):
        try:
            read_member(item.ref)
        except Exception:
            pass
print(time.perf_counter() - started)
"""


def _revisits_of(originals: Path, archived: list[Page]) -> Path:
    """A WARC of revisits of every 10th page of originals (found by URI and payload digest)."""
    both, revisits = originals.with_name("both.warc.gz"), originals.with_name("revisits.warc.gz")
    later = [
        Page(p.url, b"", record_type="revisit", date="2025-01-01T00:00:00Z") for p in archived[::10]
    ]
    write_warc(both, [*archived, *later])
    with open(both, "rb") as handle:
        records = ArchiveIterator(handle)
        start = next(records.offset for r in records if r.rec_type == "revisit")
    revisits.write_bytes(both.read_bytes()[start:])
    return revisits


def baseline_table(warc_dir: Path, aeb_dir: Path | None, baseline: Path, passes: int) -> None:
    """Reading all containers as the flow does: this tree vs the baseline checkout."""
    files = sorted(p.resolve() for p in warc_dir.iterdir() if "LICENSE" not in p.name)
    sets = {"shared archives": files}
    with tempfile.TemporaryDirectory() as tmp:
        if aeb_dir:
            pages = [
                gzip.decompress(p.read_bytes())
                for p in sorted((aeb_dir / "html").glob("*.html.gz"))
            ]
            archived = [Page(f"http://aeb.example/{n}", body) for n, body in enumerate(pages * 3)]
            for name, gzipped in (("aeb.warc.gz", True), ("aeb.warc", False)):
                write_warc(Path(tmp) / name, archived, gzip=gzipped)
                sets[f"AEB x3, {name}"] = [Path(tmp) / name]
            revisits = _revisits_of(Path(tmp) / "aeb.warc.gz", archived)
            sets["AEB x3 / 10 revisits, originals in an earlier run's aeb.warc.gz"] = [
                revisits,
                "--earlier",
                Path(tmp) / "aeb.warc.gz",
            ]
        trees = {"this tree": Path(__file__).resolve().parent.parent, "baseline": baseline}
        print("\n| containers read as the flow does | this tree s | baseline s | ratio |")
        print("|---|---:|---:|---:|")
        for label, paths in sets.items():
            times: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(passes):  # alternated: both see the same machine load
                for name, root in trees.items():
                    command = [sys.executable, "-c", _READ_ALL, *map(str, paths)]
                    env = {**os.environ, "PYTHONPATH": str(root)}
                    out = subprocess.run(command, cwd=root, env=env, check=True,
                                         capture_output=True, text=True).stdout  # fmt: skip
                    times[name].append(float(out.split()[-1]))
            new, old = min(times["this tree"]), min(times["baseline"])
            print(f"| {label} | {new:.3f} | {old:.3f} | {new / old:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warc-dir", type=bench_folder(), required=True)
    parser.add_argument("--aeb-dir", type=PAGES)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument(
        "--cli", type=int, metavar="COPIES", default=0,
        help="also time whole CLI runs over COPIES x the AEB pages (Prefect start included)",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", type=bench_folder("flows"), help="another checkout to compare reading with"
    )
    args = parser.parse_args()
    if args.baseline:
        baseline_table(args.warc_dir, args.aeb_dir, args.baseline, args.passes)
        return
    reading_table(args.warc_dir, args.passes)
    if args.aeb_dir:
        cost_table(args.aeb_dir, args.passes)
    if args.aeb_dir and args.cli:
        cli_table(args.aeb_dir, args.passes, args.cli)


if __name__ == "__main__":
    main()
