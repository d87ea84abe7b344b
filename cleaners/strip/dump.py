"""Strip stage for plain-text dumps: find the article inside the page's chrome.

Small logistic models score every non-empty line: the first from the line's own shape
and its neighbours' (`cleaners.strip.lines.features`), each further (context) stage from the
previous scores around it (`cleaners.strip.lines.context_features`: where the article's mass
lies). A two-state Viterbi pass with a switch penalty turns the scores into contiguous
runs of article lines, and an end-of-article marker cuts a short trailing tail; what each
kept line is in the record (text, title, byline, chrome...) is `cleaners.strip.roles`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

import numpy as np

from cleaners.chrome import DUMP_END_MARKERS, is_notice, is_share_line
from cleaners.document import Extraction
from cleaners.errors import CleanError
from cleaners.settings import (
    END_TAIL_RATIO,
    LEADING_LIST_MIN_LINES,
    REJOIN_MAX_GAP,
    STRIP_MODEL_PATH,
    THREAD_MIN_DATES,
    THREAD_MIN_WORDS_BEFORE,
)
from cleaners.strip.contents import with_lead
from cleaners.strip.ingredients import across_ingredients
from cleaners.strip.line_facts import Column
from cleaners.strip.lines import CONTEXT_NAMES, FEATURE_NAMES, Matrix, context_features, features
from cleaners.strip.no_article import no_article_reason
from cleaners.strip.page import Page, split_page
from cleaners.strip.prose import (
    INNER_SENTENCE_END,
    MAX_MARKER_WORDS,
    MIN_PROSE_WORDS,
    SENTENCE_END,
    adjacent_runs,
    is_dated_marker,
    is_prose,
)
from cleaners.strip.roles import extraction, line_roles
from cleaners.strip.threads import holds_header, thread_body

MIN_LIST_HEADLINE_WORDS = 4  # shorter lines break a leading list of headlines


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


def strip_dump(text: str, model: Model | None = None) -> Extraction:
    """Title, byline authors and body paragraphs of a whole-page text dump; CleanError
    `no_article` if the page holds no stretch of article text (menus, headline or teaser
    lists, search results, login and error pages, chrome alone)."""
    page = split_page(text)
    if not len(page):
        raise CleanError("no_article", "the dump holds no text")
    model = model or load_model()
    roles, reason, _ = article_roles(page, page_scores(page, features(page), model), model)
    if reason:
        raise CleanError("no_article", reason)
    return extraction(page, roles)


def article_roles(
    page: Page, scores: Column, model: Model
) -> tuple[dict[int, str], str | None, bool]:
    """What each line of the article is (`line_roles`), why the page holds no article
    (None if it does), and whether the body is a thread's posts: the decoded and cut body,
    or, if that is no article or lies mostly among a thread's posts (`_inside`), the posts
    of the page's thread of dated posts (`thread_body`: a forum, a Q&A page, a live blog;
    looked for only then, or if the decoded lines hold a post's header)."""
    decoded, lifted = decode(page, scores, model)
    roles = line_roles(page, cut_body(page, decoded))
    reason = no_article_reason(page, scores, roles, lifted=lifted)
    thread = thread_body(page) if reason or holds_header(page, decoded) else None
    if thread is not None and (reason or _inside(page, roles, thread)):
        return line_roles(page, thread, posts=True), None, True
    return roles, reason, False


def _inside(page: Page, roles: dict[int, str], thread: list[int]) -> bool:
    """Most of the body's prose (words of prose lines, not the site's notices) lies among
    the thread's posts: some posts of a thread, the rest dropped as comments or by the
    switch penalty."""
    texts, words = page.texts, page.words
    prose = [
        i
        for i, role in roles.items()
        if role == "body" and is_prose(texts[i], words[i]) and not is_notice(texts[i])
    ]
    inside = sum(words[i] for i in prose if thread[0] <= i <= thread[-1])
    return 2 * inside > sum(words[i] for i in prose)


