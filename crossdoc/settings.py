"""Settings of the cross-document links. The thresholds are measured by
`benchmarks/neardup.py` (near copies) and `benchmarks/stories_ecb.py` (stories)."""

# -- near-duplicates: MinHash over word shingles, LSH by bands -----------------------------
SHINGLE_WORDS = 3  # word 3-grams survive small edits better than 5-grams
NUM_PERM = 128
LSH_BANDS = 32  # 32 bands of 4 rows: pairs at Jaccard 0.5 collide with probability 0.87
NEAR_DUP_JACCARD = 0.5  # estimated Jaccard of shingle sets at or above which texts are one
MAX_NEAR_CANDIDATES = 64  # documents checked per new document (per-document cost is flat)
RECENT_PER_BAND = 32  # documents read per LSH bucket, the latest (a crowded bucket is cheap)
BAND_FILTER_BITS = 1 << 27  # 16 MiB bitmap in memory: an empty LSH bucket is not read

# -- stories: two-channel TF-IDF cosine to story centroids, online ------------------------
STORY_SIMILARITY = 0.3  # cosine (mean of the two channels) of a document to join a story
STORY_MERGE_SIMILARITY = 0.3  # cosine of two story centroids that makes them one
STORY_CONFLICT_SIMILARITY = 0.5  # to join or merge a story whose years all differ
STORY_AGREE_SIMILARITY = 0.3  # to join a story stating a year the document does (= join now)
STORY_APART_SHARE = 0.4  # names' weight on names the other lacks, both sides: names apart
STORY_APART_MERGE_SIMILARITY = 0.4  # to merge stories whose names are apart (no year to tell)
ENTITY_CHANNEL_SHARE = 0.5  # weight of the names-and-numbers channel in the similarity
STORY_TEXT_CHARS = 4000  # the opening of a text that stories read (~650 words)
DOC_VECTOR_TERMS = 100  # a document's strongest terms per channel (the tail adds ~nothing)
STORY_VECTOR_TERMS = 100  # terms kept per story centroid
STORY_POSTING_TERMS = 20  # a story's strongest terms, indexed for candidate lookup
QUERY_TERMS = 10  # a document's strongest terms used to find candidate stories
MAX_STORY_CANDIDATES = 6  # stories compared per new document
POSTINGS_PER_TERM = 10  # stories read per query term, the most recently updated (ECB+, AEB: as 30)
STORY_WINDOW_DAYS = 7.0  # a dated document joins only stories within this many days

# -- storage --------------------------------------------------------------------------------
TERM_COUNT_CACHE = 200_000  # document frequencies kept in memory (the most frequent terms)
SETTLE_SLICES = 20  # a commit moves one key range of 20 of the recent index entries a level down
