"""The publication date a text dump shows: a date line or byline above the article.

Pages print their date near the headline ("Published 11:26 pm EST, Tuesday, November 19,
2019", "By Jane Doe - 2018-09-16", "12. März 2024"). Of the dump's datelines and bylines,
then the lines just above the article (nearest first), the first short line holding a whole
date is taken: its year written in full and its day (a year alone, "10月14日" without a year
or "11/12/19", whose order of day and month is unknown, give none). Dates are read by
htmldate's parser; what it cannot read is read here: month names of every language
dateparser knows ("23 de noviembre de 2026", "23. prosince 2026", "23 декабря 2026"; a name
that means two months in two languages gives none), "2026年11月23日" and "23. 11. 2026". A
date inside the article's text is never taken: an article names the dates of what it
reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache

from htmldate.extractors import custom_parse

from cleaners.strip.page import Page

MAX_DATE_LINE_WORDS = 12
EARLIEST = datetime(1995, 1, 1)  # the web's news sites start about then
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
_LINKS = r"(?:(?:de|del|of)\s+|d['’])?"  # "23 de noviembre de 2026", "3rd of May", "d'abril"
_NAME = r"([^\W\d_]{3,})\.?"  # a month's name or its short form ("Nov.")
_DAY_MONTH_YEAR = re.compile(  # "23 de noviembre de 2026", "23. prosince 2026", "1er mai 2020"
    rf"(?<!\d)(\d{{1,2}})(?:\.|er|º|°|st|nd|rd|th)?\s+{_LINKS}{_NAME},?\s+{_LINKS}(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(rf"{_NAME}\s+(\d{{1,2}}),?\s+(\d{{4}})(?!\d)")  # "Nov. 19, 2019"
_NUMBERS = (  # (pattern, positions of year, month, day)
    (re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]"), (1, 2, 3)),
    (re.compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s(\d{4})(?!\d)"), (3, 2, 1)),  # 23. 11. 2026
)


def shown_date(page: Page, lines: Iterable[int]) -> str | None:
    """The first whole date (ISO 8601 day) of the given lines that are short enough."""
    for i in lines:
        if found := date_line(page.texts[i], page.words[i]):
            return found
    return None


def date_line(text: str, words: int) -> str | None:
    """The whole date a short line states ("Publicado el 18 de marzo de 2020 a las 10:15")."""
    if words > MAX_DATE_LINE_WORDS or not _YEAR.search(text):
        return None
    return whole_date(text, datetime.now() + timedelta(days=1))  # to come: an event's date


def whole_date(line: str, latest: datetime) -> str | None:
    """The date the line states, if it writes the year in full and the day."""
    found = custom_parse(line, "%Y-%m-%d", EARLIEST, latest) or _written_date(line, latest)
    if not found or found[:4] not in line:
        return None
    day = re.compile(rf"(?<!\d)0?{int(found[8:10])}(?!\d)")
    return found if day.search(line.replace(found[:4], " ")) else None


def _written_date(line: str, latest: datetime) -> str | None:
    """A date htmldate does not read: a month's name in any language, or numbers in the
    Chinese, Japanese and Korean way or spaced after dots."""
    for pattern, (year, month, day) in _NUMBERS:
        if match := pattern.search(line):
            return _iso(int(match[year]), int(match[month]), int(match[day]), latest)
    for pattern, (day, name, year) in ((_DAY_MONTH_YEAR, (1, 2, 3)), (_MONTH_DAY_YEAR, (2, 1, 3))):
        for match in pattern.finditer(line):
            if month := month_numbers().get(match[name].casefold()):
                return _iso(int(match[year]), month, int(match[day]), latest)
    return None


def _iso(year: int, month: int, day: int, latest: datetime) -> str | None:
    try:
        date = datetime(year, month, day)
    except ValueError:  # the 31st of a short month, month 13
        return None
    return date.strftime("%Y-%m-%d") if EARLIEST <= date <= latest else None


@cache
def month_numbers() -> dict[str, int]:
    """Month names (and their short forms, 3+ letters) of every dateparser locale, case
    folded, to the month's number; a name two languages give to two months is left out
    ("listopad" is November in Czech, October in Croatian). Loaded on first need (~0.6 s)."""
    from dateparser.languages.loader import default_loader  # noqa: PLC0415 - slow import

    months: dict[str, set[int]] = {}
    for locale in default_loader.get_locales():
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in locale.info.get(key, []):
                months.setdefault(name.casefold(), set()).add(number)
    return {name: next(iter(n)) for name, n in months.items() if len(n) == 1 and len(name) >= 3}
