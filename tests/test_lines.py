"""Line features of text dumps: layout, shape, stopwords of the page's language."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.stopwords import pick_stoplist, stoplist
from cleaners.strip.line_facts import DATE
from cleaners.strip.lines import (
    CONTEXT_NAMES,
    FEATURE_NAMES,
    _window_mean,
    context_features,
    features,
)
from cleaners.strip.page import split_page

DUMP = """Home
News
Sport

Main\u00a0headline   of the day

The council voted on Tuesday to build a new bridge over the river, debated for years.
Officials said that the work would start in the spring and take about two years to finish.

Home
"""


def _column(matrix: np.ndarray, name: str) -> list[float]:
    return matrix[:, FEATURE_NAMES.index(name)].tolist()


def test_split_page_blocks_and_normalization() -> None:
    page = split_page(DUMP)
    assert page.texts[:4] == [
        "Home",
        "News",
        "Sport",
        "Main headline of the day",
    ]
    assert page.blocks.tolist() == [0, 0, 0, 1, 2, 2, 3]
    assert page.block_sizes.tolist() == [3, 3, 3, 1, 2, 2, 1]
    assert split_page("\n \n\u200b\n").texts == []
    odd = split_page(" a\tb\u00a0\u00a0c \u3000d\u2009e\x0bf \r\n")
    assert odd.texts == ["a b c d e f"]


def test_window_mean_matches_a_direct_count() -> None:
    values = [1.0, 0.0, 0.5, 1.0, 0.0, 0.0, 1.0]
    for radius in (1, 2, 5, 10):
        expected = []
        for i in range(len(values)):
            others = [values[j] for j in range(len(values)) if j != i and abs(j - i) <= radius]
            expected.append(sum(others) / (len(others) or 1))
        assert _window_mean(np.array(values), radius) == pytest.approx(expected)


def test_feature_matrix_has_a_row_per_line_and_a_column_per_feature() -> None:
    page = split_page(DUMP)
    assert features(page).shape == (len(page), len(FEATURE_NAMES))
    assert features(split_page("")).shape == (0, len(FEATURE_NAMES))


def test_prose_line_features_differ_from_menu_items() -> None:
    rows = features(split_page(DUMP))
    menu, prose = 1, 4  # "News", the council sentence
    assert _column(rows, "sentence_end")[prose] == 1.0
    assert _column(rows, "sentence_end")[menu] == 0.0
    assert _column(rows, "log_words")[prose] > _column(rows, "log_words")[menu]
    assert _column(rows, "stop_ratio")[prose] > 0.2
    assert _column(rows, "words_le3")[menu] == 1.0
    assert _column(rows, "repeated")[0] == 1.0  # "Home" twice
    assert _column(rows, "repeated")[prose] == 0.0
    assert _column(rows, "heading_like")[3] == 1.0


def test_chrome_and_end_marker_features() -> None:
    rows = features(
        split_page("Body sentence one is here.\n\nRelated posts\n\nspot_img\n\nLast line")
    )
    assert _column(rows, "end_marker") == [0.0, 1.0, 0.0, 0.0]
    assert _column(rows, "after_end_marker") == [0.0, 0.0, 1.0, 1.0]
    assert _column(rows, "chrome")[2] == 1.0


def test_context_features_shape() -> None:
    page = split_page(DUMP)
    scores = np.array([-3.0, -3.0, -3.0, -1.0, 4.0, 4.0, -3.0])
    context = context_features(page, features(page), scores)
    assert context.shape == (len(page), len(CONTEXT_NAMES))
    inside = context[:, CONTEXT_NAMES.index("inside_span")]
    assert inside.tolist() == [0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0.0]


def test_window_mean_excludes_the_line_itself() -> None:
    assert _window_mean(np.array([1.0, 0.0, 0.0, 1.0, 1.0]), 1).tolist() == [0, 0.5, 0.5, 0.5, 1]
    assert _window_mean(np.array([1.0]), 3).tolist() == [0.0]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Die Regierung hat am Mittwoch beschlossen, dass die neuen Regeln für die Versorgung "
            "ab dem kommenden Jahr gelten sollen und nicht mehr geändert werden.",
            "German",
        ),
        (
            "El gobierno anunció el miércoles que las nuevas normas entrarán en vigor el próximo "
            "año y que no se cambiarán durante la legislatura.",
            "Spanish",
        ),
        (
            "Rząd ogłosił w środę, że nowe przepisy wejdą w życie w przyszłym roku i nie będą "
            "zmieniane do końca kadencji, a to jest ważne.",
            "Polish",
        ),
        (
            "The government said on Wednesday that the new rules would take effect next year and "
            "that they would not be changed before the election.",
            "English",
        ),
    ],
)
def test_stoplist_follows_the_page_language(text: str, language: str) -> None:
    name, stops = pick_stoplist(text.lower().replace(",", " ").replace(".", " ").split() * 2)
    assert name == language
    assert stops


def test_no_stoplist_for_too_few_words() -> None:
    assert pick_stoplist(["home", "news"]) == (None, frozenset())


def test_stoplist_ties_go_to_the_smaller_list() -> None:
    """Lists that share words (English words are in Marathi's list too) tie on English text:
    the most specific (smallest) list wins, whatever the process's hash order."""
    words = [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
    ]
    tied = ["English", "Marathi", "Nepali", "Simple_English", "Sundanese"]
    assert all(set(words) <= stoplist(name) for name in tied)
    assert pick_stoplist(words)[0] == min(tied, key=lambda name: len(stoplist(name)))


def test_odd_spaces_and_controls_become_one_space() -> None:
    odd = "".join(
        chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in "\n \u2028\u2029"
    )
    controls = "".join(map(chr, [*range(0x00, 0x09), *range(0x7F, 0xA0)]))
    assert split_page(f"a{odd}b{controls}c\n\nd").texts == ["a b c", "d"]


def test_unicode_line_and_paragraph_separators_break_lines() -> None:
    """A dump whose lines end in U+2028 or U+2029 (a word processor's or a CMS's export)
    read as one line: its menu and footer were kept with the article."""
    page = split_page("Home\u2028News\u2029First paragraph.\u2028Second line.\u2029Related posts")
    assert page.texts == ["Home", "News", "First paragraph.", "Second line.", "Related posts"]
    assert page.blocks.tolist() == [0, 0, 1, 1, 2]


_SHAPE_CHARS = "ab .…:!?;\"'”’»«)]|•·/>›-"


@given(st.lists(st.text(alphabet=_SHAPE_CHARS, min_size=1, max_size=8), min_size=1, max_size=5))
def test_line_shape_features_match_their_per_line_definitions(raw: list[str]) -> None:
    page = split_page("\n".join(raw))
    if not len(page):
        return
    rows = features(page)
    separator = re.compile(r"(?<=\s)[·/»›>](?=\s)|(?<=\s)[|•]|[|•](?=\s)")
    for i, text in enumerate(page.texts):
        mark = text.rstrip("\"'”’»«)]")[-1:]
        assert _column(rows, "sentence_end")[i] == (mark != "" and mark in ".!?…:;。！？")
        assert _column(rows, "punct_end")[i] == (mark != "" and mark in ".!?…。！？")
        assert _column(rows, "colon_end")[i] == text.endswith(":")
        assert _column(rows, "ellipsis_end")[i] == text.endswith(("...", "…"))
        separators = len(separator.findall(text))
        expected = min(3 * separators / max(page.words[i], 1), 1.0)
        assert _column(rows, "separator")[i] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("line", "ends_sentence"),
    [
        ("The species is peaceful, and nature is sacred. [M1 / MP]", True),
        ("The bridge opened in 1998.[3]", True),
        ("The bridge opened in 1998 [citation needed]", False),
        ("[Read the full story]", False),
        ("Main page [edit]", False),
    ],
)
def test_a_closing_bracketed_annotation_does_not_hide_the_sentence_end(
    line: str, ends_sentence: bool
) -> None:
    rows = features(split_page(f"Home\n{line}\nMenu"))
    assert _column(rows, "sentence_end")[1] == ends_sentence


