"""No article, no record (text dumps): whether the body found in a dump is an article.

An article has a stretch of prose: adjacent lines of sentences long enough to be
paragraphs. Menus, headline and teaser lists, tag pages, search results, login and error
pages and chrome alone have none; teaser cards flattened to one line each do not count.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import numpy as np

from cleaners.chrome import is_about_heading, is_notice
from cleaners.settings import (
    ARTICLE_BRIDGE_MAX_WORDS,
    ARTICLE_MAX_WEAK_BODY_WORDS,
    ARTICLE_MIN_BLOCK_SCORE,
    ARTICLE_MIN_BLOCK_WORDS,
    ARTICLE_MIN_PAGE_SHARE,
    ARTICLE_MIN_RUN_WORDS,
    ARTICLE_MIN_WEAK_RUN_WORDS,
    ARTICLE_RUN_MAX_GAP,
    ARTICLE_WRAPPED_MIN_SHARE,
    CARD_MAX_LENGTH_SPREAD,
    CARD_MIN_LINES,
    CARD_SHARED_WINDOW,
    CARD_SHARED_WORD_CHARS,
    LIST_MIN_CAPITALIZED,
    LIST_MIN_WORDS,
    MIN_ARTICLE_WORDS,
    TEASER_MIN_CUT_WORDS,
    TEASER_MIN_TRUNCATED,
    THREAD_ABOVE_MAX_LINES,
    THREAD_ABOVE_MIN_ENTRIES,
)
from cleaners.strip.line_facts import DATE, Column
from cleaners.strip.page import Page

MIN_PROSE_WORDS = 8
MAX_MARKER_WORDS = 8  # words of a marker line at most (an end marker, an entry's dated header)
MIN_CARD_HEADLINE_WORDS = 3
MAX_CARD_HEADLINE_WORDS = 20
_CREDITED_CAPTION = re.compile(r"[.!?]\s*\([^()]+\)$")
ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’»)\]]*$")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
# A caption's credit after its last sentence: a label and a colon ("Photo:", "Foto:") or
# a copyright sign, then a name of up to 4 words ("... at dawn. Photo: Jane Doe")
_CREDIT_AFTER_SENTENCE = re.compile(
    r"[.!?…][\"'”’»)\]]*\s+(?:[^\W\d_]+\s?:|©)(?:\s+[^\s.!?:]+){1,4}$"
)
INNER_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+\S|[。！？]\S")
# A line of MIN_UNCLOSED_PROSE_WORDS or more holding MIN_INNER_SENTENCE_ENDS sentence ends
# is prose even when its last sentence lost its stop.
MIN_INNER_SENTENCE_ENDS = 2
MIN_UNCLOSED_PROSE_WORDS = 80
# A word's first letter, capital or lower-case (Latin script: `list_lines`), counted in a
# line's first LIST_SAMPLE_CHARS characters (some 20 words: not fitted)
LIST_SAMPLE_CHARS = 120
_UPPER_INITIAL = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-Þ]")
_LOWER_INITIAL = re.compile(r"(?<!\S)[a-zß-öø-ÿ]")
_LONG_WORD = re.compile(rf"[^\W\d_]{{{CARD_SHARED_WORD_CHARS},}}")  # letters only
# A list item's marker: a symbol or a number with its dot or bracket, then a space
_LIST_MARKER = re.compile(r"^([^\w\s]|\d+[.)]) .*", re.DOTALL)
# A web address written out (its words: scheme, host, path) and a word of digits only
_ADDRESS_TOKEN = re.compile(r"\S*(?:://|www\.)\S*")
_WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\b\d+\b")


def no_article_reason(
    page: Page, scores: Column, roles: dict[int, str], *, lifted: bool = False
) -> str | None:
    """Why the body found is no article, None if it is one. A body that starts inside a
    thread of dated entries (`entries_above`) is a reply. An article has a run of
    adjacent prose lines (sentences of MIN_PROSE_WORDS words or more; the run goes on
    across up to ARTICLE_RUN_MAX_GAP step labels or credited captions) of ARTICLE_MIN_RUN_WORDS
    words (ARTICLE_MIN_WEAK_RUN_WORDS for a short body that was `lifted`, no line sure enough
    to pass the decoder: one or two sentences, a notice or a bio, are no article), or a
    block of ARTICLE_MIN_BLOCK_WORDS body words (text without sentence ends at line ends:
    hard-wrapped, or a marked list) that reads as text (`_reads_as_text`: a list of
    headlines one per line does not, even making the whole page) on a page with a line the
    model is sure of or making most of the page, or a run of prose lines making most of
    the page (a short text with little chrome around).
    Teaser and search-result lists alternate short summaries with headlines and dates;
    menus, headline lists, login and error pages have no such run; teaser cards flattened
    to one line each (`teaser_cards`), lists flattened to one line (`list_lines`) and lines
    made mostly of web addresses and numbers (`address_lines`) do not count; legal or
    consent notices about the site, its prompts to the reader and its disclaimers
    (copyright, privacy, cookie consent, newsletter, log in to comment: `is_notice`),
    teaser summaries cut off by an ellipsis (`cut_teasers`), teaser cards whose
    headline is shown twice (`linked_teasers`) and about boxes (`about_boxes`) neither count
    nor cut a run."""
    words, texts = page.words, page.texts
    body = sorted(i for i, role in roles.items() if role == "body")
    entries = entries_above(page, body[0]) if body else 0
    if entries >= THREAD_ABOVE_MIN_ENTRIES:
        return (
            f"the body starts inside a thread of dated entries ({entries} complete entries in "
            f"the {THREAD_ABOVE_MAX_LINES} lines above it): a reply, no article"
        )
    cards = teaser_cards(page, body)
    lists = list_lines(page, body) | address_lines(page, body)
    notices = {i for i in body if words[i] >= MIN_PROSE_WORDS and is_notice(texts[i])}
    teasers = cut_teasers(page, body) | linked_teasers(page, body)
    about = about_boxes(page, body)
    skipped = notices | teasers | about  # neither count in a run nor cut it
    body = [i for i in body if i not in cards and i not in lists and i not in skipped]
    run = longest = 0
    previous = -ARTICLE_RUN_MAX_GAP - 2  # no line before the first
    for i in body:
        if is_prose(texts[i], words[i]):
            joined = i - previous <= ARTICLE_RUN_MAX_GAP + 1 and all(
                j in skipped or _bridges_prose(texts[j], words[j]) for j in range(previous + 1, i)
            )  # a notice inside an article's paragraphs does not count, nor cut them
            run = run + words[i] if joined else words[i]
            longest = max(longest, run)
            previous = i
    weak = lifted and sum(words[i] for i in body) < ARTICLE_MAX_WEAK_BODY_WORDS
    min_run = ARTICLE_MIN_WEAK_RUN_WORDS if weak else ARTICLE_MIN_RUN_WORDS
    if longest >= min_run:
        return None
    if longest >= MIN_ARTICLE_WORDS and longest >= ARTICLE_MIN_PAGE_SHARE * sum(words):
        return None  # a short text with little else on the page
    block_lines: dict[int, list[int]] = {}
    for i in body:
        block_lines.setdefault(int(page.blocks[i]), []).append(i)
    block = max(block_lines.values(), key=lambda lines: sum(words[i] for i in lines), default=[])
    largest = sum(words[i] for i in block)
    most_of_page = largest >= ARTICLE_MIN_PAGE_SHARE * sum(words)
    if (
        largest >= ARTICLE_MIN_BLOCK_WORDS
        and (scores.max() >= ARTICLE_MIN_BLOCK_SCORE or most_of_page)
        and _reads_as_text(page, block)
    ):
        return None  # hard-wrapped text or a marked list, sure of itself or most of the page
    return (
        f"no stretch of article text: longest run of prose lines {longest} words "
        f"(< {min_run}{', no line sure enough to pass the decoder' if weak else ''}), "
        f"largest block {largest} words"
        + (f", {len(cards)} lines of teaser cards left out" if cards else "")
        + (f", {len(lists)} lines of flattened lists or web addresses left out" if lists else "")
        + (f", {len(notices)} lines of site notices or prompts left out" if notices else "")
        + (
            f", {len(teasers)} lines of teasers (cut off, or under a doubled headline) left out"
            if teasers
            else ""
        )
        + (f", {len(about)} paragraphs of about boxes left out" if about else "")
    )


def is_dated_marker(line: str, words: int) -> bool:
    """A short line with a date or clock time: an entry's header in a thread ("Jane says:
    May 3, 2021 at 9:12 am"), a teaser's time."""
    return words <= MAX_MARKER_WORDS and bool(DATE.search(line))


