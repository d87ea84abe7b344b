"""Quotations set between the article's paragraphs: put back when the extractor dropped them.

An article quotes: a post embedded from a social network, a letter, a table of figures, a
passage of another text, set in a `<blockquote>` between two of its paragraphs. trafilatura
drops many of them with their wrapper (classed `embed`, `social`, `widget`: the names of
share bars and advertisements too), and the article loses a passage in the middle.
A `<blockquote>` of the page goes back in, after the output paragraph before it, if

- the paragraphs of running text nearest to it on the page, before and after it (quotations
  and their own paragraphs skipped), are both in the output, in the same or in consecutive
  output paragraphs: it stands inside the article, not below it among comments or teasers;
- it holds at least `HTML_MIN_PROSE_WORDS` words, almost none of them in the output yet
  (at most `HTML_NEW_TEXT_SHARE` of its pieces: a pull quote repeats the article);
- it is not set aside by the page's markup (footer, navigation, aside, figure, dialog).

Each block inside it (a paragraph, a table row, the signature line of a post) becomes a line.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate

from lxml.etree import _Element

from cleaners.extract.article_shape import (
    HIDDEN_TAGS,
    INLINE_TAGS,
    PIECE_WORDS,
    fold,
    in_aside,
    share_in,
    text_words,
)
from cleaners.settings import HTML_MIN_PROSE_WORDS, HTML_NEW_TEXT_SHARE

QUOTES = "quotes"  # the name `benchmarks/html_bench.py` switches this stage by
# The page's text nearest a quotation: scripts, styles, other quotations, captions left out.
_AROUND = "script or ancestor::style or ancestor::blockquote or ancestor::figure"
_VISIBLE = f"[normalize-space() and not(ancestor::{_AROUND})][position() <= 10]"
_PRECEDING, _FOLLOWING = f"preceding::text(){_VISIBLE}", f"following::text(){_VISIBLE}"


def quote_article(page: _Element, text: str) -> str:
    """The extracted text (paragraphs one a line) with the page's quotations that stand
    between two of its paragraphs put back."""
    quotes = [q for q in page.iter("blockquote") if _outermost(q) and not in_aside(q)]
    if not quotes:
        return text
    paragraphs = text.split("\n")
    folded = [fold(paragraph) for paragraph in paragraphs]
    output = " ".join(folded)
    starts = list(accumulate((len(line) + 1 for line in folded[:-1]), initial=0))
    after: dict[int, list[str]] = {}
    for quote in quotes:
        lines = _new_lines(quote, output)
        if not lines:
            continue
        before = _paragraph_at(output, starts, _words(quote.xpath(_PRECEDING), last=True), True)
        at = _paragraph_at(output, starts, _words(quote.xpath(_FOLLOWING), last=False), False)
        if 0 <= before <= at and not any(folded[before + 1 : at]):
            after.setdefault(before, []).extend(lines)
    if not after:
        return text
    lines = []
    for i, paragraph in enumerate(paragraphs):
        lines += [paragraph, *after.get(i, [])]
    return "\n".join(lines)


def _words(texts: list[str], *, last: bool) -> str:
    """The first (last) `PIECE_WORDS` words of the texts, folded."""
    words = fold(" ".join(texts)).split()
    return " ".join(words[-PIECE_WORDS:] if last else words[:PIECE_WORDS])


def _paragraph_at(output: str, starts: list[int], piece: str, end: bool) -> int:
    """The output paragraph holding the piece's end (start); -1: not in the output."""
    found = output.find(piece) if piece else -1
    if found < 0:
        return -1
    return bisect_right(starts, found + (len(piece) - 1 if end else 0)) - 1


def _outermost(quote: _Element) -> bool:
    return not any(a.tag == "blockquote" for a in quote.iterancestors())


def _new_lines(quote: _Element, folded_output: str) -> list[str]:
    """The quotation's blocks, one a line, if it has enough words not yet in the output."""
    lines = [line for line in block_lines(quote) if line]
    whole = " ".join(lines)
    if text_words(whole) < HTML_MIN_PROSE_WORDS:
        return []
    return lines if share_in(fold(whole), folded_output) <= HTML_NEW_TEXT_SHARE else []


def block_lines(elem: _Element) -> list[str]:
    """The element's text, one line per block (inline elements joined into their line;
    scripts and styles left out), white space collapsed."""
    lines: list[str] = []
    parts: list[str] = [elem.text or ""]
    for child in elem:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            parts.append("".join(child.itertext()))
        elif isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS:
            lines += [" ".join("".join(parts).split()), *block_lines(child)]
            parts = []
        parts.append(child.tail or "")
    return [*lines, " ".join("".join(parts).split())]