def test_ad_labels_are_set_aside_and_keep_the_blocks_apart() -> None:
    page = split_page("First paragraph.\n\nAdvertisement\n\nSecond paragraph.\n- Anzeige -")
    assert page.texts == ["First paragraph.", "Second paragraph."]
    assert page.blocks.tolist() == [0, 1]
    assert page.set_aside == [(1, "Advertisement"), (2, "- Anzeige -")]


def test_leaked_ad_markup_is_set_aside_and_quoted_code_stays() -> None:
    pixel = '<div><img width=1 height=1 alt="" src="http://ads.example.com/b?p=1"></div>'
    code = '<script src="vendor/app.js"></script>'  # a code sample: a relative path
    page = split_page(f"First paragraph.\n{pixel}\n{code}\nSecond paragraph.")
    assert page.texts == ["First paragraph.", code, "Second paragraph."]
    assert page.set_aside == [(1, pixel)]


@pytest.mark.parametrize(
    ("line", "dated"),
    [
        ("2024 " * 40_000, False),
        ("2024 " * 40_000 + "at 17:45", True),
        ("Published 12 March 2024, 07h30", True),
        ("Opening hours 9:30 to 17:45", False),
    ],
    ids=["years", "years-then-time", "dateline", "times-without-year"],
)
def test_a_date_is_found_in_a_long_line_of_numbers_without_backtracking_blowup(
    line: str, dated: bool
) -> None:
    """A year then a time: a long line of years without a time (a table of figures, the
    line `dechrome explain` shows as cut) made DATE retry from every year to the line's end
    (quadratic: about an hour for this one)."""
    assert bool(DATE.search(line)) is dated


def test_a_long_run_of_closing_brackets_on_a_long_page_is_read_in_one_pass() -> None:
    """How a line ends was found by stepping every line back over its closing quotes and
    brackets one character at a time, each step over the whole page: a line of n closers on
    a page of n lines took n² steps (about five minutes for this 1 MB dump)."""
    n = 200_000
    page = split_page("Home\n" * n + "A headline" + ")" * n + "\n" + "»" * n)
    rows = features(page)
    assert _column(rows, "sentence_end") == [0.0] * (n + 2)
    ended = features(split_page("Home\nIt rained.\u201d)]\n\u201d)"))
    assert _column(ended, "punct_end") == [0.0, 1.0, 0.0]
