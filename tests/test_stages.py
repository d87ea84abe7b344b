"""Unit tests of the small stages: normalize, annotate, sniff, record schema."""

from __future__ import annotations

import gzip
import json

from cleaners import Article, clean
from cleaners.annotate import detect_language, record_id, word_count
from cleaners.decode.sniff import detect_kind, unwrap
from cleaners.normalize import is_normalized, join_paragraphs, normalize_line, normalize_paragraphs
from cleaners.schema import SCHEMA_FILE, render

GERMAN = (
    "Die Bundesregierung hat am Mittwoch neue Regeln für den Ausbau der Windkraft beschlossen. "
    "Nach Angaben des Wirtschaftsministeriums sollen die Genehmigungsverfahren deutlich kürzer "
    "werden, damit mehr Anlagen in den nächsten Jahren ans Netz gehen können."
)
ENGLISH = (
    "The city council voted on Tuesday to expand the bus network, adding three new routes "
    "that will connect the northern suburbs with the hospital and the university campus."
)


def test_normalize_line_nfc_nbsp_and_space_runs():
    assert normalize_line("Cafe\u0301\u00a0 au   lait\u200b ") == "Café au lait"


def test_normalize_line_drops_format_and_private_use_characters_like_html_extraction():
    """Bidi overrides and marks, invisible operators, icon-font glyphs: a text dump loses them
    as the HTML extractor does, so one article gives one text whatever its form."""
    line = "An \u202eoverride\u202c, a mark\u200f, \u2066isolate\u2069 and an icon \ue000 here"
    assert normalize_line(line) == "An override, a mark, isolate and an icon here"
    overridden = ENGLISH.replace(" ", " \u202e", 3)
    dump = f"{ENGLISH}\n\n{overridden}\n\n{ENGLISH}\n".encode()
    record = clean(dump, source_path="dump.txt")
    assert isinstance(record, Article) and "\u202e" not in record.text


def test_normalize_paragraphs_drops_empty_and_joins_inner_lines():
    assert normalize_paragraphs(["a\nb", "  ", "c"]) == ["a b", "c"]
    assert join_paragraphs(["a", "b"]) == "a\n\nb"


def test_normalize_paragraphs_drops_paragraphs_without_a_letter_or_digit():
    furniture = ["___", "|---|---|", "| | |", "-", "* * *", "\u2b50\ufe0f\u2b50\ufe0f", "[...]"]
    kept = ["| Capital | Wellington |", "2", "\u4e2d\u6587\u3002"]
    assert normalize_paragraphs(["Body.", *furniture, *kept]) == ["Body.", *kept]


def test_is_normalized():
    assert is_normalized("One.\n\nTwo.")
    assert not is_normalized("One.\n\n\nTwo.")
    assert not is_normalized("One\u00a0two.")


def test_language_is_detected_and_deterministic():
    assert detect_language(GERMAN) == "de"
    assert {detect_language(ENGLISH) for _ in range(5)} == {"en"}
    assert detect_language("1234 ... !!!") is None


def test_language_sees_a_bounded_sample():
    assert detect_language(GERMAN * 12 + " " + ENGLISH * 200) == "de"


def test_record_id_is_stable_and_path_specific():
    assert record_id("a/b.txt") == record_id("a/b.txt")
    assert record_id("a/b.txt") != record_id("a/c.txt")


def test_word_count():
    assert word_count("It's 9-10 U.S. troops.") == 7


def test_word_count_keeps_combining_marks_in_their_word():
    """A Devanagari vowel sign or virama is part of its word; Thai, written with spaces
    between phrases only, counts one word per four code points, as Chinese per two."""
    assert word_count("हिन्दी भाषा में समाचार पढ़ें") == 5
    assert word_count("ภาษาไทยเป็นภาษาที่สวยงาม") == 6  # 24 code points, 6 words
    assert word_count("e\u0301te\u0301 ok") == 2  # decomposed accents


def test_sniff_html_vs_text():
    assert detect_kind("<!DOCTYPE html><html><body><p>Hi</p></body></html>") == "html"
    assert detect_kind("<div><p>a</p><p>b</p><p>c</p><span>d</span></div>") == "html"
    assert detect_kind("Title\n\nA paragraph that mentions <b> once.") == "text"


def test_gzip_is_unwrapped():
    assert unwrap(gzip.compress(b"hello")) == b"hello"
    assert unwrap(b"plain") == b"plain"


def test_exported_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render(), (
        "schema/article.schema.json is stale: python -m cleaners.schema > "
        "schema/article.schema.json"
    )
    assert json.loads(render())["version"]


def test_language_sample_of_unspaced_text_is_not_cut_short():
    """Chinese has no spaces: cutting the sample at its last space would leave only the
    page's Latin menu words, and langdetect would name their language."""
    menu = "Home News Sport Contact\n\n"
    body = "今天上午，市政府在新闻发布会上宣布了新的公共交通计划，明年起地铁将延长运营时间。" * 40
    assert detect_language(menu + body) == "zh"


def test_chinese_text_is_not_named_korean_or_japanese():
    """langdetect's Korean and Japanese profiles hold Chinese characters too; a text with
    no Hangul and no kana is neither."""
    text = "大学 学生 教授 研究 论文 发表 会议 国际 合作 交流\n\n期数 生肖 本金 利润 64 牛 300\n\n"
    assert detect_language(text * 4) == "zh"
    assert detect_language("서울시는 오늘 새로운 대중교통 계획을 발표했다. " * 10) == "ko"
    assert detect_language("東京都は今日、新しい交通計画を発表しました。" * 10) == "ja"
