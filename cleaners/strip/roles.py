"""What each line of a dump's article is in the record: the finish of the strip stage.

Of the body lines the model and the cuts kept (`cleaners.strip.dump`), known chrome lines,
bylines, teaser bullets, runs of summaries cut off by an ellipsis, datelines and menus never
reach the text; a headline before the first paragraph is laid out as the title, else the
nearest heading-like line above the body, and the title is then the headline-shaped line
the article's opening confirms (`cleaners.strip.title`); bylines give the authors and a
dateline, byline or short line just above the body the date (`cleaners.strip.dateline`).
"""

from __future__ import annotations

import re

from cleaners.byline import MAX_BYLINE_WORDS, byline_names
from cleaners.chrome import is_chrome_line, is_teaser_bullet, without_edit_link
from cleaners.document import Extraction
from cleaners.settings import MAX_TITLE_WORDS, TEASER_MIN_TRUNCATED, TITLE_LOOKBACK_LINES
from cleaners.strip.dateline import date_line, shown_date
from cleaners.strip.line_facts import DATE
from cleaners.strip.page import Page
from cleaners.strip.prose import MIN_PROSE_WORDS, SENTENCE_END, adjacent_runs, cut_off_lines
from cleaners.strip.title import choose_title, title_lines

MIN_TITLE_WORDS = 3
# A closing full stop, before a short bracketed annotation if any ("in 1998.[3]")
_FULL_STOP_END = re.compile(r"[.!;。！](?:\s*\[[^\[\]]{1,28}\])?$")
# A date written with its month's name, day before or after it: "12. März 2024", "Nov. 19,
# 2019" (DATE needs a time or numbers only; a headline's year stands alone)
_WRITTEN_DATE = re.compile(
    r"\b(?:\d{1,2}\.?\s+[^\W\d_]{3,12}\.?|[^\W\d_]{3,12}\.?\s+\d{1,2},?)\s+\d{4}\b"
)
# Between the items of a menu or a breadcrumb trail ("Home | News", "Blog > Tips")
_MENU_SEPARATOR = re.compile(r" [|•·/»›>] ")
MIN_MENU_ITEMS = 3
MAX_MENU_ITEM_WORDS = 3
Role = str  # "body", "title", "byline", "chrome" (known phrase), "teaser" (bullet link),
# "dateline", "menu" (a headline-like line with a date, or menu items, before the first
# paragraph), "heading" (a headline-like line before the first paragraph, not the title)


def extraction(page: Page, roles: dict[int, Role]) -> Extraction:
    """The record's fields from the lines' roles: text, title, authors, date."""
    texts = page.texts
    authors: list[str] = []
    for i, role in roles.items():
        if role == "byline" and not authors:
            authors = byline_names(texts[i]) or []
    titles = [texts[i] for i, role in roles.items() if role == "title"]  # at most one
    paragraphs = [texts[i] for i, role in roles.items() if role == "body"]
    return Extraction(
        paragraphs=paragraphs,
        title=titles[0] if titles else None,
        authors=authors,
        published=shown_date(page, _date_lines(roles)),
    )


def _date_lines(roles: dict[int, Role]) -> list[int]:
    """Where a dump's date is looked for: its datelines and bylines, then the lines above
    the article, nearest first."""
    first = next((i for i, role in roles.items() if role == "body"), None)
    marked = [i for i, role in roles.items() if role in ("dateline", "byline")]
    return marked + [i for i in _lines_above(first) if i not in marked]


def _lines_above(first: int | None) -> range:
    """The TITLE_LOOKBACK_LINES lines above the body's first line, nearest first."""
    if first is None:
        return range(0)
    return range(first - 1, max(0, first - TITLE_LOOKBACK_LINES) - 1, -1)


def line_roles(page: Page, body: list[int], *, posts: bool = False) -> dict[int, Role]:
    """What each body line is in the record, in page order: known chrome lines, bylines,
    teaser bullets, truncated teasers, datelines and menus never reach the body; a headline
    before the first paragraph is the title, else the nearest heading-like line above the
    body; bylines above give authors. `posts`: the body is a thread's posts, the first a
    paragraph however short (a question is no headline)."""
    roles: dict[int, Role] = {}
    texts, words = page.texts, page.words
    truncated = _truncated_teasers(page, body)
    has_title = placed = False  # placed: a dateline or menu took its place
    has_paragraph = posts
    deferred = None  # a headline after the dateline or menu: the title if none is above
    for i in body:
        line = texts[i]
        if words[i] <= MAX_BYLINE_WORDS and _is_byline(page, i):
            roles[i] = "byline"
        elif is_chrome_line(line, dump=True):
            roles[i] = "chrome"
        elif is_teaser_bullet(line) or i in truncated:
            roles[i] = "teaser"
        elif not has_paragraph and date_line(line, words[i]):
            roles[i], placed = "dateline", True  # "Published on 18 March 2020 at 10:15"
        elif not has_paragraph and _headline_shape(line, words[i]) and not _wraps_on(page, i):
            other = _not_title(line)
            if other:
                roles[i], placed = other, True
            elif not (has_title or placed):
                roles[i], has_title = "title", True  # a headline kept with the article
            else:
                roles[i], has_paragraph = "body", True
                deferred = i if deferred is None and not has_title else deferred
        else:
            roles[i], has_paragraph = "body", True
    for i in _lines_above(body[0] if body else None):
        line = texts[i]
        if byline_names(line) is not None:
            roles[i] = "byline"
        elif not has_title and _is_title(line, words[i]):
            roles[i], has_title = "title", True  # bylines above it are still looked for
    if not has_title and deferred is not None:  # a menu above the headline, none above it
        roles[deferred] = "title"
    _confirm_title(page, roles)
    return roles  # body lines in page order, then the lines above, nearest first


