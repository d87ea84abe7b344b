"""Handmade real articles that come closest to the no-article rules (`cleaners.strip.no_article`,
the site's notices in `cleaners.chrome`): page types and wordings the dev sets lack, which
must stay records (tests/test_no_article.py holds the non-article corpus and the rules).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.pipeline import clean
from cleaners.record import Article

GUARDS = sorted((Path(__file__).parent / "fixtures" / "guard_articles").glob("*.txt"))

STUDY_REPORT = """Home
Science
Health

Sleep study follows night-shift nurses for a year

About the study

Researchers asked two hundred nurses on rotating night shifts to wear a sleep tracker.
Every month they also filled in a short questionnaire about their mood and their meals.

Nurses who kept a fixed time for their main meal slept about forty minutes longer.
The effect was strongest in the first weeks after a change from day to night shifts.
The authors want to test next whether a fixed meal time helps other shift workers too.

Related stories
Hospital car park to close for repairs
"""


def test_an_article_under_an_about_heading_stays_a_record() -> None:
    """Only the first paragraph under an "About ..." heading is an about box; the
    paragraphs after it still make the article's run."""
    _assert_a_record(STUDY_REPORT.encode(), "study.txt")


BREACH_REPORT = """Home
News
Business
Technology

Clinic group reports theft of patient records

A group of private clinics said on Monday that criminals had broken into its booking server.
The personal data of about 40,000 patients was copied, the company said.
Names and addresses were taken, but no payment details; every patient affected gets a letter.
Its privacy policy promised that booking data would be deleted after a year.
Patients should report calls asking them to confirm their details.

Related stories
Council website down for a day
"""


def test_an_article_about_personal_data_stays_a_record() -> None:
    """Paragraphs with notice phrases (`is_notice`) inside an article neither count nor cut
    the run of the paragraphs around them."""
    _assert_a_record(BREACH_REPORT.encode(), "breach.txt")


FINE_REPORT = """Home
News
Business
Technology

Regulator fines retailer over customer records

The data authority fined a retailer on Tuesday for keeping the personal data of old customers.
Its privacy policy did not say how long personal information would be kept, the authority found.
A spokesman said the company had changed its privacy policy and deleted the old personal data.
Consumer groups said many shops use cookies and loyalty cards to collect personal information.
Lawyers expect other shops to review their terms and conditions and how they keep personal data.

Related stories
Council website down for a day
"""


def test_a_report_whose_every_paragraph_names_personal_data_stays_a_record() -> None:
    """Privacy policies, personal data, cookies and terms are notices only in a line that
    addresses the reader or speaks as the site; a report on them does neither."""
    _assert_a_record(FINE_REPORT.encode(), "fine.txt")


INBOX_HOW_TO = """Home
Work
Tech

Five habits that keep email from running your day

By Maria Olsen

Most of us check email dozens of times a day, and every check pulls us out of the work we do.
Start by archiving everything in your inbox that is older than a month; you will not answer it now.
Then turn off the alerts on your phone, so that a new message in your inbox waits until you look.
Set two or three fixed times a day for mail, and close the program between them.
Filters help too: send receipts and newsletters to a folder instead of to your inbox.
Finally, answer short questions at once and put longer ones on your task list.

Related stories
Why we sleep worse in summer
"""


def test_a_how_to_on_the_readers_inbox_stays_a_record() -> None:
    """Mail "delivered to your inbox" is a newsletter's prompt (a notice); a how-to whose
    paragraphs speak of the reader's inbox keeps the paragraphs between them as its run."""
    _assert_a_record(INBOX_HOW_TO.encode(), "inbox.txt")


TRADEMARK_REPORT = """Home
News
Business

Court rules on burger name dispute

The court ruled that the name of the sandwich is a registered trademark of the chain in the union.
A rival argued that the chain had not used the registered trademark for five years in most states.
Judges found that sales in three countries were enough to keep the registered trademark in force.
The rival said it would appeal, as the ruling gave large firms too much power over common words.
Lawyers said other disputes over registered trademarks of food names would now be decided alike.

Share this article
"""


def test_a_report_on_a_trademark_dispute_stays_a_record() -> None:
    """A trademark line is a notice when it names the owners ("of their respective
    owners") or addresses the reader, not in a report on a dispute."""
    _assert_a_record(TRADEMARK_REPORT.encode(), "trademark.txt")


