"""What `dechrome explain` shows: one verdict per block (HTML) or line (text dump)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """A block or line of the raw page, whether it went into the record, and why."""

    text: str
    kept: bool
    reason: str  # the rule or feature that decided, e.g. "link density 0.82 > 0.5"
    score: float | None = None  # the model's score, where a model decided
