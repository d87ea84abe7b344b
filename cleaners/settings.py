"""Every tunable of the cleaning library, in one place."""

from __future__ import annotations

from pathlib import Path

MAX_RAW_BYTES = 50 * 1024 * 1024  # larger inputs are rejected as too_large
LANGUAGE_SAMPLE_CHARS = 1000  # langdetect sample; 2000 cost twice as much for the same answers
LANGUAGE_SEED = 0  # langdetect is random unless seeded
MIN_ARTICLE_WORDS = 20  # fewer words than this: no_article
MAX_TITLE_WORDS = 30  # a longer title is a paragraph, not a headline: none
UNSPACED_CHARS_PER_WORD = 2  # Chinese, Japanese (no spaces): a word is about two characters
# Thai, Lao, Khmer, Burmese (spaces between phrases, not words): a word is about four code
# points, its vowel and tone marks included (a rough figure, not fitted: no dev page is Thai)
SOUTHEAST_ASIAN_CHARS_PER_WORD = 4
ID_NAMESPACE = "dechrome:v1:"  # salt of record ids; changing it changes every id

# Decode stage (cleaners/decode/decoder.py, cleaners/decode/charset.py); see docs/encoding.md.
# Undeclared non-UTF-8 bytes: single-byte code pages tried, most plausible decoding wins;
# on a tie the earlier one. Latin-1 text decodes the same as cp1252 (its superset here).
LEGACY_CANDIDATES = (
    "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u",
    "iso8859_5", "cp866", "cp1253", "iso8859_7", "cp1254", "cp1257", "iso8859_4",
)  # fmt: skip
MAX_IMPLAUSIBILITY = 1.0  # penalty per non-ASCII char above which a reading is not text
CONFIDENT_IMPLAUSIBILITY = 0.05  # a reading this good is taken; else charset-normalizer may
# offer a better one (multi-byte encodings: Shift_JIS, GBK, EUC-KR, Big5, ...)
DECLARATION_SPAN = 16 * 1024  # a <meta charset> or XML declaration is looked for this far
DECLARED_CHARSET_BONUS = 0.1  # a declared charset wins unless another reads this much better
UTF8_MAX_STRAY_SHARE = 0.5  # bytes invalid as UTF-8 per valid non-ASCII character up to which
# a line is UTF-8 with stray bytes (legacy text: nearly all invalid, next to none valid)
CHARSET_SAMPLE_WORDS = 500  # non-ASCII words scored per candidate
CHARSET_SAMPLE_SPAN = 2 * 1024 * 1024  # ... found in the first this many bytes
# Charsets browsers read as a superset (WHATWG Encoding Standard), by Python codec name.
WHATWG_SUPERSETS = {"ascii": "cp1252", "iso8859-1": "cp1252", "iso8859-9": "cp1254"}

# HTML extraction (cleaners/extract/html.py, cleaners/extract/html_chrome.py)
HTML_MIN_PROSE_WORDS = 8  # a block with fewer words, or no sentence end, is not prose
HTML_LINK_DENSITY = 0.5  # a block with this share of its text in links is a link block
HTML_MIN_HEADLINE_CHARS = 20  # a shorter block only counts as the headline if equal to it
HTML_MAX_DATELINE_WORDS = 12  # a dateline above the article is at most this long
HTML_MAX_CHARS = 8_000_000  # larger HTML pages are rejected as too_large (extraction cost)
HTML_MIN_PROSE_CHARS = 60  # ... unless it has this many characters (scripts without spaces)
HTML_MIN_ARTICLE_WORDS = 40  # fewer words of running text (prose, not links, not teasers):
# no_article (cleaners/extract/no_article.py)
# A <form> holding at least this share of the page's links wraps the page (ASP.NET), its
# text counts; a smaller form's text (a sign-up pitch, consent lines) is no article's. Not
# fitted: half; on both dev sets page-wide forms hold all the links (2 AEB pages), others
# at most 0.29 (no_article).
HTML_PAGE_FORM_LINKS = 0.5
HTML_MAX_TEASER_WORDS = 60  # a longer paragraph beside a link is no teaser, unless cut off: "…"
HTML_NEW_TEXT_SHARE = 0.2  # a page paragraph with at most this share of its pieces in the
# extracted text is not in it yet (cleaners/extract/continuation.py)
# A page nested deeper than libxml2's default limit (255) is parsed again with huge_tree (to
# 2047 levels; deeper: too_large) and flattened: below its first HTML_DEEP_KEEP_LEVELS levels
# only elements holding at most HTML_DEEP_KEEP_HEIGHT levels (paragraphs, lists, tables) stay
# elements, the wrappers around them are unwrapped (cleaners/extract/parse.py).
HTML_DEEP_KEEP_LEVELS = 200
HTML_DEEP_KEEP_HEIGHT = 32

