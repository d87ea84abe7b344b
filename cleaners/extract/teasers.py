"""Other stories' teasers in the extracted text: summaries of cards, dropped.

A teaser card is a headline link and one short summary (`article_shape.is_teaser`): the
no-article test leaves such summaries out when it counts running text, and trafilatura
often keeps them, from a "recommended for you" stream above or below the article. Here
the card must also be headed by a link to another page (not an anchor within this one)
whose text reads as a headline: it is in a heading, or has at least `HEADLINE_WORDS`
words (not a product name or a section's back-link). A summary may be cut off
mid-sentence. An output paragraph that is, as a whole, the text of such a summary goes,
unless the same text also stands on the page outside a card (the article's own paragraph
shown again as its teaser), and only if what is left still holds an article
(`_ARTICLE_RUN` prose paragraphs in a row): a page made of cards, with bylines and
captions between its summaries, keeps them.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml.etree import _Element

from cleaners.extract.article_shape import (
    card_of,
    is_running_text,
    is_teaser,
    link_counter,
    teaser_sized,
    text_words,
)
from cleaners.extract.html_chrome import is_prose

TEASERS = "teasers"  # the name `benchmarks/html_bench.py` switches this stage by
_ARTICLE_RUN = 3


def teaser_summaries(units: list[tuple[_Element, str]], text: str) -> set[str]:
    """The output paragraphs (`spaced`) of the extracted text (paragraphs one a line)
    that are teaser summaries on the page; none if what is left is no article (units: the
    page's paragraphs of running text, `page_paragraphs`, spaced the same way)."""
    keys = {spaced(p) for p in text.split("\n")}
    running = {elem for elem, _ in units}
    count_links = link_counter()
    teasers, others = set(), set()
    for elem, unit in units:
        words = text_words(unit)
        if unit not in keys or not teaser_sized(unit, words):
            continue
        if _is_summary(elem, unit, words, running, count_links):
            teasers.add(unit)
        else:
            others.add(unit)
    gone = teasers - others
    return gone if gone and _holds_article(without(text, gone).split("\n")) else set()


def without(text: str, summaries: set[str]) -> str:
    """The text without the paragraphs that are (`spaced`) one of the summaries."""
    if not summaries:
        return text
    return "\n".join(p for p in text.split("\n") if spaced(p) not in summaries or not p.strip())


def spaced(text: str) -> str:
    """The text with its runs of white space made one space, and stripped."""
    return " ".join(text.split())


def _holds_article(paragraphs: list[str]) -> bool:
    """At least `_ARTICLE_RUN` prose paragraphs in a row: an article, not a page of cards
    with bylines and captions between its summaries."""
    run = 0
    for paragraph in paragraphs:
        if not paragraph.strip():
            continue
        run = run + 1 if is_prose(paragraph) else 0
        if run >= _ARTICLE_RUN:
            return True
    return False


def _is_summary(
    elem: _Element,
    unit: str,
    words: int,
    running: set[_Element],
    count_links: Callable[[_Element], int],
) -> bool:
    """The paragraph is the one paragraph of running text in a card headed by a headline
    link."""
    parent = elem.getparent()
    if parent is None or any(p in running for p in parent if p is not elem):
        return False  # a paragraph among paragraphs (the card holds the parent)
    card = card_of(elem, count_links)
    if card is None or any(p in running for p in card.iter("p") if p is not elem):
        return False
    return is_teaser(elem, unit, words, is_running_text, count_links)
