"""Chrome in trafilatura's output tree: blocks that are not the article, pruned by shape.

trafilatura returns the article as a tree of blocks (`p`, `head`, `list`, `quote`, ...).
It keeps too much around the body: the headline repeated at the top, datelines, teaser
and link lists, newsletter boxes and "related" headings at the end, chrome phrases in
between. The rules here use the shape of a block (prose or not, its share of link text,
its position, the page's own headline, a chrome phrase from `cleaners.chrome`), never
particular sites or sentences. Each rule has a name so the benchmark can switch it off.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit

from lxml.etree import _Element

from cleaners.chrome import END_MARKERS, is_chrome_line
from cleaners.extract.article_shape import CLOSERS, SENTENCE_MARKS, mostly_links, text_words
from cleaners.normalize import fold
from cleaners.settings import (
    HTML_MAX_DATELINE_WORDS,
    HTML_MIN_HEADLINE_CHARS,
    HTML_MIN_PROSE_CHARS,
    HTML_MIN_PROSE_WORDS,
)
from cleaners.verdict import Verdict

RULES = frozenset(
    {
        "lead",
        "dateline",
        "heads",
        "chrome",
        "links",
        "cards",
        "end",
        "tail",
        "divs",
        "cells",
    }
)
_WORD = re.compile(r"\w+")
# A sentence ends with one of these, possibly followed by closing quotes or brackets.
# ... a closing bracketed annotation ('stop. [MPH]', '1998.[3]') does not hide it.
_SENTENCE_END = re.compile(rf"[{SENTENCE_MARKS}:;][{CLOSERS}]*(?:\s*\[[^\[\]]{{1,12}}\])?\s*$")
# A clock time, a numeric date, or a day number next to a year (with a month between).
_DATE_OR_TIME = re.compile(
    r"\b\d{1,2}:\d\d\b|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
    r"|\b\d{1,2}\.?\s+\S+\s+(?:19|20)\d\d\b|\b\d{1,2},?\s+(?:19|20)\d\d\b"
)
# A block that is only a URL, an e-mail address, a handle or a machine timestamp.
_MACHINE = re.compile(
    r"^(?:https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+|\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-][\d:]+)?)$"
)
_URL = re.compile(r"https?://|www\.")
_IN_PAGE = re.compile(r"$|#|javascript:", re.IGNORECASE)  # a link target on this page
_BLOCK_TAGS = frozenset({"p", "head", "list", "quote", "table", "div", "code", "graphic"})
# Blocks a link list or a "related" line is set as. Not headings (a linked heading is a
# section anchor or names what follows), table parts (data and layout), bare links (a
# link trafilatura left outside a paragraph is a piece of running text).
_LINK_LIST_TAGS = frozenset({"p", "list", "quote"})
# A teaser headline tagged with a bracketed all-caps kind: "Some headline here [VIDEO]".
_TAGGED_TEASER = re.compile(r"\[[A-Z]{3,}\]\W*$")
_DATA_ROW_CELLS = 3  # a row with this many filled cells holds data, not page layout
_END_CHARS = 20  # sentence ends and teaser tags are looked for in the last characters only


# Why a rule drops a block, as `dechrome explain` shows it.
RULE_REASONS = {
    "links": "links: mostly link text and not a sentence",
    "cards": "cards: a list of teaser cards, each with its own heading",
    "lead": "lead: headline, heading or dateline above the first paragraph",
    "chrome": "chrome: a chrome phrase, widget, URL or timestamp, not a sentence",
    "end": "end: at or after an end-of-article heading",
    "tail": "tail: heading or link block below the last paragraph",
}


def prune_blocks(
    body: _Element, *, headlines: list[str], url: str | None = None, rules: frozenset[str] = RULES
) -> None:
    """Remove chrome blocks from trafilatura's body element, in place.

    headlines: the page's title first, then other headline-like strings (description).
    url: the page's own address (links to other sites are not navigation).
    """
    blocks, _, dropped = judge_blocks(body, headlines=headlines, url=url, rules=rules)
    for i in dropped:
        _remove(blocks[i])


def block_verdicts(
    body: _Element, *, headlines: list[str], url: str | None = None, rules: frozenset[str] = RULES
) -> list[Verdict]:
    """Each block of trafilatura's body, kept or dropped by the chrome rules, and why
    (body is not modified)."""
    _, texts, dropped = judge_blocks(body, headlines=headlines, url=url, rules=rules)
    return [
        Verdict(text, False, RULE_REASONS[dropped[i]])
        if i in dropped
        else Verdict(text, True, "kept: no chrome rule applies")
        for i, text in enumerate(texts)
    ]


def judge_blocks(
    body: _Element, *, headlines: list[str], url: str | None = None, rules: frozenset[str] = RULES
) -> tuple[list[_Element], list[str], dict[int, str]]:
    """The blocks of trafilatura's body, their texts, and the rule dropping each block that
    goes (none if every block would go: the article is never pruned away)."""
    blocks = list(_blocks(body, cells="cells" in rules)) if "divs" in rules else list(body)
    texts = [_text(b) for b in blocks]
    linky = [is_link_block(b, t) for b, t in zip(blocks, texts, strict=True)]
    prose = [is_prose(t) for t in texts]
    site = site_of(url)
    dropped: dict[int, str] = {}

    def drop(rule: str, indices: Iterable[int]) -> None:
        for i in indices:
            dropped.setdefault(i, rule)

    if "links" in rules:
        drop(
            "links",
            (
                i
                for i in range(len(texts))
                if linky[i]
                and not prose[i]
                and not _in_data_row(blocks[i])
                and not _cites_other_sites(blocks[i], site)
                and not _stays_on_page(blocks[i])
            ),
        )
    if "cards" in rules:
        drop("cards", (i for i, b in enumerate(blocks) if _is_card_list(b)))
    if "lead" in rules:
        drop(
            "lead",
            _lead(
                blocks,
                texts,
                prose,
                headlines,
                datelines="dateline" in rules,
                heads="heads" in rules,
            ),
        )
    if "chrome" in rules:
        drop(
            "chrome",
            (
                i
                for i, t in enumerate(texts)
                if t and not prose[i] and not _in_data_row(blocks[i]) and is_chrome_block(t, site)
            ),
        )
    if "end" in rules:
        drop("end", _after_end_marker(blocks, texts))
    if "tail" in rules:
        away = [linky[i] and not _leads_to_anchors(b) for i, b in enumerate(blocks)]
        drop("tail", _tail(blocks, texts, away, set(dropped)))
    if len(dropped) >= len(blocks):
        dropped = {}
    return blocks, texts, dropped


def is_prose(text: str) -> bool:
    """A sentence-shaped block: enough words (CJK counted by characters, `text_words`) and
    a sentence-final punctuation mark."""
    return _ends_sentence(text) and (
        len(text) >= HTML_MIN_PROSE_CHARS or text_words(text) >= HTML_MIN_PROSE_WORDS
    )


def is_chrome_block(text: str, site: str = "") -> bool:
    """A block that is site chrome wherever it stands. A separator ('___', '* * *') is the
    article's own layout; a bare address of another site than the page's (`site`) is a
    source the article cites."""
    if not any(char.isalnum() and char != "_" for char in text):
        return False
    if _MACHINE.match(text):
        address = text if "://" in text else f"http://{text}"
        return not (_URL.match(text) and site and site_of(address) not in ("", site))
    if is_chrome_line(text):
        return True
    tagged = _TAGGED_TEASER.search(text[-_END_CHARS:]) and len(_WORD.findall(text)) > 3
    return bool(tagged) and not _ends_sentence(text)


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text[-_END_CHARS:]))


def is_link_block(elem: _Element, text: str) -> bool:
    """A paragraph, list or quote mostly made of link text; a list only if each of its
    items is (not a list of statements that cite a link each)."""
    if elem.tag not in _LINK_LIST_TAGS or not _mostly_refs(elem, text):
        return False
    items = [item for item in elem if item.tag == "item"] if elem.tag == "list" else []
    return all(_mostly_refs(item, _text(item)) for item in items)


def _mostly_refs(elem: _Element, text: str) -> bool:
    """`mostly_links` over the block's text and the texts of its links (`ref` elements)."""
    return mostly_links((_text(ref) for ref in elem.iter("ref")), text)


