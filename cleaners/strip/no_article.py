"""No article, no record (text dumps): whether the body found in a dump is an article.

An article has a stretch of prose: adjacent lines of sentences long enough to be
paragraphs. Menus, headline and teaser lists, tag pages, search results, login and error
pages and chrome alone have none; teaser cards flattened to one line each do not count.
"""

from __future__ import annotations

import re
from collections import Counter

from cleaners.chrome import is_about_heading, is_comment_heading, is_notice
from cleaners.settings import (
    ARTICLE_MAX_WEAK_BODY_WORDS,
    ARTICLE_MIN_BLOCK_SCORE,
    ARTICLE_MIN_BLOCK_WORDS,
    ARTICLE_MIN_PAGE_SHARE,
    ARTICLE_MIN_RUN_WORDS,
    ARTICLE_MIN_WEAK_RUN_WORDS,
    ARTICLE_RUN_MAX_GAP,
    ARTICLE_WRAPPED_MIN_SHARE,
    LIST_MIN_CAPITALIZED,
    LIST_MIN_WORDS,
    MIN_ARTICLE_WORDS,
    THREAD_ABOVE_MAX_LINES,
    THREAD_ABOVE_MIN_ENTRIES,
    THREAD_ENTRY_HEADER_MAX_WORDS,
)
from cleaners.strip.ingredients import ingredient_lines
from cleaners.strip.line_facts import Column
from cleaners.strip.page import Page
from cleaners.strip.prose import (
    INNER_SENTENCE_END,
    MIN_PROSE_WORDS,
    bridges_prose,
    is_dated_marker,
    is_prose,
)
from cleaners.strip.teasers import cut_teasers, headlined_cards, linked_teasers, teaser_cards

