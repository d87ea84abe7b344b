"""Title benchmark: the record's title from `clean()`, for HTML pages and their text dumps.

Readability's pages carry their true title (the `<title>` or the headline, as Mozilla's
tests expect it); AEB's carry none, so there the text dump's title is compared with the
HTML path's (agreement, not truth). Score: word-token F1 between the two titles (lower
case, NFKC), mean over pages, and the share of pages at 1.0 and below 0.5. A page that
becomes no record scores 0.

    python benchmarks/titles.py --aeb-dir ../shared/bench/aeb \
        --readability-dir ../shared/bench/readability
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from cleaners.pipeline import clean
from cleaners.record import Article

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_PAGES, bench_folder, need, require  # noqa: E402

_WORD = re.compile(r"\w+")


def title_f1(found: str | None, expected: str | None) -> float:
    """Word-token F1 of two titles (1.0 when both are empty)."""
    a, b = _tokens(found), _tokens(expected)
    if not a or not b:
        return float(not a and not b)
    shared = sum((Counter(a) & Counter(b)).values())
    return 2 * shared / (len(a) + len(b))


def _tokens(title: str | None) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", title or "").lower())


def _title(data: bytes, name: str) -> str | None:
    outcome = clean(data, source_path=name)
    return outcome.title if isinstance(outcome, Article) else None


def page_titles(folder: Path, html_to_dump) -> list[tuple[str | None, str | None, str | None]]:
    """(true title or None, HTML path's title, text dump's title) of each readerable page."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    titles = []
    for name, entry in sorted(truth.items()):
        if entry.get("readerable") is False:
            continue
        raw = gzip.decompress((folder / "html" / f"{name}.html.gz").read_bytes())
        dump = html_to_dump(raw).encode("utf-8")
        titles.append(
            (entry.get("title"), _title(raw, f"{name}.html"), _title(dump, f"{name}.txt"))
        )
    return titles


def _row(set_name: str, compared: str, scores: list[float]) -> str:
    mean = sum(scores) / len(scores)
    exact = sum(score >= 0.999 for score in scores) / len(scores)
    poor = sum(score < 0.5 for score in scores) / len(scores)
    return f"| {set_name} | {compared} | {len(scores)} | {mean:.3f} | {exact:.2f} | {poor:.2f} |"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--readability-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--bench-dir", type=bench_folder("textdump.py"), help="of textdump.py")
    args = parser.parse_args(argv)
    bench = require(parser, args.bench_dir or args.aeb_dir.resolve().parent, "textdump.py")
    need("html_text", "the bench's textdump.py")
    sys.path.insert(0, str(bench))
    from textdump import html_to_dump  # noqa: PLC0415 - lives in the bench folder

    readability = page_titles(args.readability_dir, html_to_dump)
    aeb = page_titles(args.aeb_dir, html_to_dump)
    print("| set | titles compared | pages | mean token F1 | exact | below 0.5 |")
    print("|---|---|---:|---:|---:|---:|")
    print(_row("readability", "HTML vs truth", [title_f1(h, t) for t, h, _ in readability]))
    print(_row("readability", "dump vs truth", [title_f1(d, t) for t, _, d in readability]))
    agree = [title_f1(d, h) for _, h, d in aeb if h]
    print(_row("AEB", "dump vs HTML (no truth)", agree))


if __name__ == "__main__":
    main()
