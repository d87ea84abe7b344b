"""Text-dump benchmark: how well the article is found in flat text dumps of the AEB pages.

Each AEB page is rendered to the text dump a naive scraper saves (the bench folder's
`textdump.py`) and scored against the ground-truth body with the bench folder's `score.py`.

    PYTHONPATH=. python benchmarks/textdump_aeb.py --aeb-dir ../shared/bench/aeb

dumps/s is per CPU-second of one process (`time.process_time`, so other jobs on the machine
count less than in wall time), best of REPEATS (5) passes, one-time loading excluded. The
strip_dump row times `strip_dump` alone; the clean() row times the whole `clean()` on the
dump's UTF-8 bytes (decode + strip + normalize + langdetect + record), and a last line splits
that into its stages.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

import justext
import trafilatura

from cleaners.annotate import detect_language
from cleaners.decode.decoder import decode
from cleaners.errors import CleanError
from cleaners.normalize import join_paragraphs, normalize_paragraphs
from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip.dump import Model, strip_dump

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_PAGES, SCRIPTS, bench_folder, need, require  # noqa: E402


def load_dumps(folder: Path, html_to_dump: Callable[[bytes], str]) -> list[tuple[str, str, str]]:
    """(id, text dump, ground-truth body) for every page of an AEB-layout folder
    (html/<id>.html.gz, ground-truth.json; pages marked `readerable: false` skipped)."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for page_id in sorted(truth):
        if truth[page_id].get("readerable") is False:
            continue
        raw = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        out.append((page_id, html_to_dump(raw), truth[page_id]["articleBody"]))
    return out


def _as_paragraph_html(dump: str) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>" for line in dump.split("\n") if line.strip())
    return f"<html><body>{body}</body></html>"


def keep_everything(dump: str) -> str:
    return dump


def justext_lines(dump: str) -> str:
    """jusText on the dump, one <p> per line, English stoplist (the published baseline)."""
    paragraphs = justext.justext(_as_paragraph_html(dump), _ENGLISH)
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def trafilatura_lines(dump: str) -> str:
    return trafilatura.extract(_as_paragraph_html(dump)) or ""


def dechrome_strip(dump: str) -> str:
    return join_paragraphs(normalize_paragraphs(stripped_paragraphs(dump)))


def stripped_paragraphs(dump: str, model: Model | None = None) -> list[str]:
    """strip_dump's paragraphs; none for a dump it finds no article in."""
    try:
        return strip_dump(dump, model).paragraphs
    except CleanError:
        return []


def strip_dump_alone(dump: str) -> object:
    """What the strip_dump row's dumps/s times: strip_dump only (no normalize, no join)."""
    return stripped_paragraphs(dump)


def dechrome_clean(dump: str) -> str:
    record = clean(dump.encode("utf-8"), source_path="bench.txt")
    return record.text if isinstance(record, Article) else ""


_ENGLISH = justext.get_stoplist("English")
SYSTEMS: dict[str, Callable[[str], str]] = {
    "keep everything": keep_everything,
    "trafilatura on the dump (one <p> per line)": trafilatura_lines,
    "jusText on the dump (one <p> per line)": justext_lines,
    "dechrome strip_dump": dechrome_strip,
    "dechrome clean() on dump bytes": dechrome_clean,
}
# What a row's dumps/s times, if not the system itself (scoring needs the joined text).
TIMED: dict[str, Callable[[str], object]] = {"dechrome strip_dump": strip_dump_alone}
REPEATS = 5  # dumps/s is the best of this many timed passes over all dumps (load spikes)


def run(
    system: Callable[[str], str], dumps: list[tuple[str, str, str]], timed: Callable | None = None
) -> tuple[list, float]:
    """Predictions of system for every dump, and dumps per CPU-second of one process for
    `timed` (default: the system), best of REPEATS passes."""
    timed = timed or system
    preds = [system(dump) for _, dump, _ in dumps]  # also warms up one-time loading
    best = min(_cpu_seconds(timed, dumps) for _ in range(REPEATS))
    return preds, len(dumps) / best


def _cpu_seconds(timed: Callable, dumps: list[tuple[str, str, str]]) -> float:
    start = time.process_time()
    for _, dump, _ in dumps:
        timed(dump)
    return time.process_time() - start


def clean_breakdown(dumps: list[tuple[str, str, str]]) -> dict[str, float]:
    """CPU milliseconds per dump of each stage `clean()` runs on dump bytes (best of REPEATS):
    decode, strip_dump, normalize (+ join), langdetect."""
    raws = [dump.encode("utf-8") for _, dump, _ in dumps]
    texts = [decode(raw).text for raw in raws]
    stripped = [stripped_paragraphs(text) for text in texts]
    bodies = [join_paragraphs(normalize_paragraphs(p)) for p in stripped]
    stages: dict[str, tuple[Callable, list]] = {
        "decode": (decode, raws),
        "strip_dump": (stripped_paragraphs, texts),
        "normalize": (lambda p: join_paragraphs(normalize_paragraphs(p)), stripped),
        "langdetect": (detect_language, bodies),
    }
    out = {}
    for name, (stage, inputs) in stages.items():
        best = float("inf")
        for _ in range(REPEATS):
            start = time.process_time()
            for item in inputs:
                stage(item)
            best = min(best, time.process_time() - start)
        out[name] = 1000 * best / len(inputs)
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_PAGES, required=True)
    parser.add_argument(
        "--bench-dir", type=bench_folder(*SCRIPTS), help="folder of textdump.py and score.py"
    )
    parser.add_argument("--only", help="run only systems whose name contains this")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst dechrome pages")
    args = parser.parse_args(argv)
    require(parser, args.bench_dir or args.aeb_dir.resolve().parent, *SCRIPTS)
    sys.path.insert(0, str(args.bench_dir or args.aeb_dir.resolve().parent))
    from score import aeb_corpus, aeb_doc  # noqa: PLC0415 - lives in the bench folder

    need("html_text", "the bench's textdump.py")
    from textdump import html_to_dump  # noqa: PLC0415

    dumps = load_dumps(args.aeb_dir, html_to_dump)
    print(f"{len(dumps)} dumps from {args.aeb_dir}\n")
    print("| system | F1 | precision | recall | dumps/s (CPU time) |")
    print("|---|---|---|---|---|")
    for name, system in SYSTEMS.items():
        if args.only and args.only not in name:
            continue
        preds, rate = run(system, dumps, TIMED.get(name))
        s = aeb_corpus((gold, pred) for (_, _, gold), pred in zip(dumps, preds, strict=True))
        shown = "–" if system is keep_everything else f"{rate:.0f}"  # no work to time
        print(f"| {name} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} | {shown} |")
        if args.worst and name == "dechrome strip_dump":
            docs = [(aeb_doc(g, p)[0], i) for (i, _, g), p in zip(dumps, preds, strict=True)]
            for score, page_id in sorted(docs)[: args.worst]:
                print(f"    {score:.2f} {page_id}")
    if not args.only or args.only in "dechrome clean() on dump bytes":
        parts = clean_breakdown(dumps)
        total = " + ".join(f"{name} {ms:.2f}" for name, ms in parts.items())
        print(f"\nclean() on dump bytes, CPU ms per dump by stage: {total}")


if __name__ == "__main__":
    main()
