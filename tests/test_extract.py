"""HTML extract stage: article text, metadata from each page source, and every failure mode."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

import cleaners.extract.html as extract_module
from cleaners.extract.html import extract_html, rule_verdicts
from cleaners.extract.html_chrome import prune_blocks, site_of
from cleaners.extract.metadata import authors, site_address
from cleaners.pipeline import clean
from cleaners.record import Article, Rejection

FIXTURES = Path(__file__).parent / "fixtures" / "html"
CALLER_URL = "https://caller.example/feed/123"
FIRST_SENTENCE = "The city council voted on Tuesday to expand the network"


def _page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _article(name: str, url: str | None = CALLER_URL) -> Article:
    record = clean((FIXTURES / name).read_bytes(), source_path=name, url=url)
    assert isinstance(record, Article), record
    return record


# --- metadata, one source per page -------------------------------------------------------


def test_meta_tags_give_title_author_and_date() -> None:
    record = _article("meta_tags.html")
    assert record.title == "Council approves new bike lanes"
    assert record.authors == ["Jane Doe"]
    assert record.published == "2024-03-05"
    assert record.text.startswith(FIRST_SENTENCE)


def test_opengraph_gives_site_name_canonical_url_and_date() -> None:
    record = _article("opengraph.html")
    assert record.title == "Council approves new bike lanes"
    assert record.site_name == "Example Times"
    assert record.url == "https://example.org/news/bike-lanes"
    assert record.published == "2024-03-05"
    assert record.authors == ["Jane Doe", "John Roe"]


def test_json_ld_gives_headline_authors_publisher_and_date() -> None:
    record = _article("jsonld.html")
    assert record.title == "Council approves new bike lanes"
    assert record.authors == ["Jane Doe", "John Roe"]
    assert record.site_name == "Example Times"
    assert record.published == "2024-03-05"


def test_visible_byline_and_time_element() -> None:
    record = _article("byline.html")
    assert record.authors == ["Jane Doe"]
    assert record.published == "2024-03-05"  # from <time datetime=...>
    assert record.text.startswith(FIRST_SENTENCE)  # headline and byline not in the text
    assert "By Jane Doe" not in record.text


def test_canonical_link_wins_over_caller_url() -> None:
    assert _article("canonical.html").url == "https://example.org/news/bike-lanes"


def test_caller_url_is_the_fallback() -> None:
    assert _article("no_url.html").url == CALLER_URL
    assert _article("no_url.html", url=None).url is None


def test_extract_html_returns_iso_date_and_person_names() -> None:
    extraction = extract_html(_page("opengraph.html"), url=None)
    assert extraction.published == "2024-03-05"
    assert all(len(name.split()) >= 2 for name in extraction.authors)


# --- chrome around the article ----------------------------------------------------------


def test_headline_dateline_and_related_links_are_pruned() -> None:
    record = _article("chrome_de.html")
    assert record.language == "de"
    assert record.text.startswith("Der Stadtrat hat am Dienstag beschlossen")
    assert record.text.endswith("zu der die Anwohner Stellung nehmen können.")
    for chrome in ("Stadtrat beschließt neue Radwege", "09:30", "Weitere Artikel", "Buslinie"):
        assert chrome not in record.text


def test_prune_blocks_keeps_prose_and_drops_teaser_cards() -> None:
    texts = _pruned(
        "<body><head>My headline here today</head>"
        "<p>This is the first paragraph of the article, and it is long enough to be prose.</p>"
        "<list><item><head>Teaser one</head></item><item><head>Teaser two</head></item></list>"
        "<p>This is the last paragraph of the article, and it is long enough as well.</p>"
        "<p><ref>Some other story</ref></p></body>",
        ["My headline here today"],
    )
    assert [t[:22] for t in texts] == ["This is the first para", "This is the last parag"]


def test_a_linked_sentence_without_spaces_is_prose_and_stays() -> None:
    texts = _pruned(
        "<body><p>肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にもイヌがいます。</p>"
        "<p><ref target='/other'>自分の考えをしっかりと持った女の子。</ref></p>"
        "<p><ref target='/other'>いぬのかお</ref></p>"
        "<p>同じ物を持っていても、人が持っている物の方が良く見えるというお話しです。</p></body>"
    )
    assert texts[1:] == ["自分の考えをしっかりと持った女の子。", texts[-1]] and len(texts) == 3


def test_link_blocks_to_other_sites_stay_and_links_to_the_own_site_go() -> None:
    texts = _pruned(
        "<body><p>This is the first paragraph of the article, and it is long enough for prose.</p>"
        '<p><ref target="https://shop.example.org/lamp">Desk lamp, 40 W</ref></p>'
        '<p><ref target="https://news.example.com/other">Other story of the site</ref></p>'
        "<p>This is the last paragraph of the article, and it is long enough as well.</p></body>",
        url="https://www.news.example.com/story",
    )
    assert "Desk lamp, 40 W" in texts and "Other story of the site" not in texts


def test_link_blocks_whose_links_stay_on_the_page_stay() -> None:
    """A table of contents, a footnote, a script link: no list of other pages."""
    texts = _pruned(
        "<body><p>This is the first paragraph of the article, and it is long enough for prose.</p>"
        '<list><item><ref target="#history">History of the lanes</ref></item>'
        '<item><ref target="https://news.example.com#costs">Costs</ref></item></list>'
        '<p><ref target="javascript:void(0);">He went home at last</ref></p>'
        '<p><ref target="/other">Other story of the site</ref></p>'
        "<p>This is the last paragraph of the article, and it is long enough as well.</p></body>",
        url="https://www.news.example.com/story",
    )
    assert "He went home at last" in texts and any(t.startswith("History") for t in texts)
    assert "Other story of the site" not in texts


def test_a_link_block_below_the_text_that_stays_on_the_page_is_no_tail() -> None:
    """`tail` drops link blocks to other pages below the text, not an anchor on the page."""
    texts = _pruned(
        f"<body>{PROSE_1}{PROSE_2}"
        '<p><ref target="#story-continues">Continue reading the main story</ref></p>'
        '<head>Elsewhere today</head><p><ref target="/other">Other story of the site</ref></p>'
        "</body>",
        url="https://www.news.example.com/story",
    )
    assert texts[2:] == ["Continue reading the main story"]


def test_linked_section_headings_and_a_sentence_set_as_heading_stay() -> None:
    texts = _pruned(
        "<body><head>My headline here today</head>"
        "<head>The standfirst of this story is a whole sentence set as a heading.</head>"
        f"{PROSE_1}<head><ref target='#section-two'>Section two</ref></head>{PROSE_2}</body>",
        ["My headline here today"],
    )
    assert texts[0].startswith("The standfirst") and "Section two" in texts
    assert "My headline here today" not in texts


def test_a_sentence_closed_by_a_cjk_bracket_is_prose() -> None:
    texts = _pruned(
        "<body><p>肉をくわえたイヌが、橋を渡っていました。ふと下を見ると、川の中にもイヌがいます。</p>"
        "<p><ref>そこでイヌは、川の中のイヌに向かって吠えました。「ウゥー、ワン！！」</ref></p>"
        "<p>同じ物を持っていても、人が持っている物の方が良く見えるというお話しです。</p></body>"
    )
    assert len(texts) == 3


def test_separators_cited_addresses_and_annotated_sentences_are_not_chrome() -> None:
    texts = _pruned(
        "<body><p>https://www.news.example.com/story</p>"
        "<p>This is the first paragraph of the article, and it is long enough for prose.</p>"
        "<p>___</p><p>https://archive.example.org/2013/02/source.html</p>"
        "<p>The empire of the old race ended there, and it would never rise again. [MPH]</p>"
        "<p>This is the last paragraph of the article, and it is long enough as well.</p></body>",
        url="https://www.news.example.com/story",
    )
    assert "https://www.news.example.com/story" not in texts
    assert "___" in texts and "https://archive.example.org/2013/02/source.html" in texts
    assert any(t.endswith("[MPH]") for t in texts)


def test_link_rows_of_a_table_and_lists_of_statements_are_no_link_blocks() -> None:
    item = (
        "<item><ref>Ankush fixed an issue with revoked permissions for add-ons</ref></item>"
        "<item><ref>Gero</ref> removed an attribute from dialogs where we didn't need it</item>"
    )
    texts = _pruned(
        f"<body>{PROSE_1}<table><row><cell><ref>Another story of the site</ref></cell></row>"
        f"</table><list>{item}</list><list><item><ref target='/1'>Teaser one of the site</ref>"
        f"</item><item><ref target='/2'>Teaser two of the site</ref></item></list>{PROSE_2}</body>"
    )
    assert any(t.startswith("Ankush fixed") for t in texts) and "Teaser one" not in " ".join(texts)
    body = etree.fromstring(
        f"<body>{PROSE_1}<table><row><cell><ref>Row link</ref></cell></row></table>{PROSE_2}</body>"
    )
    prune_blocks(body, headlines=[""])
    assert "Row link" in "".join(body.itertext())


def test_cells_of_a_data_table_are_no_datelines_and_no_chrome() -> None:
    cells = ("Date", "Event", "Comments"), ("7 May 1856", "Responsible government", "First")
    rows = "".join(
        "<row>" + "".join(f"<cell><p>{c}</p></cell>" for c in row) + "</row>" for row in cells
    )
    texts = _pruned(f"<body><table>{rows}</table>{PROSE_1}</body>")
    assert "7 May 1856" in texts and "Comments" in texts


def test_prune_blocks_never_empties_the_article() -> None:
    body = etree.fromstring("<body><head>Only a heading</head></body>")
    prune_blocks(body, headlines=["Only a heading"])
    assert len(body) == 1


# --- failure modes: rejections, never exceptions ----------------------------------------


def test_empty_page_is_rejected() -> None:
    record = clean(b"", source_path="empty.html")
    assert isinstance(record, Rejection)
    assert record.reason == "empty"


def test_page_with_empty_body_is_no_article() -> None:
    record = clean((FIXTURES / "empty_body.html").read_bytes(), source_path="empty_body.html")
    assert isinstance(record, Rejection)
    assert record.reason == "no_article"


def test_navigation_only_page_is_no_article() -> None:
    record = clean((FIXTURES / "no_article.html").read_bytes(), source_path="no_article.html")
    assert isinstance(record, Rejection)
    assert record.reason == "no_article"


def test_extractor_exception_becomes_extraction_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(extract_module.trafilatura, "bare_extraction", explode)
    record = clean((FIXTURES / "meta_tags.html").read_bytes(), source_path="meta_tags.html")
    assert isinstance(record, Rejection)
    assert record.reason == "extraction_failed"
    assert "RuntimeError: boom" in record.detail


def test_metadata_exception_becomes_extraction_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise ValueError("bad date")

    monkeypatch.setattr(extract_module, "page_metadata", explode)
    record = clean((FIXTURES / "meta_tags.html").read_bytes(), source_path="meta_tags.html")
    assert isinstance(record, Rejection)
    assert record.reason == "extraction_failed"


def test_oversized_page_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(extract_module, "HTML_MAX_CHARS", 100)
    record = clean((FIXTURES / "meta_tags.html").read_bytes(), source_path="meta_tags.html")
    assert isinstance(record, Rejection)
    assert record.reason == "too_large"


def test_deeply_nested_page_does_not_raise() -> None:
    """5000 levels: more than the parser reads (tests/test_deep_html.py), said so."""
    nested = "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000
    record = clean(f"<html><body>{nested}</body></html>".encode(), source_path="deep.html")
    assert isinstance(record, Rejection)
    assert record.reason == "too_large" and "nested too deep" in record.detail


def test_a_title_that_is_a_whole_paragraph_is_no_headline() -> None:
    """A page whose <title> holds its text (a CMS filling it from the body) has no title."""
    page = _page("meta_tags.html")
    body = " ".join(lxml_html.fromstring(page).xpath("//article//p/text()"))
    raw = page.replace("Council approves new bike lanes", body).encode()
    record = clean(raw, source_path="meta_tags.html")
    assert isinstance(record, Article), record
    assert record.title is None


def test_metadata_is_normalized_like_the_text() -> None:
    """Names written decomposed (NFD, as macOS saves them) or with a zero-width space are
    still names, and the site's name comes out NFC without invisible characters."""
    decomposed = unicodedata.normalize("NFD", "José García")
    page = _page("meta_tags.html").replace("Jane Doe", f"{decomposed}; Jane\u200b Doe")
    head = '<meta property="og:site_name" content="Le\u200b Monde \u00c9ditions">'
    raw = page.replace("</head>", unicodedata.normalize("NFD", head) + "</head>").encode()
    record = clean(raw, source_path="meta_tags.html")
    assert isinstance(record, Article), record
    assert record.authors == ["José García", "Jane Doe"]
    assert record.site_name == "Le Monde Éditions"


