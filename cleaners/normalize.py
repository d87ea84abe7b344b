"""Normalize stage: canonical Unicode and whitespace for paragraphs and titles."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but newline, NBSP included
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # a line without one is separators and symbols
_NON_WORD = re.compile(r"\W+")


def normalize_line(text: str) -> str:
    """NFC, control characters -> spaces, other characters neither printable nor spaces
    dropped (zero-width, soft hyphen, bidi controls, private use: as trafilatura drops them
    from HTML), every run of spaces (NBSP too) -> one space."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", text))
    if not text.isprintable():
        text = "".join(filter(_printable_or_space, text))
    return _SPACES.sub(" ", text).strip()


def _printable_or_space(char: str) -> bool:
    return char.isprintable() or char.isspace()


def normalize_paragraphs(paragraphs: list[str]) -> list[str]:
    """Each paragraph on one line, normalized; those without a letter or digit dropped
    (separators, lone bullets, empty table rows and their `|---|` rules, rating stars:
    page furniture that `dechrome check` would flag as chrome)."""
    lines = (normalize_line(p.replace("\n", " ")) for p in paragraphs)
    return [line for line in lines if LETTER_OR_DIGIT.search(line)]


def join_paragraphs(paragraphs: list[str]) -> str:
    """The record's text: paragraphs separated by exactly one blank line."""
    return "\n\n".join(paragraphs)


def is_normalized(text: str) -> bool:
    """True if text is what join_paragraphs(normalize_paragraphs(...)) would produce."""
    return text == join_paragraphs(normalize_paragraphs(text.split("\n\n")))


def fold(text: str) -> str:
    """Case folded, every run of characters but letters and digits one space: for
    comparing texts whatever their case, punctuation and spacing."""
    return _NON_WORD.sub(" ", text.casefold()).strip()
