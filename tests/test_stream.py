"""A stream of the site's other posts (cards of one kind) goes from the extracted text."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.article_shape import page_paragraphs
from cleaners.extract.html import STREAM_REASON, extract_html, rule_verdicts
from cleaners.extract.stream import stream_paragraphs
from cleaners.extract.teasers import without

ARTICLE = [
    "The council met on Tuesday to decide where the new bike lanes of the city will run.",
    "Most members wanted the lanes on the main roads, where most of the cyclists ride now.",
    "The works start in spring and should be finished before the end of the next summer.",
]
POST = (
    "A new bakery opened in the old town this week, and by nine the queue went round the "
    "block. The owners, two sisters who trained in Lyon, bake four kinds of bread and one "
    "cake a day, and they close when it is sold out. Neighbours say the smell reaches the "
    "river. The city gave them a grant for the oven, the first of its kind in the region."
)  # 70 words: longer than a teaser summary


def _post(n: int, href: str = "/posts/{n}") -> str:
    """One card of the stream: a picture linking to the post, share buttons, its text."""
    link = href.format(n=n)
    return (
        f'<div class="postbox post-{n} category-{n % 3}"><a href="{link}"><img src="{n}.jpg">'
        '</a><div><a href="https://share.example.org/?u=1">Share</a></div>'
        f"<p>Post {n}. {POST}</p></div>"
    )


def _page(posts: str) -> str:
    article = "".join(f"<p>{s}</p>" for s in ARTICLE)
    return (
        "<html><head><title>Bike lanes</title>"
        '<link rel="canonical" href="https://news.example.com/bike-lanes"></head><body>'
        f'<article class="articlebox"><h1>Bike lanes</h1>{article}</article>'
        f"<div>{posts}</div></body></html>"
    )


def _left(page: str, text: str, site: str = "example.com") -> list[str]:
    units = page_paragraphs(lxml_html.fromstring(page))
    return without(text, stream_paragraphs(units, text, site)).split("\n")


def test_the_paragraphs_of_a_stream_of_the_sites_posts_go() -> None:
    page = _page("".join(_post(n) for n in range(4)))
    text = "\n".join([*ARTICLE, *(f"Post {n}. {POST}" for n in range(4))])
    assert _left(page, text) == ARTICLE


def test_two_cards_are_no_stream() -> None:
    page = _page("".join(_post(n) for n in range(2)))
    text = "\n".join([*ARTICLE, *(f"Post {n}. {POST}" for n in range(2))])
    assert _left(page, text) == text.split("\n")


def test_cards_linking_to_other_sites_stay() -> None:
    """A list of products or sources, each under a link to its own site, is the article."""
    page = _page("".join(_post(n, "https://shop{n}.example.net/item") for n in range(4)))
    text = "\n".join([*ARTICLE, *(f"Post {n}. {POST}" for n in range(4))])
    assert _left(page, text) == text.split("\n")


def test_cards_between_the_articles_paragraphs_stay() -> None:
    """A column of briefs, each under a link to its full story, with text between them."""
    cards = [_post(n) for n in range(4)]
    page = _page(f"{cards[0]}<p>{ARTICLE[1]}</p>{''.join(cards[1:])}")
    posts = [f"Post {n}. {POST}" for n in range(4)]
    text = "\n".join([*ARTICLE, posts[0], ARTICLE[1], *posts[1:]])
    assert _left(page, text) == text.split("\n")


def test_a_page_made_of_cards_keeps_them() -> None:
    page = "<html><body>" + "".join(_post(n) for n in range(4)) + "</body></html>"
    text = "\n".join(f"Post {n}. {POST}" for n in range(4))
    assert _left(page, text) == text.split("\n")


def test_extract_html_leaves_the_stream_out_and_explains_why() -> None:
    html = _page("".join(_post(n) for n in range(5)))
    text = "\n".join(extract_html(html).paragraphs)
    assert ARTICLE[0] in text and "bakery" not in text
    dropped = [v for v in rule_verdicts(html) if v.text.startswith("Post")]
    assert dropped and all(v.reason == STREAM_REASON for v in dropped)


def test_a_page_without_its_address_knows_its_site_from_its_head_links() -> None:
    """A saved page with no canonical link: its AMP and language alternates name the site,
    so the stream's cards, linking to it by full address, are the site's own posts."""
    posts = "".join(_post(n, "https://news.example.com/posts/{n}") for n in range(5))
    html = _page(posts).replace(
        '<link rel="canonical" href="https://news.example.com/bike-lanes">',
        '<link rel="amphtml" href="https://amp.news.example.com/bike-lanes">'
        '<link rel="alternate" type="application/rss+xml" href="https://feeds.example.net/">'
        '<link rel="alternate" hreflang="de" href="https://news.example.com/de/radwege">',
    )
    text = "\n".join(extract_html(html).paragraphs)
    assert ARTICLE[0] in text and "bakery" not in text
