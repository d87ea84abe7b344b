"""Train the text-dump line models (stacked logistic regressions) on dev-set dumps.

Lines of each dump are labelled by their 4-gram overlap with the page's ground-truth body,
featurized by `cleaners.strip.lines`, and fitted by Newton's method. The shipped model is fitted
on the union of AEB and readability (more kinds of sites and languages than either); the
honest figures are each set scored by a model fitted on the other
(`benchmarks/dump_bench.py`). 5-fold cross-validation by page over the training pages is
printed too; the final model (all pages) is written as plain JSON weights, which is all the
runtime reads.

    PYTHONPATH=. .venv/bin/python benchmarks/train_textdump.py --aeb-dir ../shared/bench/aeb \
        --readability-dir ../shared/bench/readability \
        --out cleaners/strip/models/textdump_lines.json
"""

from __future__ import annotations

import os

# One BLAS thread: the fits' products are small, and on a shared machine more threads only
# contend (ten times the CPU time for the same fit). Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import json
import random
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cleaners.normalize import join_paragraphs, normalize_paragraphs
from cleaners.strip.dump import Model, line_scores, strip_page
from cleaners.strip.lines import Matrix, context_features, features
from cleaners.strip.page import Page, split_page

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks.*

from benchmarks.folders import SCORED_PAGES, SCRIPTS, bench_folder, need, require  # noqa: E402
from benchmarks.textdump_aeb import load_dumps  # noqa: E402

_WORD = re.compile(r"\w+")
THRESHOLD = -0.5  # last-stage log-odds cut
L2_GRID = (1e-3, 3e-3, 1e-2)  # chosen with SWITCH_GRID by cross-validation on the training
SWITCH_GRID = (1.0, 2.0, 3.0)  # pages only (`select_params`)
CV_REPEATS = 3  # shuffles of the pages into folds, averaged (one shuffle's pick was noise)
PAGE_POWER = 0.5  # line weights are divided by (page's total weight) ** PAGE_POWER
Example = tuple[Page, Matrix, list[int], str]  # page, feature rows, line labels, gold


def label_lines(page: Page, gold: str) -> list[int]:
    """1 for lines whose word 4-grams (short lines: whole word sequence) are in the gold body."""
    tokens = _WORD.findall(gold)
    grams = {
        n: {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)} for n in (1, 2, 3, 4)
    }
    labels = []
    for line in page.texts:
        toks = _WORD.findall(line)
        if len(toks) >= 4:
            shingles = [tuple(toks[i : i + 4]) for i in range(len(toks) - 3)]
            hit = sum(1 for s in shingles if s in grams[4]) / len(shingles)
            labels.append(int(hit >= 0.5))
        else:
            labels.append(int(len(toks) >= 2 and tuple(toks) in grams[len(toks)]))
    return labels


def prepare(dumps: list[tuple[str, str, str]]) -> list[Example]:
    pages = []
    for _, dump, gold in dumps:
        page = split_page(dump)
        pages.append((page, features(page), label_lines(page, gold), gold))
    return pages


def fit(rows: Matrix, labels: list[int], weights: list[float], *, l2: float) -> list[float]:
    """Weighted L2-regularized logistic regression by Newton's method (IRLS).

    Features are standardized for the fit; the returned weights apply to raw features,
    bias (column 0, always 1) first."""
    x = np.asarray(rows, dtype=float)
    y = np.asarray(labels, dtype=float)
    sw = np.asarray(weights, dtype=float)
    sw = sw * len(sw) / sw.sum()
    mean, std = x.mean(axis=0), x.std(axis=0)
    std[std == 0] = 1.0
    mean[0], std[0] = 0.0, 1.0
    z = (x - mean) / std
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2 * len(y))
    penalty[0] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(z @ w, -30, 30)))
        grad = z.T @ (sw * (p - y)) + penalty * w
        hess = (z * (sw * p * (1 - p))[:, None]).T @ z + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    raw = w / std
    raw[0] = w[0] - float((w[1:] * mean[1:] / std[1:]).sum())
    return [float(v) for v in raw]


