"""Articles of page types the dev sets lack stay records, as HTML and as text dumps.

Handmade pages (tests/fixtures/articles/, text written for these tests): press releases,
short news, forum threads (one of short posts between profile lines), a Q&A page, wiki
articles with an infobox and references, a recipe, a shop's product page, a blog post with
comments, an interview, a list article, Japanese and Chinese news, an obituary, an event,
reports about cookie rules and about newsletters, a live blog and a photo essay, each
framed by a site's chrome (cookie banner, menus, share bar, newsletter box, related links,
comments, footer). Each `.txt` is the
page's text dump (every visible line, as the bench folder's `textdump.py` renders one).
`expected.json` lists, per file, the body paragraphs its record keeps ("lost": those it
does not keep yet, see docs/html.md and docs/textdump.md, "Probing page types").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.pipeline import clean
from cleaners.record import Article

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
EXPECTED = json.loads((ARTICLES / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_article_of_any_page_type_is_a_record_with_its_body(name: str) -> None:
    record = clean((ARTICLES / name).read_bytes(), source_path=name)
    assert isinstance(record, Article), record.detail
    assert record.language == EXPECTED[name]["language"]
    text = " ".join(record.text.split())
    lost = [para for para in EXPECTED[name]["body"] if " ".join(para.split()) not in text]
    assert not lost, lost