RELEASE_NOTES = """Home
Download
Docs
Forum

Version 2.4 of the map editor

This update brings new building blocks and fixes for saved maps.

+ Added stone blocks in three colours, with smooth variants for floors
+ Added a fence gate that opens from both sides
+ Added a brush that paints grass on any flat surface
+ Added copy and paste for whole rooms between maps
+ Added a night mode for the editor's toolbar and menus
+ Added a counter for the blocks used in the current map
+ Added keyboard shortcuts for rotating and mirroring a selection
+ Changed the default camera height in new maps to two blocks
+ Changed the colour of water so that it shows the depth below
- Removed the old lighting option that slowed down large maps
+ Fixed maps saved with custom signs losing their text on loading
+ Fixed doors placed on slopes floating above the ground

Forum
Report a bug

More downloads
Texture packs for the map editor
Sound packs for the map editor
Community maps of the month
Map contest winners of last year
Older versions of the map editor
Tools for converting maps from other games
Guides for new map builders
Guides for lighting and water
Guides for doors, gates and switches
Video tutorials from the community
Frequently asked questions about saving maps
Frequently asked questions about servers
Contact the team behind the editor
Jobs at the studio behind the editor
Press kit with logos and screenshots
"""


def test_a_marked_list_article_stays_a_record() -> None:
    """A block of list items carrying one marker ("+ Added ...": release notes) reads as
    text; a list of headlines, one link per line, carries none."""
    _assert_a_record(RELEASE_NOTES.encode(), "notes.txt")


@pytest.mark.parametrize("path", GUARDS, ids=lambda p: p.name)
def test_a_guard_article_dump_stays_a_record(path: Path) -> None:
    """Dumps in tests/fixtures/guard_articles/: a forum thread whose first post is short (the
    shape of a comment thread: a name, a date, a text, again and again; its body starts at
    the first post, with no complete entry above it), a blog post with comments under it, a
    live blog of timed entries; and pages whose posts are all short, so that the model is
    sure of no line and one post is too little for an article (no_article before
    `cleaners.strip.threads`): a German forum thread, a Q&A page with two short answers, a
    live blog with 12-hour times."""
    _assert_a_record(path.read_bytes(), path.name)


COPYRIGHT_REPORT = "\n".join(
    [
        "Home | News | Business | Tech | Sport",
        "Court rules on copyright of pictures made by software",
        "By Jane Doe",
        "March 3, 2024",
        "A federal court ruled on Tuesday that pictures made entirely by software cannot be"
        " registered for copyright.",
        "The case was brought by an artist who argued that copyright law should protect works"
        " produced with a program he wrote himself, and who had been refused registration twice.",
        "Judges said the copyright statute has always required a human author.",
        "Lawyers for the artist said they would appeal, arguing that copyright must adapt to new"
        " tools as it did with photography, when courts first had to decide whether a camera"
        " could make art.",
        "Technology companies filed briefs supporting the artist, while groups of writers and"
        " musicians backed the copyright office.",
        "Experts said the ruling leaves open how much human input a work needs before it can"
        " qualify for copyright protection.",
        "Share this article",
        "© 2024 Example News. All rights reserved.",
    ]
)


def test_a_report_on_copyright_stays_a_record() -> None:
    """A copyright mark with its year is a notice; the word alone is a notice only in a
    line that addresses the reader, not in a report on a court's ruling (every paragraph
    of which names it)."""
    _assert_a_record(COPYRIGHT_REPORT.encode(), "copyright.txt")


PATENT_REPORT = "\n".join(
    [
        "Home | News | Business | Tech | Sport",
        "Court rules on patents for inventions made by software",
        "March 3, 2024",
        "A federal court ruled on Tuesday that inventions made entirely by software cannot be"
        " patented in the country.",
        "The case was brought by an engineer who argued that the patent law should protect"
        " inventions produced by his program.",
        "Judges said the patent statute has always required a human inventor, whatever tools"
        " the inventor chose to use.",
        "Lawyers for the engineer said they would appeal, arguing that patent law must adapt"
        " to tools that now invent.",
        "Several technology companies filed briefs supporting the engineer, while other"
        " inventors backed the patent office.",
        "Experts said the ruling leaves open how much human input an invention needs before"
        " it can qualify for a patent.",
        "Share this article",
    ]
)


def test_one_sentence_paragraphs_of_like_length_on_one_subject_are_no_teaser_cards() -> None:
    """Six one-sentence paragraphs of nearly the same length are cards only if they do
    not hold together: an article's paragraphs come back to its subject's words."""
    _assert_a_record(PATENT_REPORT.encode(), "patent.txt")


def _assert_a_record(raw: bytes, source_path: str) -> None:
    record = clean(raw, source_path=source_path)
    assert isinstance(record, Article), record.detail
