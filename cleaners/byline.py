"""Bylines: recognise a "by ..." line and turn it into the names of people."""

from __future__ import annotations

import re

# "by" in the languages dechrome meets most; a byline is short and starts with one of them.
_BY_WORD = (
    r"^\s*(?:by|von|par|por|di|da|door|przez|av|af|от|автор:?|autor(?:a|ka|in)?:|texto:|text:"
    r"|texte\s?:|текст:|escrito por|kirjoittaja:)"
)
_BY = re.compile(_BY_WORD + r"\s+(?P<names>.+?)\s*$", re.IGNORECASE)
# A lower-cased line this does not match is no byline: a cheap first test for `byline_names`.
LOWER_BYLINE_START = re.compile(_BY_WORD + r"\s")
_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bi\b|&|\|)\s*")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.\-]*$")  # a word of letters in any script
# A label before the names ("Text: ...", "Автор: ..."), which metadata keeps, colon or not
_LABEL = re.compile(r"^(?:text[eo]?|текст|autor(?:a|ka|in)?|автор|kirjoittaja)\s*:?\s+", re.I)
_PARTICLE = re.compile(r"^(?:d[ea]|de la|van|von|der|el|al-?\w*)$")  # "Jan de Vries"
MAX_BYLINE_WORDS = 16


# Where a byline's names end: a date or time ("March 18 at 12:22", "JAN. 13, 2017", "18.
# März"), a handle, a bracket, a dash or bar before what follows ("- Apr 16", "| Guardian")
_MONTH_DAY = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d"
_NAMES_END = re.compile(rf"\s+(?:\d|@|\(|\[|[-–—|•·]\s|{_MONTH_DAY})", re.IGNORECASE)


def byline_names(line: str) -> list[str] | None:
    """Names in a byline line, [] for a byline naming no people, None if not a byline."""
    match = _BY.match(line)
    if not match or len(line.split()) > MAX_BYLINE_WORDS or line.rstrip().endswith((".", "?", "!")):
        return None
    names = match.group("names")
    return split_names(names[: end.start()] if (end := _NAMES_END.search(names)) else names)


def split_names(names: str) -> list[str]:
    """'Jarrett Renshaw and Vladimir Soldatkin' -> ['Jarrett Renshaw', 'Vladimir Soldatkin'].

    Parts that do not look like a person's name (lower-case words, a site name of one
    word) are dropped, so 'time news' gives []; a name met again (in any case) too. Names
    written in capitals are title-cased ('JANE DOE' -> 'Jane Doe').
    """
    people: dict[str, str] = {}  # casefolded name -> the name as first met
    for part in _SEPARATORS.split(names):
        part = _LABEL.sub("", part.strip(" .,-–—"))
        if _looks_like_person(part):
            people.setdefault(part.casefold(), part.title() if part.isupper() else part)
    return list(people.values())


def _looks_like_person(name: str) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return False
    named = all(
        (token[0].isupper() and _NAME_WORD.match(token)) or _PARTICLE.match(token)
        for token in tokens
    )
    return named and tokens[0][0].isupper() and tokens[-1][0].isupper()
