"""Every tunable of the cleaning library, in one place."""

from __future__ import annotations

MAX_RAW_BYTES = 50 * 1024 * 1024  # larger inputs are rejected as too_large
LANGUAGE_SAMPLE_CHARS = 2000  # langdetect sees at most this much text
LANGUAGE_SEED = 0  # langdetect is random unless seeded
MIN_ARTICLE_WORDS = 20  # fewer words than this: no_article
ID_NAMESPACE = "dechrome:v1:"  # salt of record ids; changing it changes every id