def train(
    pages: list[Example],
    *,
    l2: float,
    switch: float,
    threshold: float,
    context_stages: int = 1,
    inner_folds: int = 3,
) -> Model:
    """All stages on pages. The first context stage learns from first-stage scores that are
    out-of-fold (inner split of pages), so it sees scores as noisy as at run time; each
    further context stage learns from the previous one's scores."""
    first = _fit_pages(pages, l2=l2)
    scored: list[tuple[Example, list[float]]] = []
    for k in range(inner_folds):
        rest = [p for i, p in enumerate(pages) if i % inner_folds != k]
        inner = _fit_pages(rest, l2=l2)
        held = [p for i, p in enumerate(pages) if i % inner_folds == k]
        scored += [(p, line_scores(inner, p[1])) for p in held]
    labels = [y for (_, _, ys, _), _ in scored for y in ys]
    weights = [w for (page, _, _, _), _ in scored for w in _weights(page)]
    stages = []
    for _ in range(context_stages):
        context = [context_features(page, xs, s) for (page, xs, _, _), s in scored]
        stage = fit(np.vstack(context), labels, weights, l2=l2)
        stages.append(stage)
        scored = [(p, line_scores(stage, c)) for (p, _), c in zip(scored, context, strict=True)]
    return Model(line_weights=first, context_weights=stages, switch=switch, threshold=threshold)


def _weights(page: Page) -> list[float]:
    """Longer lines weigh more (the metric counts words); every page weighs about the same
    (the metric averages pages)."""
    raw = [1.0 + min(w, 40) for w in page.words]
    total = sum(raw) ** PAGE_POWER
    return [w / total for w in raw]


def _fit_pages(pages: list[Example], *, l2: float) -> list[float]:
    labels = [y for _, _, ys, _ in pages for y in ys]
    weights = [w for page, _, _, _ in pages for w in _weights(page)]
    return fit(np.vstack([xs for _, xs, _, _ in pages]), labels, weights, l2=l2)


def predict(model: Model, example: Example) -> str:
    page, xs, _, _ = example
    return join_paragraphs(normalize_paragraphs(strip_page(page, xs, model).paragraphs))


@dataclass(frozen=True)
class CellScore:
    """Cross-validated scores of one (l2, switch) pair: means of the fold scores over all
    folds of the repeated shuffles, and the F1's standard error (spread of the fold F1s /
    sqrt(folds), averaged over the shuffles)."""

    f1: float
    precision: float
    recall: float
    se: float


def held_out_scores(
    pages: list[Example],
    score: Callable[[list[tuple[str, str]]], dict],
    *,
    folds: int,
    repeats: int = CV_REPEATS,
    l2s: Sequence[float] = L2_GRID,
    switches: Sequence[float] = SWITCH_GRID,
    threshold: float = THRESHOLD,
) -> dict[tuple[float, float], CellScore]:
    """Repeated k-fold cross-validation by page: the scores of every (l2, switch) pair, each
    fold's pages predicted by a model fitted on the other folds (the switch needs no refit),
    over `repeats` shuffles of the pages into folds."""
    fold_scores: dict[tuple[float, float], list[list[dict]]] = {}
    memo: dict[tuple, dict] = {}  # a fold predicted alike under two pairs is scored once
    for seed in range(repeats):
        order = list(range(len(pages)))
        random.Random(seed).shuffle(order)
        for l2 in l2s:
            runs = {switch: [] for switch in switches}
            for fold in range(folds):
                test = order[fold::folds]
                held = set(test)
                rest = [p for i, p in enumerate(pages) if i not in held]
                model = train(rest, l2=l2, switch=switches[0], threshold=threshold)
                for switch in switches:
                    model.switch = switch
                    preds = tuple(predict(model, pages[i]) for i in test)
                    key = (tuple(test), preds)
                    if key not in memo:
                        golds = [pages[i][3] for i in test]
                        memo[key] = score(list(zip(golds, preds, strict=True)))
                    runs[switch].append(memo[key])
            for switch, run in runs.items():
                fold_scores.setdefault((l2, switch), []).append(run)
    return {key: _cell_score(runs, folds) for key, runs in fold_scores.items()}


