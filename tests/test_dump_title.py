"""A text dump's title is the headline the article's opening confirms, not the nearest
line of a headline's shape (a photo credit, a share prompt, a section name)."""

from __future__ import annotations

from cleaners.pipeline import clean
from cleaners.record import Article
from cleaners.strip.page import split_page
from cleaners.strip.title import choose_title, content_units

LEDE = (
    "The city council approved the new harbour bridge on Tuesday after a vote that ended"
    " two years of debate over its cost, its height and the ferries it will replace."
)
BODY = [
    LEDE,
    "Council members voted nine to four in favour of the plan, which will be paid for by"
    " a regional fund and a toll on lorries crossing the river at night and at weekends.",
    "Work on the foundations is to start in the spring, the harbour authority said, and the"
    " bridge should open to traffic within four years if the contractors keep to schedule.",
    "Opponents of the plan said they would ask the regional court to review the decision,"
    " arguing that the ferry operators were not consulted before the final vote was held.",
]


MENU = ["News", "Sport", "Business", "Culture", "Weather", "Opinion", "Travel", "Podcasts"]


def _dump(site_title: str, *above: str) -> bytes:
    """A page as a scraper saves it: the document's title, the menu, the lines above the
    article, the article, the chrome below."""
    lines = [site_title, *MENU, *above, *BODY, "Related posts", "Weather in the harbour city"]
    return "\n".join(lines).encode()


def test_the_headline_the_lede_confirms_is_the_title_not_the_credit_above_the_body():
    record = clean(
        _dump(
            "Council approves harbour bridge after two years of debate - City Courier",
            "Most Read Stories",
            "Council approves harbour bridge after two years of debate",
            "Photo by Jane Miller for the Courier",
        ),
        source_path="bridge.txt",
    )
    assert isinstance(record, Article)
    assert record.title == "Council approves harbour bridge after two years of debate"
    assert record.text.startswith("The city council approved")  # the body is unchanged


def test_the_site_name_stays_out_of_the_title_when_the_page_also_has_the_bare_headline():
    dump = _dump(
        "Harbour bridge approved by council vote | City Courier",
        "Subscribe to the Courier",
        "Harbour bridge approved by council vote",
        "Share this article",
    )
    assert clean(dump, source_path="b.txt").title == "Harbour bridge approved by council vote"


def test_no_line_the_lede_confirms_keeps_the_headline_of_the_layout():
    page = split_page("\n".join(["Our Weekend Picks For You", *BODY]))
    assert choose_title(page, [1, 2, 3, 4], [0], fallback=0) == 0
    assert choose_title(page, [1, 2, 3, 4], [], fallback=None) is None


def test_words_without_spaces_are_compared_in_character_pairs():
    assert content_units("港珠澳大桥通车") >= {"港珠", "大桥", "通车"}
    assert content_units("The bridge is open at 6") == {"bridge", "open", "6"}


def test_a_byline_above_the_headline_gives_the_authors():
    """The byline above the headline was not looked for once the headline was found."""
    record = clean(
        _dump(
            "Council approves harbour bridge - City Courier",
            "By Jane Miller January 18, 2017 11:00 PM",
            "Council approves harbour bridge after two years of debate",
            "Most Read Stories",
            "Share this article",
        ),
        source_path="bridge.txt",
    )
    assert record.authors == ["Jane Miller"]
    assert record.title == "Council approves harbour bridge after two years of debate"


SHORT_REPORT = [
    "The court ruled on Wednesday that the name of the sandwich is a registered trademark.",
    "A smaller rival had argued that the chain had not used the name for five years.",
    "Judges found that sales in three countries were enough to keep the name in force.",
    "The rival said it would appeal and that the ruling gave large companies too much power.",
    "Lawyers said other disputes over the names of foods would now be decided the same way.",
]


def test_a_headline_under_a_menu_line_that_opens_the_page_is_the_title() -> None:
    """A short dump that opens with its menu on one line ("Home | News | Sport") and then
    the headline: the menu took the first line's place, and no title is above it, so the
    headline is the title, not the text's first paragraph."""
    lines = ["Home | News | Business | Technology", "Court rules on burger name dispute"]
    page = "\n\n".join([*lines, *SHORT_REPORT, "Share this article"])
    record = clean(page.encode(), source_path="court.txt")
    assert isinstance(record, Article)
    assert record.title == "Court rules on burger name dispute"
    assert record.text.split("\n\n") == SHORT_REPORT


def test_the_headline_the_page_title_repeats_beats_a_caption_sharing_more_words() -> None:
    """The page's `<title>` line ("Headline - date - Section - Site") repeats the headline
    as its first part: that counts as a repeat, so a photo caption naming more of the
    lede's words is not the title."""
    headline = "Council approves harbour bridge"
    record = clean(
        _dump(
            f"{headline} - 12/03/2024 - Local - City Courier",
            "Most Read Stories",
            headline,
            "Council members and the city's engineers look at a model of the harbour bridge"
            " before the vote - Jane Miller/Courier",
            "Listen to this article",
            "Harbour City",
        ),
        source_path="bridge.txt",
    )
    assert isinstance(record, Article)
    assert record.title == headline


def test_a_repeated_headline_the_lede_does_not_restate_is_the_title() -> None:
    """A feature's headline shares one word with the opening: not enough for a line seen
    once, enough for one the page repeats (the `<h1>` and the `<title>` "Headline | Site"),
    rather than the photo caption the layout put just above the body."""
    headline = "Why the harbour still needs its boats"
    lines = [f"{headline} | Courier", "Most Read Stories", headline, "The old pier at dawn"]
    page = split_page("\n".join([*lines, *BODY]))
    body = list(range(len(lines), len(lines) + len(BODY)))
    assert choose_title(page, body, [0, 1, 2, 3], fallback=3) == 2
    once = split_page("\n".join(["Most Read Stories", headline, "The old pier at dawn", *BODY]))
    assert choose_title(once, [3, 4, 5, 6], [0, 1, 2], fallback=2) == 2  # seen once: caption
