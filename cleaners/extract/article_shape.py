"""The shapes of text on a raw page, in any language: words, running text, teasers, cards.

Shared by the no-article count (`no_article.article_words`) and the stages that prune the
extracted text (`teasers`, `stream`, `continuation`, `between`):

- a *text unit* is the text an element holds itself (its text, its inline children, the
  tails of its children); it is *running text* if it has at least `HTML_MIN_PROSE_WORDS`
  words, less than `HTML_LINK_DENSITY` of it is link text, and it has a sentence end;
- a *teaser* is a unit of running text, short (`HTML_MAX_TEASER_WORDS`) or cut off by an
  ellipsis (an excerpt), whose nearest ancestor holding another link (its *card*) holds no
  other sentence-shaped unit and has a headline link above it (a forum post under its
  author's name is none);
- text *set aside* by the page's markup: a footer, navigation, aside, caption or dialog,
  by tag, role or name (`in_aside`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from itertools import takewhile

from lxml.etree import _Element

from cleaners.scripts import CJK
from cleaners.settings import HTML_LINK_DENSITY, HTML_MAX_TEASER_WORDS, HTML_MIN_PROSE_WORDS

_WORD = re.compile(r"\w+")
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "dfn", "em", "font", "i",
     "img", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
     "u", "var", "wbr", "strike", "tt", "big", "label", "del", "ins"}
)  # fmt: skip
_ASIDE_TAGS = frozenset({"footer", "nav", "aside", "figure", "figcaption", "dialog"})
_ASIDE_ROLES = frozenset({"dialog", "alertdialog", "navigation", "contentinfo", "complementary"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
HEADLINE_WORDS = 3  # a link of fewer words outside a heading is a name, not a headline
_TITLE_NAMES = frozenset({"title", "headline", "heading"})  # name parts of a title's box
_FOOTER_NAMES = frozenset({"footer", "copyright"})
_FOOTER_ENDS = ("-footer", "_footer", "-copyright", "_copyright")
_NAME_PARTS = re.compile(r"[-_]+")
# A part of a class or id naming a caption, a cookie or consent notice or a newsletter box ...
_ASIDE_NAME_PARTS = frozenset({"caption", "cookie", "cookies", "consent", "gdpr", "newsletter"})
_ASIDE_NAME_MAX_PARTS = 3  # ... in a name of at most this many parts (not a feature flag)
_PAGE_TAGS = frozenset({"html", "body"})  # their names tell the page's state, not an aside
HIDDEN_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "textarea"})
# Sentence-final marks of any script (Latin, CJK full-width, Devanagari, Arabic, Urdu), and
# the closing quotes and brackets that may follow them (CJK corner brackets and full-width
# parentheses too: 「ワン！」 ends a sentence).
SENTENCE_MARKS = ".!?…。！？।؟۔"
CLOSERS = "\"'”’»)\\]」』）】〕〉》"
_SENTENCE_END = re.compile(rf"[{SENTENCE_MARKS}](?:[{CLOSERS}]*\s|[{CLOSERS}]*$)|[。！？]")
_CHARS_PER_WORD = 2  # ... one word per this many characters
CUT_OFF = re.compile(r"(?:\.\.\.|…|\[(?:\.\.\.|…)\])$")  # an excerpt's end: "… The..."
PIECE_WORDS = 6  # a unit's text is looked for in the output in pieces of this many words
STREAM_CARDS = 3  # this many cards of one kind on a page make a stream


def text_words(text: str) -> int:
    """Words of a text; in scripts written without spaces (CJK), one per two characters."""
    spaceless = len(CJK.findall(text))
    if not spaceless:
        return len(_WORD.findall(text))
    return len(_WORD.findall(CJK.sub(" ", text))) + spaceless // _CHARS_PER_WORD


def lone_card(
    elem: _Element, is_prose: Callable[[str], bool], count_links: Callable[[_Element], int]
) -> _Element | None:
    """The unit's card (`card_of`) if no other unit in it is sentence-shaped."""
    card = card_of(elem, count_links)
    return card if card is not None and alone_in(card, elem, is_prose) else None


def kind_of(card: _Element) -> tuple[str, str] | None:
    """A card's kind: its tag and first class (sites add the post's own classes after
    it); a card without a class names no kind."""
    classes = (card.get("class") or "").split()
    return (card.tag, classes[0]) if classes else None


