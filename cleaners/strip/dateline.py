"""The publication date a text dump shows: a date line or byline above the article.

Pages print their date near the headline ("Published 11:26 pm EST, Tuesday, November 19,
2019", "By Jane Doe - 2018-09-16", "12. März 2024"). Of the dump's datelines and bylines,
then the lines just above the article (nearest first), the first short line holding a whole
date is taken: its year written in full and its day (a year alone, "10月14日" without a year
or "11/12/19", whose order of day and month is unknown, give none). Dates are read by
htmldate's parser (many languages' month names). A date inside the article's text is never
taken: an article names the dates of what it reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from htmldate.extractors import custom_parse

from cleaners.strip.page import Page

MAX_DATE_LINE_WORDS = 12
EARLIEST = datetime(1995, 1, 1)  # the web's news sites start about then
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def shown_date(page: Page, lines: Iterable[int]) -> str | None:
    """The first whole date (ISO 8601 day) of the given lines that are short enough."""
    latest = datetime.now() + timedelta(days=1)  # a date to come is an event's, not the page's
    for i in lines:
        short = page.words[i] <= MAX_DATE_LINE_WORDS
        if short and _YEAR.search(page.texts[i]) and (found := whole_date(page.texts[i], latest)):
            return found
    return None


def whole_date(line: str, latest: datetime) -> str | None:
    """The date the line states, if it writes the year in full and the day."""
    found = custom_parse(line, "%Y-%m-%d", EARLIEST, latest)
    if not found or found[:4] not in line:
        return None
    day = re.compile(rf"(?<!\d)0?{int(found[8:10])}(?!\d)")
    return found if day.search(line.replace(found[:4], " ")) else None