def _confirm_title(page: Page, roles: dict[int, Role]) -> None:
    """Make the title the headline-shaped line the body's opening confirms
    (`choose_title`); a line the layout took for the title and no longer is, is a
    "heading" (no title, no text: the body stays as it was)."""
    body = [i for i, role in roles.items() if role == "body"]
    laid_out = next((i for i, role in roles.items() if role == "title"), None)
    candidates = [
        i
        for i in title_lines(page, body)
        if roles.get(i, "title") == "title"
        and _is_title(page.texts[i], page.words[i], short=True)
        and byline_names(page.texts[i]) is None
    ]
    chosen = choose_title(page, body, candidates, laid_out)
    if chosen is not None and chosen != laid_out:
        if laid_out is not None:
            roles[laid_out] = "heading"
        roles[chosen] = "title"


def _is_byline(page: Page, i: int) -> bool:
    """A byline: naming people, or naming none and not the lower-case continuation of the
    line above ("by the builders who knew it": a hard-wrapped paragraph's line; "by Daily
    News" is a byline)."""
    names = byline_names(page.texts[i])
    if names is None:
        return False
    by_what = page.texts[i].split(" ", 2)[1:2]
    lower = bool(by_what) and by_what[0][:1].islower()
    return bool(names) or not (lower and _continues_line_above(page, i))


def _wraps_on(page: Page, i: int) -> bool:
    """The line's sentence goes on in the next line, a prose line (hard-wrapped text)."""
    return (
        i + 1 < len(page)
        and page.words[i + 1] >= MIN_PROSE_WORDS
        and _continues_line_above(page, i + 1)
    )


def _continues_line_above(page: Page, i: int) -> bool:
    """The line starts in lower case after a line of its block ending no sentence."""
    return (
        i > 0
        and page.blocks[i] == page.blocks[i - 1]
        and page.texts[i][:1].islower()
        and not SENTENCE_END.search(page.texts[i - 1])
    )


def _truncated_teasers(page: Page, body: list[int]) -> set[int]:
    """Body lines in runs of TEASER_MIN_TRUNCATED or more adjacent prose-length lines cut
    off by an ellipsis: teaser summaries of other articles ("... may soon..."), not
    paragraphs (an article's paragraphs rarely end so, never several in a row)."""
    runs = adjacent_runs(cut_off_lines(page, body, MIN_PROSE_WORDS))
    return {i for run in runs if len(run) >= TEASER_MIN_TRUNCATED for i in run}


def _is_title(line: str, words: int, *, short: bool = False) -> bool:
    """A headline: its shape (`_headline_shape`), not a dateline or a menu; `short`: a
    name of one or two words too (a wiki's subject, which `choose_title` takes only if
    the page repeats it and the lede names it)."""
    return _headline_shape(line, words, short=short) and _not_title(line) is None


def _not_title(line: str) -> Role | None:
    """What a line of a headline's shape is if no headline: "dateline" (a date written
    out), "menu" (menu items, a breadcrumb trail)."""
    if _WRITTEN_DATE.search(line):
        return "dateline"
    return "menu" if _is_menu(line) else None


def _headline_shape(line: str, words: int, *, short: bool = False) -> bool:
    """A few words (`Page.words`; `short`: one or two too), mostly letters, no closing
    full stop (before a citation too: a paragraph's), no known chrome, no date and time, no
    wiki edit link (a section's heading)."""
    letters = sum(1 for char in line if char.isalpha())
    return (
        (1 if short else MIN_TITLE_WORDS) <= words <= MAX_TITLE_WORDS
        and 2 * letters >= len(line) - line.count(" ")
        and not _FULL_STOP_END.search(line)
        and not is_chrome_line(line, dump=True)
        and not DATE.search(line)
        and without_edit_link(line) == line  # a wiki's section heading, "History [ edit ]"
    )


def _is_menu(line: str) -> bool:
    """Menu items or a breadcrumb trail: MIN_MENU_ITEMS or more separated items of at most
    MAX_MENU_ITEM_WORDS words ("Home | News | Sport"; not "Headline | Section | Site")."""
    items = _MENU_SEPARATOR.split(line)
    return len(items) >= MIN_MENU_ITEMS and all(
        len(item.split()) <= MAX_MENU_ITEM_WORDS for item in items
    )
