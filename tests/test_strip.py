"""Strip stage: the article out of whole-page text dumps (seed corpus and authored pages)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cleaners.errors import CleanError
from cleaners.normalize import normalize_line, normalize_paragraphs
from cleaners.pipeline import clean
from cleaners.record import Article, Rejection
from cleaners.strip.dump import (
    Model,
    body_lines,
    load_model,
    no_article_reason,
    strip_dump,
    thread_start,
    viterbi,
)
from cleaners.strip.lines import CONTEXT_NAMES, FEATURE_NAMES, features
from cleaners.strip.page import Page, split_page
from cleaners.strip.roles import line_roles

FIXTURES = Path(__file__).parent / "fixtures"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))
AUTHORED = json.loads((FIXTURES / "dumps" / "expected.json").read_text(encoding="utf-8"))


def _in_order(expected: list[str], got: list[str]) -> bool:
    """Every expected paragraph is in got, in the same order."""
    positions = [got.index(p) if p in got else -1 for p in expected]
    return -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_body_exact(name: str) -> None:
    gold = GOLD[name]
    extraction = strip_dump((FIXTURES / "seeds" / name).read_text(encoding="utf-8"))
    got = normalize_paragraphs(extraction.paragraphs)
    body = [normalize_line(p) for p in gold["body"]]
    optional = {normalize_line(p) for p in gold["optional"]}
    assert _in_order(body, got), [p for p in body if p not in got]
    assert [p for p in got if p not in body and p not in optional] == []


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_chrome_and_bylines_never_in_text(name: str) -> None:
    gold = GOLD[name]
    extraction = strip_dump((FIXTURES / "seeds" / name).read_text(encoding="utf-8"))
    text = "\n".join(normalize_paragraphs(extraction.paragraphs))
    for line in gold["chrome"] + gold["byline_lines"]:
        assert normalize_line(line) not in text.split("\n"), line


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_title_and_authors(name: str) -> None:
    gold = GOLD[name]
    extraction = strip_dump((FIXTURES / "seeds" / name).read_text(encoding="utf-8"))
    assert extraction.title == normalize_line(gold["title"])
    assert extraction.authors == (gold["authors"] or [])


@pytest.mark.parametrize("name", sorted(AUTHORED))
def test_non_english_pages(name: str) -> None:
    """German, Spanish, Polish pages written for these tests (menus, widgets, teasers)."""
    expected = AUTHORED[name]
    extraction = strip_dump((FIXTURES / "dumps" / name).read_text(encoding="utf-8"))
    assert extraction.paragraphs == expected["body"]
    assert extraction.title == expected["title"]
    assert extraction.authors == expected["authors"]
    assert not set(expected["chrome"]) & set(extraction.paragraphs)


@pytest.mark.parametrize(
    "dump", ["", "\n\n   \n", "Home\nNews\nSport\n\nspot_img\n\nNo menu items!\n"]
)
def test_empty_and_chrome_only_dumps_are_no_article(dump: str) -> None:
    with pytest.raises(CleanError) as err:
        strip_dump(dump)
    assert err.value.reason == "no_article"


def test_viterbi_keeps_runs_and_bridges_short_gaps() -> None:
    assert viterbi([-5, 3, 3, -0.5, 3, -5], 2.0) == [False, True, True, True, True, False]
    assert viterbi([-5, 3, -5, -5, -5, 3], 1.0) == [False, True, False, False, False, True]
    assert viterbi([], 1.0) == []


def test_model_matches_feature_names() -> None:
    model = load_model()
    assert len(model.line_weights) == len(FEATURE_NAMES)
    assert model.context_weights
    assert all(len(stage) == len(CONTEXT_NAMES) for stage in model.context_weights)


@pytest.mark.parametrize("name", sorted(AUTHORED))
def test_authored_pages_through_the_whole_clean_path(name: str) -> None:
    """German, Spanish, Polish, French, Czech, Japanese, Chinese and an English press
    release, short articles (120-200 words) among menus, ads and teasers: the record holds
    exactly the body, in the page's language, with its title and authors."""
    expected = AUTHORED[name]
    record = clean((FIXTURES / "dumps" / name).read_bytes(), source_path=name)
    assert isinstance(record, Article), record
    assert record.text == "\n\n".join(expected["body"])
    assert record.language == expected["language"]
    assert record.title == expected["title"]
    assert record.authors == expected["authors"]
    assert record.word_count >= 100


