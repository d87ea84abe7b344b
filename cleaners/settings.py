"""Every tunable of the cleaning library, in one place."""

from __future__ import annotations

MAX_RAW_BYTES = 50 * 1024 * 1024  # larger inputs are rejected as too_large
LANGUAGE_SAMPLE_CHARS = 2000  # langdetect sees at most this much text
LANGUAGE_SEED = 0  # langdetect is random unless seeded
MIN_ARTICLE_WORDS = 20  # fewer words than this: no_article
ID_NAMESPACE = "dechrome:v1:"  # salt of record ids; changing it changes every id

# HTML extraction (cleaners/extract.py, cleaners/html_chrome.py)
HTML_MIN_PROSE_WORDS = 8  # a block with fewer words, or no sentence end, is not prose
HTML_LINK_DENSITY = 0.5  # a block with this share of its text in links is a link block
HTML_MIN_HEADLINE_CHARS = 20  # a shorter block only counts as the headline if equal to it
HTML_MAX_DATELINE_WORDS = 12  # a dateline above the article is at most this long
HTML_MAX_CHARS = 8_000_000  # larger HTML pages are rejected as too_large (extraction cost)
HTML_MIN_PROSE_CHARS = 60  # ... unless it has this many characters (scripts without spaces)
HTML_MAX_COPY_CHECK_BLOCKS = 400  # the repeated-copy check is quadratic: skipped above this