def line_scores(weights: list[float], matrix: Matrix) -> Column:
    """Log-odds of every line under logistic weights, from its feature row."""
    return matrix @ np.asarray(weights)


def strip_page(page: Page, matrix: Matrix, model: Model) -> Extraction:
    """The article in a page, given its lines' first-stage feature matrix and a model
    (no `no_article` decision: what training and cross-validation score)."""
    if not len(page):
        return Extraction(paragraphs=[])
    roles = line_roles(page, body_lines(page, page_scores(page, matrix, model), model))
    return extraction(page, roles)


def page_scores(page: Page, matrix: Matrix, model: Model) -> Column:
    """Every line's last-stage log-odds of being article text, minus the model's threshold."""
    scores = line_scores(model.line_weights, matrix)
    for stage in model.context_weights:
        scores = line_scores(stage, context_features(page, matrix, scores))
    return scores - model.threshold


def decoded_lines(page: Page, scores: Column, model: Model) -> list[int]:
    """Indexes of the lines the decoder keeps as the article's run(s)."""
    return decode(page, scores, model)[0]


def decode(page: Page, scores: Column, model: Model) -> tuple[list[int], bool]:
    """The decoded lines, and whether they were lifted (no line passed the decoder)."""
    return _body_lines(page, scores.tolist(), model.switch)


def body_lines(page: Page, scores: Column, model: Model) -> list[int]:
    """The decoded lines, cut (`cut_body`)."""
    return cut_body(page, decoded_lines(page, scores, model))


def cut_body(page: Page, decoded: list[int]) -> list[int]:
    """The decoded lines up to an end marker followed by a short tail and up to a thread
    of dated entries after the article, from the end of a list leading them."""
    body = _before_end_marker(page, decoded)
    start = thread_start(page, body)
    body = body if start is None else [i for i in body if i < start]
    return _after_leading_list(page, body)


def _after_leading_list(page: Page, body: list[int]) -> list[int]:
    """The body from the end of a list that leads it: a run of LEADING_LIST_MIN_LINES or
    more adjacent list items of one block before the first prose line (headlines,
    most-read links, a menu) goes with everything above it if more prose follows than goes
    (not a list article's items before its first sentence); a title, byline or dateline in
    the next block stays."""
    texts, words = page.texts, page.words
    first = next((i for i in body if is_prose(texts[i], words[i])), None)
    if first is None:
        return body
    start, run = 0, 0
    for n, i in enumerate(body):
        if i >= first:
            break
        if not _is_list_item(texts[i], words[i]):
            run = 0
            continue
        joined = n and body[n - 1] == i - 1 and page.blocks[i] == page.blocks[i - 1]
        run = run + 1 if joined else 1
        if run >= LEADING_LIST_MIN_LINES:
            start = n + 1
    cut = sum(words[i] for i in body[:start])
    prose_after = sum(words[i] for i in body[start:] if is_prose(texts[i], words[i]))
    return body[start:] if prose_after > cut else body


def _is_list_item(line: str, words: int) -> bool:
    """A line that may be an item of a list of headlines or links: a headline's length
    (not a recipe's "2 cups flour"), no sentence ends in it, not the lower-case continuation
    of a hard-wrapped paragraph."""
    return words >= MIN_LIST_HEADLINE_WORDS and not (
        line[:1].islower() or SENTENCE_END.search(line) or INNER_SENTENCE_END.search(line)
    )


