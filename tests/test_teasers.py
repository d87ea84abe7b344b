"""Other stories' teaser summaries go from the extracted text; the article stays."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.article_shape import page_paragraphs
from cleaners.extract.html import (
    ALL_RULES,
    TEASER_REASON,
    article_text,
    extract_html,
    parse_page,
    rule_verdicts,
)
from cleaners.extract.teasers import teaser_summaries, without

FIRST = "The council met on Tuesday to decide where the new bike lanes of the city will run."
SECOND = "Most members wanted the lanes on the main roads, where most of the cyclists ride now."
THIRD = "The works start in spring and should be finished before the end of the next summer."
TEASER = "A new bakery opened in the old town this week and the queue went round the block"
LEAD = "Most members wanted the lanes on the main roads; the works start in the spring."


def _card(summary: str, headline: str = "Bakery draws queues in the old town") -> str:
    return (
        '<div class="card"><a href="/bakery"><img src="b.jpg"></a>'
        f'<div><h3><a href="/bakery">{headline}</a></h3><p>{summary}</p></div></div>'
    )


def _page(stream: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        "<html><body>"
        f'<article><p>{FIRST} See <a href="/lanes">the map</a>.</p><p>{SECOND}</p>'
        f"<p>{THIRD}</p></article>"
        f"<div>{stream}</div>"
        "</body></html>"
    )


def _drop(page: lxml_html.HtmlElement, text: str) -> list[str]:
    return without(text, teaser_summaries(page_paragraphs(page), text)).split("\n")


def test_a_summary_under_a_linked_headline_goes_even_when_cut_off_mid_sentence() -> None:
    page = _page(_card(f"{LEAD} {TEASER}"))
    text = f"{FIRST} See the map.\n{SECOND}\n{THIRD}\n{LEAD} {TEASER}"
    assert _drop(page, text) == [f"{FIRST} See the map.", SECOND, THIRD]


def test_a_card_headed_by_an_anchor_or_a_one_word_link_is_no_teaser() -> None:
    anchor = _card(f"{TEASER}.").replace('href="/bakery"', 'href="#bakery"')
    product = _card(f"{TEASER}.", headline="Bakery").replace("h3", "span")
    for stream in (anchor, product):
        text = f"{FIRST} See the map.\n{SECOND}\n{THIRD}\n{TEASER}."
        assert _drop(_page(stream), text)[-1] == f"{TEASER}."


def test_the_articles_own_paragraph_shown_again_as_its_teaser_stays() -> None:
    page = _page(_card(SECOND))
    text = f"{FIRST} See the map.\n{SECOND}\n{THIRD}"
    assert _drop(page, text) == text.split("\n")


def test_a_page_made_of_cards_keeps_them() -> None:
    page = lxml_html.fromstring(
        f"<html><body><ul>{_card(f'{TEASER}.')}{_card(f'{SECOND}')}</ul><p>{THIRD}</p>"
        "</body></html>"
    )
    text = f"{TEASER}.\n{SECOND}\n{THIRD}"
    assert _drop(page, text) == text.split("\n")


def test_extract_html_leaves_a_stream_of_teasers_out_and_explains_why() -> None:
    sentences = [FIRST, SECOND, THIRD, LEAD, f"{TEASER}."]
    article = "".join(f"<p>{s} The report adds one more detail here.</p>" for s in sentences[:4])
    teasers = "".join(
        _card(f"Story {n}: {TEASER} and then some more people came.", f"Headline {n} of the day")
        for n in range(6)
    )
    html = (
        "<html><head><title>Bike lanes</title></head><body><div class='content'>"
        f"<h1>Bike lanes</h1>{article}<div>{teasers}</div></div></body></html>"
    )
    meta, body, page = parse_page(html, url=None)
    kept = article_text(body, headlines=[meta.title], page=page, rules=ALL_RULES - {"teasers"})
    assert "Story 1" in kept  # trafilatura keeps the stream
    text = "\n".join(extract_html(html).paragraphs)
    assert FIRST in text and "Story" not in text
    dropped = [v for v in rule_verdicts(html) if v.text.startswith("Story")]
    assert dropped and all(v.reason == TEASER_REASON for v in dropped)
