"""A stream of other posts in the extracted text: paragraphs of repeated cards, dropped.

Below (or above) an article, sites run a stream of their other posts: one card per post,
every card built the same way, holding a link to the post (its headline or its picture)
and the post's first paragraph, of any length (the `teasers` stage takes short summaries
under a headline link only). A card here is as in the no-article test
(`article_shape.card_of`: the nearest ancestor holding a link outside the paragraph); it
must hold no other paragraph of running text and have a link to another page of the
page's own site before the paragraph (not to another site: a list of products or sources
is the article). Its kind is its tag and its first class (sites add the post's own
classes after it; a card without a class names no kind). At least `STREAM_CARDS` cards
of one kind, with no other output paragraph between the first and the last (cards between
the article's paragraphs are its items: a column of briefs), are a stream: an output
paragraph that is the paragraph of one of them goes, unless the same text also stands on
the page outside such a card, and only if an article is left: `HTML_MIN_ARTICLE_WORDS`
words of running text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from lxml.etree import _Element

from cleaners.extract.article_shape import (
    STREAM_CARDS,
    card_of,
    is_running_text,
    kind_of,
    link_counter,
    text_words,
)
from cleaners.extract.html_chrome import site_of
from cleaners.extract.teasers import spaced
from cleaners.settings import HTML_MIN_ARTICLE_WORDS

STREAM = "stream"  # the name `benchmarks/html_bench.py` switches this stage by


def stream_paragraphs(units: list[tuple[_Element, str]], text: str, site: str = "") -> set[str]:
    """The output paragraphs (`spaced`) of the extracted text (paragraphs one a line) that
    are the paragraphs of a stream's cards on the page; none if no article would be left
    (units: the page's paragraphs of running text, `page_paragraphs`, spaced the same
    way; site: the page's own site, `html_chrome.site_of`)."""
    running = {elem for elem, _ in units}
    count_links = link_counter()
    kinds = [_card_kind(elem, running, count_links, site) for elem, _ in units]
    keys = {spaced(p) for p in text.split("\n")}
    streams = {
        k
        for k, n in Counter(k for k in kinds if k).items()
        if n >= STREAM_CARDS and not _interleaved(k, kinds, units, keys)
    }
    if not streams:
        return set()
    carded = {unit for (_, unit), k in zip(units, kinds, strict=True) if k in streams}
    carded -= {unit for (_, unit), k in zip(units, kinds, strict=True) if k not in streams}
    gone = carded & keys
    left = sum(
        text_words(p) for p in text.split("\n") if spaced(p) not in gone and is_running_text(p)
    )
    return gone if gone and left >= HTML_MIN_ARTICLE_WORDS else set()


def _interleaved(
    kind: tuple[str, str],
    kinds: list[tuple[str, str] | None],
    units: list[tuple[_Element, str]],
    keys: set[str],
) -> bool:
    """An output paragraph outside the cards stands between the first and the last card of
    the kind: the cards are items of the article (a column of briefs), not a stream."""
    places = [i for i, k in enumerate(kinds) if k == kind]
    return any(kinds[i] != kind and units[i][1] in keys for i in range(places[0] + 1, places[-1]))


def _card_kind(
    elem: _Element, running: set[_Element], count_links: Callable[[_Element], int], site: str
) -> tuple[str, str] | None:
    """The kind (tag and first class) of the card the paragraph is alone in, headed by a
    link to another page of the site; None if it is in none."""
    parent = elem.getparent()
    if parent is None or any(p in running for p in parent if p is not elem):
        return None  # a paragraph among paragraphs
    card = card_of(elem, count_links)
    if card is None or any(p in running for p in card.iter("p") if p is not elem):
        return None
    if not _linked_before(card, elem, site):
        return None
    return kind_of(card)


def _linked_before(card: _Element, elem: _Element, site: str) -> bool:
    """A link to another page of the page's own site (not an anchor on this one, not
    another site: a product, a source, a share button) comes before elem in its card."""
    for node in card.iter():
        if node is elem:
            return False
        href = (node.get("href") or "#") if node.tag == "a" else "#"
        if not href.startswith("#") and site_of(href) in ("", site):
            return True
    return False
