"""A table of contents between an article's lead and its sections (wikis, long guides).

A wiki page's lead stands under its infobox, then comes the table of contents, then the
first section: the lead is a paragraph alone between short lines, which the decoder's
switch penalty drops. A table of contents is a list whose entries (after a section
number) are headings of the body below it; the prose right above it is the article's lead.
"""

from __future__ import annotations

import re

from cleaners.chrome import is_notice, without_edit_link
from cleaners.settings import CONTENTS_MAX_ENTRY_WORDS, CONTENTS_MIN_ENTRIES
from cleaners.strip.page import Page
from cleaners.strip.prose import is_prose

_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s*")
_CITATIONS = re.compile(r"(?:\s*\[\d+\])+$")  # a wiki's reference marks after a sentence


def _entry(line: str) -> str:
    """A contents entry's heading: the line without its section number, case folded."""
    return _SECTION_NUMBER.sub("", line).casefold()


def with_lead(page: Page, lines: list[int]) -> list[int]:
    """The body lines and, above a table of contents that leads into them, the article's
    lead: the prose lines right above the contents (and its label) that are not in the
    body, and the first section's heading between the contents and the body. Other bodies
    as they are."""
    if not lines:
        return lines
    start = _contents_start(page, lines)
    if start is None:
        return lines
    headings = list(range(start[1], lines[0]))  # the first section's heading
    texts, words = page.texts, page.words
    lead: list[int] = []
    i = start[0] - 1
    if i >= 0 and not _is_lead(texts[i], words[i]):
        i -= 1  # the contents' label ("Contents", "Inhaltsverzeichnis")
    while i >= 0 and _is_lead(texts[i], words[i]):
        lead.append(i)
        i -= 1
    return sorted(lead) + headings + lines if lead else lines


def _is_lead(line: str, words: int) -> bool:
    """A paragraph of a lead: prose (its sentence may end in reference marks, "... 1998.
    [2]"), not a notice of the site."""
    return is_prose(_CITATIONS.sub("", line), words) and not is_notice(line)


def _contents_start(page: Page, lines: list[int]) -> tuple[int, int] | None:
    """The first entry and the end of a table of contents right above the body: CONTENTS_MIN_ENTRIES
    or more adjacent numbered short lines, each naming a heading further down the page,
    and between them and the body's first line only headings they name."""
    texts = page.texts
    i = lines[0] - 1
    between = set()
    while i >= 0 and _is_short(page, i) and not _SECTION_NUMBER.match(texts[i]):
        between.add(_heading(texts[i]))  # the first section's heading, above the body
        i -= 1
    end = i + 1
    while i >= 0 and _is_short(page, i) and _SECTION_NUMBER.match(texts[i]):
        i -= 1
    if end - i - 1 < CONTENTS_MIN_ENTRIES:
        return None  # most pages: the headings below are not read
    entries = {_entry(texts[j]) for j in range(i + 1, end)}
    if not between <= entries:
        return None
    below = {_heading(texts[j]) for j in range(end, len(page)) if _is_short(page, j)}
    return (i + 1, end) if entries <= below else None


def _heading(line: str) -> str:
    """A heading as a contents entry names it: without its edit link, case folded."""
    return without_edit_link(line).casefold()


def _is_short(page: Page, line: int) -> bool:
    """A line short enough to be a heading or a contents entry."""
    return 0 < page.words[line] <= CONTENTS_MAX_ENTRY_WORDS
