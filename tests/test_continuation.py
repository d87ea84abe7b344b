"""The article's paragraphs in other containers like its own go back into the text."""

from __future__ import annotations

from lxml import html as lxml_html

from cleaners.extract.article_shape import page_paragraphs
from cleaners.extract.continuation import continue_article
from cleaners.pipeline import clean
from cleaners.record import Article

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
    page = _page()
    text = continue_article(page_paragraphs(page), f"{FIRST}\n{SECOND}", page)
    assert text.split("\n") == [FIRST, SECOND, THIRD, FOURTH]


def test_a_paragraph_goes_back_after_the_extracted_paragraph_before_it() -> None:
    page = _page()
    text = continue_article(page_paragraphs(page), f"{FIRST}\n{FOURTH}", page)
    assert text.split("\n") == [FIRST, SECOND, THIRD, FOURTH]


def test_nothing_comes_back_when_the_articles_container_has_no_class() -> None:
    page = lxml_html.fromstring(
        f"<html><body><div><p>{FIRST}</p></div><div><p>{THIRD}</p></div></body></html>"
    )
    assert continue_article(page_paragraphs(page), FIRST, page) == FIRST


POSTS = [
    ("hans_m", "Hallo zusammen, mein Heizkörper im Bad wird seit gestern nicht mehr warm, "
     "obwohl die anderen im Haus funktionieren. Hat jemand eine Idee, woran das liegt?"),
    ("klaus77", "Hast du ihn schon entlüftet? Oft ist einfach Luft im Heizkörper."),
    ("sabine_k", "Dann würde ich auf den Ventilstift tippen. Der klemmt gerne nach dem "
     "Sommer, wenn die Heizung lange aus war.<br>Einfach ein paar Mal vorsichtig drücken."),
    ("hans_m", "Das war es! Danke dir, jetzt wird er wieder warm."),
]  # fmt: skip


def _thread() -> bytes:
    """A board's thread (phpBB's layout): each post a heading, an author line, and its
    text with `<br>` in a `div.content` inside a `div.postbody`."""
    posts = "".join(
        f'<div class="post bg{n % 2 + 1}"><div class="postbody">'
        f'<h3><a href="#p{n}">Re: Heizkörper wird nicht warm</a></h3>'
        f'<p class="author">von <a href="/memberlist.php?u={n}">{user}</a> » 14. Okt 2024</p>'
        f'<div class="content">{text}</div></div></div>'
        for n, (user, text) in enumerate(POSTS)
    )
    return (
        "<html><head><title>Heizkörper wird nicht warm - Haustechnik-Forum</title></head>"
        '<body><div class="navbar"><a href="/index.php">Foren-Übersicht</a> '
        '<a href="/viewforum.php?f=3">Heizung</a></div>'
        f'<h2 class="topic-title">Heizkörper wird nicht warm</h2>{posts}'
        '<div class="copyright">Powered by a board software</div></body></html>'
    ).encode()


def test_every_post_of_a_thread_written_as_text_in_a_div_is_kept() -> None:
    """trafilatura takes the first post (the first element its content classes match);
    the others are classed blocks of the same kind holding their own text. Before, the
    thread was `no_article` (25 words of running text, the first post)."""
    record = clean(_thread(), source_path="thread.html")
    assert isinstance(record, Article), record
    for _, text in POSTS:
        assert text.replace("<br>", " ").split(". ")[0] in record.text


def test_a_comment_in_a_block_named_like_the_articles_stays_out() -> None:
    """A news site's comments hold their text in a block of the article's class
    (`div.content`), under another kind of parent: not the article's."""
    page = lxml_html.fromstring(
        "<html><body>"
        f'<div class="article"><div class="content">{FIRST} {SECOND}</div></div>'
        f'<div class="comment"><div class="comment-body"><div class="content">{OTHER}</div>'
        "</div></div></body></html>"
    )
    text = f"{FIRST} {SECOND}"
    assert continue_article(page_paragraphs(page), text, page) == text


def test_a_text_is_placed_in_the_paragraph_holding_its_first_or_last_words() -> None:
    from cleaners.extract.continuation import _places

    output = [
        "one two three four five six seven eight",
        "alpha beta gamma delta epsilon zeta eta theta",
        "short line",
    ]
    texts = [
        "x y one two three four five six",  # last six words in paragraph 0
        "alpha beta gamma delta epsilon zeta and more",  # first six in paragraph 1
        "one two three four five six gamma delta epsilon zeta eta theta",  # the later: 1
        "nowhere to be found in the output at all",
        "short line",  # fewer words than a piece: anywhere in a paragraph
        "two three four five six seven eight nine",  # a window starting mid-paragraph
    ]
    assert _places(texts, output) == [0, 1, 1, -1, 2, 0]
