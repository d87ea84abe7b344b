"""The article's lead in a box of its own before the body's container comes back
(`cleaners/extract/standfirst.py`)."""

from __future__ import annotations

from cleaners.pipeline import clean
from cleaners.record import Article

LEAD = (
    "The town council voted on Monday to keep the open-air pool open for two more summers "
    "while a new indoor pool is planned."
)
BODY = [
    "The pool needs new pumps and repairs to its tiles, which the council will pay for out "
    "of the sports budget this year.",
    "Swimming clubs had asked for the pool to stay open, saying that their members had "
    "nowhere else to train in the summer months.",
    "The new indoor pool is expected to open in three years at the earliest, once a site "
    "near the school has been bought.",
]


def _page(between: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        '<html lang="en"><head><title>Pool stays open</title></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        '<div class="article"><h1>Pool stays open</h1><div class="info">12 May 2025</div>'
        f'<div class="lead"><p>{LEAD}</p></div>{between}<div class="text">{body}</div></div>'
        '<footer><a href="/about">About us</a></footer></body></html>'
    ).encode()


def test_a_lead_in_a_box_before_the_body_comes_back_first() -> None:
    record = clean(_page(), source_path="lead.html")
    assert isinstance(record, Article), record
    assert record.text.split("\n\n")[0] == LEAD
    assert all(p in record.text for p in BODY)


def test_an_aside_between_the_lead_and_the_body_stays_out() -> None:
    """Only running text of the article's own boxes comes back: an aside between the
    lead's box and the body's (an advertisement, a promotion) stays out, the lead not."""
    aside = (
        "<aside><p>Our weekend guide lists every event in the region, from markets to "
        "concerts, with times and prices.</p></aside>"
    )
    record = clean(_page(aside), source_path="lead_aside.html")
    assert isinstance(record, Article), record
    assert "weekend guide" not in record.text
    assert record.text.split("\n\n")[0] == LEAD
