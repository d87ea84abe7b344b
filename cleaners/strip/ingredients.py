"""A recipe's ingredient list between its paragraphs.

A recipe post is an intro, the ingredients (a list of short lines, most a quantity and a
name: "500 g Mehl", "2 Eier", "Salz, Pfeffer") under a label ("Zutaten", "Ingredients")
and the method. The list parts the intro from the method: the decoder keeps one of them,
and neither may reach the words an article's run needs. The list is part of the recipe:
the prose on its other side goes with the body, and a run of prose goes on across it.
"""

from __future__ import annotations

import re

from cleaners.settings import (
    INGREDIENT_MAX_LABEL_WORDS,
    INGREDIENT_MAX_LABELS,
    INGREDIENT_MAX_WORDS,
    INGREDIENT_MIN_QUANTITIES,
)
from cleaners.strip.page import Page
from cleaners.strip.prose import INNER_SENTENCE_END, SENTENCE_END, is_prose

# a quantity opening the line: 500, 1,5, 1/2, ½, 2-3, then a space or a unit ("500g")
_QUANTITY = re.compile(r"^(\d+(?:[.,/]\d+)?|[½⅓⅔¼¾⅛])(?:\s*[-–]\s*\d+)?(?=\s|[^\W\d_])")


def _is_item(line: str, words: int) -> bool:
    """A line that may be an item of an ingredient list: short, no sentence in it."""
    return (
        0 < words <= INGREDIENT_MAX_WORDS
        and not SENTENCE_END.search(line)
        and not INNER_SENTENCE_END.search(line)
    )


def _is_label(line: str, words: int) -> bool:
    """A short line between a recipe's list and its prose: no sentence, a few words."""
    return 0 < words <= INGREDIENT_MAX_LABEL_WORDS and not SENTENCE_END.search(line)


def _is_list(page: Page, run: list[int]) -> bool:
    """Adjacent items (page order) that are an ingredient list: INGREDIENT_MIN_QUANTITIES
    or more open with a quantity, no fewer than those without one (labels, "Salz,
    Pfeffer"), and the quantities are no count 1, 2, 3 (a numbered list, a table of
    contents)."""
    numbers = [m.group(1) for i in run if (m := _QUANTITY.match(page.texts[i]))]
    return (
        len(numbers) >= INGREDIENT_MIN_QUANTITIES
        and len(run) - len(numbers) <= len(numbers)
        and numbers != [str(n) for n in range(1, len(numbers) + 1)]
    )


def _list_end(page: Page, start: int, step: int) -> int | None:
    """The last line of an ingredient list (`_is_list`, its labels in it) that begins at
    line `start` read in direction `step` (1 down, -1 up); None if there is none."""
    i = start
    while 0 <= i < len(page) and _is_item(page.texts[i], page.words[i]):
        i += step
    run = sorted(range(start, i, step))
    return i - step if run and _is_list(page, run) else None


def across_ingredients(page: Page, lines: list[int]) -> list[int]:
    """The body lines and the prose on the other side of an ingredient list right after
    or before them (with its labels: "Zutaten", "Zubereitung"): the list, up to
    INGREDIENT_MAX_LABELS short lines beyond it (a recipe card's name, times, buttons) and
    the adjacent prose lines beyond those go with the body. Other bodies as they are."""
    if not lines:
        return lines
    kept = set(lines)
    texts, words = page.texts, page.words
    for edge, step in ((lines[-1], 1), (lines[0], -1)):
        end = _list_end(page, edge + step, step)
        if end is None:
            continue
        i = end + step
        for _ in range(INGREDIENT_MAX_LABELS):  # the recipe card's name, times, buttons
            if not (0 <= i < len(page) and _is_label(texts[i], words[i])):
                break
            i += step
        while 0 <= i < len(page) and is_prose(texts[i], words[i]):
            kept.update(range(min(edge, i), max(edge, i) + 1))
            i += step
    return sorted(kept) if len(kept) > len(lines) else lines


def ingredient_lines(page: Page, body: list[int]) -> set[int]:
    """Lines of the body that make an ingredient list (`_is_list`): a run of adjacent
    items."""
    found: set[int] = set()
    run: list[int] = []
    for i in [*body, -2]:  # -2: ends the last run
        if run and (i != run[-1] + 1 or not _is_item(page.texts[i], page.words[i])):
            found.update(run if _is_list(page, run) else ())
            run = []
        if i >= 0 and _is_item(page.texts[i], page.words[i]):
            run.append(i)
    return found
