"""Every tunable of the cleaning library, in one place."""

from __future__ import annotations

from pathlib import Path

MAX_RAW_BYTES = 50 * 1024 * 1024  # larger inputs are rejected as too_large
LANGUAGE_SAMPLE_CHARS = 1000  # langdetect sample; 2000 cost twice as much for the same answers
LANGUAGE_SEED = 0  # langdetect is random unless seeded
MIN_ARTICLE_WORDS = 20  # fewer words than this: no_article
ID_NAMESPACE = "dechrome:v1:"  # salt of record ids; changing it changes every id

# Text-dump stripping (cleaners/strip.py, cleaners/lines.py, cleaners/stopwords.py)
STOPLIST_SAMPLE_WORDS = 400  # words of the page's long lines that vote for its stoplist
STOPLIST_MIN_HITS = 8  # fewer distinct stopwords than this: no stoplist (features off)
STRIP_MODEL_PATH = Path(__file__).parent / "models" / "textdump_lines.json"  # line weights
TITLE_LOOKBACK_LINES = 12  # the title is searched this many lines before the body
END_TAIL_RATIO = 0.35  # an end marker cuts the body if at most this share of its words follows
