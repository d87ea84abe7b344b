"""Issue 11's one-run table: HTML (dechrome vs trafilatura) and text dumps (dechrome vs
jusText and keep-everything) on AEB and readability, learned parts fitted on the other set,
and the HTML cost ratio.

    PYTHONPATH=. .venv/bin/python benchmarks/extraction.py \
        --aeb-dir ../shared/bench/aeb --readability-dir ../shared/bench/readability
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks import dump_bench, html_bench  # noqa: E402
from benchmarks.folders import SCORED_BESIDE, SCORED_PAGES  # noqa: E402

TARGETS = {("html", "AEB"): 0.975, ("html", "readability"): 0.945}
TARGETS |= {("dump", "AEB"): 0.92, ("dump", "readability"): 0.92}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_BESIDE, required=True)
    parser.add_argument("--readability-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--copies", type=int, default=2, help="text-distinct copies timed")
    parser.add_argument("--languages", action="store_true", help="also per-language rows")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    table = [
        {"input": "html", **row}
        for row in html_bench.rows(args.aeb_dir, args.readability_dir)
        + html_bench.cross_fit_rules(args.aeb_dir, args.readability_dir)
    ]
    table += [
        {"input": "dump", **row} for row in dump_bench.rows(args.aeb_dir, args.readability_dir)
    ]
    print("| input | set | language | pages | system | F1 | P | R | target |")
    print("|---|---|---|---:|---|---|---|---|---|")
    for row in table:
        if row["language"] != "all" and not args.languages:
            continue
        fitted = "fitted on" in row["system"] or "chosen on" in row["system"]
        honest = fitted and "fitted on both" not in row["system"]
        target = TARGETS.get((row["input"], row["set"])) if honest else None
        verdict = (
            "" if target is None else f"≥ {target}: {'met' if row['F1'] >= target else 'NOT met'}"
        )
        print(
            f"| {row['input']} | {row['set']} | {row['language']} | {row['pages']} "
            f"| {row['system']} | {row['F1']:.4f} | {row['P']:.4f} | {row['R']:.4f} | {verdict} |"
        )
    pages = html_bench.load_set(args.aeb_dir) + html_bench.load_set(args.readability_dir)
    ratio = html_bench.cost_ratio(pages, args.copies)
    print(
        f"\nHTML cost: clean() / bare_extraction(with_metadata=True) per document, CPU time, "
        f"{len(pages)} pages x {args.copies} text-distinct copies: {ratio:.2f}x (target ≤ 1.3)"
    )


if __name__ == "__main__":
    main()
