"""Where the HTML path loses recall on both dev sets, and what a second extractor would add.

    PYTHONPATH=. .venv/bin/python benchmarks/html_losses.py --aeb-dir ../shared/bench/aeb \\
        --readability-dir ../shared/bench/readability [--worst 15]

Per set, the expected text's 4-word shingles that `clean()` misses (recall lost, as a share
of the set's average recall), by cause and by shape of the expected paragraph (prose or
not, `is_prose`):

- `repeat`: the paragraph repeats an earlier expected paragraph (trafilatura keeps one);
- `our rules`: trafilatura's article tree had it, a chrome rule dropped it;
- `other candidates only`: only trafilatura's `baseline()` or `favor_recall` output has it;
- `nowhere`: none of them has it.

Then what a fallback would add: the prose paragraphs of `baseline()` / `favor_recall` that
our output lacks, in words of expected text and words of other text; and the pages with
the lowest recall, ours beside trafilatura's `extract()`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import trafilatura

from cleaners.errors import CleanError
from cleaners.extract.html import article_text, parse_page
from cleaners.extract.html_chrome import is_prose

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_BESIDE, SCORED_PAGES  # noqa: E402
from benchmarks.html_bench import Page, _dechrome, _trafilatura, load_set  # noqa: E402
from benchmarks.html_rules import load_score  # noqa: E402


def _unpruned(raw: bytes) -> str:
    try:
        meta, body, _ = parse_page(raw.decode("utf-8", errors="replace"), url=None)
    except CleanError:
        return ""
    return article_text(body, headlines=[], url=meta.url, rules=frozenset())


def _baseline(raw: bytes) -> str:
    return trafilatura.baseline(raw)[1]


def _recall_first(raw: bytes) -> str:
    return trafilatura.extract(raw, include_comments=False, favor_recall=True) or ""


OUTPUTS: dict[str, Callable[[bytes], str]] = {
    "ours": _dechrome,
    "trafilatura": _trafilatura,
    "unpruned": _unpruned,
    "baseline": _baseline,
    "favor_recall": _recall_first,
}


def set_losses(pages: list[Page], score, worst: int) -> list[str]:
    """The three tables of one set, as markdown lines."""
    lost: Counter[tuple[str, str]] = Counter()
    added: dict[str, Counter[str]] = defaultdict(Counter)
    recall: list[tuple[float, str]] = []
    for page in pages:
        out = {name: run(page.raw) for name, run in OUTPUTS.items()}
        shingles = {name: score._shingles(text) for name, text in out.items()}
        expected = score._shingles(page.truth)
        total = sum(expected.values()) or 1
        seen: set[str] = set()
        unmatched = Counter(shingles["ours"])  # a shingle expected twice must be output twice
        for para in page.truth.split("\n"):
            missed = [s for s in score._shingles(para).elements() if not _take(unmatched, s)]
            if missed:
                cause = _cause(para in seen, missed, shingles)
                shape = "prose" if is_prose(para) else "non-prose"
                lost[(cause, shape)] += len(missed) / total / len(pages)
            seen.add(para)
        for name in ("baseline", "favor_recall"):
            for para in out[name].split("\n"):
                para_shingles = score._shingles(para)
                if not para_shingles or not is_prose(para):
                    continue
                if sum(s in shingles["ours"] for s in para_shingles) > len(para_shingles) / 5:
                    continue
                article = sum(s in expected for s in para_shingles) >= len(para_shingles) / 2
                added[name]["article" if article else "other"] += len(para.split())
        ours, theirs = (score.aeb_corpus([(page.truth, out[n])]) for n in ("ours", "trafilatura"))
        recall.append((ours["recall"], f"| {page.name[:40]} | {page.language} | "
                       f"{ours['precision']:.3f} / {ours['recall']:.3f} | "
                       f"{theirs['precision']:.3f} / {theirs['recall']:.3f} |"))  # fmt: skip
    lines = ["| cause | expected paragraph | recall lost |", "|---|---|---:|"]
    lines += [f"| {c} | {s} | {v:.4f} |" for (c, s), v in sorted(lost.items(), key=lambda x: -x[1])]
    lines += ["", "| fallback | prose paragraphs we lack: words of article | other words |"]
    lines += ["|---|---:|---:|"]
    lines += [f"| {n} | {c['article']} | {c['other']} |" for n, c in added.items()]
    lines += ["", "| page | language | ours P / R | trafilatura P / R |", "|---|---|---|---|"]
    lines += [row for _, row in sorted(recall)[:worst]]
    return lines


def _take(counts: Counter, key: tuple) -> bool:
    if counts[key] <= 0:
        return False
    counts[key] -= 1
    return True


def _cause(repeat: bool, missed: list, shingles: dict[str, Counter]) -> str:
    if repeat:
        return "repeat"
    if sum(s in shingles["unpruned"] for s in missed) > len(missed) / 2:
        return "our rules"
    others = shingles["baseline"].keys() | shingles["favor_recall"].keys()
    if sum(s in others for s in missed) > len(missed) / 2:
        return "other candidates only"
    return "nowhere"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_BESIDE, required=True)
    parser.add_argument("--readability-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--worst", type=int, default=15, help="pages listed per set")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura logs every discarded page
    score = load_score(args.aeb_dir.parent)
    for name, folder in (("AEB", args.aeb_dir), ("readability", args.readability_dir)):
        print(f"## {name}\n")
        print("\n".join(set_losses(load_set(folder), score, args.worst)) + "\n")


if __name__ == "__main__":
    main()
