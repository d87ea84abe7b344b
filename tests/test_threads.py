"""A thread of dated posts is a dump's article when no article run is found
(`cleaners.strip.threads`): a forum thread, a Q&A page, a live blog of short posts
(tests/fixtures/guard_articles/); not readers' comments under a heading naming them, nor a
ticker of dated briefs on other subjects each."""

from __future__ import annotations

from pathlib import Path

from cleaners.pipeline import clean
from cleaners.record import Article, Rejection
from cleaners.strip.lines import features
from cleaners.strip.page import Page, split_page
from cleaners.strip.threads import thread_body

_MENU = "Stadtanzeiger\n\nStartseite\nLokales\nSport\nKultur\n\n"

TICKER = (
    _MENU
    + """Meldungen des Tages

09:12
Die Feuerwehr hat am Morgen einen Brand in einer Lagerhalle am Hafen gelöscht.

10:05
Der Gemeinderat berät am Donnerstag über den Haushalt für das kommende Jahr.

10:48
Ein Lastwagen hat auf der Landstraße seine Ladung verloren, die Strecke ist gesperrt.

11:30
Die Stadtbibliothek verlängert ihre Öffnungszeiten in den Wintermonaten bis zwanzig Uhr.

12:15
Im Tierpark ist ein junges Zebra zur Welt gekommen, Besucher können es ab Montag sehen.

Impressum
Datenschutz
"""
)


def test_a_ticker_of_briefs_on_other_subjects_is_no_thread() -> None:
    """Dated one-sentence briefs, each on another subject, are a list of news items, not
    posts of one thread; the same briefs on one subject are."""
    assert thread_body(_page(TICKER)) is None
    one_subject = [
        line.replace(".", ", sagt die Feuerwehr.") if line.endswith(".") else line
        for line in TICKER.splitlines()
    ]
    assert thread_body(_page("\n".join(one_subject))) is not None


def _page(text: str) -> Page:
    page = split_page(text)
    features(page)  # fills in the words
    return page


COMMENTS = (
    _MENU
    + """Leserkommentare (4)

Petra schreibt:
12.03.2024, 18:40
Ich fahre die Strecke jeden Tag und finde die neue Ampel an der Kreuzung viel sicherer.

Jens schreibt:
12.03.2024, 19:05
Die Ampel ist gut, aber die Wartezeit für Radfahrer an der Kreuzung ist viel zu lang.

Anna schreibt:
13.03.2024, 08:15
Morgens staut sich der Verkehr an der Kreuzung jetzt bis zur Brücke, das war vorher nicht so.

Tom schreibt:
13.03.2024, 09:30
Warten wir den Sommer ab, dann sieht man, ob die neue Ampel an der Kreuzung etwas bringt.

Kommentar schreiben
"""
)


def test_comments_under_a_heading_naming_them_are_no_thread() -> None:
    """Readers' comments (the article above them gone) under "Leserkommentare (4)" are
    no article, however much they hold together."""
    result = clean(COMMENTS.encode(), source_path="comments.txt")
    assert isinstance(result, Rejection), result.text
    assert result.reason == "no_article"


def test_the_same_posts_without_the_heading_are_a_thread() -> None:
    """The heading decides: the same posts under the page's headline are a thread."""
    thread = COMMENTS.replace("Leserkommentare (4)", "Neue Ampel an der Kreuzung: was meint ihr?")
    record = clean(thread.encode(), source_path="thread.txt")
    assert isinstance(record, Article), record.detail
    assert record.text.count("Kreuzung") == 4


def test_a_threads_headers_and_first_post_stay_out_of_title_and_text() -> None:
    """When the decoder keeps a thread with its headers ("Post by ... » date"), the body
    is its posts: no header in the text, and a first post asking a question is text, not
    the title (the thread's headline above it is)."""
    path = Path(__file__).parent / "fixtures" / "guard_articles" / "en_forum_short_first.txt"
    record = clean(path.read_bytes(), source_path=path.name)
    assert isinstance(record, Article), record.detail
    assert record.title == "Sourdough starter smells like nail polish"
    assert "Post by" not in record.text
    assert record.text.startswith("My starter is ten days old")
