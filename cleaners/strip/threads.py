"""A thread of dated posts as a dump's article: forum threads, Q&A pages, live blogs.

Such a page is a headline over posts, each under (or over) a short line with its date or
clock time ("Beitrag von tom » 03.04.2024, 19:05", "2:31 pm", "asked Mar 3, 2021 at 9:12").
Every post is short, so the line model is sure of none, and one post alone is too little
for an article (`cleaners.strip.no_article`); the posts together are the page's content.
Readers' comments under an article have the same shape, but below a heading that names
them ("12 comments", "Kommentare (3)"), and so do lists of dated teasers, whose entries
are on other subjects each.
"""

from __future__ import annotations

import re

from cleaners.chrome import DUMP_END_MARKERS, is_comment_heading, is_notice
from cleaners.settings import (
    THREAD_HEADER_MAX_WORDS,
    THREAD_MAX_GAP_LINES,
    THREAD_MIN_DATES,
    THREAD_MIN_POST_WORDS,
)
from cleaners.strip.line_facts import DATE
from cleaners.strip.page import Page
from cleaners.strip.prose import MIN_PROSE_WORDS, SENTENCE_END, adjacent_runs, is_prose
from cleaners.strip.teasers import holds_together

_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")  # a time of day, 24-hour ("Heute, 09:12") too
_DATE_HINT = re.compile(r"[0-9][:./h-][0-9]")  # in every match of DATE and _CLOCK
# A heading over readers' comments, in the languages of the chrome lists; "replies" and
# "answers" are not among them (a forum thread's or Q&A page's own header counts them)
_COMMENTS = re.compile(
    r"\b(?:comments?|kommentare?|leserkommentare|commentaires?|comentarios?|comentários?"
    r"|comment[io]|komentarz[ey]?|komentář[eů]?|reacties|(?:responses?|thoughts) (?:to|on))\b",
    re.IGNORECASE,
)
MAX_COMMENTS_HEADING_WORDS = 6
MIN_SENTENCE_WORDS = 2  # a post's shortest sentence ("Danke euch!")
MAX_LABEL_WORDS = 4  # a poster's name, "Answer", "Zitieren  Gefällt mir" between a header
# and its post
MAX_LABELS_ABOVE = 2  # labels between a Q&A question and its "asked ..." header (its tags)


def thread_body(page: Page) -> list[int] | None:
    """The lines of the posts of the page's largest thread of dated posts (see the module),
    if it has THREAD_MIN_DATES posts or more holding THREAD_MIN_POST_WORDS words together,
    on one subject (`holds_together`), and no heading naming comments above it."""
    texts, words = page.texts, page.words
    headers = adjacent_runs(
        [i for i in range(len(page)) if _is_header(texts[i], words[i])]
    )  # a header may take two lines (a date, then a time)
    best: list[int] | None = None
    for thread in _threads(page, headers):
        posts = _posts(page, thread)
        lines = [i for post in posts for i in post]
        if (
            sum(words[i] for i in lines) >= THREAD_MIN_POST_WORDS
            and (best is None or len(lines) > len(best))
            and not _comments_above(page, lines[0])
            and holds_together([" ".join(texts[i] for i in post) for post in posts])
        ):
            best = lines
    return best


def holds_header(page: Page, lines: list[int]) -> bool:
    """Some of the lines is a post's header (`_is_header`): a body that may be posts of a
    thread (a cheap test before `thread_body`)."""
    return any(_is_header(page.texts[i], page.words[i]) for i in lines)


def _is_header(line: str, words: int) -> bool:
    """A post's header: a short line with a date or a clock time, no sentence (the dates'
    patterns only where a digit, a separator and a digit stand together)."""
    return (
        words <= THREAD_HEADER_MAX_WORDS
        and _DATE_HINT.search(line) is not None
        and bool(_CLOCK.search(line) or DATE.search(line))
        and not is_prose(line, words)
    )