# A word's first letter, capital or lower-case (Latin script: `list_lines`), counted in a
# line's first LIST_SAMPLE_CHARS characters (some 20 words: not fitted)
LIST_SAMPLE_CHARS = 120
_UPPER_INITIAL = re.compile(r"(?<!\S)[A-ZÀ-ÖØ-Þ]")
_LOWER_INITIAL = re.compile(r"(?<!\S)[a-zß-öø-ÿ]")
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
    thread of dated entries (`entries_above`) is a reply, one under a comment section's
    heading and a date (`under_comment_heading`) a comment. An article has a run of
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
    teaser summaries cut off by an ellipsis (`cut_teasers`), teaser cards whose headline
    is shown twice (`linked_teasers`) or alone elsewhere (`headlined_cards`), about boxes
    (`about_boxes`) and the site's blurb in its footer (`site_blurbs`) neither count nor cut
    a run."""
    words, texts = page.words, page.texts
    body = sorted(i for i, role in roles.items() if role == "body")
    entries = entries_above(page, body[0]) if body else 0
    if entries >= THREAD_ABOVE_MIN_ENTRIES:
        return (
            f"the body starts inside a thread of dated entries ({entries} complete entries in "
            f"the {THREAD_ABOVE_MAX_LINES} lines above it): a reply, no article"
        )
    if body and under_comment_heading(page, body[0]):
        return (
            "the body starts under the heading of a comment section and an entry's date "
            f"(within {THREAD_ABOVE_MAX_LINES} lines): a comment, no article"
        )
    cards = teaser_cards(page, body)
    lists = list_lines(page, body) | address_lines(page, body)
    notices = {i for i in body if words[i] >= MIN_PROSE_WORDS and is_notice(texts[i])}
    teasers = cut_teasers(page, body) | linked_teasers(page, body) | headlined_cards(page, body)
    about = about_boxes(page, body) | site_blurbs(page, body)
    skipped = notices | teasers | about  # neither count in a run nor cut it
    ingredients = ingredient_lines(page, body)  # a recipe's run goes on across its list
    body = [i for i in body if i not in cards and i not in lists and i not in skipped]
    run = longest = 0
    previous = -ARTICLE_RUN_MAX_GAP - 2  # no line before the first
    for i in body:
        if is_prose(texts[i], words[i]):
            gap = range(previous + 1, i)  # the lines since the last prose line
            if ingredients:
                gap = [j for j in range(max(previous + 1, 0), i) if j not in ingredients]
            joined = len(gap) <= ARTICLE_RUN_MAX_GAP and all(
                j in skipped or bridges_prose(texts[j], words[j]) for j in gap
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
            f", {len(teasers)} lines of teasers (cut off, or under a headline shown again) left out"
            if teasers
            else ""
        )
        + (f", {len(about)} paragraphs of about boxes or site blurbs left out" if about else "")
    )


def entries_above(page: Page, first: int) -> int:
    """Complete entries of a thread in the THREAD_ABOVE_MAX_LINES lines above the body's
    first line: pairs of adjacent dated markers (`is_dated_marker`, a header of up to
    THREAD_ENTRY_HEADER_MAX_WORDS words: a name, a date and a time on one line) with a prose
    line between (a comment's header, its text, the next header). A forum thread's or blog's
    body starts at its first entry or article, with none above; a body picked from the
    middle of a comment thread has the thread's earlier comments above it."""
    texts, words = page.texts, page.words
    dated = [
        j
        for j in range(max(0, first - THREAD_ABOVE_MAX_LINES), first)
        if is_dated_marker(texts[j], words[j], THREAD_ENTRY_HEADER_MAX_WORDS)
    ]
    return sum(
        any(is_prose(texts[k], words[k]) for k in range(a + 1, b))
        for a, b in zip(dated, dated[1:], strict=False)
    )


def under_comment_heading(page: Page, first: int) -> bool:
    """A comment section's heading naming the post ("5 thoughts on “Title”",
    `is_comment_heading`) in the THREAD_ABOVE_MAX_LINES lines above the body's first line,
    with a dated marker (a comment's header) between them: the body is the first comments.
    An article comes above its comment section; a forum thread has no such heading."""
    texts, words = page.texts, page.words
    start = max(0, first - THREAD_ABOVE_MAX_LINES)
    heading = next(
        (j for j in range(first - 1, start - 1, -1) if is_comment_heading(texts[j])), None
    )
    return heading is not None and any(
        is_dated_marker(texts[k], words[k]) for k in range(heading + 1, first)
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


# The site's name after the last separator of the page's title line ("Headline | Site")
_TITLE_SEPARATOR = re.compile(r"\s[|–—-]\s")
MAX_SITE_NAME_WORDS = 4  # a site's name is a few words (not fitted)
# "<Site> is ...": a copula after the site's name, in the languages of the phrase lists
_COPULA = re.compile(r"(?:is|ist|est|es|é|è|jest)\s")


def site_blurbs(page: Page, body: list[int]) -> set[int]:
    """Body lines in which the site describes itself in its footer: they start with the
    name its title line ends in ("... | Example Weekly", up to MAX_SITE_NAME_WORDS words)
    and a copula ("Example Weekly is where ...", "... ist das Magazin für ..."), and below
    them comes the footer's notice (copyright, terms: `is_notice`) with no prose line
    between (`_in_footer`). An article on the site's own news may start so ("Example is
    opening ..."), with its other paragraphs under it."""
    texts = page.texts
    parts = _TITLE_SEPARATOR.split(texts[0]) if texts else []
    site = parts[-1].strip() if len(parts) > 1 else ""
    if not site or len(site.split()) > MAX_SITE_NAME_WORDS:
        return set()
    return {
        i
        for i in body
        if texts[i].startswith(site + " ")
        and _COPULA.match(texts[i], len(site) + 1)
        and _in_footer(page, i)
    }


def _in_footer(page: Page, line: int) -> bool:
    """A notice of the site (`is_notice`) follows the line before any prose line does."""
    for text, words in zip(page.texts[line + 1 :], page.words[line + 1 :], strict=True):
        if is_notice(text):
            return True
        if is_prose(text, words):
            return False
    return False
