"""Cross-document links at scale: per-document cost of near-duplicate + story assignment
at 10k and at 100k records (and more with --sizes), next to the cost of cleaning a
document, and memory.

Synthetic records (seeded): a Zipf-distributed background vocabulary, stories of ~10
records sharing names (some new to the corpus), numbers and words, and a near copy every
20 records; ids, titles, languages and content hashes as a cleaned record has them. The
state is a real on-disk SQLite file, committed every batch as in an ingest. At each size,
REPEATS windows of WINDOW documents are timed (CPU seconds per document), each followed by
a pass of `cleaners.clean` over the AEB pages: links and cleaning are measured side by side
in one process, so machine load moves both alike, and the share of cleaning is the median
of the windows' ratios.

The sizes are points on one growing state, each printed (with its ratio to the first) as
it is reached, so a long run cut short still yields the points it reached. The machine's
load changes between those points (minutes apart), so the run ends with a paired
measurement: a copy of the state as it was at the first size and the grown state take
turns, window by window, in the same minutes; the ratio of each round's two windows, and
their median, is the growth with the load taken out:

    PYTHONPATH=. python benchmarks/crossdoc_scale.py --aeb-dir ../shared/bench/aeb
    PYTHONPATH=. python benchmarks/crossdoc_scale.py --aeb-dir ../shared/bench/aeb \
        --sizes 10000 100000 300000 600000 1000000 --repeats 3
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import sqlite3
import statistics
import string
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from cleaners import clean
from cleaners.annotate import record_id, sha256_hex
from crossdoc import Doc, Linker
from flows.defaults import DEFAULT_BATCH_SIZE

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import PAGES  # noqa: E402

SIZES = (10_000, 100_000)
WINDOW = 200  # documents per timed window
REPEATS = 5  # timed windows per size
VOCABULARY = 50_000
WORDS_PER_DOC = 300
STORY_SIZE = 10
BATCH = DEFAULT_BATCH_SIZE  # documents per commit, as in an ingest


class Corpus:
    """Deterministic synthetic article texts."""

    def __init__(self, seed: int = 7) -> None:
        self.random = np.random.default_rng(seed)
        self.picker = random.Random(seed)  # which story word goes in a slot
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        self.words = [
            "".join(self.random.choice(letters, size=self.random.integers(3, 10)))
            for _ in range(VOCABULARY)
        ]
        ranks = np.arange(1, VOCABULARY + 1)
        self.cumulative = np.cumsum(1 / ranks) / (1 / ranks).sum()
        self.previous = ""

    def text(self, n: int) -> str:
        if n % 20 == 19 and self.previous:  # a near copy of a recent text, one edit
            words = self.previous.split(" ")
            words[len(words) // 2] = "edited"
            return " ".join(words)
        story = random.Random(n // STORY_SIZE)
        names = [self.words[story.randrange(VOCABULARY)].title() for _ in range(4)]
        names += [  # and names never seen before: the vocabulary grows with the corpus
            "".join(story.choices(string.ascii_lowercase, k=7)).title() for _ in range(2)
        ]
        specific = [self.words[story.randrange(VOCABULARY)] for _ in range(20)]
        picks = np.searchsorted(self.cumulative, self.random.random(WORDS_PER_DOC))
        words = [self.words[min(i, VOCABULARY - 1)] for i in picks]
        for slot in self.random.integers(1, WORDS_PER_DOC, size=40):
            words[slot] = self.picker.choice(names + specific + [str(story.randrange(1000))])
        sentences = [" ".join(words[i : i + 15]) + "." for i in range(0, WORDS_PER_DOC, 15)]
        self.previous = " ".join(sentence.capitalize() for sentence in sentences)
        return self.previous

    def doc(self, n: int, text: str | None = None) -> Doc:
        text = self.text(n) if text is None else text
        path = f"site{n % 50}/{n:09d}.html"
        return Doc(
            id=record_id(path),
            text=text,
            run="r1",
            source_path=path,
            content_hash=sha256_hex(text),
            title=" ".join(text.split(" ", 8)[:8]),
            language="en",
        )


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cleaning_cost(pages: list[bytes]) -> float:
    """CPU seconds per page of `cleaners.clean`."""
    started = time.process_time()
    for n, raw in enumerate(pages):
        clean(raw, source_path=f"{n}.html")
    return (time.process_time() - started) / len(pages)


def timed_window(linker: Linker, corpus: Corpus, start: int) -> float:
    """CPU seconds per document of adding WINDOW documents (commits included)."""
    texts = [corpus.text(n) for n in range(start, start + WINDOW)]  # not timed
    started = time.process_time()
    for n, text in enumerate(texts, start):
        linker.add(corpus.doc(n, text))
        if (n + 1) % BATCH == 0:
            linker.commit()
    return (time.process_time() - started) / WINDOW


def snapshot(linker: Linker, path: Path) -> None:
    """A copy of the linker's committed state at path."""
    linker.commit()
    with sqlite3.connect(path) as copy:
        linker.db.backup(copy)
    copy.close()


