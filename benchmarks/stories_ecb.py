"""Story clustering on the ECB+ dev set: adjusted Rand index and B-cubed F1.

Documents are added one at a time, as an ingest would, in four orders (file names, three
shuffles). The story threshold is also cross-validated by topic: fitted on one half of the
topics (best mean ARI over a grid) and scored on the other half, both ways, so the held-out
figures say what to expect on topics the threshold never saw.

    PYTHONPATH=. python benchmarks/stories_ecb.py --ecb-dir ../shared/bench/ecb
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from functools import cache
from math import comb
from pathlib import Path

from cleaners.annotate import detect_language
from crossdoc import Doc, Linker
from crossdoc.features import features
from crossdoc.settings import (
    STORY_AGREE_SIMILARITY,
    STORY_CONFLICT_SIMILARITY,
    STORY_MERGE_SIMILARITY,
    STORY_SIMILARITY,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import bench_folder  # noqa: E402

JOIN_GRID = [0.3, 0.35, 0.4]
MERGE_GRID = [0.3, 0.35, 0.4]
CONFLICT_GRID = [0.4, 0.5, 0.6]  # to join or merge a story whose years all differ
AGREE_GRID = [0.2, 0.25, 0.3]  # to join a story that states a year the document states
GRID = [
    (j, m, c, a) for j in JOIN_GRID for m in MERGE_GRID for c in CONFLICT_GRID for a in AGREE_GRID
]
ORDERS = 4


def adjusted_rand(found: dict[str, str], truth: dict[str, str]) -> float:
    pairs = Counter((found[name], truth[name]) for name in found)
    same_both = sum(comb(n, 2) for n in pairs.values())
    same_found = sum(comb(n, 2) for n in Counter(found.values()).values())
    same_truth = sum(comb(n, 2) for n in Counter(truth[name] for name in found).values())
    expected = same_found * same_truth / comb(len(found), 2)
    best = (same_found + same_truth) / 2
    return (same_both - expected) / (best - expected)


def bcubed_f1(found: dict[str, str], truth: dict[str, str]) -> float:
    by_found, by_truth = defaultdict(set), defaultdict(set)
    for name in found:
        by_found[found[name]].add(name)
        by_truth[truth[name]].add(name)
    precision = recall = 0.0
    for name in found:
        common = len(by_found[found[name]] & by_truth[truth[name]])
        precision += common / len(by_found[found[name]])
        recall += common / len(by_truth[truth[name]])
    precision, recall = precision / len(found), recall / len(found)
    return 2 * precision * recall / (precision + recall)


# A text's terms do not depend on the corpus (its weights do): read each text once, not
# once per order and setting (the grid runs every text ~1,300 times).
read_terms = cache(features)


@cache
def language(text: str) -> str | None:
    """The language the cleaning pipeline would give the record."""
    return detect_language(text)


def cluster(
    texts: dict[str, str], order: list[str], thresholds: tuple[float, ...]
) -> dict[str, str]:
    with Linker(":memory:", *thresholds, read_terms=read_terms) as linker:
        for position, name in enumerate(order):
            text = texts[name]
            doc = Doc(name, text, f"{position:06d}", name, language=language(text))
            linker.add(doc)
        return {name: linker.links_of(name).story_id for name in order}


def orders(names: list[str]) -> list[list[str]]:
    shuffled = [sorted(names)]
    for seed in range(1, ORDERS):
        order = sorted(names)
        random.Random(seed).shuffle(order)
        shuffled.append(order)
    return shuffled


def scores(texts, truth, names, thresholds) -> tuple[float, float]:
    """Mean ARI and B-cubed F1 over the orders."""
    results = [
        (adjusted_rand(f, truth), bcubed_f1(f, truth))
        for f in (cluster(texts, order, thresholds) for order in orders(names))
    ]
    return (
        sum(ari for ari, _ in results) / len(results),
        sum(f1 for _, f1 in results) / len(results),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ecb-dir", type=bench_folder("labels.json", "raw"), required=True)
    args = parser.parse_args()
    truth = json.loads((args.ecb_dir / "labels.json").read_text())
    texts = {name: (args.ecb_dir / "raw" / name).read_text(encoding="utf-8") for name in truth}
    topics = sorted({name.split("_")[0] for name in truth})
    halves = [topics[0::2], topics[1::2]]
    by_half = [[n for n in truth if n.split("_")[0] in half] for half in halves]

    print(
        f"| set | join, merge, conflict, agree thresholds | ARI | B-cubed F1 |"
        f" ({ORDERS} orders, mean) |"
    )
    print("|---|---:|---:|---:|---|")
    setting = (
        STORY_SIMILARITY,
        STORY_MERGE_SIMILARITY,
        STORY_CONFLICT_SIMILARITY,
        STORY_AGREE_SIMILARITY,
    )
    ari, f1 = scores(texts, truth, list(truth), setting)
    print(f"| all {len(topics)} topics | {setting} (settings) | {ari:.3f} | {f1:.3f} | |")
    fitted = [{pair: scores(texts, truth, half, pair) for pair in GRID} for half in by_half]
    for fit, held in ((0, 1), (1, 0)):
        best = max(GRID, key=lambda pair: fitted[fit][pair][0])
        ari, f1 = fitted[held][best]
        print(
            f"| held-out half {held + 1} (fitted on half {fit + 1}: ARI"
            f" {fitted[fit][best][0]:.3f}) | {best} | {ari:.3f} | {f1:.3f} | |"
        )
    print("\n| join, merge, conflict, agree | ARI half 1 | ARI half 2 |")
    print("|---|---:|---:|")
    for pair in GRID:
        print(f"| {pair} | {fitted[0][pair][0]:.3f} | {fitted[1][pair][0]:.3f} |")


if __name__ == "__main__":
    main()