_PROSE = (
    "The council approved the new budget on Tuesday after a long debate about the costs "
    "of the bridge repair and the schools that need new roofs before the winter comes."
)


def _thread_page(entries: int) -> tuple[Page, list[int]]:
    lines = ["Council passes budget", "March 3, 2021 at 10:15 am", _PROSE, _PROSE, _PROSE]
    for n in range(entries):
        lines += [f"reader{n}", f"{n + 2} days ago at 07:5{n} am", "I agree with this, well said."]
    page = split_page("\n".join(lines))
    features(page)  # sets the page's word counts
    return page, list(range(len(page)))


def test_a_thread_of_dated_entries_after_the_article_is_cut() -> None:
    page, body = _thread_page(3)
    assert thread_start(page, body) == 6  # the first comment's date; its name line stays


def test_a_dateline_and_fewer_dated_entries_cut_nothing() -> None:
    page, body = _thread_page(2)
    assert thread_start(page, body) is None


_HEADLINES = [f"Mayor opens the new bridge over the river in district {n}" for n in range(8)]


def _decoded_body(lines: list[str], scores: list[float]) -> list[str]:
    """body_lines of a page whose lines have these last-stage scores (switch 3)."""
    page = split_page("\n".join(lines))
    features(page)  # sets the page's word counts
    model = Model(line_weights=[], context_weights=[], switch=3.0)
    return [page.texts[i] for i in body_lines(page, np.array(scores), model)]


def test_a_list_leading_the_article_goes_and_its_title_and_dateline_stay() -> None:
    article = ["Council passes budget", "March 3, 2021", _PROSE, _PROSE, _PROSE]
    assert _decoded_body([*_HEADLINES, "", *article], [1.0] * 13) == article
    items = [*_HEADLINES, "", *article[:3]]  # more list than prose: a list article
    assert _decoded_body(items, [1.0] * 11) == [*_HEADLINES, *article[:3]]
    short = [*_HEADLINES[:3], *article]  # five lines before the prose: title, byline...
    assert _decoded_body(short, [1.0] * 8) == short
    wrapped = [line.lower() for line in _HEADLINES]  # a hard-wrapped paragraph's lines
    assert _decoded_body([*wrapped, _PROSE], [1.0] * 9) == [*wrapped, _PROSE]
    ingredients = [f"{n} cups flour" for n in range(1, 9)]  # a recipe's list: short items
    assert _decoded_body([*ingredients, *article], [1.0] * 13) == [*ingredients, *article]


def test_a_weak_article_keeps_its_sentences_not_a_lifted_run_of_headlines() -> None:
    lines = ["Council passes budget", _PROSE, _PROSE, "Most read", *_HEADLINES[:5]]
    scores = [-2.0, 1.0, 1.0, -4.0] + [-1.5] * 5  # no line passes the decoder alone
    assert _decoded_body(lines, scores) == [_PROSE, _PROSE]


def test_runs_of_summaries_cut_off_by_an_ellipsis_are_teasers() -> None:
    teaser = "The council said on Tuesday that the works on the ring road would begin in..."
    lines = ["Council passes budget", _PROSE, _PROSE, teaser, teaser, teaser, _PROSE]
    three, two = split_page("\n".join(lines)), split_page("\n".join(lines[:5] + lines[6:]))
    features(three), features(two)  # set the pages' word counts
    roles = line_roles(three, list(range(7)))
    assert [roles[i] for i in range(1, 7)] == ["body"] * 2 + ["teaser"] * 3 + ["body"]
    roles = line_roles(two, list(range(6)))
    assert [roles[i] for i in range(1, 6)] == ["body"] * 5  # two in a row: an article's


