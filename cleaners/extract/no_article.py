"""Is there an article at all? Running text of the raw page that made it into the output.

Pages without an article (menus, lists of headlines, section fronts of teasers, tag and
search pages, login and error pages, cookie walls, shop grids) still give trafilatura
something to return. What they lack is running text (`article_shape`: units, teasers,
cards, what the markup sets aside). The count uses the shape of the raw page only, in any
language:

- a unit of running text counts if it has a sentence end or is long
  (`HTML_MIN_ARTICLE_WORDS`: a list or table of facts);
- a *stream* is `STREAM_CARDS` or more cards of one kind (tag and first class), each
  holding one unit under a headline link or cut off by an ellipsis: every card of that
  kind is left out, whatever its length (a section front's long decks, a blog front);
- the page is an article if the extracted text contains at least `HTML_MIN_ARTICLE_WORDS`
  words of running text that is not a teaser, not a stream's card, not an item of a list
  of headlines with summaries (unless inside the `<article>` holding the page's `<h1>`,
  beside running text of its own: a list article's items), not inside a link or a
  `<noscript>`, and not set aside by the page's markup (footer, navigation, aside,
  caption (not a photo essay's: a series of pictures captioned with running text),
  dialog, the page's banner, a region of readers' comments, an overlay (popover), a
  picture's caption in its box, a form of its own, a sidebar made as a list of boxes, the
  header of a section that holds no other sentence).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import cache, partial

from lxml.etree import _Element

from cleaners.chrome import is_notice
from cleaners.extract.article_shape import (
    CUT_OFF,
    HEADINGS,
    HEADLINE_WORDS,
    HIDDEN_TAGS,
    STREAM_CARDS,
    alone_in,
    ends_sentence,
    headlined,
    in_aside,
    is_teaser,
    kind_of,
    link_counter,
    lone_card,
    mostly_links,
    names_one_of,
    own_links,
    share_in,
    teaser_sized,
    text_words,
    units,
)
from cleaners.normalize import fold
from cleaners.settings import HTML_MIN_ARTICLE_WORDS, HTML_MIN_PROSE_WORDS, HTML_PAGE_FORM_LINKS

_COMMENT_REGION = frozenset({"comments", "replies"})  # name parts of a comments region
_OVERLAY = frozenset({"popover", "tooltip"})  # name parts of a box shown on demand
_PICTURE_BOX = frozenset({"image", "img", "photo", "picture"})  # name parts of a picture's box
_BOXES = 3  # a list with this many items opening with a heading is a list of boxes
_GOES_ON = ",;:.)]"  # what follows a link that is part of a sentence
_SECTIONING = frozenset({"article", "section", "main", "aside", "nav"})  # a header in one is theirs


def article_words(tree: _Element, extracted: str, is_prose: Callable[[str], bool]) -> int:
    """Words of the raw page's running text found in the extracted text, left out the
    site's notices (`chrome.is_notice`: copyright, consent, prompts, disclaimers), what is
    set aside (`in_aside`), inside a link, `<noscript>` or the page's banner, teasers,
    items of a list of headlines and a stream's cards; counting stops at
    `HTML_MIN_ARTICLE_WORDS` (a card's words are settled last, once the page's streams are
    known)."""
    output = fold(extracted)
    count_links = link_counter()
    total = 0
    carded: list[tuple[tuple[str, str], int]] = []  # (card kind, words found) to settle last
    headed = cache(partial(_headed_article, tree))  # looked up on first need only
    headed_cards = 0  # words of card-shaped units in it, if it holds text of its own
    counted: list[_Element] = []
    for elem, text, words in _running_units(tree):
        found = round(words * share_in(fold(text), output))
        if not found or is_notice(text) or _set_aside(elem, is_prose, count_links):
            continue
        teaser = is_teaser(elem, text, words, is_prose, count_links, named_titles=True)
        teaser = teaser or _headline_item(elem, text)
        card = None if teaser else lone_card(elem, is_prose, count_links)
        kind = kind_of(card) if card is not None else None
        if (teaser or kind) and _inside(elem, headed()):
            headed_cards += found
            continue
        if teaser:
            continue
        if kind:
            carded.append((kind, found))
            continue
        total += found
        counted.append(elem)
        if total >= HTML_MIN_ARTICLE_WORDS:
            return total
    if headed_cards and any(_inside(elem, headed()) for elem in counted):
        total += headed_cards
    if carded:
        streams = _stream_kinds(tree, is_prose, count_links)
        total += sum(found for kind, found in carded if kind not in streams)
    return total


def _inside(elem: _Element, ancestor: _Element | None) -> bool:
    return ancestor is not None and ancestor in elem.iterancestors()


def _headed_article(tree: _Element) -> _Element | None:
    """The outermost `<article>` holding the page's one `<h1>`: the article the page is
    about. Its units shaped like teaser cards (a list article's items, each under a link to
    the site's page on it) are its own when it holds running text besides them (an intro);
    a section front's cards stand each in an article of its own, or in a list under the
    front's heading with no text of its own."""
    headings = tree.xpath("//h1")
    if len(headings) != 1:
        return None
    return next(reversed(list(headings[0].iterancestors("article"))), None)


def _set_aside(
    elem: _Element, is_prose: Callable[[str], bool], count_links: Callable[[_Element], int]
) -> bool:
    """Text that is not the page's own, by its place: set aside by the markup (`in_aside`),
    inside a link, unshown, in the page's banner, among readers' comments, in a form, in a
    list of boxes or in the header of a section with nothing else to say."""
    return (
        (in_aside(elem) and not _photo_essay_caption(elem))
        or _in_link(elem)
        or _unshown(elem)
        or _in_banner(elem)
        or _in_comments(elem)
        or _in_overlay(elem)
        or (_captions_picture(elem, is_prose) and not _photo_essay_caption(elem))
        or _in_form(elem, count_links)
        or _in_box_list(elem)
        or _in_lone_header(elem, is_prose)
    )


def _in_comments(elem: _Element) -> bool:
    """In a region the page names as its comments or replies (`#comments`,
    `comments-area`, `replies`): readers' posts under a story. One post's name
    (`comment`, `reply`) names no region, and a forum thread's posts are named as posts."""
    return _nearest(elem, lambda a: names_one_of(a, _COMMENT_REGION)) is not None


def _in_overlay(elem: _Element) -> bool:
    """In a box the page shows on demand over its content, named so (`popover`, `tooltip`)
    in a name of any length (`cc_more_info_popover_inner`): a cookie notice's details, a
    profile card. Unlike `cookie` or `caption`, these words name no state of a page."""
    return _nearest(elem, lambda a: names_one_of(a, _OVERLAY, max_parts=None)) is not None


def _captions_picture(elem: _Element, is_prose: Callable[[str], bool]) -> bool:
    """The caption of a picture in a box named as the picture's (`div.image`, `photo-box`):
    the nearest box so named holds a picture (`<img>`, `<picture>`) and no running text but
    this unit. An article's text in a box so named holds other sentences beside it."""
    box = _nearest(elem, lambda a: names_one_of(a, _PICTURE_BOX))
    if box is None or next(box.iter("img", "picture"), None) is None:
        return False
    return alone_in(box, elem, is_prose)


def _photo_essay_caption(elem: _Element) -> bool:
    """In the caption of one of a series of pictures that tell a story: its `<figure>` (or
    the figure's own box) stands beside `STREAM_CARDS` or more such boxes, each holding a
    figure captioned with running text. A photo essay's text is its captions; a story's
    one or two pictures, or a gallery of labels, make no such series."""
    figure = next((a for a in (elem, *elem.iterancestors()) if a.tag == "figure"), None)
    box = figure
    for _ in range(2):  # the figures side by side, or the boxes around them
        parent = None if box is None else box.getparent()
        if parent is None:
            return False
        if sum(_captioned(child) for child in parent) >= STREAM_CARDS:
            return True
        box = parent
    return False


def _captioned(box: _Element) -> bool:
    """The box holds a figure whose caption holds running text (`_running_units`)."""
    return any(next(_running_units(caption), None) for caption in box.iter("figcaption"))


def _nearest(elem: _Element, named: Callable[[_Element], bool]) -> _Element | None:
    """The element or its nearest ancestor that is so named."""
    return next((a for a in (elem, *elem.iterancestors()) if named(a)), None)


def _in_form(elem: _Element, count_links: Callable[[_Element], int]) -> bool:
    """In a form of its own (a sign-up or comment form: its pitch, labels, consent lines),
    not one that wraps the page (ASP.NET pages put the whole page in one `<form>`): the
    form holds less than `HTML_PAGE_FORM_LINKS` of the page's links."""
    form = next(elem.iterancestors("form"), None)
    if form is None:
        return False
    page = form.getroottree().getroot()
    return count_links(form) < HTML_PAGE_FORM_LINKS * count_links(page)


def _in_box_list(elem: _Element) -> bool:
    """In an item of a list of boxes that is mostly links: a sidebar made as a list, its
    items boxes under their headings (recent posts, categories, a blogroll), among them a
    text box (`_BOXES` or more items opening with a heading; at least `HTML_LINK_DENSITY`
    of the list's text is link text, which a listicle of headed paragraphs is not)."""
    item = next(elem.iterancestors("li"), None)
    boxes = None if item is None else item.getparent()
    if boxes is None or sum(len(i) > 0 and i[0].tag in HEADINGS for i in boxes) < _BOXES:
        return False
    return mostly_links((a.text_content() for a in boxes.iter("a")), boxes.text_content())


def _in_lone_header(elem: _Element, is_prose: Callable[[str], bool]) -> bool:
    """In the `<header>` of a section (or article) that holds no other sentence-shaped
    unit: the lead-in of a chart or another graphic, or what is left of a story without
    its text. An article's header with its standfirst has the article's text beside it."""
    header = next(elem.iterancestors("header"), None)
    if header is None:
        return False
    section = next(header.iterancestors("section", "article"), None)
    if section is None:
        return False
    inside = set(header.iter())
    return not any(unit not in inside and is_prose(text) for unit, text in units(section))


def _in_link(elem: _Element) -> bool:
    """Text inside a link (a card made one link, headline and summary): link text."""
    return any(a.tag == "a" and a.get("href") is not None for a in elem.iterancestors())


def _unshown(elem: _Element) -> bool:
    """Inside an element whose content the browser does not show (`<noscript>`, shown
    only where scripts do not run: a consent wall's fallback, a tracking pixel)."""
    return any(a.tag in HIDDEN_TAGS for a in elem.iterancestors())


def _in_banner(elem: _Element) -> bool:
    """In the page's banner: a `<header>` outside every article, section, main part,
    aside and navigation (the page's own header, not an article's), or role `banner`."""
    for a in elem.iterancestors():
        if a.get("role") == "banner":
            return True
        if a.tag == "header":
            return not any(b.tag in _SECTIONING for b in a.iterancestors())
    return False


def _headline_item(elem: _Element, text: str) -> bool:
    """An item of a list of headlines with their summaries: the unit opens with a headline
    link (`_opening_headline`), the rest is a summary (`teaser_sized`) that starts a
    sentence of its own (not in lower case, not punctuation: "<a>Mayor Smith</a>, who..."
    goes on a sentence), and `STREAM_CARDS` or more of the element and its siblings of its
    tag open the same way."""
    link = _opening_headline(elem)
    if link is None:
        return False
    rest = text[len(" ".join(link.text_content().split())) :].lstrip()
    if (
        not rest
        or rest[0].islower()
        or rest[0] in _GOES_ON
        or not teaser_sized(rest, text_words(rest))
    ):
        return False
    parent = elem.getparent()
    siblings = [elem] if parent is None else [s for s in parent if s.tag == elem.tag]
    return sum(_opening_headline(s) is not None for s in siblings) >= STREAM_CARDS


def _opening_headline(elem: _Element) -> _Element | None:
    """The link to another page of `HEADLINE_WORDS` or more words that the element's text
    opens with (after pictures and line breaks)."""
    if (elem.text or "").strip():
        return None
    for child in elem:
        if child.tag in ("img", "br") and not (child.tail or "").strip():
            continue
        if child.tag != "a" or (child.get("href") or "#").startswith("#"):
            return None
        return child if text_words(child.text_content()) >= HEADLINE_WORDS else None
    return None


def _stream_kinds(
    tree: _Element, is_prose: Callable[[str], bool], count_links: Callable[[_Element], int]
) -> set[tuple[str, str]]:
    """Kinds (`kind_of`) of which the page has `STREAM_CARDS` cards or more, each with one
    unit of running text, of any length, under a headline link (`headlined`) or cut off by
    an ellipsis (an excerpt): a stream of other posts (a section front's long decks, a
    blog front's excerpts). Every card of such a kind is the stream's. A forum thread's
    posts under their authors' names make none."""
    kinds: Counter[tuple[str, str] | None] = Counter()
    for elem, text, _ in _running_units(tree):
        card = lone_card(elem, is_prose, count_links)
        if card is not None and (CUT_OFF.search(text) or headlined(card, elem, named_titles=True)):
            kinds[kind_of(card)] += 1
    return {kind for kind, n in kinds.items() if kind and n >= STREAM_CARDS}


def _running_units(tree: _Element) -> Iterator[tuple[_Element, str, int]]:
    """(element, text, words) of the page's units of running text: enough words, less
    than half of them link text, a sentence end (or long: a list of facts)."""
    for elem, text in units(tree):
        words = text_words(text)
        if words < HTML_MIN_PROSE_WORDS or mostly_links(own_links(elem), text):
            continue
        if words < HTML_MIN_ARTICLE_WORDS and not ends_sentence(text):
            continue  # short lines without a sentence: captions, items, labels
        yield elem, text, words


def no_article_reason(words: int) -> str | None:
    """The rejection detail when the extracted text is too little running text."""
    if words >= HTML_MIN_ARTICLE_WORDS:
        return None
    return f"{words} words of running text (< {HTML_MIN_ARTICLE_WORDS}): a list, menu or form"