def test_text_that_shows_references_or_ampersands_is_kept_as_shown() -> None:
    """The page's text is what the reader sees: an escaped reference ('&amp;amp;' shows
    '&amp;') or a URL's '&not', '&copy', '&region' is not decoded a second time (trafilatura's
    text output is unescaped once more, which turned '?a=1&notify=1' into '?a=1¬ify=1')."""
    shown = "Type &amp; for an ampersand; see ?id=5&notify=1&region=eu&copy=2 for details."
    source = shown.replace("&", "&amp;")
    page = _page("meta_tags.html").replace("a third, while", f"a third. {source} While")
    record = clean(page.encode(), source_path="meta_tags.html")
    assert isinstance(record, Article), record
    assert shown in record.text


def test_an_author_meta_tag_holding_a_paragraph_gives_no_authors() -> None:
    """A CMS that fills <meta name="author"> with the article's first paragraph: trafilatura
    cuts it at 'and', commas and prepositions and title-cases the pieces ('Members Argued');
    those are no names. The visible byline, if any, gives the authors instead."""
    page = _page("meta_tags.html")
    paragraph = lxml_html.fromstring(page).xpath("//article//p/text()")[0]
    record = clean(page.replace("Jane Doe", paragraph).encode(), source_path="meta_tags.html")
    assert isinstance(record, Article), record
    assert record.authors == []