def ends_sentence(text: str) -> bool:
    """A sentence-final mark of any script somewhere in the text (a unit holds one or
    more sentences)."""
    return bool(_SENTENCE_END.search(text))


def page_paragraphs(page: _Element) -> list[tuple[_Element, str]]:
    """The page's `<p>` elements of running text (`is_running_text`), and their texts."""
    paragraphs = []
    for elem in page.iter("p"):
        text = " ".join(elem.text_content().split())
        if is_running_text(text):
            paragraphs.append((elem, text))
    return paragraphs


def is_running_text(text: str) -> bool:
    """A sentence end somewhere and enough words (a teaser's summary may be cut off)."""
    if len(text) < HTML_MIN_PROSE_WORDS or not ends_sentence(text):  # cheap tests first
        return False
    return text_words(text) >= HTML_MIN_PROSE_WORDS


def share_in(text: str, output: str) -> float:
    """Share of a folded text's pieces (runs of a few words) found in the folded output."""
    words = text.split()
    pieces = [" ".join(words[i : i + PIECE_WORDS]) for i in range(0, len(words), PIECE_WORDS)]
    return sum(piece in output for piece in pieces) / len(pieces)


def in_aside(elem: _Element) -> bool:
    """Text set apart from the article by the page's own markup: in a footer, navigation,
    aside, figure, caption or dialog, by tag, role or name (`_names_aside`)."""
    return any(
        a.tag in _ASIDE_TAGS
        or a.get("role") in _ASIDE_ROLES
        or (a.tag not in _PAGE_TAGS and _names_aside(a))
        for a in (elem, *elem.iterancestors())
    )


def _names_aside(elem: _Element) -> bool:
    """A class or id that names the site's footer or copyright notice (`footer`,
    `site-footer`, `copyright`: a footer written with `<div>`s), or, in a name of a few
    parts, a caption, a cookie or consent notice or a newsletter box (`caption`,
    `wp-caption-text`, `cookie-notice`, `gdpr_banner`, `newsletter-signup`). Longer names
    are switches on whole pages (`f_caption_muted_videos_on`)."""
    names = _names(elem)
    if any(name in _FOOTER_NAMES or name.endswith(_FOOTER_ENDS) for name in names):
        return True
    return _short_name_with(names, _ASIDE_NAME_PARTS, _ASIDE_NAME_MAX_PARTS)


def names_one_of(
    elem: _Element, parts: frozenset[str], max_parts: int | None = _ASIDE_NAME_MAX_PARTS
) -> bool:
    """A class or id of at most max_parts parts (split at `-` and `_`; None: any number),
    one of them in parts; `<html>` and `<body>` name none (their names tell the page's
    state)."""
    return elem.tag not in _PAGE_TAGS and _short_name_with(_names(elem), parts, max_parts)


def _short_name_with(names: list[str], parts: frozenset[str], max_parts: int | None) -> bool:
    return any(
        (max_parts is None or len(split) <= max_parts) and not parts.isdisjoint(split)
        for split in (_NAME_PARTS.split(name) for name in names)
    )


def _names(elem: _Element) -> list[str]:
    """The element's classes and id, case folded."""
    return f"{elem.get('class') or ''} {elem.get('id') or ''}".casefold().split()


def units(tree: _Element) -> Iterator[tuple[_Element, str]]:
    """(element, its own text) for each element with own text (`own_text`: block
    children's text left out, their tails kept)."""
    for elem in tree.iter():
        if not isinstance(elem.tag, str) or elem.tag in INLINE_TAGS or elem.tag in HIDDEN_TAGS:
            continue
        text = " ".join("".join(p for p in own_text(elem) if isinstance(p, str)).split())
        if text:
            yield elem, text


def own_text(elem: _Element) -> Iterator[str | _Element]:
    """The element's own text in page order: its text, the whole text of each inline child,
    each child's tail; a block child (neither inline nor hidden) as itself, where its own
    text breaks. Hidden children (scripts, styles) are left out, their tails kept. A
    unit (`units`) joins the runs of text between block children: what the element holds
    itself; `between.block_lines` makes a line of each run, the block child's lines between."""
    yield elem.text or ""
    for child in elem:
        if _is_inline(child):
            yield "".join(child.itertext())
        elif isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS:
            yield child
        yield child.tail or ""


