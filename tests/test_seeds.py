"""Seed acceptance: the five sample dumps come out exactly as gold.json says."""

from __future__ import annotations

import pytest
from tests_support import SEEDS

from cleaners import Article, clean
from cleaners.normalize import normalize_line

SEED_NAMES = sorted(path.name for path in SEEDS.iterdir())


@pytest.fixture(scope="module")
def records() -> dict[str, Article]:
    out = {}
    for name in SEED_NAMES:
        record = clean((SEEDS / name).read_bytes(), source_path=name)
        assert isinstance(record, Article), record
        out[name] = record
    return out


@pytest.mark.parametrize("name", SEED_NAMES)
def test_body_paragraphs_present_in_order(records, gold, name):
    paragraphs = records[name].text.split("\n\n")
    expected = [normalize_line(p) for p in gold[name]["body"]]
    missing = [p for p in expected if p not in paragraphs]
    assert not missing, f"missing body paragraphs: {missing}"
    assert [p for p in paragraphs if p in expected] == expected


@pytest.mark.parametrize("name", SEED_NAMES)
def test_nothing_but_body_and_optional_lines(records, gold, name):
    allowed = {normalize_line(p) for p in gold[name]["body"] + gold[name]["optional"]}
    extra = [p for p in records[name].text.split("\n\n") if p not in allowed]
    assert not extra, f"lines that are not article body: {extra}"


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_chrome_or_byline_anywhere_in_text(records, gold, name):
    text = records[name].text
    for line in gold[name]["chrome"] + gold[name]["byline_lines"]:
        line = normalize_line(line)
        if len(line) > 3:  # "." and the like are checked as whole paragraphs below
            assert line not in text
        assert line not in text.split("\n\n")


@pytest.mark.parametrize("name", SEED_NAMES)
def test_title_language_authors(records, gold, name):
    record = records[name]
    assert record.title == normalize_line(gold[name]["title"])
    assert record.language == gold[name]["language"]
    assert record.authors == (gold[name]["authors"] or [])