def entries_above(page: Page, first: int) -> int:
    """Complete entries of a thread in the THREAD_ABOVE_MAX_LINES lines above the body's
    first line: pairs of adjacent dated markers (`is_dated_marker`) with a prose line
    between (a comment's header, its text, the next header). A forum thread's or blog's
    body starts at its first entry or article, with none above; a body picked from the
    middle of a comment thread has the thread's earlier comments above it."""
    texts, words = page.texts, page.words
    dated = [
        j
        for j in range(max(0, first - THREAD_ABOVE_MAX_LINES), first)
        if is_dated_marker(texts[j], words[j])
    ]
    return sum(
        any(is_prose(texts[k], words[k]) for k in range(a + 1, b))
        for a, b in zip(dated, dated[1:], strict=False)
    )


def _reads_as_text(page: Page, block: list[int]) -> bool:
    """A block of lines without sentence ends at their ends that reads as text: wrapped
    (ARTICLE_WRAPPED_MIN_SHARE of its lines go on in lower case or hold a sentence end inside) or a
    marked list (half its lines start with one marker: "+ ", "- ", "1."), not a list of
    headlines, prices or names one per line (links, which carry no marker in a dump)."""
    texts = [page.texts[i] for i in block]
    wrapped = sum(1 for t in texts if t[:1].islower() or INNER_SENTENCE_END.search(t))
    if wrapped >= ARTICLE_WRAPPED_MIN_SHARE * len(texts):
        return True
    markers = Counter(_LIST_MARKER.sub(r"\1", t) for t in texts if _LIST_MARKER.match(t))
    return 2 * max(markers.values(), default=0) >= len(texts)