def test_author_names_are_people_not_the_site() -> None:
    raw = "JANE DOE; Example Times; John Roe; Jane Doe; staff"
    assert authors(raw, site_name="Example Times") == ["Jane Doe", "John Roe"]


def _pruned(xml: str, headlines: list[str] | None = None, url: str | None = None) -> list[str]:
    body = etree.fromstring(xml)
    prune_blocks(body, headlines=headlines or [""], url=url)
    return [" ".join("".join(b.itertext()).split()) for b in body.iter("p", "head", "list")]


PROSE_1 = "<p>Der erste Absatz des Artikels ist lang genug, um als Fließtext zu gelten.</p>"
PROSE_2 = "<p>Der zweite Absatz des Artikels ist ebenfalls lang genug für einen Satz.</p>"


def test_dateline_above_the_text_is_pruned_but_not_below() -> None:
    texts = _pruned(f"<body><p>Stand: 09:30 Uhr</p>{PROSE_1}<p>Stand: 09:30 Uhr</p></body>")
    assert texts[0].startswith("Der erste Absatz")
    assert texts[-1] == "Stand: 09:30 Uhr"


def test_machine_lines_and_trailing_link_blocks_are_pruned() -> None:
    texts = _pruned(
        f"<body>{PROSE_1}<p>2019-11-19T08:57:40+01:00</p>{PROSE_2}"
        "<head>Mehr zum Thema</head><p><ref>Ein anderer Artikel</ref></p></body>"
    )
    assert [t[:10] for t in texts] == ["Der erste ", "Der zweite"]


