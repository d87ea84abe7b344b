"""Text-dump benchmark on both dev sets, the line model cross-fitted: AEB and readability.

Every page of each set is rendered to the text dump a naive scraper saves (the bench
folder's `textdump.py`) and scored against its ground-truth body with the bench folder's
`score.py` (`aeb_corpus`); readability's `readerable: false` pages are skipped. The line
model is fitted on one set and reported on the other, in the same run (fit AEB -> report
readability, fit readability -> report AEB); the anchors jusText and keep-everything run on
the same dumps. Per-language rows use the ground truth's `lang`, else langdetect on the
ground-truth body.

    PYTHONPATH=. .venv/bin/python benchmarks/dump_bench.py \
        --aeb-dir ../shared/bench/aeb --readability-dir ../shared/bench/readability

dumps/s: CPU seconds of one process (`time.process_time`), best of REPEATS passes of the
system over the set's dumps (for dechrome: split, features and the fitted model, i.e.
`strip_dump` with that model).
"""

from __future__ import annotations

import os

# One BLAS thread: the fits' products are small, and on a shared machine more threads only
# contend (ten times the CPU time for the same fit). Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cleaners.annotate import detect_language
from cleaners.normalize import join_paragraphs, normalize_paragraphs
from cleaners.strip.dump import Model, load_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_PAGES, SCRIPTS, bench_folder, need, require  # noqa: E402
from benchmarks.textdump_aeb import justext_lines, keep_everything, stripped_paragraphs  # noqa: E402
from benchmarks.train_textdump import prepare, select_params, train  # noqa: E402

REPEATS = 3
MIN_LANGUAGE_PAGES = 1  # per-language rows for languages with at least this many pages


@dataclass(frozen=True)
class Page:
    """One dev-set page as a text dump, with its ground-truth body and language."""

    name: str
    dump: str
    gold: str
    language: str


def load_set(folder: Path, html_to_dump: Callable[[bytes], str]) -> list[Page]:
    """The pages of an AEB-layout folder (html/<name>.html.gz, ground-truth.json) as dumps,
    without pages marked `readerable: false`."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for name in sorted(truth):
        entry = truth[name]
        if entry.get("readerable") is False:
            continue
        raw = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes())
        gold = entry["articleBody"]
        language = (entry.get("lang") or detect_language(gold) or "?").split("-")[0].lower()
        pages.append(Page(name, html_to_dump(raw), gold, language))
    return pages


def fit_model(pages: list[Page], score: Callable) -> tuple[Model, str]:
    """The line model fitted on these pages, l2 and switch chosen by repeated
    cross-validation on them alone (the shipped model's training recipe), and the choice."""
    examples = prepare([(p.name, p.dump, p.gold) for p in pages])
    params = select_params(examples, partial(_score, score))  # a small set's folds: see _score
    return train(examples, **params), f"l2 {params['l2']:g}, switch {params['switch']:g}"


def _dechrome(model: Model) -> Callable[[str], str]:
    """strip_dump with this model (nothing for a dump it finds no article in)."""

    def run(dump: str) -> str:
        return join_paragraphs(normalize_paragraphs(stripped_paragraphs(dump, model)))

    return run


def _rate(system: Callable[[str], str], pages: list[Page]) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        start = time.process_time()
        for page in pages:
            system(page.dump)
        best = min(best, time.process_time() - start)
    return len(pages) / best if best > 0 else float("inf")


def _score_rows(
    aeb_corpus: Callable, set_name: str, system: str, pages: list[Page], preds: list[str], rate
) -> list[dict]:
    """The set's row and one row per language."""
    rows = []
    groups = {"all": list(range(len(pages)))}
    for language in sorted({p.language for p in pages}):
        members = [i for i, p in enumerate(pages) if p.language == language]
        if len(members) >= MIN_LANGUAGE_PAGES and len(groups["all"]) > len(members):
            groups[language] = members
    for language, members in groups.items():
        score = _score(aeb_corpus, [(pages[i].gold, preds[i]) for i in members])
        rows.append(
            {
                "set": set_name,
                "language": language,
                "pages": len(members),
                "system": system,
                "F1": score["f1"],
                "P": score["precision"],
                "R": score["recall"],
                "dumps/s": rate if language == "all" else None,
            }
        )
    return rows


def _score(aeb_corpus: Callable, pairs: list[tuple[str, str]]) -> dict:
    """aeb_corpus, or zeros where it has nothing to average (one page, nothing found)."""
    try:
        return aeb_corpus(pairs)
    except statistics.StatisticsError:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0}


def rows(aeb_dir: Path, readability_dir: Path, bench_dir: Path | None = None) -> list[dict]:
    """Result rows (set, language, pages, system, F1, P, R, dumps/s): keep everything,
    jusText and dechrome with the line model fitted on the other set (the honest figure),
    and with the shipped model (fitted on both sets, so in-sample), on both sets."""
    sys.path.insert(0, str(bench_dir or aeb_dir.resolve().parent))
    from score import aeb_corpus  # noqa: PLC0415 - lives in the bench folder

    need("html_text", "the bench's textdump.py")
    from textdump import html_to_dump  # noqa: PLC0415

    sets = {
        "AEB": load_set(aeb_dir, html_to_dump),
        "readability": load_set(readability_dir, html_to_dump),
    }
    models = {name: fit_model(pages, aeb_corpus) for name, pages in sets.items()}
    out: list[dict] = []
    for set_name, pages in sets.items():
        other = next(name for name in sets if name != set_name)
        systems: dict[str, Callable[[str], str]] = {
            "keep everything": keep_everything,
            "jusText (English stoplist, one <p> per line)": justext_lines,
            f"dechrome (line model fitted on {other}: {models[other][1]})": _dechrome(
                models[other][0]
            ),
            "dechrome (shipped model, fitted on both: in-sample)": _dechrome(load_model()),
        }
        for system, run in systems.items():
            preds = [run(page.dump) for page in pages]
            rate = None if run is keep_everything else _rate(run, pages)
            out += _score_rows(aeb_corpus, set_name, system, pages, preds, rate)
    return out


def _cell(column: str, value: object) -> str:
    if value is None:
        return "–"
    if column == "dumps/s":
        return f"{value:.0f}"
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--readability-dir", type=SCORED_PAGES, required=True)
    parser.add_argument(
        "--bench-dir", type=bench_folder(*SCRIPTS), help="folder of textdump.py and score.py"
    )
    parser.add_argument("--languages", action="store_true", help="also print per-language rows")
    args = parser.parse_args(argv)
    require(parser, args.bench_dir or args.aeb_dir.resolve().parent, *SCRIPTS)
    table = rows(args.aeb_dir, args.readability_dir, args.bench_dir)
    columns = ["set", "language", "pages", "system", "F1", "P", "R", "dumps/s"]
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in table:
        if row["language"] == "all" or args.languages:
            print("| " + " | ".join(_cell(c, row[c]) for c in columns) + " |")


if __name__ == "__main__":
    main()
