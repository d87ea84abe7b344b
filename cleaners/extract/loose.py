"""Loose text made a paragraph of its own, on the page and in trafilatura's article tree.

Loose text is text a container holds itself after a block: a post written with `<br>`
under its headings, a standfirst after the headline and its byline. A browser shows it as
a block of its own. It is held as the tail of the element before it, and two stages lost it
with that element:
- trafilatura removes the headings left at the end of its output, tail and all: a post
  whose sections are a heading and loose text lost its last sections (each removal leaves
  another heading at the end);
- the chrome rules remove blocks from trafilatura's tree, and removing an element in lxml
  removes its tail: the text after a dropped headline went with it.
So on the page the loose text after a heading is wrapped in a `p` before trafilatura reads
it, and in trafilatura's tree the loose text after each block becomes a paragraph, judged
like any other block. (trafilatura also rebuilds a paragraph holding a `<br>` without its
tail; wrapping the text after paragraphs too is left out: docs/html.md, twelfth round.)
"""

from __future__ import annotations

from lxml.etree import _Element

from cleaners.extract.article_shape import HEADINGS

# Blocks of trafilatura's tree whose tail is loose text of their container.
_TREE_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "code", "div"})
# Elements of a page that a browser lays out as blocks: loose text ends at them.
_PAGE_BLOCKS = HEADINGS | frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl",
        "fieldset", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol",
        "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip


def wrap_loose_text(page: _Element) -> None:
    """On the page, wrap the loose text after each heading in a `p`, in place."""
    for block in [b for b in page.iter(*HEADINGS) if (b.tail or "").strip()]:
        _wrap_after(block, _PAGE_BLOCKS)


def loose_text_as_paragraphs(body: _Element) -> None:
    """In trafilatura's article tree (its body and divisions), wrap the loose text after
    each block in a `p`, in place."""
    for container in [body, *body.iter("div")]:
        for block in [child for child in container if child.tag in _TREE_BLOCKS]:
            if (block.tail or "").strip():
                _wrap_after(block, _TREE_BLOCKS)


def _wrap_after(elem: _Element, blocks: frozenset[str]) -> None:
    """Move the element's tail and the inline siblings after it, up to the next block, into
    a new `p` right after it."""
    run = []
    for sibling in elem.itersiblings():
        if sibling.tag in blocks:
            break
        run.append(sibling)
    paragraph = elem.makeelement("p")
    elem.addnext(paragraph)
    paragraph.text, elem.tail = elem.tail, None
    for inline in run:
        paragraph.append(inline)  # with its tail
