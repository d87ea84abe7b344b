"""Teaser cards and summaries in a dump's body (`no_article`): cards flattened to one line
each, summaries cut off by an ellipsis, cards whose headline is shown twice. A section
front or a "Most read" box shows them; an article's paragraphs do not look so."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from cleaners.settings import (
    CARD_MAX_LENGTH_SPREAD,
    CARD_MIN_HEADLINED,
    CARD_MIN_LINES,
    CARD_SHARED_WINDOW,
    CARD_SHARED_WORD_CHARS,
    TEASER_MIN_CUT_WORDS,
    TEASER_MIN_TRUNCATED,
)
from cleaners.strip.page import Page
from cleaners.strip.prose import (
    INNER_SENTENCE_END,
    MIN_PROSE_WORDS,
    adjacent_runs,
    cut_off_lines,
    is_one_sentence,
    is_prose,
)

MIN_CARD_HEADLINE_WORDS = 3
MAX_CARD_HEADLINE_WORDS = 20
# A headline's first characters (one of MIN_CARD_HEADLINE_WORDS + 1 words or more has at
# least this many): a line that starts with none of them starts with no headline
_START_CHARS = 2 * MIN_CARD_HEADLINE_WORDS + 1
_LONG_WORD = re.compile(rf"[^\W\d_]{{{CARD_SHARED_WORD_CHARS},}}")  # letters only


def teaser_cards(page: Page, body: list[int]) -> set[int]:
    """Body lines that are teaser cards flattened to one line each ("Headline Summary
    sentence."): runs of CARD_MIN_LINES or more adjacent lines of one sentence each whose
    lengths vary little (templated summaries; an article's one-sentence paragraphs vary)."""
    one_sentence = [i for i in body if is_one_sentence(page.texts[i], page.words[i])]
    cards: set[int] = set()
    for run in adjacent_runs(one_sentence):
        lengths = np.array([page.words[j] for j in run], dtype=float)
        if (
            len(run) >= CARD_MIN_LINES
            and lengths.std() <= CARD_MAX_LENGTH_SPREAD * lengths.mean()
            and not holds_together([page.texts[j] for j in run])
        ):
            cards.update(run)
    return cards


def holds_together(lines: list[str]) -> bool:
    """Half of the lines or more share a long word (CARD_SHARED_WORD_CHARS letters or more)
    with a line at most CARD_SHARED_WINDOW lines away: one text's paragraphs on its subject,
    not cards of other stories."""
    words = [set(_LONG_WORD.findall(line.lower())) for line in lines]
    sharing = sum(
        1
        for i, own in enumerate(words)
        if any(own & other for other in _neighbours(words, i, CARD_SHARED_WINDOW))
    )
    return 2 * sharing >= len(lines)


def _neighbours(items: list[set[str]], at: int, reach: int) -> list[set[str]]:
    """The items at most reach places before or after the one at `at`, not it."""
    return items[max(0, at - reach) : at] + items[at + 1 : at + reach + 1]


def cut_teasers(page: Page, body: list[int]) -> set[int]:
    """Body lines that are teaser summaries cut off at a length budget, each under its
    headline, when the page holds TEASER_MIN_TRUNCATED or more lines of TEASER_MIN_CUT_WORDS
    words or more that end in an ellipsis ("... and a slow coat of ...", "... einigen.
    Mehr…"), in the body or not (the body found may be one of them). An article's paragraph
    rarely ends so, and not in several places; a shorter line so ended is a cut headline
    or a trailing thought."""
    cut = cut_off_lines(page, range(len(page.texts)), TEASER_MIN_CUT_WORDS)
    return set(cut).intersection(body) if len(cut) >= TEASER_MIN_TRUNCATED else set()


def linked_teasers(page: Page, body: list[int]) -> set[int]:
    """Body lines of teaser cards whose headline is shown twice within a few lines (the
    card's image link and its title link): both headlines and the summary, the first prose
    line of the body within 3 lines under them, when TEASER_MIN_TRUNCATED or more cards
    show so (a line repeated over and over is no card). A line shown at every card (a date)
    stands right above its summary; one some lines above the next prose line closes the
    post before it (a forum's "Quote  Like" under each post, its author's lines next)."""
    texts = page.texts
    in_body = set(body)
    shown = Counter(texts)
    found: set[int] = set()
    cards = 0
    seen: dict[str, int] = {}  # a line's last place
    for j, line in enumerate(texts):
        first, seen[line] = seen.get(line, -5), j
        if j - first > 4 or not _is_card_headline(line, page.words[j]):
            continue
        reach = 2 if shown[line] > 2 else 4  # lines under it where its summary may be
        summary = next(
            (
                i
                for i in range(j + 1, min(j + reach, len(texts)))
                if i in in_body and texts[i] != line and is_prose(texts[i], page.words[i])
            ),
            None,
        )
        if summary is not None:
            cards += 1
            found.update((first, j, summary))
    return found & in_body if cards >= TEASER_MIN_TRUNCATED else set()


def _is_card_headline(line: str, words: int) -> bool:
    """A card's headline: a few words (MIN_CARD_HEADLINE_WORDS to MAX_CARD_HEADLINE_WORDS),
    no closing full stop (a question may close it; a repeated paragraph is no headline)."""
    return MIN_CARD_HEADLINE_WORDS <= words <= MAX_CARD_HEADLINE_WORDS and not line.endswith(".")


def headlined_cards(page: Page, body: list[int]) -> set[int]:
    """Body lines of a box of teaser cards flattened to one line each, found by their
    headlines: CARD_MIN_HEADLINED lines or more of one block start with a headline the page
    also shows alone (a "Most read" list's title: `_is_card_headline`, more than
    MIN_CARD_HEADLINE_WORDS words) and go on with one sentence, the card's summary
    (`_headline_at`); then every prose line of the block is a card. Not when the headlines
    shown alone come before the lines, in their order: the index of a list article or a
    photo story (a table of contents, a strip of pictures' titles) above its items."""
    texts, words = page.texts, page.words
    shown: dict[str, int] = {}  # a headline alone on its line: its first place
    for i, (line, count) in enumerate(zip(texts, words, strict=True)):
        if count > MIN_CARD_HEADLINE_WORDS and _is_card_headline(line, count):
            shown.setdefault(line, i)
    starts = {line[:_START_CHARS] for line in shown}  # a quick test before the prefixes
    by_block: dict[int, list[tuple[int, int]]] = {}  # block: (line, its headline's place)
    for i in body:
        if texts[i][:_START_CHARS] not in starts:
            continue
        if (place := _headline_at(texts[i], shown)) is not None:
            by_block.setdefault(int(page.blocks[i]), []).append((i, place))
    cards: set[int] = set()
    for block, found in by_block.items():
        places = [place for _, place in found]
        index = places == sorted(places) and places[-1] < found[0][0]
        if len(found) >= CARD_MIN_HEADLINED and not index:
            cards.update(
                i for i in body if int(page.blocks[i]) == block and is_prose(texts[i], words[i])
            )
    return cards


def _headline_at(line: str, shown: dict[str, int]) -> int | None:
    """Where the headline that starts the line is shown alone, if the line is such a
    headline and then one sentence of MIN_PROSE_WORDS words or more (a card's summary; an
    item under an inline heading in a list article says more)."""
    tokens = line.split()
    longest = min(len(tokens) - MIN_PROSE_WORDS, MAX_CARD_HEADLINE_WORDS)
    for k in range(MIN_CARD_HEADLINE_WORDS, longest + 1):
        place = shown.get(" ".join(tokens[:k]))
        if place is not None:
            first = next((c for c in tokens[k] if c.isalnum()), "")
            summary = " ".join(tokens[k:])
            one_sentence = not INNER_SENTENCE_END.search(summary)
            return place if first.isupper() and one_sentence else None
    return None
