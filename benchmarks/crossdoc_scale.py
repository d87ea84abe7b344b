"""Cross-document links at scale: per-document cost of near-duplicate + story assignment
at 10k and at 100k records, next to the cost of cleaning a document, and memory.

Synthetic records (seeded): a Zipf-distributed background vocabulary, stories of ~10
records sharing names, numbers and words, and a near copy every 20 records. The state is a
real on-disk SQLite file, committed every batch as in an ingest. Costs are CPU seconds per
document over a window of documents added at each size (same process, so machine load
affects both alike); cleaning is `cleaners.clean` on the AEB pages, measured in the same run.

    PYTHONPATH=. python benchmarks/crossdoc_scale.py --aeb-dir ../shared/bench/aeb
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from cleaners import clean
from crossdoc import Doc, Linker
from flows.defaults import DEFAULT_BATCH_SIZE

SIZES = (10_000, 100_000)
WINDOW = 1000  # documents timed at each size
VOCABULARY = 50_000
WORDS_PER_DOC = 300
STORY_SIZE = 10
BATCH = DEFAULT_BATCH_SIZE  # documents per commit, as in an ingest


class Corpus:
    """Deterministic synthetic article texts."""

    def __init__(self, seed: int = 7) -> None:
        self.random = np.random.default_rng(seed)
        letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
        self.words = [
            "".join(self.random.choice(letters, size=self.random.integers(3, 10)))
            for _ in range(VOCABULARY)
        ]
        ranks = np.arange(1, VOCABULARY + 1)
        self.weights = (1 / ranks) / (1 / ranks).sum()
        self.previous: list[str] = []

    def text(self, n: int) -> str:
        if n % 20 == 19 and self.previous:  # a near copy of a recent text, one edit
            words = self.previous[-1].split(" ")
            words[len(words) // 2] = "edited"
            return " ".join(words)
        story = random.Random(n // STORY_SIZE)
        names = [self.words[story.randrange(VOCABULARY)].title() for _ in range(6)]
        specific = [self.words[story.randrange(VOCABULARY)] for _ in range(20)]
        picks = self.random.choice(VOCABULARY, size=WORDS_PER_DOC, p=self.weights)
        words = [self.words[i] for i in picks]
        for slot in self.random.integers(1, WORDS_PER_DOC, size=40):
            words[slot] = random.choice(names + specific + [str(story.randrange(1000))])
        sentences = [" ".join(words[i : i + 15]) + "." for i in range(0, WORDS_PER_DOC, 15)]
        text = " ".join(sentence.capitalize() for sentence in sentences)
        self.previous = [text]
        return text


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cleaning_cost(aeb_dir: Path) -> float:
    pages = [gzip.decompress(p.read_bytes()) for p in sorted((aeb_dir / "html").glob("*.gz"))]
    started = time.process_time()
    for n, raw in enumerate(pages):
        clean(raw, source_path=f"{n}.html")
    return (time.process_time() - started) / len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aeb-dir", type=Path, required=True)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = parser.parse_args()
    corpus = Corpus()
    texts = [corpus.text(n) for n in range(WINDOW)]  # warm-up: the generator's own cost
    rows = []
    with tempfile.TemporaryDirectory() as folder, Linker(Path(folder) / "x.sqlite") as linker:
        added = 0
        for size in sorted(args.sizes):
            while added < size - WINDOW:
                linker.add(Doc(f"d{added}", corpus.text(added), "r", f"{added:09d}"))
                added += 1
                if added % BATCH == 0:
                    linker.commit()
            texts = [corpus.text(added + i) for i in range(WINDOW)]
            started = time.process_time()
            for text in texts:
                linker.add(Doc(f"d{added}", text, "r", f"{added:09d}"))
                added += 1
                if added % BATCH == 0:
                    linker.commit()
            per_doc = (time.process_time() - started) / WINDOW
            disk = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
            rows.append((size, per_doc, rss_mb(), disk, linker.counts()))
            print(f"  {size} records: {1000 * per_doc:.2f} ms/doc", flush=True)
    clean_cost = cleaning_cost(args.aeb_dir)
    print(f"\ncleaning (cleaners.clean, AEB pages): {1000 * clean_cost:.2f} ms/doc\n")
    print("| records | links ms/doc | vs first size | vs cleaning | RSS MB | state MB | stories |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size, per_doc, rss, disk, counts in rows:
        print(
            f"| {size} | {1000 * per_doc:.2f} | {per_doc / rows[0][1]:.2f}x |"
            f" {100 * per_doc / clean_cost:.1f}% | {rss:.0f} | {disk:.0f} | {counts['stories']} |"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
