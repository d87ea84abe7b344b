"""The rest of the article: its paragraphs in other containers like its own.

Sites split an article body into several containers of one kind (the same tag and class),
with advertisements, newsletter boxes or videos between them. trafilatura picks the best
container and may leave the others out: half an article. The paragraphs it did extract
show which kind of container the article sits in (the tag and class most of their parents
share; a container without a class names no kind); a paragraph of running text in a
container of that kind that is not in the output yet (at most `HTML_NEW_TEXT_SHARE` of its
pieces found) is the article's too, and goes back after the paragraph that precedes it on
the page.

A paragraph is a `<p>`, or (twelfth round) the text a classed block holds itself (its
text and inline children, as the no-article test reads a unit: a forum post or a comment
written as text and `<br>` in a `<div class="content">`), whose container is the block
itself. trafilatura takes the first post of a thread (the first element its list of
content classes matches) and leaves the others out; they are containers of the same kind.

Running text as in the no-article test (`article_shape`): at least `HTML_MIN_PROSE_WORDS`
words, less than `HTML_LINK_DENSITY` of it link text, a sentence end, not in a footer,
navigation, aside, figure or dialog, and not a teaser card's summary.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from lxml.etree import XPath, _Element

from cleaners.extract.article_shape import (
    PIECE_WORDS,
    in_aside,
    is_running_text,
    is_teaser,
    mostly_links,
    own_text,
    share_in,
    text_words,
)
from cleaners.extract.html_chrome import is_prose
from cleaners.normalize import fold
from cleaners.settings import HTML_NEW_TEXT_SHARE

CONTINUED = "continued"  # the name `benchmarks/html_bench.py` switches this stage by
# Classed blocks holding text of their own (one query: elements visited from Python cost).
_TEXT_BLOCKS = (
    "//*[@class][self::div or self::td or self::section or self::article or self::dd"
    " or self::blockquote][text()[normalize-space()]]"
)
_FIND_TEXT_BLOCKS = XPath(_TEXT_BLOCKS)
_IN_PAGE_ORDER = XPath(f"//p | {_TEXT_BLOCKS}")


def continue_article(units: list[tuple[_Element, str]], text: str, page: _Element) -> str:
    """The extracted text (paragraphs one a line) with the article's paragraphs from
    containers like its own put back, each after the paragraph preceding it on the page
    (units: the page's paragraphs of running text, `page_paragraphs`; the page's classed
    blocks of running text, `text_blocks`, join them)."""
    if blocks := text_blocks(page):
        order = {elem: i for i, elem in enumerate(_IN_PAGE_ORDER(page))}
        units = sorted([*units, *blocks], key=lambda unit: order[unit[0]])
    paragraphs = text.split("\n")
    places = _places([t for _, t in units], [" ".join(p.split()) for p in paragraphs])
    homes = Counter(_home_kind(p) for (p, _), at in zip(units, places, strict=True) if at >= 0)
    kind = next((k for k, _ in homes.most_common(1) if k[1]), None)
    if kind is None:
        return text
    folded = ""
    after: dict[int, list[str]] = {}
    last = -1  # the output paragraph of the last extracted page paragraph met
    for (elem, unit), at in zip(units, places, strict=True):
        if at >= 0:
            last = at
        elif _home_kind(elem) == kind:
            folded = folded or fold(text)
            if continues(elem, unit, folded):
                after.setdefault(last, []).append(unit)
    if not after:
        return text
    lines = after.get(-1, [])
    for i, paragraph in enumerate(paragraphs):
        lines += [paragraph, *after.get(i, [])]
    return "\n".join(lines)


def _places(texts: list[str], paragraphs: list[str]) -> list[int]:
    """For each text, the output paragraph (white space collapsed) holding the text's first
    or last `PIECE_WORDS` words as they are, where the later of the two first appears (-1:
    neither is in the output). One pass over the output's word windows: looking each text
    up in the whole output took time in its length times the number of texts (a page of
    50,000 paragraphs: 15 s)."""
    ends_of = [ends(text) for text in texts]
    wanted = {end for pair in ends_of for end in pair}
    first: dict[str, int] = {}  # piece -> where it first appears (a word number)
    starts: list[int] = []
    start = 0
    for paragraph in paragraphs:
        starts.append(start)
        words = paragraph.split(" ")
        for i in range(len(words) - PIECE_WORDS + 1):
            window = " ".join(words[i : i + PIECE_WORDS])
            if window in wanted and window not in first:
                first[window] = start + i
        start += len(words)
    at = [max(first.get(head, -1), first.get(tail, -1)) for head, tail in ends_of]
    for n, text in enumerate(texts):
        if len(text.split(" ")) < PIECE_WORDS:  # shorter than a piece: anywhere in a paragraph
            at[n] = next((s for s, p in zip(starts, paragraphs, strict=True) if text in p), -1)
    return [bisect_right(starts, found) - 1 if found >= 0 else -1 for found in at]


def ends(text: str) -> tuple[str, str]:
    """A text's first and last `PIECE_WORDS` words (words parted by single spaces)."""
    words = text.split(" ")
    return " ".join(words[:PIECE_WORDS]), " ".join(words[-PIECE_WORDS:])


def continues(elem: _Element, text: str, output: str) -> bool:
    """Running text not in the folded output yet (looked up piece by piece anywhere in it:
    across its paragraph breaks, and in scripts written without spaces, where a piece is a
    whole clause), and no teaser's summary."""
    if share_in(fold(text), output) > HTML_NEW_TEXT_SHARE:
        return False
    links = elem.iter("a") if elem.tag == "p" else (a for a in elem if a.tag == "a")
    if mostly_links((a.text_content() for a in links), text) or in_aside(elem):
        return False
    return not is_teaser(elem, text, text_words(text), is_prose)


def text_blocks(page: _Element) -> list[tuple[_Element, str]]:
    """The page's classed blocks (not paragraphs) whose own text (`own_text`: text and
    inline children, block children left out) is running text, and that text."""
    blocks = []
    for elem in _FIND_TEXT_BLOCKS(page):
        text = " ".join("".join(p for p in own_text(elem) if isinstance(p, str)).split())
        if is_running_text(text):
            blocks.append((elem, text))
    return blocks


def _home_kind(elem: _Element) -> tuple[str, ...]:
    """The kind of a paragraph's container: a `<p>`'s parent's; for a block holding its own
    text, its own and its parent's (`div.content` holds a post of a thread in
    `div.postbody`, and a reader's comment in `div.comment_content` on a news site)."""
    if elem.tag == "p":
        return _kind(elem.getparent())
    return _kind(elem) + _kind(elem.getparent())


def _kind(elem: _Element | None) -> tuple[str, str]:
    if elem is None or not isinstance(elem.tag, str):
        return ("", "")
    return (elem.tag, " ".join((elem.get("class") or "").split()))