_WRAPPED = [  # a poem-like text: hard-wrapped, no line ends a sentence
    "lorem ipsum dolor sit amet consectetur adipisicing elit sed do",
    "eiusmod tempor incididunt ut labore et dolore magna aliqua ut enim",
    "ad minim veniam quis nostrud exercitation ullamco laboris nisi ut",
    "aliquip ex ea commodo consequat duis aute irure dolor in reprehenderit",
    "in voluptate velit esse cillum dolore eu fugiat nulla pariatur",
    "excepteur sint occaecat cupidatat non proident sunt in culpa qui",
]


def _verdict(lines: list[str], *, lifted: bool = False) -> str | None:
    """no_article_reason for a page whose lines are all body, scored without conviction
    (lifted: no line passed the decoder)."""
    page = split_page("\n".join(lines))
    features(page)  # sets the page's word counts
    roles = dict.fromkeys(range(len(page)), "body")
    return no_article_reason(page, np.full(len(page), 0.5), roles, lifted=lifted)


_MENU = [line for n in range(30) for line in (f"Section {n} news", "")]  # a block each
_NOTICE = (  # two sentences, 40 words: a cookie banner, a footer notice, a bio
    "We use small files on this device to remember your settings and to count how often "
    "each page is read. You can change what we store at any time in the settings at the "
    "foot of every page we publish."
)


def test_one_or_two_sentences_no_line_was_sure_of_are_no_article() -> None:
    assert _verdict([*_MENU, _NOTICE], lifted=True) is not None
    assert _verdict([*_MENU, _NOTICE]) is None  # passed the decoder: a short article may
    assert _verdict([*_MENU, _NOTICE, _PROSE], lifted=True) is None  # a third sentence


def test_a_long_lifted_body_keeps_the_shorter_run() -> None:
    """A long text the model was not sure of (unpunctuated lines, say) is no notice."""
    unpunctuated = [" ".join(["word"] * 20)] * 15
    assert _verdict([*_MENU, _NOTICE, *unpunctuated], lifted=True) is None


def test_a_hard_wrapped_text_making_most_of_its_page_is_an_article() -> None:
    assert _verdict(["Home", "About", *_WRAPPED]) is None


def test_a_hard_wrapped_block_among_much_more_text_needs_a_sure_line() -> None:
    teasers = [line for n in range(20) for line in (f"Section {n} news and more headlines", "")]
    assert _verdict([*teasers, *_WRAPPED]) is not None


def _cards(card: tuple[str, str, str], count: int) -> list[str]:
    """count copies of a three-line card ({n} in a line: the card's number), each its own
    block."""
    return [line.format(n=n) for n in range(1, count + 1) for line in (*card, "")]


def test_a_run_of_prose_goes_on_across_step_labels_and_credited_captions() -> None:
    step = (
        "Step {n}",
        "Cut the foam so that it fits the bowl and press it down firmly.",
        "Press the foam down. (Jane Doe)",
    )
    assert _verdict(_cards(step, 4)) is None


def test_teaser_summaries_between_headlines_and_dates_make_no_run() -> None:
    teaser = (
        "Council votes on the road budget number {n}",
        "The works on the ring road begin in spring, the town hall said.",
        "{n} hours ago",
    )
    assert _verdict(_cards(teaser, 5)) is not None


_LATER_PARAGRAPHS = [
    "It carried the main road across the river for more than a century, and it was "
    "repaired many times over the years by the local builders.",
    "In the spring of that year the council decided that the bridge was no longer safe, "
    "and it was closed to all traffic for good.",
    "A new bridge was opened a few hundred metres down the river, and the old one became "
    "a footpath that is still used by many people today.",
]


