"""Throughput of the text path (decode, strip, whole clean) on 1, 5 and 20 MB inputs.

    PYTHONPATH=. python benchmarks/text_scale.py [--sizes 1 5 20] [--repeats 3] [--default-malloc]

Inputs are built from the seed dumps in tests/fixtures/seeds (no benchmark data needed):
- `dump`: seed pages one after another, each made distinct, with a few accented words;
- `one line`: prose with no line break at all;
- `mojibake`: the dump with every tenth line's accents damaged as UTF-8 read as cp1252.
Each cell is MB per CPU second (process time: other jobs on the machine barely move it),
best of `--repeats` runs, the sizes taking turns; linear time means a flat row. The last
column is the largest over the smallest MB/s of the row (target: at most 1.5).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from cleaners import clean
from cleaners.decode.decoder import decode
from cleaners.strip.dump import strip_dump
from flows.guard_child import keep_freed_memory

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.cli_run import ROOT  # noqa: E402

MB = 1_000_000
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
ACCENTS = " Café in Zürich, naïve façade, Łódź and São Paulo."


def _seed_texts() -> list[str]:
    return [seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.iterdir())]


def dump(size: int) -> bytes:
    seeds, parts, total, n = _seed_texts(), [], 0, 0
    while total < size:
        page = seeds[n % len(seeds)].replace("\n\n", ACCENTS + "\n\n", 1)
        parts.append(f"{page}\n\nEdition {n} of the archive\n\n".encode())
        total += len(parts[-1])
        n += 1
    return b"".join(parts)[:size]


def one_line(size: int) -> bytes:
    prose = " ".join(" ".join(_seed_texts()).split()) + ACCENTS
    return (prose * (size // len(prose.encode()) + 1)).encode()[:size].rsplit(b" ", 1)[0]


def mojibake(size: int) -> bytes:
    lines = dump(size).decode("utf-8", "ignore").split("\n")
    for i in range(0, len(lines), 10):
        lines[i] = lines[i].encode("utf-8").decode("cp1252", "replace")
    return "\n".join(lines).encode("utf-8")


INPUTS: dict[str, Callable[[int], bytes]] = {
    "dump": dump,
    "one line": one_line,
    "mojibake": mojibake,
}
STAGES: dict[str, Callable[[bytes], object]] = {
    "decode": decode,
    "strip": lambda raw: strip_dump(decode(raw).text),  # decode + strip
    "clean": lambda raw: clean(raw, source_path="bench.txt"),
}


def best_rates(
    function: Callable[[bytes], object], raws: dict[int, bytes], repeats: int
) -> list[float]:
    """MB/s of function on each input, best of repeats; the sizes take turns, so that a
    change in the machine's load hits all of them alike."""
    best = dict.fromkeys(raws, float("inf"))
    for _ in range(repeats):
        for size, raw in raws.items():
            started = time.process_time()
            function(raw)
            best[size] = min(best[size], time.process_time() - started)
    return [len(raws[size]) / MB / best[size] for size in raws]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20], help="MB")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--default-malloc", action="store_true", help="without the cleaning processes' tuning"
    )
    args = parser.parse_args()
    if not args.default_malloc:
        keep_freed_memory()  # as the cleaning processes of `dechrome ingest` do
    clean(dump(MB // 10), source_path="warm-up.txt")  # models, stoplists, language profiles
    header = " | ".join(f"{size} MB" for size in args.sizes)
    print(f"| input | stage | {header} | max/min |")
    print("|---|---|" + "---:|" * (len(args.sizes) + 1))
    for name, make in INPUTS.items():
        raws = {size: make(size * MB) for size in args.sizes}
        for stage, function in STAGES.items():
            rates = best_rates(function, raws, args.repeats)
            cells = " | ".join(f"{rate:.2f}" for rate in rates)
            print(f"| {name} | {stage} | {cells} | {max(rates) / min(rates):.2f} |", flush=True)


if __name__ == "__main__":
    main()
