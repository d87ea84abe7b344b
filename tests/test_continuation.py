"""The article's paragraphs in other containers like its own go back into the text."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.article_shape import page_paragraphs
from cleaners.extract.continuation import continue_article

FIRST = "The council met on Tuesday to decide where the new bike lanes of the city will run."
SECOND = "Most members wanted the lanes on the main roads, where most of the cyclists ride now."
THIRD = "After the advertisement the article goes on, in a second container of the same kind."
FOURTH = "The works start in spring and should be finished before the end of the next summer."
OTHER = "A reader wrote in to say that the lanes should have come many years ago, and better."
TEASER = "Another story of the site, summed up in one sentence below its linked headline."


def _page() -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        "<html><body>"
        f'<div class="story-body"><p>{FIRST}</p><p>{SECOND}</p></div>'
        '<div class="ad"><p>Advertisement</p></div>'
        f'<div class="story-body"><p>{THIRD}</p><p>{FOURTH}</p></div>'
        f'<div class="comment"><p>{OTHER}</p></div>'
        '<aside><div class="story-body"><p>In the sidebar, a sentence of eight words and more.</p>'
        "</div></aside>"
        f'<div class="story-body"><div class="card"><a href="/other">Other headline</a>'
        f"<p>{TEASER}</p></div></div>"
        "</body></html>"
    )


def test_paragraphs_in_containers_like_the_articles_own_come_back_in_page_order() -> None:
    text = continue_article(page_paragraphs(_page()), f"{FIRST}\n{SECOND}")
    assert text.split("\n") == [FIRST, SECOND, THIRD, FOURTH]


def test_a_paragraph_goes_back_after_the_extracted_paragraph_before_it() -> None:
    text = continue_article(page_paragraphs(_page()), f"{FIRST}\n{FOURTH}")
    assert text.split("\n") == [FIRST, SECOND, THIRD, FOURTH]


def test_nothing_comes_back_when_the_articles_container_has_no_class() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}</p></div><div><p>{THIRD}</p></div></body></html>"
    )
    assert continue_article(page_paragraphs(page), FIRST) == FIRST
