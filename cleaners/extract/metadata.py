"""Metadata of an HTML page: title, authors, date, canonical url, site name.

trafilatura's own metadata stages run in its order (meta tags and OpenGraph, then JSON-LD,
then the page's title and visible byline, canonical link, htmldate for the date), but only
those the record needs: categories, tags, license and hostname are skipped. htmldate's
extensive search of the whole text, the costliest part, only runs when the markup gives no
date.
"""

from __future__ import annotations

import logging
import re

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    METANAME_AUTHOR,
    OG_AUTHOR,
    PROPERTY_AUTHOR,
    Document,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import set_date_params

from cleaners.byline import MAX_BYLINE_WORDS, split_names
from cleaners.extract.html_chrome import site_of
from cleaners.normalize import fold, normalize_line

LOGGER = logging.getLogger(__name__)
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """trafilatura's metadata fields the record uses, from a parsed page (not modified)."""
    meta = examine_meta(tree)
    if meta.author and (" " not in meta.author or _author_tag_holds_prose(tree)):
        meta.author = None  # a single word is a handle or a site, not a person
    try:
        meta = extract_meta_json(tree, meta)
    except Exception as exc:  # trafilatura's JSON-LD parser fails on broken JSON
        LOGGER.debug("JSON-LD metadata skipped: %s", exc)
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.date = _date(tree, meta.url)
    meta.sitename = meta.sitename or extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
    elif meta.url and (match := META_URL.match(meta.url)):
        meta.sitename = match[1]
    return meta


_AUTHOR_TAGS = METANAME_AUTHOR | PROPERTY_AUTHOR | OG_AUTHOR


def _author_tag_holds_prose(tree: HtmlElement) -> bool:
    """A meta tag of the head that names the author holds a paragraph (a CMS filling it
    from the text): more than MAX_BYLINE_WORDS words, most of them lower case. trafilatura
    cuts it at 'and', commas and prepositions into title-cased pieces ('Members Argued')."""
    for elem in tree.iterfind(".//head/meta[@content]"):
        keys = {(elem.get(key) or "").lower() for key in ("name", "property", "itemprop")}
        words = (elem.get("content") or "").split()
        lower = sum(word[0].islower() for word in words)
        if keys & _AUTHOR_TAGS and len(words) > MAX_BYLINE_WORDS and 2 * lower > len(words):
            return True
    return False


def _date(tree: HtmlElement, url: str | None) -> str | None:
    """htmldate's publication date: markup and URL first, the costly search of the whole
    text (trafilatura's default) only for pages where those give nothing."""
    for extensive in (False, True):
        if found := find_date(tree, **set_date_params(extensive), url=url):
            return found
    return None


def authors(raw: str | None, *, site_name: str | None = None) -> list[str]:
    """Person names from trafilatura's author string: non-names, the site's own name and
    duplicates dropped, names written in capitals title-cased."""
    site = fold(site_name or "").replace(" ", "")
    names: list[str] = []
    for name in split_names(normalize_line(raw or "")):  # trafilatura joins them with "; "
        folded = fold(name).replace(" ", "")
        if site and (folded in site or site in folded):
            continue
        if name not in names:
            names.append(name)
    return names


def published(raw: str | None) -> str | None:
    """The publication date if it is ISO 8601 (htmldate's output format), else None."""
    return raw if raw and _ISO_DATE.match(raw) else None


def text_or_none(value: str | None) -> str | None:
    """The string normalized like the text (`normalize_line`); None for empty ones."""
    return normalize_line(value or "") or None


def record_fields(meta: Document, url: str | None) -> dict[str, object]:
    """The Extraction fields other than paragraphs; the caller's url if the page has none."""
    return {
        "title": text_or_none(meta.title),
        "authors": authors(meta.author, site_name=meta.sitename),
        "published": published(meta.date),
        "url": text_or_none(meta.url) or url,
        "site_name": text_or_none(meta.sitename),
    }


_SITE_LINKS = frozenset({"alternate", "amphtml", "pingback", "prev", "next"})
_WEB_ADDRESS = re.compile(r"(?:https?:)?//", re.IGNORECASE)


def site_address(tree: HtmlElement) -> str | None:
    """An address on the page's own site, for a page that states none of its own (no
    canonical link, no `og:url`): one of the head's links to the site's other forms of the
    page (HTML alternates, AMP), its pingback service and its previous and next pages, of
    the site most of them lead to; None if there are none. A saved page still tells its
    site's links from other sites' by it. Feeds, oEmbed alternates and the blog engine's
    edit URI are left out: they are often served from another host."""
    by_site: dict[str, list[str]] = {}
    for link in tree.iter("link"):
        href = link.get("href") or ""
        rels = set((link.get("rel") or "").lower().split())
        if not rels & _SITE_LINKS or not _WEB_ADDRESS.match(href):
            continue
        if "alternate" in rels and (link.get("type") or "text/html").lower() != "text/html":
            continue
        by_site.setdefault(site_of(href), []).append(href)
    by_site.pop("", None)
    return max(by_site.values(), key=len)[0] if by_site else None
