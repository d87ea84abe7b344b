"""Wiki pages saved as text: a heading's edit link is chrome (no title; a table of contents
names the heading without it), the lead above the table of contents is the article's, and
the page's subject is its title.

Fixtures: handmade MediaWiki pages (tests/fixtures/articles/wiki_de.txt, wiki_en.txt) and a
Fandom-like one (fandom_de.txt, its edit links empty brackets), text written for these
tests; each as the bench folder's `textdump.py` renders the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.chrome import without_edit_link
from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip.contents import with_lead
from cleaners.strip.lines import features
from cleaners.strip.page import Page, split_page

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
# page, its title, the first words of its lead
WIKIS = [
    ("wiki_de.txt", "Hoher Kamm", "Der Hohe Kamm ist ein 1.184 Meter hoher Berg"),
    ("wiki_en.txt", "Lindmoor Canal", "The Lindmoor Canal is a disused canal"),
    ("fandom_de.txt", "Kapitän Morvan", "Kapitän Morvan ist eine Nebenfigur der Buchreihe"),
]


def _record(name: str) -> Article:
    record = clean((ARTICLES / name).read_bytes(), source_path=name)
    assert isinstance(record, Article), record.detail
    return record


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("Geschichte [ Bearbeiten | Quelltext bearbeiten ]", "Geschichte"),
        ("History[edit]", "History"),
        ("Restoration [ edit ]", "Restoration"),
        ("Cheografía[editar | modificar o codigo]", "Cheografía"),
        ("Handlung[]", "Handlung"),
        ("Aussehen [ ]", "Aussehen"),
    ],
)
def test_an_edit_link_after_a_heading_is_chrome(line: str, heading: str) -> None:
    assert without_edit_link(line) == heading


@pytest.mark.parametrize(
    "line", ["See note [1]", "Review [Video]", "int[] a = new int[]", "x = []"]
)
def test_other_brackets_at_a_line_end_stay(line: str) -> None:
    assert without_edit_link(line) == line


@pytest.mark.parametrize(("name", "title", "lead"), WIKIS)
def test_a_heading_with_an_edit_link_is_no_title(name: str, title: str, lead: str) -> None:
    """The link stays in the text (dev ground truth, Readability's, keeps it; dropping it
    cost readability's dump F1 0.0002), but a section's heading is no title."""
    record = _record(name)
    assert not without_edit_link(record.title or "").endswith(("Bearbeiten", "edit"))
    assert without_edit_link(record.title or "") == record.title


@pytest.mark.parametrize(("name", "title", "lead"), WIKIS)
def test_the_lead_above_the_table_of_contents_is_the_articles(
    name: str, title: str, lead: str
) -> None:
    record = _record(name)
    assert record.text.startswith(lead), record.text[:120]


@pytest.mark.parametrize(("name", "title", "lead"), WIKIS)
def test_the_pages_subject_is_its_title(name: str, title: str, lead: str) -> None:
    assert _record(name).title == title


_LEAD = "Spring is close, and a few jobs done now save a lot of work later in the year."
_SECTION = "Cut each stem back to an outward-facing bud, and take out dead or crossing wood."


def _page(entries: list[str]) -> tuple[Page, int]:
    """A page: a lead, a numbered list, a heading and its section; the section's index."""
    lines = [_LEAD, "", *entries, "", "Pruning the roses", "", _SECTION, "", "Sowing peas"]
    page = split_page("\n".join(lines))
    features(page)  # fills in the word counts
    return page, page.texts.index(_SECTION)


def test_a_table_of_contents_brings_the_lead_above_it() -> None:
    page, section = _page(["1 Pruning the roses", "2 Sowing peas"])
    assert [page.texts[i] for i in with_lead(page, [section])] == [
        _LEAD,
        "Pruning the roses",
        _SECTION,
    ]


def test_a_numbered_list_naming_no_heading_below_is_no_table_of_contents() -> None:
    page, section = _page(["1 Prune the roses", "2 Sow early peas"])
    assert with_lead(page, [section]) == [section]