def site_of(url: str | None) -> str:
    """The site of an address: its host without `www.`, cut to the last two labels (three
    under a country's short second-level label: `bbc.co.uk`, `uol.com.br`; but
    `edition.cnn.com` is `cnn.com`); empty for a relative address."""
    labels = (urlsplit(url or "").hostname or "").removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and len(labels[-2]) <= 3 else 2
    return ".".join(labels[-keep:])


def _cites_other_sites(elem: _Element, site: str) -> bool:
    """Every link of the block leads to another site than the page's own: sources,
    products, references the article cites, not the site's navigation or teasers."""
    targets = [site_of(target) for target in _targets(elem)]
    return bool(site and targets) and all(t and t != site for t in targets)


def _stays_on_page(elem: _Element) -> bool:
    """No link of the block leads to another page: anchors within this one (a table of
    contents, a footnote), scripts, empty targets. Not a list of other pages."""
    targets = _targets(elem)
    return bool(targets) and all(_IN_PAGE.match(t) or _is_anchor(t) for t in targets)


def _leads_to_anchors(elem: _Element) -> bool:
    """Every link of the block leads to a named place on this page ("Continue reading the
    main story", "Back to the notes"): it points into the article, not to other pages."""
    targets = _targets(elem)
    return bool(targets) and all(_is_anchor(t) for t in targets)


def _targets(elem: _Element) -> list[str]:
    """The targets of the block's links, as trafilatura writes them ('' for none)."""
    return [(ref.get("target") or "").strip() for ref in elem.iter("ref")]


