"""The rest of the article: its paragraphs in other containers like its own.

Sites split an article body into several containers of one kind (the same tag and class),
with advertisements, newsletter boxes or videos between them. trafilatura picks the best
container and may leave the others out: half an article. The paragraphs it did extract
show which kind of container the article sits in (the tag and class most of their parents
share); a paragraph of running text in a container of that kind that is not in the output
yet is the article's too, and goes back after the paragraph that precedes it on the page.

Running text as in the no-article test (`article_shape`): at least `HTML_MIN_PROSE_WORDS`
words, less than `HTML_LINK_DENSITY` of it link text, a sentence end, not in a footer,
navigation, aside, figure or dialog, and not a teaser card's summary.
"""

from __future__ import annotations

from collections import Counter

from lxml.etree import _Element

from cleaners.extract.article_shape import (
    PIECE_WORDS,
    ends_sentence,
    fold,
    in_aside,
    is_teaser,
    share_in,
    text_words,
)
from cleaners.extract.html_chrome import is_prose
from cleaners.settings import HTML_LINK_DENSITY, HTML_MIN_PROSE_WORDS

CONTINUED = "continued"  # the name `benchmarks/html_bench.py` switches this stage by
_NEW = 0.2  # a paragraph with at most this share of its pieces in the output is not there yet
_FOUND = 0.5  # ... with at least this share, it is one of the extracted paragraphs


def continue_article(page: _Element, text: str) -> str:
    """The extracted text (paragraphs one a line) with the article's paragraphs from
    containers like its own put back, each after the paragraph preceding it on the page."""
    paragraphs = text.split("\n")
    windows = _windows(paragraphs)
    units = [(p, t, _located(fold(t), windows)) for p in page.iter("p") if (t := _running(p))]
    homes = Counter(_kind(p.getparent()) for p, _, (share, _) in units if share >= _FOUND)
    kind = next((k for k, _ in homes.most_common(1) if k[1]), None)
    if kind is None:
        return text
    folded = fold(text)
    after: dict[int, list[str]] = {}
    last = -1  # the output paragraph of the last extracted page paragraph met
    for elem, unit, (share, where) in units:
        if share >= _FOUND:
            last = where
        elif share <= _NEW and _continues(elem, unit, kind, folded):
            after.setdefault(last, []).append(unit)
    if not after:
        return text
    lines = after.get(-1, [])
    for i, paragraph in enumerate(paragraphs):
        lines += [paragraph, *after.get(i, [])]
    return "\n".join(lines)


def _continues(elem: _Element, text: str, kind: tuple[str, str], output: str) -> bool:
    """In a container of the article's kind, not in the (folded) output yet, looked up
    piece by piece anywhere in it (across its paragraph breaks, and in scripts written
    without spaces, where a piece is a whole clause), and no teaser's summary."""
    if _kind(elem.getparent()) != kind or share_in(fold(text), output) > _NEW:
        return False
    return not is_teaser(elem, text, text_words(text), is_prose)


def _running(elem: _Element) -> str | None:
    """The paragraph's text if it is running text, else None."""
    text = " ".join(elem.text_content().split())
    if text_words(text) < HTML_MIN_PROSE_WORDS or not ends_sentence(text):
        return None
    linked = sum(len(" ".join(a.text_content().split())) for a in elem.iter("a"))
    if linked >= HTML_LINK_DENSITY * len(text) or in_aside(elem):
        return None
    return text


def _kind(elem: _Element | None) -> tuple[str, str]:
    if elem is None or not isinstance(elem.tag, str):
        return ("", "")
    return (elem.tag, " ".join((elem.get("class") or "").split()))


def _windows(paragraphs: list[str]) -> dict[str, int]:
    """Every run of `PIECE_WORDS` folded words of the output, and the paragraph it is in."""
    windows: dict[str, int] = {}
    for i, paragraph in enumerate(paragraphs):
        words = fold(paragraph).split()
        for start in range(max(1, len(words) - PIECE_WORDS + 1)):
            windows.setdefault(" ".join(words[start : start + PIECE_WORDS]), i)
    return windows


def _located(text: str, windows: dict[str, int]) -> tuple[float, int]:
    """Share of a folded text's pieces found in the output, and the output paragraph of
    the last piece found (-1 if none)."""
    words = text.split()
    last = max(0, len(words) - PIECE_WORDS)  # the last piece is a whole one, ending the text
    starts = [*range(0, last, PIECE_WORDS), last]
    found = [windows[p] for s in starts if (p := " ".join(words[s : s + PIECE_WORDS])) in windows]
    return len(found) / len(starts), (found[-1] if found else -1)