def own_links(elem: _Element) -> Iterator[str]:
    """The texts of the links among the element's inline children."""
    for child in elem:
        if _is_inline(child) and child.tag == "a":
            yield "".join(child.itertext())


def _is_inline(node: _Element) -> bool:
    return isinstance(node.tag, str) and node.tag in INLINE_TAGS


def mostly_links(links: Iterable[str], text: str) -> bool:
    """At least `HTML_LINK_DENSITY` of the text's characters (white space collapsed) are
    link text (links: the texts of its links). Every stage judges a menu or a list of links by
    this one share: trafilatura's `ref` elements in its output, the page's `a` elements."""
    linked = sum(len(" ".join(link.split())) for link in links)
    return linked >= HTML_LINK_DENSITY * len(" ".join(text.split()))


def is_teaser(
    elem: _Element,
    text: str,
    words: int,
    is_prose: Callable[[str], bool],
    count_links: Callable[[_Element], int] | None = None,
    *,
    named_titles: bool = False,
) -> bool:
    """A unit of running text, short or cut off (`teaser_sized`), alone beside a headline
    link above it: a teaser summary. The nearest ancestor holding a link outside the unit is
    the card; it must hold no other sentence-shaped unit, and a headline link must come
    before the unit (`headlined`). The unit itself need not end a sentence: decks often
    lack their full stop. count_links: as for `card_of`; named_titles: as for
    `headlined`."""
    if not teaser_sized(text, words):
        return False
    card = lone_card(elem, is_prose, count_links or _count_links)
    return card is not None and headlined(card, elem, named_titles=named_titles)


def alone_in(box: _Element, elem: _Element, is_prose: Callable[[str], bool]) -> bool:
    """No unit of the box but elem is sentence-shaped: elem is a card's one summary, a
    picture's one caption."""
    return not any(unit is not elem and is_prose(text) for unit, text in units(box))


def teaser_sized(text: str, words: int) -> bool:
    """Short enough for a teaser's summary (`HTML_MAX_TEASER_WORDS`), or cut off by an
    ellipsis, as excerpts are, whatever their length."""
    return words <= HTML_MAX_TEASER_WORDS or bool(CUT_OFF.search(text))


def card_of(
    elem: _Element, count_links: Callable[[_Element], int] | None = None
) -> _Element | None:
    """The nearest ancestor holding a link outside the element (count_links: a counter
    of an element's links, to share between calls)."""
    count = count_links or _count_links
    inside = count(elem)
    return next((a for a in elem.iterancestors() if count(a) > inside), None)


def link_counter() -> Callable[[_Element], int]:
    """A counter of an element's links that remembers each element's count (for the many
    calls of `card_of` over one page)."""
    counts: dict[_Element, int] = {}

    def count_links(elem: _Element) -> int:
        if elem not in counts:
            counts[elem] = _count_links(elem)
        return counts[elem]

    return count_links


def _count_links(elem: _Element) -> int:
    return sum(1 for anchor in elem.iter("a") if anchor.get("href") is not None)


def headlined(card: _Element, elem: _Element, *, named_titles: bool = False) -> bool:
    """A link to another page that reads as a headline comes before elem in its card: it
    stands in a heading, or has at least `HEADLINE_WORDS` words (not a name: a forum
    post's author, a product; not an anchor within this page); with named_titles, also a
    link in a box of the card named as its title (`_named_title`: the no-article count
    only; a review's verdict box names its "Scores" link so, and its text is the
    article's)."""
    for node in card.iter():
        if node is elem:
            return False
        if node.tag == "a" and not (node.get("href") or "#").startswith("#"):
            in_heading = any(a.tag in HEADINGS for a in (*node.iterancestors(), *node.iter()))
            if in_heading or (named_titles and _named_title(node, card)):
                return True
            if text_words(node.text_content()) >= HEADLINE_WORDS:
                return True
    return False


def _named_title(link: _Element, card: _Element) -> bool:
    """The link, or a box of the card around it, is named as a title (`tile-title`,
    `headline`): a heading written with `<div>`s, however short its words. A forum post's
    author link is named as a name (`username`, `author`)."""
    boxes = takewhile(lambda a: a is not card, (link, *link.iterancestors()))
    return any(names_one_of(box, _TITLE_NAMES) for box in boxes)
