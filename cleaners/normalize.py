"""Normalize stage: canonical Unicode and whitespace for paragraphs and titles."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but newline, NBSP included
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def normalize_line(text: str) -> str:
    """NFC, invisible characters dropped, every run of spaces (NBSP too) -> one space."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalize_paragraphs(paragraphs: list[str]) -> list[str]:
    """Each paragraph on one line, normalized; those without a letter or digit dropped
    (separators, lone bullets, empty table rows and their `|---|` rules, rating stars:
    page furniture that `dechrome check` would flag as chrome)."""
    lines = (normalize_line(p.replace("\n", " ")) for p in paragraphs)
    return [line for line in lines if _LETTER_OR_DIGIT.search(line)]


def join_paragraphs(paragraphs: list[str]) -> str:
    """The record's text: paragraphs separated by exactly one blank line."""
    return "\n\n".join(paragraphs)


def is_normalized(text: str) -> bool:
    """True if text is what join_paragraphs(normalize_paragraphs(...)) would produce."""
    return text == join_paragraphs(normalize_paragraphs(text.split("\n\n")))