# Text-dump stripping (cleaners/strip/dump.py, cleaners/strip/lines.py, cleaners/stopwords.py)
STOPLIST_SAMPLE_WORDS = 400  # words of the page's long lines that vote for its stoplist
STOPLIST_MIN_HITS = 8  # fewer distinct stopwords than this: no stoplist (features off)
STRIP_MODEL_PATH = Path(__file__).parent / "strip" / "models" / "textdump_lines.json"
TITLE_LOOKBACK_LINES = 12  # the title is searched this many lines before the body
# A dump's title is the headline-shaped line the article's opening confirms
# (cleaners/strip/title.py): it shares TITLE_MIN_LEDE_WORDS or more of its words, and at
# least TITLE_MIN_LEDE_SHARE of them, with the body's first TITLE_LEDE_WORDS words; a line the
# page repeats gains TITLE_REPEAT_BONUS. The share and the count were chosen on readability's
# titles (the only dev set with them; share 0.2-0.5 x count 1-3) and reported on AEB; the
# others are round values (docs/textdump.md, "Titles").
TITLE_LEDE_WORDS = 80
TITLE_MIN_LEDE_WORDS = 2
TITLE_MIN_LEDE_SHARE = 0.25
TITLE_REPEAT_BONUS = 1.0
# A line the page repeats with this many words or more (a headline, not a section name)
# needs one word shared with the opening: chosen on readability's dump titles among 2, 3, 4
# (0.675 each; 4 makes none worse) and reported on AEB (0.764 -> 0.784, none worse)
TITLE_REPEATED_MIN_UNITS = 4
END_TAIL_RATIO = 0.35  # an end marker cuts the body if at most this share of its words follows
# A thread of dated entries (comments) after the article ends it: a short body line with a
# date after this many prose words, and this many such lines from there on.
THREAD_MIN_WORDS_BEFORE = 50
THREAD_MIN_DATES = 3
# A body that starts inside such a thread is a reply, no article (`no_article`): this many
# complete entries (a dated line, a prose line, the next dated line) lie in the body's this
# many lines above. Chosen on AEB, windows 10 to 60 in steps of 10: each catches its two
# comment pages and loses no article; 20, the shortest, kept (readability, reported: +1
# page from 20 on, +1 more from 40; its videos-2 article lost at 60).
THREAD_ABOVE_MIN_ENTRIES = 2
THREAD_ABOVE_MAX_LINES = 20
# ... an entry's header there (a dated marker) has this many words at most: a name, a date
# and a time on one line ("Jane van Dyke · March 10, 2017 at 11:43 PM", "Ana Gil · 10 de
# marzo de 2017 a las 12:20"). Chosen on readability: 10 to 20 each catch its one page whose
# reply's headers run to 9-12 words (8, the marker bound of dump.thread_start, catches none)
# and lose no article; 12 keeps such a Spanish date under a two-word name. AEB, reported:
# no change from 8 to 20.
THREAD_ENTRY_HEADER_MAX_WORDS = 12
# A page with no article run may be a thread of posts (a forum, a Q&A page, a live blog:
# `cleaners.strip.threads`): THREAD_MIN_DATES or more headers (a short line of at most this
# many words with a date or clock time), each within this many lines of the next with a
# post between, whose posts hold this many words together (the bar a lifted body's run
# must pass, ARTICLE_MIN_WEAK_RUN_WORDS; not fitted: round values).
THREAD_HEADER_MAX_WORDS = 12
THREAD_MAX_GAP_LINES = 8
THREAD_MIN_POST_WORDS = 60
# A prose line scored as article goes with the body when at most this many share rows part
# it from it (`dump.rejoined`; not fitted).
REJOIN_MAX_GAP = 3
# A table of contents (cleaners/strip/contents.py): at least 2 numbered entries (a contents of
# one section is no list), each a heading of at most 8 words (a long section heading). Not
# fitted: set by the shape of MediaWiki and Fandom pages.
CONTENTS_MIN_ENTRIES = 2
CONTENTS_MAX_ENTRY_WORDS = 8
# A recipe's ingredient list (cleaners/strip/ingredients.py): adjacent lines of at most 6
# words without a sentence ("500 g Mehl", "Salz, Pfeffer"; headlines are longer), 3 or more
# opening with a quantity. Not fitted: the shape of recipe pages.
INGREDIENT_MAX_WORDS = 6
INGREDIENT_MIN_QUANTITIES = 3
# Between the list and the prose beyond it, up to 3 lines of up to 12 words without a
# sentence end (a recipe card's name, its times, print buttons). Not fitted.
INGREDIENT_MAX_LABELS = 3
INGREDIENT_MAX_LABEL_WORDS = 12
# A run of this many adjacent body lines before the first prose line is a list leading the
# article (headlines, most-read links): it goes with what is above it.
LEADING_LIST_MIN_LINES = 6
# This many adjacent prose-length lines cut off by an ellipsis are teaser summaries.
TEASER_MIN_TRUNCATED = 3
# ... and so many lines of this many words or more cut off so anywhere in the body (each
# under its headline: a blog front, a news column) are no article text (`no_article`).
# Chosen on readability (its CJK photo blog ends 8 short lines of 12-15 words with "...";
# its teaser pages' summaries have 17-41): any value from 16 to 26 gives the same figures
# there; 20, a round value between, reported on AEB.
TEASER_MIN_CUT_WORDS = 20
# A dump is an article if its body has a run of adjacent prose lines of this many words, or
# a block of this many body words on a page with a line scored this sure (log-odds); else
# no_article (menus, headline and teaser lists, search results, login and error pages),
# unless the run or the block holds ARTICLE_MIN_PAGE_SHARE of the page's words (a short text alone).
ARTICLE_MIN_RUN_WORDS = 35
# ... this many when no line was sure enough to pass the decoder and the prose lifted instead
# makes a short body (under ARTICLE_MAX_WEAK_BODY_WORDS): a cookie banner, a footer notice, a
# newsletter prompt or an author's bio alone is one or two sentences. Chosen on AEB (its
# shortest lifted article run, 68 words, less a tenth, down to a multiple of 5), reported on
# readability; the body bound keeps a long unpunctuated text (docs/textdump.md).
ARTICLE_MIN_WEAK_RUN_WORDS = 60
ARTICLE_MAX_WEAK_BODY_WORDS = 300
ARTICLE_MIN_BLOCK_WORDS = 60
ARTICLE_MIN_BLOCK_SCORE = 1.5
ARTICLE_MIN_PAGE_SHARE = 0.5  # ... or if the run or block holds this share of the page's words
ARTICLE_RUN_MAX_GAP = 2  # a run of prose lines goes on across this many lines ...
ARTICLE_BRIDGE_MAX_WORDS = 2  # ... each a step label of this many words or a credited caption
# The block passing on a sure line must read as text: this share of its lines go on in lower
# case or hold a sentence end inside (wrapped text), or half start with one list marker;
# headline, price and name lists one per line do neither. Not fitted: AEB's headline lists
# have 0.08, readability's one wrapped page 0.88, and any value between gives the same
# figures (0.25 was the previous round's trial value).
ARTICLE_WRAPPED_MIN_SHARE = 0.25
# Teaser cards flattened to one line each ("Headline Summary sentence."): this many adjacent
# one-sentence lines whose word counts vary by at most this share (coefficient of variation)
# are no article text.
CARD_MIN_LINES = 6
CARD_MAX_LENGTH_SPREAD = 0.15
# ... unless they hold together: half of them or more share a word of CARD_SHARED_WORD_CHARS
# letters or more with a line at most CARD_SHARED_WINDOW lines away (an article's one-sentence
# paragraphs come back to its subject; each card is another story). Not fitted: the one dev
# page whose real article has such a run shares so on all of its lines; the handmade section
# front of cards on 0.29 of them; no article-removed dev dump has such a run.
CARD_SHARED_WORD_CHARS = 5
# Lines starting with a headline the page shows alone (`headlined_cards`): this many in one
# block make the block a box of cards. Not fitted: two, the fewest that make a box (one such
# line can be an article's own headline run into its lead).
CARD_MIN_HEADLINED = 2
CARD_SHARED_WINDOW = 3
# A line of this many words or more, half of them closed by a comma or this share of its
# cased words capitalized, is a list flattened to one line (names, tags, a country select,
# a menu), no article text (`no_article`). Chosen on readability (its two such pages); 10 or
# 40 words, 0.8 or 0.95 give the same figures on both sets; reported on AEB (no change).
LIST_MIN_WORDS = 20
LIST_MIN_CAPITALIZED = 0.9
# A longer line is no notice of the site (cleaners/chrome.py `is_notice`): notices are a
# paragraph, and the phrase search costs time linear in the line (14 s for a 20 MB line).
# Not fitted: the notices on the article-removed dev dumps are at most ~940 characters.
NOTICE_MAX_CHARS = 1500

