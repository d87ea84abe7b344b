"""Extract stage for HTML pages: main text and metadata with trafilatura, chrome pruned."""

from __future__ import annotations

import re

import trafilatura
from lxml.etree import _Element, strip_tags
from lxml.html import HtmlElement
from trafilatura.metadata import Document
from trafilatura.xml import xmltotxt

from cleaners.document import Extraction
from cleaners.errors import CleanError
from cleaners.extract.article_shape import page_paragraphs
from cleaners.extract.between import KINDS, put_back_between
from cleaners.extract.continuation import CONTINUED, continue_article
from cleaners.extract.html_chrome import RULES, block_verdicts, is_prose, prune_blocks, site_of
from cleaners.extract.loose import loose_text_as_paragraphs, wrap_loose_text
from cleaners.extract.metadata import page_metadata, record_fields, site_address
from cleaners.extract.no_article import article_words, no_article_reason
from cleaners.extract.parse import parse_html
from cleaners.extract.rejoin import REJOIN, rejoin_links
from cleaners.extract.standfirst import STANDFIRST, put_back_standfirst
from cleaners.extract.stream import STREAM, stream_paragraphs
from cleaners.extract.teasers import TEASERS, spaced, teaser_summaries, without
from cleaners.settings import HTML_MAX_CHARS
from cleaners.verdict import Verdict

_SOURCE_BREAK = re.compile(r"[ \t\r\f]*\n\s*")

# chrome rules, page stages
ALL_RULES = RULES | {REJOIN, CONTINUED, STANDFIRST, TEASERS, STREAM, *KINDS}
TEASER_REASON = "teasers: the summary of a teaser card on the page (a headline link above it)"
STREAM_REASON = "stream: the paragraph of one of a stream's cards (other posts of the site)"
# ARIA roles of a page's controls (a video player's menus and sliders, a toolbar): no text.
_WIDGET_ROLES = frozenset(
    {
        "menu", "menubar", "menuitem", "menuitemcheckbox", "menuitemradio", "toolbar",
        "slider", "progressbar", "scrollbar", "spinbutton", "switch", "radiogroup",
        "listbox", "tablist", "tooltip", "timer",
    }
)  # fmt: skip
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})  # shown when open (no `aria-hidden`)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Article paragraphs and metadata of an HTML page; CleanError if there is none."""
    meta, body, tree = parse_page(html, url=url)
    text = article_text(body, headlines=_headlines(meta), url=meta.url, page=tree)
    if not text.strip():
        raise CleanError("no_article", "the extractor found no main text")
    if reason := no_article_reason(article_words(tree, text, is_prose)):
        raise CleanError("no_article", reason)
    return Extraction(paragraphs=text.split("\n"), **record_fields(meta, url))


def rule_verdicts(html: str, *, url: str | None = None) -> list[Verdict]:
    """Each block of trafilatura's article tree, kept or dropped and why; every block
    dropped (reason `no_article: ...`) when the page holds too little running text. Blocks
    trafilatura itself left out are not listed. CleanError as for extract_html."""
    meta, body, tree = parse_page(html, url=url)
    headlines, url = _headlines(meta), meta.url or site_address(tree)
    rejoin_links(body, tree)  # before the blocks are judged: they are listed as extracted
    verdicts = block_verdicts(body, headlines=headlines, url=url)
    rules = ALL_RULES - {REJOIN}  # done above
    text, left_out = _article_and_left_out(body, headlines, url, rules, tree)
    if reason := no_article_reason(article_words(tree, text, is_prose)):
        return [Verdict(v.text, False, f"no_article: {reason}") for v in verdicts]
    return [
        Verdict(v.text, False, left_out[spaced(v.text)])
        if v.kept and spaced(v.text) in left_out
        else v
        for v in verdicts
    ]


def _headlines(meta: Document) -> list[str]:
    return [meta.title or "", meta.description or ""]


def parse_page(html: str, *, url: str | None) -> tuple[Document, _Element, _Element]:
    """The page's metadata, trafilatura's article tree (links kept) and the parsed page
    (unchanged); one parse."""
    if len(html) > HTML_MAX_CHARS:
        raise CleanError("too_large", f"{len(html)} characters of HTML > {HTML_MAX_CHARS}")
    try:
        tree = parse_html(html)
        if tree is None:
            raise CleanError("no_article", "not an HTML document")
        meta = page_metadata(tree, url)
        drop_hidden(tree)
        wrap_loose_text(tree)
        doc = trafilatura.bare_extraction(
            tree,  # parsed once: bare_extraction works on a copy
            url=meta.url,
            include_comments=False,
            include_tables=True,
            include_links=True,  # link density tells link lists from text; links dropped later
        )
    except CleanError:
        raise
    except Exception as exc:  # trafilatura raises many types on malformed pages
        raise CleanError("extraction_failed", f"{type(exc).__name__}: {exc}") from exc
    if doc is None or doc.body is None:
        raise CleanError("no_article", "the extractor found no main text")
    loose_text_as_paragraphs(doc.body)
    return meta, doc.body, tree