def test_a_first_paragraph_citing_a_source_is_no_title() -> None:
    """Only a full stop at the line's very end told a paragraph from a headline: a short
    first paragraph closing with a citation ("...flood.[1]") became the title, lost from
    the text."""
    first = "The old bridge was built by the town council in the year after the great flood.[1]"
    paragraphs = [first, *_LATER_PARAGRAPHS]
    dump = "Home\nNews\n\nOld Bridge (Riverton)\n\n" + "\n\n".join(paragraphs) + "\n"
    record = clean(dump.encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.title == "Old Bridge (Riverton)"
    assert record.text.split("\n\n") == paragraphs


@pytest.mark.parametrize(
    "dateline",
    [
        "Published March 12, 2024",
        "Veröffentlicht am 12. März 2024",
        "Site News 12 mars 2024",
        "Home | Local News | Sport",
        "Blog > Local News > Bridges",
    ],
)
def test_a_dateline_or_a_menu_is_neither_the_title_nor_text(dateline: str) -> None:
    """A date written with its month's name (no time, not all numbers), menu items and a
    breadcrumb trail passed for a headline: the line under the headline became the
    record's title."""
    paragraphs = [_LATER_PARAGRAPHS[0].replace("It carried", "The old bridge carried")]
    paragraphs += _LATER_PARAGRAPHS[1:]
    dump = f"Home\nNews\n\nCouncil closes the old bridge for good\n\n{dateline}\n\n"
    record = clean((dump + "\n\n".join(paragraphs)).encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.title == "Council closes the old bridge for good"
    assert record.text.split("\n\n") == paragraphs


_WRAPPED = [
    "The old bridge was built in the year after the great flood and it",
    "was paid for by the town council and the county together. It carried",
    "the main road across the river for more than a century, and it was repaired",
    "by the local builders who knew it well and who worked on it every summer",
    "for many years. In the spring the council decided that the bridge was no",
    "longer safe, and it was closed to all traffic for good. A new bridge was",
    "opened a few hundred metres down the river, and the old one became a path.",
]


def test_a_hard_wrapped_line_starting_with_by_is_no_byline() -> None:
    """A line of a hard-wrapped paragraph starting with "by" and naming no people ("by the
    local builders who...") was taken for a byline and lost from the text."""
    wrapped = "\n".join(_WRAPPED)
    dump = f"Home\nNews\n\nCouncil closes the old bridge\n\n{wrapped}\n\n{wrapped}\n"
    record = clean(dump.encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.text.split("\n\n").count(_WRAPPED[3]) == 2
    assert record.authors == []


def test_the_first_line_of_a_hard_wrapped_paragraph_is_no_title() -> None:
    """The first line of a hard-wrapped first paragraph has a headline's shape (a few words,
    no full stop): it became the title, lost from the text, though its sentence goes on in
    the next line."""
    wrapped = "\n".join(_WRAPPED)
    dump = f"Home\nNews\n\nCouncil closes the old bridge\n\n{wrapped}\n\n{wrapped}\n\n"
    record = clean((dump + "Related posts\nOther story\n").encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.title == "Council closes the old bridge"
    assert record.text.split("\n\n") == _WRAPPED + _WRAPPED


_HEBREW_SENTENCE = "המועצה אמרה ביום שלישי שהגשר החדש ייפתח לתנועה באביב הבא אחרי שנים של עיכובים"


def test_a_bidi_control_after_a_full_stop_hides_no_sentence_end() -> None:
    """Bidi marks and embeddings (RLM, RLE ... PDF) around right-to-left paragraphs were
    kept until the record: after a paragraph's full stop they hid it, so no line was prose
    and the article was rejected."""
    words = _HEBREW_SENTENCE.split()
    paragraphs = [" ".join(words[: 8 + 2 * k] + words[:k]) + "." for k in range(5)]
    embedded = [f"\u202b{p}\u202c" if k % 2 else f"{p}\u200f" for k, p in enumerate(paragraphs)]
    dump = "ראשי\nחדשות\n\nהמועצה פותחת את הגשר החדש\n\n" + "\n\n".join(embedded) + "\n"
    record = clean(dump.encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.title == "המועצה פותחת את הגשר החדש"
    assert record.text.split("\n\n") == paragraphs


def test_a_rejection_says_when_teaser_cards_were_left_out() -> None:
    """A page of one-sentence lines of one length, each on another story, is teaser cards,
    no article; the reason said "longest run of prose lines 0 words" as if the page held
    no prose."""
    cards = [
        "The council said on Tuesday that the old bridge would open to traffic in spring.",
        "Farmers expect a smaller harvest of wheat this year after weeks of dry weather.",
        "A local museum will show paintings lent by collectors from three other countries.",
        "Police are looking for witnesses of a crash on the ring road late on Friday night.",
        "The football club has signed a young striker from a second division team abroad.",
        "Shops in the centre may open on Sundays during December, the mayor announced.",
        "Scientists found tiny pieces of plastic in lakes high up in the western mountains.",
        "The airport plans a second terminal, though residents fear more noise at night.",
    ]
    dump = "Home\nNews\n\n" + "\n".join(cards)
    record = clean(dump.encode(), source_path="cards.txt")
    assert isinstance(record, Rejection)
    assert record.detail.endswith(", 8 lines of teaser cards left out")


def test_a_dateline_under_the_title_in_the_article_run_is_no_text() -> None:
    """A dateline between the headline kept with the article and its first paragraph
    reached the text (only the title's place was tested for a dateline)."""
    paragraphs = [
        "The old bridge was built by the town council in the year after the great flood "
        "and it carried the road.",
        *_LATER_PARAGRAPHS[:2],
    ]
    dump = "Home | Local News | Sport\n\nCouncil closes the old bridge for good\n\n"
    dump += "Published March 12, 2024\n\n" + "\n\n".join(paragraphs) + "\n"
    record = clean(dump.encode(), source_path="bridge.txt")
    assert isinstance(record, Article)
    assert record.title == "Council closes the old bridge for good"
    assert record.text.split("\n\n") == paragraphs


_RANKED = [
    "Home | World | Business | Sport | Culture",
    "Which city is the easiest to live in",
    "A survey of housing costs, transport and public services in ten large cities was"
    " published on Tuesday by a research group that has run it for a decade.",
    "The group asked residents how long they travel to work, what share of their income"
    " goes to rent and how satisfied they are with schools, clinics and parks.",
    "Its authors say the ranking moved more this year than in any year before, mostly"
    " because rents rose much faster in some cities than in others.",
    "The cities were ranked as follows:",
    *[
        f"{n}. {city}"
        for n, city in enumerate(
            [
                "Lyon",
                "Porto",
                "Graz",
                "Turku",
                "Gdansk",
                "Malmo",
                "Leipzig",
                "Bilbao",
                "Brno",
                "Cork",
            ],
            1,
        )
    ],  # fmt: skip
    "The city at the bottom of the list lost its place mainly because of the time its"
    " residents spend on crowded trains, which the survey weighs more than before.",
    "The researchers plan to add two more cities next year and to ask about the cost of"
    " child care, which many of the people they spoke to named as their first worry.",
    "Share this article",
    "Newsletter | Contact | Privacy policy",
]


def test_a_numbered_list_inside_the_article_does_not_end_its_run_of_prose() -> None:
    """A ranking between paragraphs (1. ... 10.) is no prose but does not break the run of
    it: the paragraphs after the list are in the article's prose span and in its text."""
    page = split_page("\n\n".join(_RANKED))
    span = features(page)[:, FEATURE_NAMES.index("inside_prose_span")]
    after = [i for i, text in enumerate(page.texts) if text.startswith(("The city at", "The res"))]
    assert all(span[i] for i in after)
    record = clean("\n\n".join(_RANKED).encode(), source_path="ranked.txt")
    text = record.text if isinstance(record, Article) else ""
    assert "crowded trains" in text and "child care" in text
