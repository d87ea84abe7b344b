"""Extract stage for HTML pages: main text and metadata with trafilatura."""

from __future__ import annotations

import trafilatura

from cleaners.byline import split_names
from cleaners.document import Extraction
from cleaners.errors import CleanError


def extract_html(html: str, *, url: str | None = None) -> Extraction:
    """Article paragraphs and metadata of an HTML page; CleanError if there is none."""
    try:
        doc = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except Exception as exc:  # trafilatura raises many types on malformed pages
        raise CleanError("extraction_failed", f"{type(exc).__name__}: {exc}") from exc
    if doc is None or not (doc.text or "").strip():
        raise CleanError("no_article", "the extractor found no main text")
    return Extraction(
        paragraphs=doc.text.split("\n"),
        title=doc.title,
        authors=split_names(doc.author) if doc.author else [],
        published=doc.date,
        url=doc.url or url,
        site_name=doc.sitename,
    )
