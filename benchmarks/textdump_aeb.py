"""Text-dump benchmark: how well the article is found in flat text dumps of the AEB pages.

Each AEB page is rendered to the text dump a naive scraper saves (the bench folder's
`textdump.py`) and scored against the ground-truth body with the bench folder's `score.py`.

    PYTHONPATH=. python benchmarks/textdump_aeb.py --aeb-dir ../shared/bench/aeb
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

from cleaners.normalize import join_paragraphs, normalize_paragraphs
from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip import strip_dump


def load_dumps(aeb_dir: Path, html_to_dump: Callable[[bytes], str]) -> list[tuple[str, str, str]]:
    """(id, text dump, ground-truth body) for every page of the AEB folder."""
    truth = json.loads((aeb_dir / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for page_id in sorted(truth):
        raw = gzip.decompress((aeb_dir / "html" / f"{page_id}.html.gz").read_bytes())
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
    return join_paragraphs(normalize_paragraphs(strip_dump(dump).paragraphs))


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


def run(system: Callable[[str], str], dumps: list[tuple[str, str, str]]) -> tuple[list, float]:
    """Predictions of system for every dump and its throughput in dumps/s."""
    system(dumps[0][1])  # warm-up: one-time loading (model, stoplists) is not per-dump cost
    start = time.process_time()
    preds = [system(dump) for _, dump, _ in dumps]
    return preds, len(dumps) / (time.process_time() - start)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=Path, required=True)
    parser.add_argument("--bench-dir", type=Path, help="folder of textdump.py and score.py")
    parser.add_argument("--only", help="run only systems whose name contains this")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst dechrome pages")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.bench_dir or args.aeb_dir.resolve().parent))
    from score import aeb_corpus, aeb_doc  # noqa: PLC0415 - lives in the bench folder
    from textdump import html_to_dump  # noqa: PLC0415

    dumps = load_dumps(args.aeb_dir, html_to_dump)
    print(f"{len(dumps)} dumps from {args.aeb_dir}\n")
    print("| system | F1 | precision | recall | dumps/s (CPU time) |")
    print("|---|---|---|---|---|")
    for name, system in SYSTEMS.items():
        if args.only and args.only not in name:
            continue
        preds, rate = run(system, dumps)
        s = aeb_corpus((gold, pred) for (_, _, gold), pred in zip(dumps, preds, strict=True))
        print(f"| {name} | {s['f1']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} | {rate:.0f} |")
        if args.worst and name == "dechrome strip_dump":
            docs = [(aeb_doc(g, p)[0], i) for (i, _, g), p in zip(dumps, preds, strict=True)]
            for score, page_id in sorted(docs)[: args.worst]:
                print(f"    {score:.2f} {page_id}")


if __name__ == "__main__":
    main()