def test_text_the_browser_does_not_show_is_not_the_article() -> None:
    page = _page("chrome_de.html").replace(
        "<h2>Weitere Artikel</h2>",
        '<div style="display: none">Versteckter Hinweis, den kein Leser je zu sehen bekommt, '
        "weil die Seite ihn ausblendet.</div><p hidden>Auch dieser Absatz bleibt für Leser "
        "unsichtbar, obwohl er lang genug für einen echten Absatz ist.</p>"
        "<h2>Weitere Artikel</h2>",
    )
    record = clean(page.encode(), source_path="hidden.html")
    assert isinstance(record, Article), record
    assert "im Frühjahr eröffnet" in record.text
    assert "Versteckter" not in record.text and "unsichtbar" not in record.text


def test_a_line_break_in_the_source_is_a_space_but_preformatted_lines_stay() -> None:
    """A `<div>`'s text wrapped over source lines is one paragraph, as a browser shows it
    (it was cut at every source line); a `<pre>` block keeps its lines."""
    wrapped = (
        "<div>\n    The council announced\n    a new plan for public transport on Monday,"
        "\n    saying that buses would run every ten minutes in the centre.\n</div>"
    )
    poem = "<pre>First line of the poem\nSecond line of the poem</pre>"
    page = (
        "<html><head><title>Transport plan</title></head><body><article>"
        f"<h1>Transport plan</h1>{wrapped}{PROSE_1}{poem}{PROSE_2}"
        "</article></body></html>"
    )
    record = clean(page.encode(), source_path="wrapped.html")
    assert isinstance(record, Article), record
    paragraphs = record.text.split("\n\n")
    assert paragraphs[0] == (
        "The council announced a new plan for public transport on Monday, "
        "saying that buses would run every ten minutes in the centre."
    )
    assert "First line of the poem\n\nSecond line of the poem" in record.text


