"""Strip stage for plain-text dumps: find the article inside the page's chrome."""

from __future__ import annotations

from cleaners.byline import byline_names
from cleaners.chrome import BULLET, END_MARKERS, is_chrome_line
from cleaners.document import Extraction
from cleaners.normalize import normalize_line

MIN_TITLE_WORDS = 3
MIN_PROSE_WORDS = 6


def strip_dump(text: str) -> Extraction:
    """Title, byline authors and body paragraphs of a whole-page text dump."""
    title: str | None = None
    authors: list[str] = []
    paragraphs: list[str] = []
    for line in map(normalize_line, text.split("\n")):
        if not line:
            continue
        if END_MARKERS.match(line) and paragraphs:
            break
        if is_chrome_line(line) or BULLET.match(line):
            continue
        names = byline_names(line)
        if names is not None and not paragraphs:
            authors = names
        elif title is None and not paragraphs and _is_title(line):
            title = line
        elif len(line.split()) >= MIN_PROSE_WORDS:
            paragraphs.append(line)
    return Extraction(paragraphs=paragraphs, title=title, authors=authors)


def _is_title(line: str) -> bool:
    return len(line.split()) >= MIN_TITLE_WORDS and not line.endswith((".", "!", ";"))
