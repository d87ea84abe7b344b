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
