"""Quotations and lists set between the article's paragraphs: put back when the extractor
dropped them.

An article quotes (a post embedded from a social network, a letter, a table of figures, a
passage of another text, set in a `<blockquote>`) and lists (steps, points, reactions, set
in a `<ul>` or `<ol>`) between two of its paragraphs. trafilatura drops some of them with
their wrapper (classed `embed`, `social`, `widget`: the names of share bars and
advertisements too) or by its scores, and the article loses a passage in the middle. Such
a block of the page goes back in, after the output paragraph before it, if

- the page's text right before it and right after it (scripts, styles, captions and
  quotations left out) ends and starts output paragraphs that follow each other (blank
  lines aside), or one paragraph: it stands inside the article, not below it among comments
  or teasers, and not beside a part the extractor left out;
- it holds at least `HTML_MIN_PROSE_WORDS` words, almost none of them in the output yet
  (at most `HTML_NEW_TEXT_SHARE` of its pieces: a pull quote repeats the article), less
  than `HTML_LINK_DENSITY` of its text in links (a link list), and no image (a gallery);
- it is not set aside by the page's markup (footer, navigation, aside, figure, dialog) and
  not inside another block of its kind.

Each block inside it (a paragraph, an item, a table row, the signature line of a post)
becomes a line. The two kinds are two rules, `quotes` and `lists`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from lxml.etree import XPath, _Element

from cleaners.extract.article_shape import (
    HIDDEN_TAGS,
    INLINE_TAGS,
    PIECE_WORDS,
    in_aside,
    mostly_links,
    own_text,
    share_in,
    text_words,
)
from cleaners.normalize import fold
from cleaners.settings import HTML_MIN_PROSE_WORDS, HTML_NEW_TEXT_SHARE

QUOTES, LISTS = "quotes", "lists"  # the names `benchmarks/html_bench.py` switches them by
KINDS = {QUOTES: ("blockquote",), LISTS: ("ul", "ol")}
# Left out of the page's text nearest a block: hidden text, quotations, captions.
_UNSEEN = HIDDEN_TAGS | {"blockquote", "figure"}
_LINK_TEXT = XPath(".//a//text()", smart_strings=False)
_PIECE_CHARS = 20  # a piece of text shorter than this may be anywhere in the output


def put_back_between(page: _Element, text: str, kinds: set[str]) -> str:
    """The extracted text (paragraphs one a line) with the page's blocks of the given kinds
    (`QUOTES`, `LISTS`) that stand between two of its paragraphs put back."""
    tags = [tag for kind in sorted(kinds) for tag in KINDS[kind]]
    blocks = [b for b in page.iter(*tags) if not _has_image(b) and not _mostly_links(b)]
    blocks = [b for b in blocks if _outermost(b, tags) and not in_aside(b)]
    if not blocks:
        return text
    whole = fold(text)
    new = {block: lines for block in blocks if (lines := _new_lines(block, whole))}
    if not new:
        return text
    paragraphs = text.split("\n")
    folded = [fold(paragraph) for paragraph in paragraphs]
    output = " ".join(folded)
    starts = list(accumulate((len(line) + 1 for line in folded[:-1]), initial=0))
    after: dict[int, list[str]] = {}
    for block, lines in new.items():
        preceding = _words(_before(block, new), last=True)
        following = _words(_after(block, new), last=False)
        before = _paragraph_at(output, starts, preceding, end=True)
        at = _paragraph_at(output, starts, following, end=False)
        if 0 <= before <= at and not any(folded[before + 1 : at]):
            after.setdefault(before, []).extend(lines)
    if not after:
        return text
    lines = []
    for i, paragraph in enumerate(paragraphs):
        lines += [paragraph, *after.get(i, [])]
    return "\n".join(lines)


def _before(block: _Element, others: dict) -> Iterator[str | None]:
    """The page's texts before the block, nearest first; None at the edge of a block
    (`_texts`: what is left out)."""
    node = block
    while (parent := node.getparent()) is not None:
        for sibling in node.itersiblings(preceding=True):
            yield sibling.tail or ""
            yield from _texts(sibling, others, backwards=True)
        yield parent.text or ""
        yield _edge(parent)
        node = parent


def _after(block: _Element, others: dict) -> Iterator[str | None]:
    """The page's texts after the block, nearest first; None at the edge of a block."""
    node = block
    while node is not None:
        yield node.tail or ""
        for sibling in node.itersiblings():
            yield from _texts(sibling, others, backwards=False)
            yield sibling.tail or ""
        node = node.getparent()
        yield _edge(node)