def teaser_cards(page: Page, body: list[int]) -> set[int]:
    """Body lines that are teaser cards flattened to one line each ("Headline Summary
    sentence."): runs of CARD_MIN_LINES or more adjacent lines of one sentence each whose
    lengths vary little (templated summaries; an article's one-sentence paragraphs vary)."""
    one_sentence = [i for i in body if _is_one_sentence(page.texts[i], page.words[i])]
    cards: set[int] = set()
    for run in adjacent_runs(one_sentence):
        lengths = np.array([page.words[j] for j in run], dtype=float)
        if (
            len(run) >= CARD_MIN_LINES
            and lengths.std() <= CARD_MAX_LENGTH_SPREAD * lengths.mean()
            and not _holds_together([page.texts[j] for j in run])
        ):
            cards.update(run)
    return cards


def _holds_together(lines: list[str]) -> bool:
    """Half of the lines or more share a long word (CARD_SHARED_WORD_CHARS letters or more)
    with a line at most CARD_SHARED_WINDOW lines away: one text's paragraphs on its subject,
    not cards of other stories."""
    words = [set(_LONG_WORD.findall(line.lower())) for line in lines]
    sharing = sum(
        1
        for i, own in enumerate(words)
        if any(own & other for other in _neighbours(words, i, CARD_SHARED_WINDOW))
    )
    return 2 * sharing >= len(lines)


def _neighbours(items: list[set[str]], at: int, reach: int) -> list[set[str]]:
    """The items at most reach places before or after the one at `at`, not it."""
    return items[max(0, at - reach) : at] + items[at + 1 : at + reach + 1]


def cut_teasers(page: Page, body: list[int]) -> set[int]:
    """Body lines that are teaser summaries cut off at a length budget, each under its
    headline, when the page holds TEASER_MIN_TRUNCATED or more lines of TEASER_MIN_CUT_WORDS
    words or more that end in an ellipsis ("... and a slow coat of ...", "... einigen.
    Mehr…"), in the body or not (the body found may be one of them). An article's paragraph
    rarely ends so, and not in several places; a shorter line so ended is a cut headline
    or a trailing thought."""
    cut = cut_off_lines(page, range(len(page.texts)), TEASER_MIN_CUT_WORDS)
    return set(cut).intersection(body) if len(cut) >= TEASER_MIN_TRUNCATED else set()


def cut_off_lines(page: Page, lines: Iterable[int], min_words: int) -> list[int]:
    """The lines (indexes) of min_words words or more that end in an ellipsis, in order."""
    return [i for i in lines if page.words[i] >= min_words and ELLIPSIS_END.search(page.texts[i])]


def list_lines(page: Page, body: list[int]) -> set[int]:
    """Body lines that are lists flattened to one line: LIST_MIN_WORDS words or more, and
    half of them closed by a comma ("alice, bob2, Carol_C, ...": names, tags) or nearly
    all capitalized (LIST_MIN_CAPITALIZED of the words starting with a Latin letter:
    "Albania Algeria Andorra ...": countries, menus, a headline list); a sentence has
    lower-case words and a comma every few words. Commas counted in the line, initials by
    regexes in its first LIST_SAMPLE_CHARS characters, the capitals only where few words
    start in lower case (every body line is tested)."""
    found = set()
    for i in body:
        words = page.words[i]
        if words < LIST_MIN_WORDS:
            continue
        text = page.texts[i]
        if 2 * (text.count(", ") + text.endswith(",")) >= words:
            found.add(i)
            continue
        start = text[:LIST_SAMPLE_CHARS]  # a list is alike all along; a sentence starts so
        lower = len(_LOWER_INITIAL.findall(start))
        if lower > (1 - LIST_MIN_CAPITALIZED) * (start.count(" ") + 1):
            continue  # a sentence
        capitals = len(_UPPER_INITIAL.findall(start))
        if capitals and capitals >= LIST_MIN_CAPITALIZED * (capitals + lower):
            found.add(i)
    return found