def _cell_score(runs: list[list[dict]], folds: int) -> CellScore:
    def mean(name: str) -> float:
        return statistics.mean(part[name] for run in runs for part in run)

    spread = statistics.mean(statistics.stdev(part["f1"] for part in run) for run in runs)
    return CellScore(mean("f1"), mean("precision"), mean("recall"), spread / folds**0.5)


def select_params(
    pages: list[Example], score: Callable[[list[tuple[str, str]]], dict], folds: int = 5
) -> dict[str, float]:
    """l2 and switch chosen by repeated cross-validation on these (training) pages alone."""
    return best_params(held_out_scores(pages, score, folds=folds))


def best_params(scores: dict[tuple[float, float], CellScore]) -> dict[str, float]:
    """Training parameters by the one-standard-error rule: of the (l2, switch) pairs whose
    cross-validated F1 is within one standard error of the best, the most regularized (the
    largest l2 and switch, by their places in the grids; then the better F1). Differences
    smaller than the folds' spread are noise of the split, not a reason for a weaker
    penalty."""
    best = max(scores.values(), key=lambda cell: cell.f1)
    near = [key for key, cell in scores.items() if cell.f1 >= best.f1 - best.se]
    l2s, switches = sorted({l2 for l2, _ in scores}), sorted({s for _, s in scores})

    def strength(key: tuple[float, float]) -> tuple[int, float]:
        return l2s.index(key[0]) + switches.index(key[1]), scores[key].f1

    l2, switch = max(near, key=strength)
    return {"l2": l2, "switch": switch, "threshold": THRESHOLD}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aeb-dir", type=SCORED_PAGES, required=True)
    parser.add_argument("--readability-dir", type=SCORED_PAGES, help="also train on this set")
    parser.add_argument(
        "--bench-dir", type=bench_folder(*SCRIPTS), help="folder of textdump.py and score.py"
    )
    parser.add_argument("--out", type=Path, help="write the final model (all pages) here")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=CV_REPEATS, help="CV shuffles")
    parser.add_argument("--l2", type=float, help="fixed l2 (default: chosen by CV)")
    parser.add_argument("--switch", type=float, help="fixed Viterbi switch (default: by CV)")
    args = parser.parse_args(argv)
    require(parser, args.bench_dir or args.aeb_dir.resolve().parent, *SCRIPTS)
    sys.path.insert(0, str(args.bench_dir or args.aeb_dir.resolve().parent))
    from score import aeb_corpus  # noqa: PLC0415 - lives in the bench folder

    need("html_text", "the bench's textdump.py")
    from textdump import html_to_dump  # noqa: PLC0415

    folders = [args.aeb_dir] + ([args.readability_dir] if args.readability_dir else [])
    pages = prepare([dump for folder in folders for dump in load_dumps(folder, html_to_dump)])
    scores = held_out_scores(
        pages,
        aeb_corpus,
        folds=args.folds,
        repeats=args.repeats,
        l2s=[args.l2] if args.l2 else L2_GRID,
        switches=[args.switch] if args.switch else SWITCH_GRID,
    )
    for (l2, switch), cell in scores.items():
        print(
            f"{args.folds}-fold held-out x {args.repeats}, {len(pages)} training pages, l2 {l2:g}"
            f" switch {switch:g}: F1 {cell.f1:.4f} (se {cell.se:.4f}) precision "
            f"{cell.precision:.3f} recall {cell.recall:.3f}"
        )
    params = best_params(scores)
    print(f"chosen: l2 {params['l2']:g} switch {params['switch']:g}")
    if args.out:
        model = train(pages, **params)
        score = aeb_corpus((p[3], predict(model, p)) for p in pages)
        print(f"in-sample (all pages, not a held-out number): F1 {score['f1']:.3f}")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(model.to_json(), indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
