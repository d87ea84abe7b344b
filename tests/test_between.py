"""Quotations and lists between the article's paragraphs go back into the text; others
stay out."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.between import LISTS, QUOTES, block_lines, put_back_between
from cleaners.extract.html import ALL_RULES, article_text, extract_html, parse_page

FIRST = "The council met on Tuesday to decide where the new bike lanes of the city will run."
SECOND = "Most members wanted the lanes on the main roads, where most of the cyclists ride now."
POST = "Finally the lanes are coming to our street, and the whole school cycles there already!"
SIGNATURE = "— A Parent (@aparent) May 4, 2024"
COMMENT = "A reader wrote that the lanes should have come many years ago, and that is all true."


def _page(between: str, below: str = "") -> lxml_html.HtmlElement:
    return lxml_html.fromstring(
        "<html><body><article>"
        f"<p>{FIRST}</p>{between}<p>{SECOND}</p>"
        f"</article>{below}<footer><p>Contact us at any time.</p></footer></body></html>"
    )


def _quotes(page: lxml_html.HtmlElement, text: str) -> str:
    return put_back_between(page, text, {QUOTES})


def _post(text: str = POST) -> str:
    """An embedded post as social networks give it: a quotation, its script after it."""
    date = f'<a href="https://x.com/s/1">{SIGNATURE[-11:]}</a>'
    quote = f'<p>{text} <a href="https://t.co/x">pic.x.com/x</a></p>{SIGNATURE[:-11]}{date}'
    script = "<script>load('widgets.js')</script>"
    return f'<div class="social-embed"><blockquote class="tweet">{quote}</blockquote>{script}</div>'


def test_a_post_embedded_between_two_paragraphs_goes_back_after_the_first() -> None:
    text = _quotes(_page(_post()), f"{FIRST}\n{SECOND}")
    assert text.split("\n") == [FIRST, f"{POST} pic.x.com/x", SIGNATURE, SECOND]


def test_a_caption_between_the_paragraph_and_the_quotation_does_not_separate_them() -> None:
    caption = "<figure><img src='a.jpg'><figcaption>The new lanes</figcaption></figure>"
    text = _quotes(_page(caption + _post()), f"{FIRST}\n{SECOND}")
    assert text.split("\n")[1] == f"{POST} pic.x.com/x"


def test_a_quotation_already_in_the_output_is_not_repeated() -> None:
    output = f"{FIRST}\n{POST} pic.x.com/x\n{SIGNATURE}\n{SECOND}"
    assert _quotes(_page(_post()), output) == output


def test_a_quotation_among_comments_below_the_article_stays_out() -> None:
    comments = f'<section class="comments"><blockquote><p>{COMMENT}</p></blockquote></section>'
    output = f"{FIRST}\n{SECOND}"
    assert _quotes(_page("", below=comments), output) == output


def test_a_quotation_next_to_text_the_output_lacks_stays_out() -> None:
    teaser = '<div class="related"><a href="/other">Another story of the site entirely</a></div>'
    output = f"{FIRST}\n{SECOND}"
    assert _quotes(_page(teaser + _post()), output) == output


def test_a_short_quotation_or_one_in_an_aside_stays_out() -> None:
    output = f"{FIRST}\n{SECOND}"
    assert _quotes(_page("<blockquote><p>Yes, finally.</p></blockquote>"), output) == output
    aside = f"<aside><blockquote><p>{POST}</p></blockquote></aside>"
    assert _quotes(_page(aside), output) == output


def test_each_block_of_a_quotation_is_a_line() -> None:
    quote = lxml_html.fromstring(
        "<blockquote>Before <b>the</b> table<table><tr><td>4.2</td><td>April</td></tr></table>"
        "<p>After <i>it</i>.</p><script>x()</script>end</blockquote>"
    )
    assert [line for line in block_lines(quote) if line] == [
        "Before the table",
        "4.2",
        "April",
        "After it.",
        "end",
    ]


def test_a_list_between_two_paragraphs_goes_back_when_lists_are_asked_for() -> None:
    steps = f"<ul><li>{POST}</li><li>{COMMENT}</li></ul>"
    output = f"{FIRST}\n{SECOND}"
    assert _quotes(_page(steps), output) == output
    text = put_back_between(_page(steps + _post()), output, {QUOTES, LISTS})
    assert text.split("\n") == [FIRST, POST, COMMENT, f"{POST} pic.x.com/x", SIGNATURE, SECOND]


def test_a_link_list_or_a_gallery_between_two_paragraphs_stays_out() -> None:
    links = "".join(
        f'<li><a href="/s/{i}">Another story of the site {i}</a></li>' for i in range(4)
    )
    gallery = f"<ul><li><img src='a.jpg'> {POST}</li><li><img src='b.jpg'> {COMMENT}</li></ul>"
    output = f"{FIRST}\n{SECOND}"
    for block in (f"<ul>{links}</ul>", gallery):
        assert put_back_between(_page(block), output, {QUOTES, LISTS}) == output


ARTICLE = [
    "The council met on Tuesday to decide where the new bike lanes of the city will run.",
    "Most members wanted the lanes on the main roads, where most of the cyclists ride now.",
    "The works start in spring and should be finished before the end of the next summer.",
    "Parents of the school on the corner had asked for a lane for years, and welcomed it.",
    "The cost of the lanes is estimated at two million, shared with the region over years.",
]


def test_a_post_the_extractor_drops_with_its_wrapper_comes_back_in_the_html_path() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE[:4])
    html = (
        "<html><head><title>Bike lanes for the city</title></head><body><article>"
        f"<h1>Bike lanes for the city</h1>{paragraphs}{_post()}<p>{ARTICLE[4]}</p>"
        "</article><footer>Contact</footer></body></html>"
    )
    _, body, page = parse_page(html, url=None)
    without = article_text(body, headlines=[], rules=ALL_RULES - {QUOTES}, page=page)
    assert POST not in without  # trafilatura drops the post with its `social-embed` wrapper
    assert extract_html(html).paragraphs == [
        *ARTICLE[:4],
        f"{POST} pic.x.com/x",
        SIGNATURE,
        ARTICLE[4],
    ]


def test_in_japanese_a_word_runs_across_inline_markup_and_a_short_paragraph_is_a_piece() -> None:
    first = "市議会は火曜日に会合を開き、新しい自転車専用レーンの場所を<b>決めました</b>。"
    second = "多くの議員は、事故も起きている幹線道路にレーンを設けることを望みました。"
    post = "ついに私たちの通りにも自転車レーンができます。学校のみんながもう走っています！"
    page = lxml_html.fromstring(
        f"<html><body><h1>自転車レーン</h1><p>{first}</p>"
        f"<blockquote><p>{post}</p></blockquote><p>{second}</p></body></html>"
    )
    output = f"{first.replace('<b>', '').replace('</b>', '')}\n{second}"
    assert _quotes(page, output).split("\n")[1] == post
