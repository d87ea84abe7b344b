"""A link in loose text stays in its sentence, with the page's white space around it; a
paragraph that opens with a link on the page stays a paragraph of its own."""

from __future__ import annotations

from cleaners.extract.html import ALL_RULES, article_text, extract_html, parse_page
from cleaners.extract.rejoin import REJOIN

INTRO = " ".join(f"The council met for the {n}th time to decide on new lanes." for n in range(4))
LOOSE = (
    'They asked <a href="https://example.org/a">the cycling club</a> for advice, and '
    '<strong><a href="https://example.org/b">its chair</a></strong> wrote a plan for the city.'
)
WHOLE = "They asked the cycling club for advice, and its chair wrote a plan for the city."
OPENING = (
    '<p><a href="https://example.org/c">The plan</a> was published on Friday, '
    "and the first lanes open next spring.</p>"
)


def _blog_post(loose: str) -> str:
    """A post written with line breaks: its text held by the container itself."""
    return (
        '<html><body><div class="post-body">'
        f"<p>{INTRO}</p>{loose}<br/>More lanes will follow in the old town after that."
        f"{OPENING}</div></body></html>"
    )


def _text(html: str, rules: frozenset[str]) -> list[str]:
    meta, body, page = parse_page(html, url=None)
    return article_text(body, headlines=[meta.title or ""], rules=rules, page=page).split("\n")


def test_a_link_in_loose_text_stays_in_its_sentence() -> None:
    assert WHOLE in _text(_blog_post(LOOSE), ALL_RULES)


def test_without_the_rule_trafilatura_splits_the_sentence_at_the_link() -> None:
    assert _text(_blog_post(LOOSE), frozenset())[1:4] == [
        "They asked",
        "the cycling clubfor advice, and",
        "its chairwrote a plan for the city.",
    ]
    assert WHOLE in _text(_blog_post(LOOSE), frozenset({REJOIN}))


def test_no_space_is_added_where_the_page_has_none() -> None:
    glued = LOOSE.replace("</a> for advice", "</a>for advice")
    assert WHOLE.replace("club for", "clubfor") in _text(_blog_post(glued), ALL_RULES)


def test_a_paragraph_opening_with_a_link_stays_a_paragraph() -> None:
    lines = _text(_blog_post(LOOSE), ALL_RULES)
    assert "The plan was published on Friday, and the first lanes open next spring." in lines


def test_a_whole_page_through_clean_keeps_the_sentence() -> None:
    extraction = extract_html(_blog_post(LOOSE))
    assert WHOLE in extraction.paragraphs


def test_in_japanese_the_link_joins_its_sentence_without_spaces() -> None:
    loose = 'これはパスワード管理ソフト<a href="https://keepass.info/">KeePass</a>の起動キーと同じなのです。'
    lines = _text(_blog_post(loose), ALL_RULES)
    assert "これはパスワード管理ソフトKeePassの起動キーと同じなのです。" in lines
