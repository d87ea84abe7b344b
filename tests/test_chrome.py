"""Chrome line families of the seeds README: each must be recognised, prose must not."""

from __future__ import annotations

import pytest

from cleaners.chrome import END_MARKERS, is_chrome_line, is_teaser_bullet

CHROME = {
    "weather widget": ["7.8 C", "21°C", "-3 °F"],
    "date widget": ["miercuri, 22 ianuarie 2025 - 17:00", "January 22, 2025", "22.01.2025 17:00"],
    "no menu items": ["No menu items!"],
    "spot_img": ["spot_img", "spotimg"],
    "share buttons": [
        "Share This Post",
        "Share",
        "Share on Facebook",
        "Facebook",
        "Tweet",
        "Share on Google Plus",
        "Share on Google+",
        "Share on X (Twitter)",
        "Share via Email",
    ],
    "social row": ["Facebook | Twitter | WhatsApp", "Email", "Google+ · Tumblr"],
    "comment form": ["Please enter your comment!", "Please enter your name here", "Post a comment"],
    "related posts": ["Related posts", "Latest posts", "More from author", "Related Articles"],
    "newsletter": ["Want to stay up to date with the latest news?", "Subscribe to our newsletter"],
    "source link": ["Source link", "Source link -87"],
    "photo caption": ["Biden talks with Putin (Photo: Reuters)", "Die Baustelle (Foto: dpa)"],
    "lone punctuation": [".", "—", "* * *", "|"],
    "reading time": ["5 min read", "3 Minute Read", "Reading time: 4 minutes", "Lesezeit: 3 Min."],
    "picture credit": [
        "Photo by Jane Miller for the Courier",
        "Image: Agency Pictures / The Site",
        "Credit John Smith",
        "Image copyright Some Agency",
        "Foto: dpa",
        "Photograph: Some Agency",
    ],
    "gallery counter": ["Image 1 of 5", "Photo 12 of 30", "Bild 2 von 7"],
    "you may also like": ["You may also like", "You might also like"],
    "leave a comment": ["Leave a Comment", "Leave a Reply"],
    "other languages": [
        "Ähnliche Artikel",
        "Artículos relacionados",
        "Powiązane artykuły",
        "Anzeige",
    ],
}

PROSE = [
    "Share prices rose sharply on Monday after the company announced its results.",
    "Comments from the minister were welcomed by the opposition parties.",
    "Related talks are planned for next week in Geneva, officials said.",
    "The 7.8 percent rise in prices surprised economists.",
    "Die Stadtwerke haben am Mittwoch neue Preise angekündigt.",
    "Biden and Putin talked for 50 minutes",
    "Share on the rise",
    "Reading time is down among teenagers, a survey of 2,000 families found.",
    "The photo of the year",
    "Photos show the flooded streets.",
    "Credit card fees rose again this year.",
]


@pytest.mark.parametrize(
    ("family", "line"), [(family, line) for family, lines in CHROME.items() for line in lines]
)
def test_chrome_families_are_recognised(family: str, line: str) -> None:
    assert is_chrome_line(line), family


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_chrome(line: str) -> None:
    assert not is_chrome_line(line)


@pytest.mark.parametrize(
    "line", ["Related posts", "You may also like", "Leave a Comment", "Please enter your comment!"]
)
def test_end_markers(line: str) -> None:
    assert END_MARKERS.match(line)


def test_inline_related_link_bullet_is_a_teaser() -> None:
    line = "• Is there another “lying guy”? This is probably what will prevent him from running"
    assert is_teaser_bullet(line)


def test_bulleted_sentence_is_not_a_teaser() -> None:
    assert not is_teaser_bullet("• The plan covers all schools in the district.")
    assert not is_teaser_bullet("Sanctions could follow – officials said so on Friday")


@pytest.mark.parametrize(
    ("line", "chrome"),
    [
        ("-" * 20_000, True),
        ("-" * 20_000 + " Weather", False),
        ("(photo " * 20_000, False),
        ("(photo " * 20_000 + ")", True),
    ],
    ids=["punctuation", "punctuation-then-word", "open-captions", "caption"],
)
def test_a_long_line_is_judged_without_backtracking_blowup(line: str, chrome: bool) -> None:
    """A line of thousands of symbols ending in a word once made the chrome patterns
    backtrack in cubic time (hours for this one), and one of many open brackets made the
    caption pattern quadratic: one hostile line stalled a whole document."""
    assert is_chrome_line(line) is chrome
    assert is_chrome_line(line, dump=True) is chrome