def address_lines(page: Page, body: list[int]) -> set[int]:
    """Body lines made mostly of web addresses and numbers (half their words or more): an
    image's metadata leaked as text ("http://.../photo.jpg 540 960 admin 2018-10-15 ..."),
    a list of links, no prose even when a title closes them with a sentence end."""
    found = set()
    for i in body:
        text = page.texts[i]
        if page.words[i] < MIN_PROSE_WORDS or ("://" not in text and "www." not in text):
            continue
        words = len(_WORD.findall(text))
        addresses = sum(len(_WORD.findall(token)) for token in _ADDRESS_TOKEN.findall(text))
        numbers = len(_DIGITS.findall(_ADDRESS_TOKEN.sub(" ", text)))
        if 2 * (addresses + numbers) >= words:
            found.add(i)
    return found


def linked_teasers(page: Page, body: list[int]) -> set[int]:
    """Body lines of teaser cards whose headline is shown twice within a few lines (the
    card's image link and its title link): both headlines and the summary, the first prose
    line of the body within 3 lines under them, when TEASER_MIN_TRUNCATED or more cards
    show so (a line repeated over and over is no card). A line shown at every card (a date)
    stands right above its summary; one some lines above the next prose line closes the
    post before it (a forum's "Quote  Like" under each post, its author's lines next)."""
    texts = page.texts
    in_body = set(body)
    shown = Counter(texts)
    found: set[int] = set()
    cards = 0
    seen: dict[str, int] = {}  # a line's last place
    for j, line in enumerate(texts):
        first, seen[line] = seen.get(line, -5), j
        if j - first > 4 or not _is_card_headline(line, page.words[j]):
            continue
        reach = 2 if shown[line] > 2 else 4  # lines under it where its summary may be
        summary = next(
            (
                i
                for i in range(j + 1, min(j + reach, len(texts)))
                if i in in_body and texts[i] != line and is_prose(texts[i], page.words[i])
            ),
            None,
        )
        if summary is not None:
            cards += 1
            found.update((first, j, summary))
    return found & in_body if cards >= TEASER_MIN_TRUNCATED else set()


def _is_card_headline(line: str, words: int) -> bool:
    """A card's headline: a few words (MIN_CARD_HEADLINE_WORDS to MAX_CARD_HEADLINE_WORDS),
    no closing full stop (a question may close it; a repeated paragraph is no headline)."""
    return MIN_CARD_HEADLINE_WORDS <= words <= MAX_CARD_HEADLINE_WORDS and not line.endswith(".")


def about_boxes(page: Page, body: list[int]) -> set[int]:
    """Body lines that are the paragraph of an about box: the first line under a heading
    "About Jane Doe", "Über uns", "Sobre o Blog" (`is_about_heading`), an author's bio or a
    site's self-description, which an article page shows beside the article."""
    texts = page.texts
    return {
        i
        for i in body
        if i > 0 and page.blocks[i - 1] != page.blocks[i] and is_about_heading(texts[i - 1])
    }


def _is_one_sentence(line: str, words: int) -> bool:
    return (
        words >= MIN_PROSE_WORDS
        and bool(SENTENCE_END.search(line))
        and not INNER_SENTENCE_END.search(line)
    )


def is_prose(line: str, words: int) -> bool:
    """A prose line: MIN_PROSE_WORDS words or more ending a sentence (or a sentence and its
    credit: a photo's caption, `_CREDIT_AFTER_SENTENCE`), or a paragraph of
    MIN_UNCLOSED_PROSE_WORDS holding several sentences whose last lost its stop (a closing
    quote, a slogan)."""
    if words < MIN_PROSE_WORDS:
        return False
    if SENTENCE_END.search(line) or _CREDIT_AFTER_SENTENCE.search(line):
        return True
    return (
        words >= MIN_UNCLOSED_PROSE_WORDS
        and len(INNER_SENTENCE_END.findall(line)) >= MIN_INNER_SENTENCE_ENDS
    )


def _bridges_prose(line: str, words: int) -> bool:
    """A line a run of prose lines goes on across: a step number or a label (a few words),
    or a photo caption ending in its credit in brackets ("Dig a hole. (Jane Doe)")."""
    return words <= ARTICLE_BRIDGE_MAX_WORDS or bool(_CREDITED_CAPTION.search(line))


def adjacent_runs(lines: list[int]) -> list[list[int]]:
    """Line indexes (ascending) grouped into runs of adjacent lines."""
    runs: list[list[int]] = []
    for i in lines:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs
