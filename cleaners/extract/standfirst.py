"""The article's lead in a box of its own, before the container trafilatura took.

Sites set the standfirst or lead paragraph apart from the body (`div.perex` before
`div.text`, `div.article-teaser` before `div.article-body`), and trafilatura, taking the
body's container, leaves it out: the article loses its first paragraph. A `<p>` of
running text (as `continuation` reads one: not in the output yet, not in an aside, not
mostly links, no teaser's summary) whose container is an earlier sibling of the
container of the first extracted paragraph, with no other paragraph of running text
between them on the page but what the markup sets aside (an advertisement's or a
promotion's `<aside>`), goes back before that paragraph; up to `LEAD_PARAGRAPHS` of
them, nearest first. A byline or a time stamp set as a sentence is no lead, nor is the
page's description (AEB's annotators leave such standfirsts out, Readability's keep some:
docs/html.md, "What still fails").
"""

from __future__ import annotations

import re

from lxml.etree import _Element

from cleaners.byline import byline_names
from cleaners.extract.article_shape import in_aside
from cleaners.extract.continuation import continues, ends
from cleaners.normalize import fold

STANDFIRST = "standfirst"  # the name `benchmarks/html_bench.py` switches this stage by
LEAD_PARAGRAPHS = 2  # a lead is one or two paragraphs (a round bound, not fitted)
_CLOCK_TIME = re.compile(r"\b\d{1,2}:\d{2}\b")


def put_back_standfirst(units: list[tuple[_Element, str]], text: str, description: str = "") -> str:
    """The extracted text (paragraphs one a line) with the article's lead put back before
    its first extracted paragraph (units: the page's paragraphs of running text,
    `page_paragraphs`; description: the page's, which is no lead to put back)."""
    paragraphs = text.split("\n")
    found = _first_extracted(units, [" ".join(p.split()) for p in paragraphs])
    if found is None:
        return text
    first, at = found
    earlier = set(_container(units[first][0]).itersiblings(preceding=True))
    described = fold(description)
    folded = ""
    lead: list[str] = []
    before = [(elem, unit) for elem, unit in units[:first] if not in_aside(elem)]
    for elem, unit in reversed(before[-LEAD_PARAGRAPHS:]):
        if _container(elem) not in earlier or _is_meta_line(unit) or fold(unit) == described:
            break
        folded = folded or fold(text)
        if not continues(elem, unit, folded):
            break
        lead.insert(0, unit)
    if not lead:
        return text
    return "\n".join([*paragraphs[:at], *lead, *paragraphs[at:]])


def _first_extracted(
    units: list[tuple[_Element, str]], paragraphs: list[str]
) -> tuple[int, int] | None:
    """The first unit (in page order) whose first or last `PIECE_WORDS` words stand in an
    output paragraph (white space collapsed), and that paragraph; None if it is the
    page's first or none is. Stops
    at the first: the units before the article are few."""
    joined = "\n".join(paragraphs)
    for n, (_, text) in enumerate(units):
        pieces = ends(text)
        if not any(piece in joined for piece in pieces):
            continue
        at = next(i for i, p in enumerate(paragraphs) if any(piece in p for piece in pieces))
        return None if n == 0 else (n, at)
    return None


def _is_meta_line(text: str) -> bool:
    """A byline or a time stamp set as a sentence ("By Jane Doe on Monday ... at 11:08
    a.m."): it names the authors, or holds a clock time, which a lead rarely does."""
    return byline_names(text) is not None or bool(_CLOCK_TIME.search(text))


def _container(elem: _Element) -> _Element:
    """A `<p>`'s parent; a classed block holding its own text is its own container."""
    parent = elem.getparent()
    return parent if elem.tag == "p" and parent is not None else elem
