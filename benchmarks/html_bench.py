"""HTML extraction on both dev sets, AEB and Mozilla Readability's pages: dechrome vs trafilatura.

    PYTHONPATH=. python benchmarks/html_bench.py --aeb-dir ../shared/bench/aeb \\
        --readability-dir ../shared/bench/readability [--ablate]

One run prints, per set and per language, F1 / precision / recall (`aeb_corpus` from the
bench folder's score.py; readability pages marked `readerable: false` skipped) of dechrome's
whole `clean()` and of trafilatura's `extract()` (the anchor, comments off), then the cost
line: time per document of `clean()` over `trafilatura.bare_extraction(with_metadata=True)`
in this process, each system on its own copies of every page whose article text differs
(`throughput.vary_page`), so no cache keyed on text serves a copy. `--ablate` prints, for
both sets, F1 with each chrome rule switched off in turn.

The chrome rules were written on AEB (docs/html.md); their thresholds are fixed settings.
To show what they are worth elsewhere, the table ends with the rule set chosen on one set
(backward elimination, `select_rules`) scored on the other, both ways (article text only,
no normalization).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from cleaners.annotate import detect_language
from cleaners.extract.html import ALL_RULES
from cleaners.pipeline import clean
from cleaners.record import Article

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_BESIDE, SCORED_PAGES  # noqa: E402
from benchmarks.html_rules import ablate, load_score, rule_scorer  # noqa: E402
from benchmarks.throughput import vary_page  # noqa: E402


@dataclass(frozen=True)
class Page:
    name: str
    raw: bytes
    truth: str
    language: str


def load_set(folder: Path) -> list[Page]:
    """The readerable pages of a bench folder (html/<id>.html.gz + ground-truth.json), with
    the language of their expected text (given, else detected)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for name, entry in sorted(truth.items()):
        if not entry.get("readerable", True):
            continue
        raw = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes())
        given = (entry.get("lang") or "")[:2].lower()
        language = given or detect_language(entry["articleBody"]) or "?"
        pages.append(Page(name, raw, entry["articleBody"], language))
    return pages


def _dechrome(raw: bytes) -> str:
    record = clean(raw, source_path="page.html")
    return record.text if isinstance(record, Article) else ""


def _trafilatura(raw: bytes) -> str:
    return trafilatura.extract(raw, include_comments=False) or ""


def _bare(raw: bytes) -> None:
    trafilatura.bare_extraction(raw, with_metadata=True)


SYSTEMS: dict[str, Callable[[bytes], str]] = {
    "dechrome clean()": _dechrome,
    "trafilatura extract()": _trafilatura,
}


def rows(aeb_dir: Path, readability_dir: Path) -> list[dict]:
    """One row per set, system and language ("all" first): F1, P, R and pages."""
    score = load_score(aeb_dir.parent)
    table = []
    for set_name, folder in (("AEB", aeb_dir), ("readability", readability_dir)):
        pages = load_set(folder)
        by_language: dict[str, list[Page]] = defaultdict(list)
        for page in pages:
            by_language[page.language].append(page)
        for system, extract in SYSTEMS.items():
            output = {page.name: extract(page.raw) for page in pages}
            groups = [("all", pages)] + sorted(by_language.items(), key=lambda g: -len(g[1]))
            for language, group in groups:
                result = score.aeb_corpus((p.truth, output[p.name]) for p in group)
                table.append(
                    {
                        "set": set_name,
                        "system": system,
                        "language": language,
                        "F1": result["f1"],
                        "P": result["precision"],
                        "R": result["recall"],
                        "pages": len(group),
                    }
                )
    return table


def cross_fit_rules(aeb_dir: Path, readability_dir: Path) -> list[dict]:
    """Which chrome rules to use, chosen on one set (`select_rules`) and scored on the other,
    both ways: what the rules are worth on a set they were not chosen on."""
    scorers = {"AEB": rule_scorer(aeb_dir), "readability": rule_scorer(readability_dir)}
    table = []
    for fit, report in (("readability", "AEB"), ("AEB", "readability")):
        rules = select_rules(scorers[fit])
        result = scorers[report](rules)
        table.append(
            {
                "set": report,
                "system": f"dechrome article text, rules chosen on {fit}: "
                + (", ".join(sorted(rules)) or "none"),
                "language": "all",
                "F1": result["f1"],
                "P": result["precision"],
                "R": result["recall"],
                "pages": result["n"],
            }
        )
    return table


def select_rules(scores: Callable[[frozenset[str]], dict]) -> frozenset[str]:
    """Backward elimination from every rule: drop the rule whose removal helps F1 most (or
    costs nothing), until every removal costs F1."""
    rules, best = ALL_RULES, scores(ALL_RULES)["f1"]
    while rules:
        trials = {rule: scores(rules - {rule})["f1"] for rule in sorted(rules)}
        rule = max(trials, key=trials.__getitem__)
        if trials[rule] < best:
            break
        rules, best = rules - {rule}, trials[rule]
    return rules


def cost_ratio(pages: list[Page], copies: int = 2) -> float:
    """Seconds per document of clean() over bare_extraction(with_metadata=True), in this
    process, alternating the two, each on its own text-distinct copies of every page."""
    seconds = {"clean": 0.0, "bare": 0.0}
    runs: dict[str, Callable[[bytes], object]] = {"clean": _dechrome, "bare": _bare}
    for copy in range(copies):
        for n, page in enumerate(pages):
            order = ["clean", "bare"] if (n + copy) % 2 == 0 else ["bare", "clean"]
            for name in order:
                raw = vary_page(page.raw, 2 * copy + (name == "bare"))
                started = time.process_time()
                runs[name](raw)
                seconds[name] += time.process_time() - started
    return seconds["clean"] / seconds["bare"]


def format_table(table: list[dict]) -> str:
    lines = ["| set | system | language | pages | F1 | P | R |", "|---|---|---|---:|---|---|---|"]
    lines += [
        f"| {r['set']} | {r['system']} | {r['language']} | {r['pages']} | {r['F1']:.4f} "
        f"| {r['P']:.4f} | {r['R']:.4f} |"
        for r in table
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--aeb-dir", type=SCORED_BESIDE, required=True, help="folder of the AEB bench"
    )
    parser.add_argument(
        "--readability-dir", type=SCORED_PAGES, required=True, help="readability bench"
    )
    parser.add_argument("--copies", type=int, default=2, help="distinct copies timed per page")
    parser.add_argument("--ablate", action="store_true", help="F1 without each chrome rule")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    if args.ablate:
        for name, folder in (("AEB", args.aeb_dir), ("readability", args.readability_dir)):
            print(f"{name}\n\n{ablate(folder, None)}\n")
        return
    table = rows(args.aeb_dir, args.readability_dir)
    print(format_table(table + cross_fit_rules(args.aeb_dir, args.readability_dir)))
    pages = load_set(args.aeb_dir) + load_set(args.readability_dir)
    ratio = cost_ratio(pages, args.copies)
    print(
        f"\ncost: clean() / bare_extraction(with_metadata=True) per document, CPU time, "
        f"{len(pages)} pages x {args.copies} text-distinct copies each: {ratio:.2f}x "
        "(target <= 1.3)"
    )


if __name__ == "__main__":
    main()