def paired(
    small: Linker, large: Linker, corpus: Corpus, starts: list[int], repeats: int, pages: list
) -> list[tuple[float, float, float]]:
    """(small, large, cleaning) CPU seconds per document of rounds in which the two states
    take turns (which goes first alternates), each round followed by a cleaning pass; an
    untimed window first on each (a run's first document builds its bucket filter)."""
    for linker, start in zip((small, large), starts, strict=True):
        timed_window(linker, corpus, start)
    starts = [start + WINDOW for start in starts]
    rounds = []
    for r in range(repeats):
        times = {}
        for which in (0, 1) if r % 2 == 0 else (1, 0):
            linker = (small, large)[which]
            times[which] = timed_window(linker, corpus, starts[which])
            starts[which] += WINDOW
        rounds.append((times[0], times[1], cleaning_cost(pages)))
    return rounds


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    """Median (min-max)."""
    low, mid, high = (scale * v for v in (min(values), statistics.median(values), max(values)))
    return f"{mid:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb-dir", type=PAGES, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    args = parser.parse_args()
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((args.aeb_dir / "html").glob("*.gz"))]
    cleaning_cost(pages[:20])  # warm-up: imports, models
    corpus = Corpus()
    rows = []
    first_state = None
    with tempfile.TemporaryDirectory() as folder:
        grown = Path(folder) / "x.sqlite"
        with Linker(grown) as linker:
            added = 0
            for size in sorted(args.sizes):
                started = time.monotonic()
                while added < size - args.repeats * WINDOW:
                    linker.add(corpus.doc(added))
                    added += 1
                    if added % BATCH == 0:
                        linker.commit()
                links, cleaning = [], []
                for _ in range(args.repeats):
                    links.append(timed_window(linker, corpus, added))
                    added += WINDOW
                    cleaning.append(cleaning_cost(pages))
                disk = sum(p.stat().st_size for p in Path(folder).glob("x.sqlite*")) / 2**20
                shares = [link / cost for link, cost in zip(links, cleaning, strict=True)]
                rows.append((size, links, cleaning, shares, rss_mb(), disk, linker.counts()))
                ratio = statistics.median(links) / statistics.median(rows[0][1])
                print(
                    f"  {size} records: links {spread(links, 1000)} ms/doc ({ratio:.2f}x),"
                    f" cleaning {spread(cleaning, 1000)} ms/doc, share {spread(shares, 100, 1)}%,"
                    f" RSS {rows[-1][4]:.0f} MB, state {disk:.0f} MB"
                    f" ({time.monotonic() - started:.0f} s)",
                    flush=True,
                )
                if first_state is None:
                    first_state = (Path(folder) / "first.sqlite", added)
                    snapshot(linker, first_state[0])
        if len(rows) > 1:  # both opened afresh, as a run opens its state
            with Linker(first_state[0]) as small, Linker(grown) as large:
                starts = [first_state[1], added]
                rounds = paired(small, large, corpus, starts, args.repeats, pages)
    first = statistics.median(rows[0][1])
    print(f"\n{args.repeats} windows of {WINDOW} documents per size: median (min-max)\n")
    print(
        "| records | links ms/doc | vs first size | cleaning ms/doc | links vs cleaning |"
        " RSS MB | state MB | stories |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, links, cleaning, shares, rss, disk, counts in rows:
        print(
            f"| {size} | {spread(links, 1000)} | {statistics.median(links) / first:.2f}x |"
            f" {spread(cleaning, 1000, 1)} | {spread(shares, 100, 1)}% |"
            f" {rss:.0f} | {disk:.0f} | {counts['stories']} |"
        )
    if len(rows) > 1:
        small, large, cleaning = (list(column) for column in zip(*rounds, strict=True))
        ratios = [b / a for a, b in zip(small, large, strict=True)]
        shares = [b / c for b, c in zip(large, cleaning, strict=True)]
        print(
            f"\nPaired, in the same minutes: the state at {rows[0][0]} records (a copy) and at"
            f" {rows[-1][0]}, {args.repeats} rounds of one window each, median (min-max)\n"
        )
        print(
            f"| links ms/doc at {rows[0][0]} | at {rows[-1][0]} | ratio per round |"
            f" links vs cleaning at {rows[-1][0]} |"
        )
        print("|---:|---:|---:|---:|")
        print(
            f"| {spread(small, 1000)} | {spread(large, 1000)} | {spread(ratios)}x |"
            f" {spread(shares, 100, 1)}% |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB (cleaning the AEB pages included)")


if __name__ == "__main__":
    main()