def drop_hidden(tree: HtmlElement) -> None:
    """Remove the elements a browser does not show (`hidden`, `display: none`,
    `visibility: hidden`), and the page's controls, which hold labels, not text: ARIA
    widgets (menus, toolbars, sliders...) and closed dialogs (`aria-hidden="true"`). What
    the reader never sees as text is not the article (their tails stay)."""
    for elem in tree.xpath("//*[@hidden or @style or @role]"):  # proxies are dear: not all
        if elem.getparent() is not None and _not_shown_as_text(elem):
            elem.drop_tree()


def _not_shown_as_text(elem: HtmlElement) -> bool:
    if elem.get("hidden") is not None or _HIDDEN_STYLE.search(elem.get("style") or ""):
        return True
    role = (elem.get("role") or "").strip().lower()
    closed = role in _DIALOG_ROLES and elem.get("aria-hidden") == "true"
    return closed or role in _WIDGET_ROLES


def article_text(
    body: _Element,
    *,
    headlines: list[str],
    url: str | None = None,
    rules: frozenset[str] = ALL_RULES,
    page: _Element | None = None,
) -> str:
    """Plain text of the article tree once chrome blocks are pruned (modifies body); url:
    the page's own address (else one of its site, `site_address`, when page is given);
    page: the parsed page, to put back the article's paragraphs from containers like its
    own (`continuation`, rule `continued`) and its lead from a box of its own before them
    (`standfirst`, rule `standfirst`) and the quotations and lists between its
    paragraphs (`between`, rules `quotes` and `lists`), and to find teaser summaries
    (`teasers`, rule `teasers`) and the paragraphs of a stream of other posts (`stream`,
    rule `stream`)."""
    return _article_and_left_out(body, headlines, url, rules, page)[0]


def _article_and_left_out(
    body: _Element,
    headlines: list[str],
    url: str | None,
    rules: frozenset[str],
    page: _Element | None,
) -> tuple[str, dict[str, str]]:
    """`article_text`, and the paragraphs (`spaced`) the page-level stages left out, with
    the reason."""
    url = url or (site_address(page) if page is not None else None)
    if REJOIN in rules and page is not None:
        rejoin_links(body, page)
    prune_blocks(body, headlines=headlines, url=url, rules=rules)
    text = body_text(body)
    if page is None or not rules & {CONTINUED, STANDFIRST, TEASERS, STREAM, *KINDS}:
        return text, {}
    units = page_paragraphs(page)
    if CONTINUED in rules:
        text = continue_article(units, text, page)
    if STANDFIRST in rules:
        description = headlines[1] if len(headlines) > 1 else ""
        text = put_back_standfirst(units, text, description)
    if kinds := rules & KINDS.keys():
        text = put_back_between(page, text, kinds)
    teasers = teaser_summaries(units, text) if TEASERS in rules else set()
    text = without(text, teasers)
    stream = stream_paragraphs(units, text, site_of(url)) if STREAM in rules else set()
    left_out = dict.fromkeys(teasers, TEASER_REASON) | dict.fromkeys(stream, STREAM_REASON)
    return without(text, stream), left_out


def body_text(body: _Element) -> str:
    """Plain text of an article tree, links dropped (modifies body). In one pass over the
    tree, each text and tail:
    - a line break in the page's source becomes a space, as a browser shows it: trafilatura
      keeps the breaks of a `<div>`'s text, which would cut its paragraph at every source
      line; preformatted text (`<pre>`, which trafilatura makes a quote or code) keeps them;
    - '&' is escaped: xmltotxt unescapes its output, as if it were markup, so the text's own
      '&amp;' or '&not' (in '?a=1&notify=1') would be decoded a second time."""
    strip_tags(body, "ref")
    preformatted = {elem for block in body.iter("quote", "code") for elem in block.iter()}
    for elem in body.iter():
        keeps_lines = elem in preformatted
        if elem.text:
            elem.text = _as_plain(elem.text, keeps_lines)
        if elem.tail:
            elem.tail = _as_plain(elem.tail, keeps_lines or elem.getparent() in preformatted)
    return xmltotxt(body, False)


def _as_plain(text: str, keeps_lines: bool) -> str:
    """A text or tail as `body_text` hands it to xmltotxt."""
    if not keeps_lines and "\n" in text:
        text = _SOURCE_BREAK.sub(" ", text)
    return text.replace("&", "&amp;") if "&" in text else text
