"""Pages nested deeper than libxml2's default limit keep their article, or say why not."""

from __future__ import annotations

import re
import sys

import pytest
from deep_pages import TITLE, deep_page, nested_list_page, staircase_page
from lxml.html import HtmlElement, tostring
from trafilatura.utils import load_html

from cleaners.explain import explain
from cleaners.extract.parse import flatten_deep, parse_html
from cleaners.pipeline import clean
from cleaners.record import Article, Rejection
from cleaners.settings import HTML_DEEP_KEEP_HEIGHT, HTML_DEEP_KEEP_LEVELS

MAX_FLAT_DEPTH = HTML_DEEP_KEEP_LEVELS + HTML_DEEP_KEEP_HEIGHT + 1


def _depth(tree: HtmlElement) -> int:
    return max(sum(1 for _ in elem.iterancestors()) + 1 for elem in tree.iter())


def _clean(html: str) -> Article | Rejection:
    return clean(html.encode("utf-8"), source_path="deep.html")


@pytest.mark.parametrize("depth", [200, 300, 1000])
def test_a_deeply_nested_article_is_the_same_record_as_a_shallow_one(depth: int) -> None:
    shallow, deep = _clean(deep_page(1)), _clean(deep_page(depth))
    assert isinstance(shallow, Article) and isinstance(deep, Article), deep
    assert (deep.text, deep.title) == (shallow.text, TITLE)
    assert "Paragraph 4 adds a detail" in deep.text and "Copyright" not in deep.text


@pytest.mark.parametrize("depth", [3000, 100_000])
def test_a_page_nested_beyond_what_the_parser_reads_is_too_large(depth: int) -> None:
    """Past 2047 levels even huge_tree stops: a clear rejection, not a misleading no_article."""
    result = _clean(deep_page(depth))
    assert isinstance(result, Rejection)
    assert result.reason == "too_large"
    assert "nested too deep" in result.detail and "depth" in result.detail


def test_every_level_of_a_deep_staircase_is_kept() -> None:
    """Text at each of 600 levels: libxml2's default parse kept the first 253 only."""
    result = _clean(staircase_page(600))
    assert isinstance(result, Article)
    assert sorted(map(int, re.findall(r"Level (\d+)\.", result.text))) == list(range(600))


def test_a_deep_page_is_cleaned_with_half_of_pythons_default_stack() -> None:
    """A list nested 1000 times (2000 levels) is flattened before any stage recurses."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(500)
    try:
        result = _clean(nested_list_page(1000))
    finally:
        sys.setrecursionlimit(limit)
    assert isinstance(result, Article)
    assert "Item 0." in result.text and "Item 999." in result.text


def test_flatten_deep_bounds_the_depth_and_keeps_text_and_paragraphs() -> None:
    tree = parse_html(staircase_page(1000))
    assert tree is not None
    assert _depth(tree) <= MAX_FLAT_DEPTH
    assert len(tree.findall(".//p")) == 1000  # paragraphs hold one level: they stay
    texts = [p.text_content() for p in tree.iter("p")]
    assert texts == sorted(texts, key=lambda text: int(text.rsplit(" ", 1)[1][:-1]))


def test_flatten_deep_keeps_the_text_in_page_order() -> None:
    tree = load_html(staircase_page(240))  # within the default limit: parsed whole
    assert tree is not None
    before = tree.text_content()
    flatten_deep(tree, keep_levels=20, height=3)
    assert tree.text_content() == before
    assert _depth(tree) <= 20 + 3 + 1


def test_a_page_within_the_limit_parses_as_trafilatura_parses_it() -> None:
    page = deep_page(240)
    assert tostring(parse_html(page)) == tostring(load_html(page))


def test_a_text_over_the_parsers_10_mb_limit_is_read_whole() -> None:
    """The default parse kept nothing of a 12 MB (UTF-8) paragraph, silently."""
    text = "市议会周二投票决定将电车线路延伸至北部地区。" * 180_000
    tree = parse_html(f"<html><body><article><p>{text}</p></article></body></html>")
    assert tree is not None and tree.text_content() == text


@pytest.mark.parametrize(("depth", "outcome"), [(300, Article), (100_000, Rejection)])
def test_explain_a_deep_page(depth: int, outcome: type) -> None:
    explanation = explain(deep_page(depth).encode("utf-8"), source_path="deep.html")
    assert isinstance(explanation.outcome, outcome)
    kept = [v.text for v in explanation.verdicts if v.kept]
    assert ("Paragraph 4 adds a detail" in " ".join(kept)) == (outcome is Article)
