"""Loose text (a container's own text after a block) is article text like a paragraph's:
`cleaners/extract/loose.py`; and a line break inside a block separates its words for the
chrome rules. Pages built after real structures: an old-style blog post written as
headings and `<br>`-separated text, a news story whose standfirst stands loose under
headline and byline, a press release whose dateline paragraph holds a line break."""

from __future__ import annotations

from cleaners.pipeline import clean
from cleaners.record import Article

NAV = '<div class="nav"><a href="/">Home</a> <a href="/archive">Archive</a></div>'
FOOTER = '<div class="footer">Imprint | Privacy</div>'
RELEASE_BODY = (
    "<p>The new plant sits on the site of a former textile mill and will run two shifts "
    "from the autumn, the company said on Tuesday.</p>"
    "<p>Harbour Tools was founded in 1952 and makes hammers, saws and garden tools that "
    "are sold in shops across the country.</p>"
)


def _page(title: str, inner: str) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body>{NAV}"
        f'<div class="post">{inner}</div>{FOOTER}</body></html>'
    ).encode()


def _text(raw: bytes) -> str:
    record = clean(raw, source_path="page.html")
    assert isinstance(record, Article), record
    return record.text


def test_a_post_of_headings_and_loose_text_keeps_every_section() -> None:
    """trafilatura drops the headings left at the end of its output with their tails: the
    text under the last headings was lost, one section after the other (and the text under
    the headline with the headline)."""
    sections = [
        "Am Wochenende sind wir mit dem Zug nach Konstanz gefahren und haben drei Tage am See "
        "verbracht. Das Wetter war besser als angekündigt.",
        "Am zweiten Tag sind wir mit dem Schiff zur Insel Mainau gefahren. Der Park war voller "
        "Blumen, und wir sind bis zum Abend geblieben.",
        "Für ein verlängertes Wochenende ist der Bodensee ideal, auch ohne Auto. Wir kommen im "
        "Sommer wieder und bringen die Räder mit.",
    ]
    inner = (
        f"<h1>Unser Ausflug an den Bodensee</h1>\n{sections[0]}<br><br>\n"
        f"<h2>Die Insel Mainau</h2>\n{sections[1]}<br>\n"
        f"<h2>Unser Fazit</h2>\n{sections[2]}\n"
    )
    text = _text(_page("Unser Ausflug an den Bodensee", inner))
    for section in sections:
        assert section in text


def test_a_standfirst_left_loose_under_a_dropped_headline_stays() -> None:
    """trafilatura keeps a loose standfirst as the tail of the headline; the `lead` rule
    drops the headline, and removing it removed its tail."""
    standfirst = (
        "The company will hire two hundred workers over the next year to build hand tools "
        "for the home market."
    )
    inner = (
        "<h1>Harbour Tools opens a second plant in Leeds</h1>"
        '<p class="byline">By <a href="/staff/ann">Ann Clarke</a><br>'
        "<span>Tuesday, 12 March 2024</span></p>\n"
        f'<span><span class="standfirst">{standfirst}</span></span>'
        f"{RELEASE_BODY}"
    )
    paragraphs = _text(_page("Harbour Tools opens a second plant in Leeds", inner)).split("\n\n")
    assert paragraphs[0] == standfirst
    assert not any("Harbour Tools opens" in p for p in paragraphs)  # the headline goes


def test_a_dateline_written_over_two_lines_goes() -> None:
    """The chrome rules read a block's text without its line breaks: "Press release<br>12
    March 2024" was "Press release12 March 2024", no date, and stayed above the text."""
    lead = (
        "Harbour Tools will open a second plant in Leeds and hire two hundred workers over "
        "the next year to build hand tools for the home market."
    )
    inner = (
        "<h1>Harbour Tools opens a second plant in Leeds</h1>"
        f"<p>Press release<br>12 March 2024</p><p>{lead}</p>{RELEASE_BODY}"
    )
    text = _text(_page("Harbour Tools opens a second plant in Leeds", inner))
    assert text.startswith(lead)
