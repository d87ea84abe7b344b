"""Which line of a text dump is the article's title.

A dump of a whole page holds many lines of a headline's shape above the article: menu
entries, section names, photo credits, share prompts, the page's own `<title>` with the
site's name, and the headline itself. The headline is the one whose words the article's
opening repeats: of the headline-shaped lines above the body (and the few just below its
start), the title is the one sharing the most words with the body's first words, weighted
by the share of its words that are shared; a line the page repeats gains a point: listed
again, or opening or closing another line before or after a separator (the `<title>`
"Headline - Site" or "Site | Headline" repeats the `<h1>`). A repeated line of a headline's
length needs only one word of the opening (a feature's headline, which the lede does not
restate). When the winner holds another candidate whole (the `<title>` holds the `<h1>` plus
the site's name), that shorter line is the title. A page none of whose lines qualify keeps
the line the body's layout gave (`line_roles`).
"""

from __future__ import annotations

import re

from cleaners.normalize import fold
from cleaners.scripts import CJK
from cleaners.settings import (
    TITLE_LEDE_WORDS,
    TITLE_MIN_LEDE_SHARE,
    TITLE_MIN_LEDE_WORDS,
    TITLE_REPEAT_BONUS,
    TITLE_REPEATED_MIN_UNITS,
)
from cleaners.strip.page import Page
from cleaners.strip.prose import is_prose

SHORT_NAME_WORDS = 3  # a shorter title is a name: the page's subject (`_named_subject`)
SUBJECT_OPENING_WORDS = 2  # the subject follows at most this many words ("Der", "The")
LINES_INTO_BODY = 3  # the headline may follow the body's first line (a kicker, a dateline)
MIN_CONTENT_CHARS = 4  # shorter words (articles, prepositions) are no evidence
_WORD = re.compile(r"\w+")
# what parts a page's name from its headline in a `<title>`: a dash, bar, bullet or
# guillemet between spaces, or a bar or double colon whatever the spacing
_TITLE_SEPARATOR = re.compile(r"\s+[-–—·•»/]\s+|\s*(?:\||::)\s*")


def content_units(text: str) -> set[str]:
    """The words that can tell a headline: lower-cased words of 4 letters or more and
    numbers; character pairs of text written without spaces."""
    units: set[str] = set()
    for word in _WORD.findall(text.lower()):
        if CJK.search(word):
            units.update(word[i : i + 2] for i in range(max(1, len(word) - 1)))
        elif len(word) >= MIN_CONTENT_CHARS or word.isdigit():
            units.add(word)
    return units


def choose_title(
    page: Page, body: list[int], candidates: list[int], fallback: int | None
) -> int | None:
    """The title line: of candidates (headline-shaped lines that are no body, byline,
    chrome, dateline or menu), the one the body's opening confirms best; else fallback."""
    if not body:
        return fallback
    lede = _lede_units(page, body)
    short = [i for i in candidates if _is_name(page, i)]
    first = next((i for i in body if is_prose(page.texts[i], _words(page, i))), body[0])
    subject = next((i for i in short if _named_subject(page, i, first)), None)
    if subject is not None:
        return subject
    best, best_score = None, 0.0
    for i in candidates:
        if i in short:
            continue
        units = content_units(page.texts[i])
        shared = len(units & lede)
        confirmed = shared >= TITLE_MIN_LEDE_WORDS and shared >= TITLE_MIN_LEDE_SHARE * len(units)
        if not confirmed and (shared < 1 or len(units) < TITLE_REPEATED_MIN_UNITS):
            continue
        repeated = _repeated(page, i)
        if not (confirmed or repeated):
            continue
        score = shared * shared / len(units) + (TITLE_REPEAT_BONUS if repeated else 0.0)
        if score > best_score:
            best, best_score = i, score
    if best is None:
        return fallback
    return _without_site_name(page, best, candidates, lede)


def _words(page: Page, i: int) -> int:
    """Line i's words (`Page.words`; split at spaces if they are not counted yet)."""
    return page.words[i] if page.words else len(page.texts[i].split())


def _is_name(page: Page, i: int) -> bool:
    """Line i is one or two words: a name, no headline."""
    return _words(page, i) < SHORT_NAME_WORDS


def _named_subject(page: Page, i: int, first: int) -> bool:
    """A line of one or two words is the title only as the page's subject: the body's
    first paragraph opens with it (within SUBJECT_OPENING_WORDS words: "The Lindmoor
    Canal is") and it names the page in its `<title>` (a wiki's "Escopete", "Escopete -
    Wiki"); other short lines are menu entries, labels, infobox rows."""
    name = fold(page.texts[i])
    opening = page.texts[first].split()[: len(name.split()) + SUBJECT_OPENING_WORDS]
    return f" {name} " in f" {fold(' '.join(opening))} " and _opens_first_line(page, i)


def _opens_first_line(page: Page, i: int) -> bool:
    """Line i is the first part of the page's first line, its `<title>` parted by a
    separator ("Name - Site"; a site's name comes last)."""
    parts = _TITLE_SEPARATOR.split(page.texts[0])
    return i != 0 and len(parts) > 1 and fold(parts[0]) == fold(page.texts[i])


def _repeated(page: Page, i: int) -> bool:
    """Line i stands in the page again: as a line of its own, or as the first or last part
    of a line parted by separators (`_TITLE_SEPARATOR`)."""
    target = fold(page.texts[i])
    words = target.split()
    for j, text in enumerate(page.texts):
        cased = text.casefold()
        if j == i or words[0] not in cased or words[-1] not in cased:
            continue  # a cheap test first: most lines hold neither word
        parts = _TITLE_SEPARATOR.split(text)
        if target in (fold(text), fold(parts[0]), fold(parts[-1])):
            return True
    return False


def title_lines(page: Page, body: list[int]) -> range:
    """Lines that may hold the title: all above the body and the first few into it."""
    return range(min(len(page), (body[0] if body else 0) + LINES_INTO_BODY))


def _lede_units(page: Page, body: list[int]) -> set[str]:
    words: list[str] = []
    for i in body:
        words.extend(page.texts[i].split())
        if len(words) >= TITLE_LEDE_WORDS:
            break
    return content_units(" ".join(words[:TITLE_LEDE_WORDS]))


def _without_site_name(page: Page, best: int, candidates: list[int], lede: set[str]) -> int:
    """A candidate held whole in the chosen line and at least half its length (the
    `<h1>` inside '<h1> - Site'), or, if the chosen line is the page's first (its
    `<title>`), a name its first part repeats and the lede confirms ("Hoher Kamm" of
    "Hoher Kamm – Wiki"); else the chosen line."""
    chosen = fold(page.texts[best])
    first_part = fold(_TITLE_SEPARATOR.split(page.texts[best])[0]) if best == 0 else None
    for i in candidates:
        inner = fold(page.texts[i])
        if i == best or not inner or inner == chosen or inner not in chosen:
            continue
        if _is_name(page, i):
            if inner == first_part and content_units(page.texts[i]) & lede:
                return i
        elif 2 * len(inner) >= len(chosen):
            return i
    return best
