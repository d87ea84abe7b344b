"""The text-dump trainer's hyperparameter choice: the one-standard-error rule."""

from __future__ import annotations

from benchmarks.train_textdump import CellScore, best_params


def _cells(f1s: dict[tuple[float, float], float], se: float) -> dict:
    return {key: CellScore(f1, f1, f1, se) for key, f1 in f1s.items()}


GRID = {(l2, switch): 0.90 for l2 in (1e-3, 1e-2) for switch in (1.0, 3.0)}


def test_within_one_standard_error_the_most_regularized_pair_wins() -> None:
    scores = _cells({**GRID, (1e-3, 1.0): 0.915, (1e-2, 3.0): 0.906}, se=0.01)
    assert best_params(scores)["l2"] == 1e-2
    assert best_params(scores)["switch"] == 3.0


def test_a_pair_better_by_more_than_one_standard_error_wins() -> None:
    scores = _cells({**GRID, (1e-3, 1.0): 0.915}, se=0.005)
    assert (best_params(scores)["l2"], best_params(scores)["switch"]) == (1e-3, 1.0)


def test_equally_regularized_pairs_go_by_their_score() -> None:
    scores = _cells({**GRID, (1e-3, 3.0): 0.912, (1e-2, 1.0): 0.911}, se=0.005)
    assert (best_params(scores)["l2"], best_params(scores)["switch"]) == (1e-3, 3.0)


def test_a_fold_with_nothing_to_score_is_no_crash() -> None:
    """On a small set a cross-validation fold can hold only pages its model finds nothing
    in: the bench's scorer has no precision to average there (StatisticsError), which
    stopped dump_bench.py and extraction.py on a subset of the bench."""
    import statistics

    from tests_support import SEEDS

    from benchmarks.dump_bench import Page, fit_model

    def nothing_to_score(pairs: list[tuple[str, str]]) -> dict:
        raise statistics.StatisticsError("mean requires at least one data point")

    seeds = [seed.read_text(encoding="utf-8") for seed in sorted(SEEDS.iterdir())]
    pages = [Page(f"p{n}", text, "An article that is in no dump.", "en") for n, text in
             enumerate(seeds)]  # fmt: skip
    _, chosen = fit_model(pages, nothing_to_score)
    assert chosen.startswith("l2 ")
