"""A page's controls are not text: ARIA widgets (a video player's menus, sliders and
toolbar) and closed dialogs (`aria-hidden="true"`) go with the hidden elements before
extraction (`extract.html.drop_hidden`). Page built after a news site's story with an
embedded video player (its quality menu, seek bar and closed share dialog are elements
with text, as a common player library writes them)."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.html import drop_hidden
from cleaners.pipeline import clean
from cleaners.record import Article

STORY = [
    "Fire crews spent most of Sunday night fighting a blaze at a timber yard on the edge of "
    "the town, the fire service said.",
    "Nobody was hurt, but smoke drifted over the nearby houses and residents were asked to "
    "keep their windows closed until the morning.",
    "The cause of the fire is not yet known, and the yard will stay closed while the "
    "investigation goes on.",
]
PLAYER = (
    '<div class="vp-box"><div class="vp" role="region" aria-label="Video">'
    '<div class="vp-bar" role="group">'
    '<div class="vp-seek" role="slider" aria-valuenow="0">Elapsed 0:00 of 1:42</div>'
    '<div class="vp-quality"><ul class="vp-list" role="menu">'
    '<li class="vp-entry" role="menuitemradio" aria-checked="true">Auto quality, chosen</li>'
    '<li class="vp-entry" role="menuitemradio">High definition, 1080 lines</li>'
    '<li class="vp-entry" role="menuitemradio">Standard definition, 480 lines</li>'
    "</ul></div></div>"
    '<div class="vp-over" role="dialog" aria-hidden="true">'
    "<p>Share this clip with your friends: copy the link or the code to embed it.</p>"
    "</div></div></div>"
)


def test_a_video_players_controls_and_closed_dialogs_are_no_text() -> None:
    """The whole path: the story alone (trafilatura drops this player by itself; on a page
    where it keeps one, its menu items and dialog text stood between the paragraphs)."""
    page = (
        "<html><head><title>Fire at timber yard</title></head><body>"
        '<article><h1>Fire at timber yard</h1><div class="story-body">'
        f"<p>{STORY[0]}</p>{PLAYER}<p>{STORY[1]}</p><p>{STORY[2]}</p>"
        "</div></article></body></html>"
    )
    record = clean(page.encode(), source_path="story.html")
    assert isinstance(record, Article), record
    assert record.text.split("\n\n") == STORY


def test_drop_hidden_removes_widgets_and_closed_dialogs_but_not_an_open_one() -> None:
    page = lxml_html.fromstring(
        f"<html><body><p>{STORY[0]}</p>{PLAYER}"
        f'<div role="dialog" aria-modal="true"><p>{STORY[1]}</p></div>'
        f'<div role="navigation"><a href="/">Home</a></div></body></html>'
    )
    drop_hidden(page)
    text = " ".join(" ".join(page.itertext()).split())
    assert text == f"{STORY[0]} {STORY[1]} Home"
