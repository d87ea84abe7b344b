"""Extract stage for HTML pages: main text and metadata with trafilatura, chrome pruned."""

from __future__ import annotations

import trafilatura
from lxml.etree import strip_tags
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from cleaners.document import Extraction
from cleaners.errors import CleanError
from cleaners.html_chrome import prune_blocks
from cleaners.metadata import page_metadata, record_fields
from cleaners.settings import HTML_MAX_CHARS


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Article paragraphs and metadata of an HTML page; CleanError if there is none."""
    if len(html) > HTML_MAX_CHARS:
        raise CleanError("too_large", f"{len(html)} characters of HTML > {HTML_MAX_CHARS}")
    try:
        tree = load_html(html)
        if tree is None:
            raise CleanError("no_article", "not an HTML document")
        meta = page_metadata(tree, url)
        doc = trafilatura.bare_extraction(
            tree,  # parsed once: bare_extraction works on a copy
            url=meta.url,
            include_comments=False,
            include_tables=True,
            include_links=True,  # link density tells teaser lists from text; links dropped below
        )
    except CleanError:
        raise
    except Exception as exc:  # trafilatura raises many types on malformed pages
        raise CleanError("extraction_failed", f"{type(exc).__name__}: {exc}") from exc
    if doc is None or doc.body is None:
        raise CleanError("no_article", "the extractor found no main text")
    body = doc.body
    prune_blocks(body, headlines=[meta.title or "", meta.description or ""])
    strip_tags(body, "ref")
    text = xmltotxt(body, False)
    if not text.strip():
        raise CleanError("no_article", "the extractor found no main text")
    return Extraction(paragraphs=text.split("\n"), **record_fields(meta, url))