# Archives and exports (cleaners/readers/)
# Media types of documents; other responses are counted, not cleaned. A missing
# Content-Type is a document if its bytes are text (the cleaner decides).
DOCUMENT_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
NOT_DOCUMENT_PATHS = frozenset({"robots.txt"})  # protocol files, whatever their media type
WARC_DOCUMENT_TYPES = frozenset({"response", "resource", "conversion"})  # other record types:
# request, metadata, warcinfo are counted; revisit is resolved to its original, continuation
# records joined to theirs
MAX_INLINE_ORIGINALS_BYTES = 64 * 1024 * 1024  # pages of archives read in one stream (one
# gzip member for all records) kept in memory for the revisits that point at them
INLINE_MEMBER_BYTES = 1024 * 1024  # a page read while indexing travels with its work item up
# to this size (so workers need not read the container again); a larger one is read by its
# worker only (not while indexing, when its record's length says so)
MAX_ORIGINALS = 200_000  # look-up keys of documents kept per run for revisits (2 per record)
MAX_PENDING_REVISITS = 100_000  # revisits met before their original, kept to the run's end
MAX_PENDING_SEGMENTS = 100_000  # segments of segmented records, kept to the run's end
MAX_RESYNCS = 1000  # per container: a damaged archive is searched for the next record this often
JSONL_FIELDS = {  # record field -> JSON field names tried in order (--jsonl-fields maps others)
    "html": ("html",),
    "text": ("text",),
    "content": ("content", "body"),
    "url": ("url",),
    "fetched_at": ("fetched_at", "timestamp", "date"),
}