def test_rule_verdicts_say_which_rule_dropped_a_block() -> None:
    verdicts = rule_verdicts(_page("chrome_de.html"))
    kept = [v.text for v in verdicts if v.kept]
    assert any(text.startswith("Der Stadtrat hat am Dienstag") for text in kept)
    dropped = {v.text: v.reason for v in verdicts if not v.kept}
    assert dropped["05.03.2024, 09:30 Uhr"].startswith("lead:")
    assert all(v.reason == "kept: no chrome rule applies" for v in verdicts if v.kept)


def test_rule_verdicts_drop_every_block_of_a_page_without_article() -> None:
    verdicts = rule_verdicts(_page("no_article.html"))
    assert verdicts and not any(v.kept for v in verdicts)
    assert all(v.reason.startswith("no_article:") for v in verdicts)


@pytest.mark.parametrize(
    ("address", "site"),
    [
        ("https://www.bbc.co.uk/news/1", "bbc.co.uk"),
        ("https://esporte.uol.com.br/a", "uol.com.br"),
        ("https://edition.cnn.com/2019/story", "cnn.com"),
        ("https://money.cnn.com/x", "cnn.com"),
        ("/relative/path", ""),
    ],
)
def test_the_site_of_an_address(address: str, site: str) -> None:
    assert site_of(address) == site


def test_a_page_without_its_address_takes_its_site_from_its_head_links() -> None:
    head = (
        '<link rel="alternate" type="application/json+oembed" href="https://embed.example.net/o">'
        '<link rel="stylesheet" href="https://cdn.example.net/site.css">'
        '<link rel="amphtml" href="https://amp.example.com/story.amp">'
        '<link rel="next" href="//example.com/story?page=2">'
    )
    tree = lxml_html.fromstring(f"<html><head>{head}</head><body><p>Text</p></body></html>")
    assert site_of(site_address(tree)) == "example.com"
    assert site_address(lxml_html.fromstring("<html><body><p>Text</p></body></html>")) is None