def _is_post_line(page: Page, i: int) -> bool:
    """A line of a post's text: a sentence's length or a short sentence ("Danke, das
    klingt machbar."), not a notice of the site."""
    text, words = page.texts[i], page.words[i]
    long_or_sentence = words >= MIN_PROSE_WORDS or (
        words >= MIN_SENTENCE_WORDS and SENTENCE_END.search(text)
    )
    return bool(long_or_sentence) and not is_notice(text)


def _ends_sentence(page: Page, i: int) -> bool:
    """A post's line ending a sentence (not a headline, a name or a count)."""
    return _is_post_line(page, i) and bool(SENTENCE_END.search(page.texts[i]))


def _threads(page: Page, headers: list[list[int]]) -> list[list[list[int]]]:
    """Runs of THREAD_MIN_DATES or more headers, each the next within THREAD_MAX_GAP_LINES
    lines, with a post's sentence and no end marker (`_ends_thread`) between them."""
    threads: list[list[list[int]]] = []
    run: list[list[int]] = []
    for header in headers:
        if run and not _joins(page, run[-1][-1], header[0]):
            threads.append(run)
            run = []
        run.append(header)
    threads.append(run)
    return [run for run in threads if len(run) >= THREAD_MIN_DATES]


def _joins(page: Page, end: int, start: int) -> bool:
    """The lines between two headers (the first ending at `end`, the next starting at
    `start`) are a post: few, one of them a sentence, no end marker."""
    gap = range(end + 1, start)
    return (
        len(gap) <= THREAD_MAX_GAP_LINES
        and any(_ends_sentence(page, j) for j in gap)
        and not any(_ends_thread(page.texts[j]) for j in gap)
    )


def _ends_thread(line: str) -> bool:
    """An end marker other than a prompt to comment ("Add a comment" under every answer of
    a Q&A page): related posts, "Read more", "Share this"."""
    return bool(DUMP_END_MARKERS.match(line)) and not _COMMENTS.search(line)


def _posts(page: Page, thread: list[list[int]]) -> list[list[int]]:
    """The post lines of a thread, one list per post: between its headers, and the first
    post's lines above the first header (a Q&A page: the text, then "asked ...") or the
    last post's lines under the last header (a forum, a live blog: the header first)."""
    posts = [
        [j for j in range(a[-1] + 1, b[0]) if _is_post_line(page, j)]
        for a, b in zip(thread, thread[1:], strict=False)
    ]
    first, last = thread[0][0], thread[-1][-1]
    if _is_post_line(page, thread[0][-1] + 1):  # the header above its post
        posts.append(_adjacent_posts(page, range(last + 1, len(page))))
    else:
        above = _adjacent_posts(page, range(first - 1, -1, -1), skip=MAX_LABELS_ABOVE)
        posts.insert(0, sorted(above))
    return [post for post in posts if any(_ends_sentence(page, j) for j in post)]


def _adjacent_posts(page: Page, lines: range, skip: int = 0) -> list[int]:
    """The lines ending a sentence at the start of `lines` (in their order), after up to
    `skip` labels: a post at the thread's edge (not a line of counts, "Asked 3 years ago
    Viewed 12k times")."""
    found: list[int] = []
    for j in lines:
        if _ends_sentence(page, j):
            found.append(j)
        elif found or skip <= 0 or page.words[j] > MAX_LABEL_WORDS:
            break
        else:
            skip -= 1
    return found


def _comments_above(page: Page, first: int) -> bool:
    """A heading naming readers' comments ("12 comments", "View comments (27)", "5 thoughts
    on “Title”") above the line: the thread below is the comments under an article."""
    return any(
        _COMMENTS.search(page.texts[j])
        and (page.words[j] <= MAX_COMMENTS_HEADING_WORDS or DUMP_END_MARKERS.match(page.texts[j]))
        or is_comment_heading(page.texts[j])
        for j in range(first)
    )
