"""The handmade pages without an article (tests/non_article_pages.py), saved as a scraper
saves a page as text (every visible line, chrome included: `html_text` with its layout),
are `no_article` on the text-dump path too."""

from __future__ import annotations

import html_text
import pytest
from non_article_pages import PAGES, build

from cleaners.pipeline import clean
from cleaners.record import Article

# Still records as dumps, and why: cards flattened to lines of text keep no mark of their
# cards (posts parted by share links, cards of one link each, briefs, pictures' captions,
# titled cards, long decks: each card's summary reads as a paragraph of one text; varying
# the generator's summaries changes none of them); a consent request names no phrase of
# the notice lists, and the dump loses its form. The HTML path rejects
# all of them.
RECORDS_AS_DUMPS = frozenset(
    {
        "long_decks",
        "share_cards",
        "linked_cards",
        "briefs",
        "photo_captions",
        "noscript_wall",
        "titled_cards",
    }
)


def _as_dump(name: str) -> bytes:
    return html_text.extract_text(build(name), guess_layout=True).encode("utf-8")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason="RECORDS_AS_DUMPS"))
        if name in RECORDS_AS_DUMPS
        else name
        for name in sorted(PAGES)
    ],
)
def test_a_page_without_an_article_is_no_article_as_a_dump(name: str) -> None:
    result = clean(_as_dump(name), source_path=f"{name}.txt")
    assert not isinstance(result, Article), result.text[:300]
    assert result.reason == "no_article", result.detail