def thread_start(page: Page, body: list[int]) -> int | None:
    """The body line opening a thread of dated entries after the article (comments, dated
    teasers: a name, a date or clock time, a short text, again and again), if any: the
    first short body line with a date after THREAD_MIN_WORDS_BEFORE words of prose that
    has THREAD_MIN_DATES - 1 more such lines after it in the body. Language-independent
    (numbers only); an article's own dateline comes before its prose."""
    texts, words = page.texts, page.words
    dated = [i for i in body if is_dated_marker(texts[i], words[i])]
    if len(dated) < THREAD_MIN_DATES:
        return None
    before, last_start, is_dated = 0, dated[-THREAD_MIN_DATES], set(dated)
    for i in body:
        if i > last_start:
            return None
        if before >= THREAD_MIN_WORDS_BEFORE and i in is_dated:
            return i
        if words[i] >= MIN_PROSE_WORDS:
            before += words[i]
    return None


def _body_lines(page: Page, scores: list[float], switch: float) -> tuple[list[int], bool]:
    """Indexes of the article lines, and whether they were lifted: if none passes, the
    best-scored runs of prose-length lines (a weak article beats none) that hold a sentence
    (not a list of headlines or poll answers); none if the page has no such line."""
    keep = viterbi(scores, switch)
    if any(keep):
        return grown(page, scores, [i for i, k in enumerate(keep) if k])[0], False
    words = page.words
    prose = [s if w >= MIN_PROSE_WORDS else -1e9 for s, w in zip(scores, words, strict=True)]
    if max(prose, default=-1e9) <= -1e9:
        return [], True
    lift = 2 * switch + 0.01 - max(prose)
    keep = viterbi([s + lift for s in prose], switch)
    runs = adjacent_runs([i for i, k in enumerate(keep) if k])
    with_sentence = [r for r in runs if any(is_prose(page.texts[i], words[i]) for i in r)]
    return across_ingredients(page, [i for r in (with_sentence or runs) for i in r]), True


def grown(page: Page, scores: list[float], lines: list[int]) -> tuple[list[int], dict[int, str]]:
    """The decoded run(s) grown by the steps that add lines to them, in order: a paragraph
    parted by share rows (`rejoined`), a wiki's lead above its contents (`with_lead`), a
    recipe's text across its ingredient list (`across_ingredients`); and what step added
    each line it added (for `dechrome explain`)."""
    steps = (
        ("a paragraph only share rows part from the article", partial(rejoined, page, scores)),
        ("the lead above the table of contents", partial(with_lead, page)),
        ("a recipe's ingredient list or the text across it", partial(across_ingredients, page)),
    )
    added: dict[int, str] = {}
    for step, grow in steps:
        more = grow(lines)
        added.update((i, step) for i in set(more) - set(lines))
        lines = more
    return lines, added


def rejoined(page: Page, scores: list[float], lines: list[int]) -> list[int]:
    """The decoded lines and the prose lines scored as article that only share rows part
    from them (`is_share_line`, at most REJOIN_MAX_GAP lines): a paragraph after the share
    buttons in the middle of an article, which the switch penalty alone would drop.
    Captions (after a picture's credit), teasers, credits after a rule and comments are
    parted by other lines."""
    kept = set(lines)
    texts, words = page.texts, page.words
    left_out = [i for i, s in enumerate(scores) if s > 0 and i not in kept]
    candidates = [i for i in left_out if is_prose(texts[i], words[i])]
    joined = True
    while joined:  # a paragraph rejoined may bring the next one within reach
        joined = False
        for i in candidates:
            if i not in kept and (_shared_off(page, kept, i, -1) or _shared_off(page, kept, i, 1)):
                kept.add(i)
                joined = True
    return sorted(kept) if len(kept) > len(lines) else lines


def _shared_off(page: Page, kept: set[int], line: int, step: int) -> bool:
    """Share rows alone (1 to REJOIN_MAX_GAP) stand between the line and a kept line,
    looking up (step -1) or down (step 1)."""
    for gap in range(1, REJOIN_MAX_GAP + 2):
        j = line + step * gap
        if j in kept:
            return gap > 1
        if not 0 <= j < len(page) or not is_share_line(page.texts[j]):
            return False
    return False


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
            and DUMP_END_MARKERS.match(page.texts[i])
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