def _is_anchor(target: str) -> bool:
    """An anchor on this page as trafilatura writes it: joined to the site's address
    (`#costs` on a page of example.com becomes `https://example.com#costs`)."""
    parts = urlsplit(target)
    return bool(parts.fragment) and parts.path in ("", "/") and not parts.query


def _lead(
    blocks: list[_Element],
    texts: list[str],
    prose: list[bool],
    headlines: list[str],
    *,
    datelines: bool,
    heads: bool,
) -> set[int]:
    """Blocks above the first prose block that repeat the headline, are headings (headline,
    kicker, standfirst) or datelines. Another headline string (the description) only counts
    as a heading: a standfirst in a paragraph is often the article's first paragraph."""
    title, *others = [_fold(h) for h in headlines] or [""]
    drop = set()
    for i, text in enumerate(texts):
        key = _fold(text)
        if not key:
            continue
        if (
            _same_headline(key, title)
            or (key in others and blocks[i].tag == "head")
            or (datelines and _is_dateline(text) and not _in_data_row(blocks[i]))
            or (heads and blocks[i].tag == "head" and not prose[i])
        ):
            drop.add(i)
        elif prose[i]:
            break
    return drop


def _same_headline(block: str, title: str) -> bool:
    """The block is the headline, or the headline is the block plus a site name."""
    if not title:
        return False
    return block == title or (len(block) >= HTML_MIN_HEADLINE_CHARS and title.startswith(block))


def _is_dateline(text: str) -> bool:
    """A short line carrying a date or time, not a sentence: dateline, 'updated' stamp."""
    short = len(_WORD.findall(text)) <= HTML_MAX_DATELINE_WORDS
    return short and not _ends_sentence(text) and bool(_DATE_OR_TIME.search(text))


def _after_end_marker(blocks: list[_Element], texts: list[str]) -> set[int]:
    """Everything from an end-of-article heading on, if the article is mostly above it.
    A cell of a data table is never one: "Comments" there heads a column."""
    total = sum(len(t) for t in texts)
    seen = 0
    for i, text in enumerate(texts):
        if END_MARKERS.match(text) and seen > total / 2 and not _in_data_row(blocks[i]):
            return set(range(i, len(texts)))
        seen += len(text)
    return set()


def _tail(
    blocks: list[_Element], texts: list[str], linky: list[bool], dropped: set[int]
) -> set[int]:
    """Headings and link blocks (not anchors on the page) below the last block of text."""
    drop = set()
    for i in range(len(blocks) - 1, -1, -1):
        if i in dropped or not texts[i]:
            continue
        if not (blocks[i].tag == "head" or linky[i]):
            break
        drop.add(i)
    return drop


def _blocks(elem: _Element, *, cells: bool) -> Iterator[_Element]:
    """The block elements of a body, looking inside the divisions (and layout tables:
    cells holding paragraphs) that wrap them."""
    for child in elem:
        if (child.tag == "div" and _only_blocks(child)) or (cells and _is_layout(child)):
            yield from _blocks(child, cells=cells)
        else:
            yield child


def _only_blocks(elem: _Element) -> bool:
    """The element wraps blocks only: no text of its own, no inline children."""
    if len(elem) == 0 or (elem.text or "").strip():
        return False
    return all(c.tag in _BLOCK_TAGS and not (c.tail or "").strip() for c in elem)


def _in_data_row(elem: _Element) -> bool:
    """The block is (in) a cell of a table row with three or more filled cells."""
    row = next((a for a in elem.iterancestors() if a.tag == "row"), None)
    cells = [] if row is None else [c for c in row if c.tag == "cell" and _text(c)]
    return elem.tag == "cell" or len(cells) >= _DATA_ROW_CELLS


def _is_layout(elem: _Element) -> bool:
    """A table, row or cell used for layout: it holds paragraphs or headings."""
    return elem.tag in {"table", "row", "cell"} and elem.find(".//p") is not None


def _is_card_list(elem: _Element) -> bool:
    """A list whose every item has a heading: teaser cards, not an enumeration."""
    items = [c for c in elem if c.tag == "item"] if elem.tag == "list" else []
    return bool(items) and all(item.find(".//head") is not None for item in items)


def _remove(elem: _Element) -> None:
    parent = elem.getparent()
    if parent is not None:
        parent.remove(elem)


def _text(elem: _Element) -> str:
    """A block's text, white space collapsed; a line break (`lb`) is a space."""
    return " ".join("".join(_shown_text(elem)).split())


def _shown_text(elem: _Element) -> Iterator[str]:
    if elem.tag == "lb":
        yield " "
    yield elem.text or ""
    for child in elem:
        yield from _shown_text(child)
        yield child.tail or ""


def _fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded away, for comparing headlines."""
    return fold(unicodedata.normalize("NFKD", text.casefold()))