def _texts(elem: _Element, others: dict, *, backwards: bool) -> Iterator[str | None]:
    """The element's own texts and its children's, in page order or backwards, None at the
    edges of a block (not of an inline element: in scripts without spaces, a word may run
    across one); nothing of hidden elements, quotations, captions, or the other new blocks
    (others)."""
    if not isinstance(elem.tag, str) or elem.tag in _UNSEEN or elem in others:
        return
    yield _edge(elem)
    if not backwards:
        yield elem.text or ""
    for child in reversed(elem) if backwards else elem:
        if backwards:
            yield child.tail or ""
        yield from _texts(child, others, backwards=backwards)
        if not backwards:
            yield child.tail or ""
    if backwards:
        yield elem.text or ""
    yield _edge(elem)


def _edge(elem: _Element | None) -> str | None:
    inline = elem is not None and isinstance(elem.tag, str) and elem.tag in INLINE_TAGS
    return "" if inline else None


def _words(texts: Iterator[str | None], *, last: bool) -> str:
    """The words of the page nearest the block (the texts, nearest first), folded, in page
    order: `PIECE_WORDS` of them, or fewer up to the edge of a block if they are at least
    `_PIECE_CHARS` long (a short paragraph; in scripts without spaces, a clause is a word)."""
    joined = ""
    for text in texts:
        if text is None:
            if len(fold(joined)) >= _PIECE_CHARS:
                break
            text = " "
        joined = text + joined if last else joined + text
        if text.strip() and len(fold(joined).split()) > PIECE_WORDS:  # the farthest word
            break  # may go on
    words = fold(joined).split()
    return " ".join(words[-PIECE_WORDS:] if last else words[:PIECE_WORDS])


def _paragraph_at(output: str, starts: list[int], piece: str, *, end: bool) -> int:
    """The output paragraph holding the piece (whole words) at its end (start); -1: not
    in the output."""
    found = f" {output} ".find(f" {piece} ") if piece else -1
    if found < 0:
        return -1
    return bisect_right(starts, found + (len(piece) - 1 if end else 0)) - 1


def _outermost(block: _Element, tags: list[str]) -> bool:
    return not any(a.tag in tags for a in block.iterancestors())


def _new_lines(block: _Element, folded_output: str) -> list[str]:
    """The block's lines, if it has enough words not yet in the output."""
    lines = [line for line in block_lines(block) if line]
    whole = " ".join(lines)
    if text_words(whole) < HTML_MIN_PROSE_WORDS:
        return []
    return lines if share_in(fold(whole), folded_output) <= HTML_NEW_TEXT_SHARE else []


def _has_image(block: _Element) -> bool:
    return next(block.iter("img", "figure"), None) is not None


def _mostly_links(block: _Element) -> bool:
    """A menu or a list of links (`mostly_links`, over all the block's text)."""
    return mostly_links(_LINK_TEXT(block), block.text_content())


def block_lines(elem: _Element) -> list[str]:
    """The element's text, one line per block (`own_text`, broken at each block child,
    whose lines follow in its place), white space collapsed."""
    lines: list[str] = []
    parts: list[str] = []
    for piece in own_text(elem):
        if isinstance(piece, str):
            parts.append(piece)
        else:
            lines += [" ".join("".join(parts).split()), *block_lines(piece)]
            parts = []
    return [*lines, " ".join("".join(parts).split())]
