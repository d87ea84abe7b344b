"""Strip stage for plain-text dumps: find the article inside the page's chrome.

Small logistic models score every non-empty line: the first from the line's own shape
and its neighbours' (`cleaners.lines.features`), each further (context) stage from the
previous scores around it (`cleaners.lines.context_features`: where the article's mass
lies). A two-state Viterbi pass with a switch penalty turns the scores into contiguous
runs of article lines, and an end-of-article marker cuts a short trailing tail. Known
chrome lines, bylines and teaser bullets never reach the body; the title is the headline
opening the body or the heading-like line just above it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from cleaners.byline import MAX_BYLINE_WORDS, byline_names
from cleaners.chrome import END_MARKERS, is_chrome_line, is_teaser_bullet
from cleaners.document import Extraction
from cleaners.line_facts import Column
from cleaners.lines import CONTEXT_NAMES, FEATURE_NAMES, Matrix, context_features, features
from cleaners.page import Page, split_page
from cleaners.settings import END_TAIL_RATIO, STRIP_MODEL_PATH, TITLE_LOOKBACK_LINES

MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 30
MAX_MARKER_WORDS = 8
MIN_PROSE_WORDS = 8


@dataclass
class Model:
    """Weights of all stages (over FEATURE_NAMES, CONTEXT_NAMES) and the Viterbi penalty."""

    line_weights: list[float]
    context_weights: list[list[float]]  # one weight vector per stacked context stage
    switch: float = 2.0  # log-odds cost of entering or leaving the article
    threshold: float = 0.0  # last-stage log-odds above which a line counts as body

    def to_json(self) -> dict:
        return {
            "features": list(FEATURE_NAMES),
            "line_weights": [round(w, 6) for w in self.line_weights],
            "context_features": list(CONTEXT_NAMES),
            "context_weights": [[round(w, 6) for w in stage] for stage in self.context_weights],
            "switch": self.switch,
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, data: dict) -> Model:
        if data["features"] != list(FEATURE_NAMES) or data["context_features"] != list(
            CONTEXT_NAMES
        ):
            raise ValueError("text-dump model was trained on other features; retrain it")
        return cls(
            line_weights=data["line_weights"],
            context_weights=data["context_weights"],
            switch=data["switch"],
            threshold=data["threshold"],
        )


@cache
def load_model(path: Path = STRIP_MODEL_PATH) -> Model:
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def strip_dump(text: str) -> Extraction:
    """Title, byline authors and body paragraphs of a whole-page text dump."""
    page = split_page(text)
    return strip_page(page, features(page), load_model())


def line_scores(weights: list[float], matrix: Matrix) -> Column:
    """Log-odds of every line under logistic weights, from its feature row."""
    return matrix @ np.asarray(weights)


def strip_page(page: Page, matrix: Matrix, model: Model) -> Extraction:
    """The article in a page, given its lines' first-stage feature matrix and a model."""
    if not len(page):
        return Extraction(paragraphs=[])
    scores = line_scores(model.line_weights, matrix)
    for stage in model.context_weights:
        scores = line_scores(stage, context_features(page, matrix, scores))
    body = _body_lines(page.words, (scores - model.threshold).tolist(), model.switch)
    body = _before_end_marker(page, body)
    if not body:
        return Extraction(paragraphs=[])
    authors: list[str] = []
    paragraphs: list[str] = []
    title = None
    texts, words = page.texts, page.words
    for i in body:
        line = texts[i]
        names = byline_names(line) if words[i] <= MAX_BYLINE_WORDS else None
        if names is not None:
            authors = authors or names
        elif is_chrome_line(line) or is_teaser_bullet(line):
            continue
        elif not paragraphs and title is None and _is_title(line):
            title = line  # a headline kept with the article is its title, not body
        else:
            paragraphs.append(line)
    for line in reversed(texts[max(0, body[0] - TITLE_LOOKBACK_LINES) : body[0]]):
        names = byline_names(line)
        if names is not None:
            authors = authors or names
        elif title is None and _is_title(line):
            title = line
            break
    return Extraction(paragraphs=paragraphs, title=title, authors=authors)


def _body_lines(words: list[int], scores: list[float], switch: float) -> list[int]:
    """Indexes of the article lines. If none passes, the best-scored run of prose-length
    lines (a weak article beats none); none if the page has no such line."""
    keep = viterbi(scores, switch)
    if not any(keep):
        prose = [s if w >= MIN_PROSE_WORDS else -1e9 for s, w in zip(scores, words, strict=True)]
        lift = 2 * switch + 0.01 - max(prose)
        keep = viterbi([s + lift for s in prose], switch) if max(prose) > -1e9 else keep
    return [i for i, k in enumerate(keep) if k]


def _before_end_marker(page: Page, body: list[int]) -> list[int]:
    """Body lines before an end-of-article marker (comment form, related posts...) that
    follows article text and is followed only by a short tail (teasers, prompts): the
    tail goes. A marker with much text after it is an inline box inside the article."""
    kept = set(body)
    words = page.words
    before, after = 0, sum(words[j] for j in body)  # body words before / after line i
    for i in range(body[0], body[-1] + 1) if body else ():
        if i in kept:
            after -= words[i]
        if (
            before
            and words[i] <= MAX_MARKER_WORDS
            and END_MARKERS.match(page.texts[i])
            and after <= END_TAIL_RATIO * before
        ):
            return [j for j in body if j < i]
        if i in kept and words[i] >= MIN_PROSE_WORDS:
            before += words[i]
    return body


def viterbi(scores: list[float], switch: float) -> list[bool]:
    """Body/chrome labels maximizing the body lines' log-odds minus switch penalties."""
    chrome, body = 0.0, -switch  # best totals so far ending in chrome / in body
    chrome_from_body: list[bool] = []  # for each line: best path into chrome left the body?
    body_from_body: list[bool] = []  # ... best path into body stayed in it?
    for s in scores:  # conditionals, not max(): this loop is a tenth of strip_dump
        leave, enter, stay = body - switch, chrome - switch + s, body + s
        left, stayed = leave > chrome, stay >= enter
        chrome_from_body.append(left)
        body_from_body.append(stayed)
        chrome, body = (leave if left else chrome), (stay if stayed else enter)
    state = body > chrome
    out = [False] * len(scores)
    for i in range(len(scores) - 1, -1, -1):
        out[i] = state
        state = body_from_body[i] if state else chrome_from_body[i]
    return out


def _is_title(line: str) -> bool:
    """A headline: a few words, mostly letters, no closing full stop, no known chrome."""
    words = line.split()
    return (
        MIN_TITLE_WORDS <= len(words) <= MAX_TITLE_WORDS
        and sum(1 for w in words if w[:1].isalpha()) >= MIN_TITLE_WORDS
        and not line.endswith((".", "!", ";"))
        and not is_chrome_line(line)
    )
