"""Links that trafilatura split off their sentence: joined back.

With links kept (`include_links`, which the chrome rules need), trafilatura handles a
link that stands in loose text (text a container holds itself, not inside a `<p>`: a
blog post written with `<br>` between its lines) as an orphan: it gets a paragraph of its
own, and the white space after it is trimmed. "... all for <a>the blog at work</a> so I
figured ..." comes out as two paragraphs, "... all for" and "the blog at workso I
figured ...": a sentence broken in two and two words run together. Without links the
same page comes out whole. In any language and on any site.

An output paragraph that opens with a link is joined back to the paragraph (or loose text)
before it if the page shows the link inside that text: a link of the page with the same
text stands in loose text (not at the start of its container or after a block), and the
words right before it on the page end the output text before the paragraph. The white
space around the link is the page's. The rule is `rejoin`.
"""

from __future__ import annotations

from collections import defaultdict

from lxml.etree import _Element

from cleaners.extract.article_shape import INLINE_TAGS
from cleaners.extract.teasers import spaced
from cleaners.normalize import fold

REJOIN = "rejoin"  # the name `benchmarks/html_bench.py` switches this stage by
_MATCH_WORDS = 3  # words before the link that must end the output text before it


def rejoin_links(body: _Element, page: _Element) -> None:
    """Join each paragraph of trafilatura's tree split off at a link in loose text back to
    the text before it, and put back the space after the link (modifies body)."""
    openers = [p for p in body.iter("p") if _opens_with_link(p)]
    if not openers:
        return
    loose = _loose_links(page, {spaced(_all_text(p[0])) for p in openers})
    for paragraph in openers:
        links = loose.get(spaced(_all_text(paragraph[0])), [])
        before = paragraph.getprevious()
        joined = _preceded_by(links, before) if before is not None else None
        link = joined if joined is not None else _followed_by(links, paragraph[0].tail)
        if link is None or paragraph.getparent() is None:
            continue
        ref = paragraph[0]
        if ref.tail and _spaced_after(link):
            ref.tail = " " + ref.tail.lstrip()
        if joined is not None:
            _join(before, paragraph, link)


def _opens_with_link(paragraph: _Element) -> bool:
    return not (paragraph.text or "").strip() and len(paragraph) > 0 and paragraph[0].tag == "ref"


def _loose_links(page: _Element, texts: set[str]) -> dict[str, list[tuple[_Element, list[str]]]]:
    """The page's links of the given texts outside paragraphs (`<p>`, which trafilatura
    handles whole), by their text, each (as `_outer`) with the folded words right before it
    in its container's own text (none: the link opens its container or follows a block)."""
    links: dict[str, list[tuple[_Element, list[str]]]] = defaultdict(list)
    for anchor in page.iter("a"):
        if (text := spaced(_all_text(anchor))) not in texts:
            continue
        link = _outer(anchor)
        parent = link.getparent()
        if parent is not None and parent.tag != "p":
            previous = link.getprevious()
            before = (parent.text if previous is None else previous.tail) or ""
            links[text].append((link, fold(before).split()))
    return links


def _outer(link: _Element) -> _Element:
    """The link with the inline elements that hold nothing else (`<strong><a>...</a></strong>`):
    the white space around them is the link's."""
    parent = link.getparent()
    while (
        parent is not None
        and parent.tag in INLINE_TAGS
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (link.tail or "").strip()
    ):
        link, parent = parent, parent.getparent()
    return link


def _preceded_by(links: list[tuple[_Element, list[str]]], before: _Element) -> _Element | None:
    """The page link whose preceding words end the output text before the paragraph."""
    output = fold(before.tail if (before.tail or "").strip() else _all_text(before)).split()
    return next((link for link, words in links if _same_end(output, words)), None)


def _followed_by(links: list[tuple[_Element, list[str]]], tail: str | None) -> _Element | None:
    """The page link followed by the words that follow the link in the output."""
    output = fold(tail or "").split()
    after = (link for link, _ in links if _same_start(output, fold(link.tail or "").split()))
    return next(after, None)


def _same_end(words: list[str], others: list[str]) -> bool:
    """The words end with the others' last words (the first of them may run on from a
    word before it: text glued to a link before it on the page)."""
    last = min(_MATCH_WORDS, len(words), len(others))
    return bool(last) and " ".join(words).endswith(" ".join(others[-last:]))


def _same_start(words: list[str], others: list[str]) -> bool:
    first = min(_MATCH_WORDS, len(words), len(others))
    return bool(first) and words[:first] == others[:first]


def _join(before: _Element, paragraph: _Element, link: _Element) -> None:
    """Join the paragraph to the output text before it, with the page's white space before
    the link."""
    gap = " " if _spaced_before(link) else ""
    if (before.tail or "").strip():  # loose text of the output: it opens the paragraph
        paragraph.text = before.tail.strip() + gap
        before.tail = None
        return
    if before.tag != "p":
        return
    if len(before):
        before[-1].tail = (before[-1].tail or "").rstrip() + gap
    else:
        before.text = (before.text or "").rstrip() + gap
    before.extend(list(paragraph))
    before.tail = paragraph.tail
    paragraph.getparent().remove(paragraph)


def _spaced_before(link: _Element) -> bool:
    previous = link.getprevious()
    before = (link.getparent().text if previous is None else previous.tail) or ""
    return before[-1:].isspace() or (link.text or "")[:1].isspace()


def _spaced_after(link: _Element) -> bool:
    text = _all_text(link)
    return (link.tail or "")[:1].isspace() or text[-1:].isspace()


def _all_text(elem: _Element) -> str:
    return "".join(elem.itertext())
