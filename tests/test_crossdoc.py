"""Cross-document links: near-duplicate groups and stories, incremental and on disk."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from tests_support import SEEDS

from cleaners import Article, Rejection, clean
from cleaners.annotate import record_id, sha256_hex
from crossdoc import Doc, Linker, Links
from crossdoc.features import features
from crossdoc.linker import STATE_FILE
from crossdoc.settings import STORY_CONFLICT_SIMILARITY
from flows.ingest import _linked
from flows.relink import relink
from flows.store import STATE_DIR, OutputStore, read_records

QUAKE = (
    "A strong earthquake of magnitude 6.1 struck Northern Valdoria on Monday, the national "
    "seismology office said. Buildings collapsed in the town of Korvath and rescuers searched "
    "the rubble for survivors while aftershocks shook the valley. Officials in Korvath said 14 "
    "people had died and hundreds were injured as hospitals filled with the wounded."
)
FLOOD = (
    "Heavy rain flooded the river port of Mirelund on Friday and the Estuary Authority opened "
    "its emergency shelters. Water rose two metres along the quays of Mirelund, boats were torn "
    "from their moorings and the ferry to Saltholm stopped running until the storm passes."
)


def _doc(doc_id: str, text: str, run: str = "r1", language: str = "en", **extra) -> Doc:
    return Doc(
        id=doc_id,
        text=text,
        run=run,
        source_path=f"{doc_id}.txt",
        content_hash=sha256_hex(text),
        language=language,
        **extra,
    )


def _seed_articles() -> list[Article]:
    results = [clean(seed.read_bytes(), source_path=seed.name) for seed in sorted(SEEDS.iterdir())]
    return [result for result in results if isinstance(result, Article)]


def test_seeds_are_one_story_and_no_near_copies():
    articles = _seed_articles()
    assert len(articles) == 5
    with Linker(":memory:") as linker:
        links = [linker.add(_doc(a.id, a.text, title=a.title)) for a in articles]
    assert {link.story_id for link in links} == {articles[0].id}
    assert all(link.near_duplicate_of is None for link in links)


def test_near_copy_points_to_the_earliest_ingested():
    edited = QUAKE.replace("14 people", "fifteen people") + " Schools were closed."
    with Linker(":memory:") as linker:
        linker.add(_doc("late", edited, run="r2"))  # arrives first, but ingested later
        assert linker.add(_doc("early", QUAKE, run="r1")).near_duplicate_of is None
        assert linker.links_of("late").near_duplicate_of == "early"
        assert linker.add(_doc("other", FLOOD)).near_duplicate_of is None
        assert linker.counts() == {"near_duplicate_groups": 1, "stories": 2, "largest_story": 2}


def test_ties_in_a_run_go_to_source_path_then_member():
    with Linker(":memory:") as linker:
        linker.add(Doc("b", QUAKE, "r1", "b.warc", source_member="2"))
        linker.add(Doc("a2", QUAKE, "r1", "a.warc", source_member="2"))
        linker.add(Doc("a1", QUAKE + " Update.", "r1", "a.warc", source_member="1"))
        assert [linker.links_of(i).near_duplicate_of for i in ("b", "a2", "a1")] == [
            "a1",
            "a1",
            None,
        ]


def test_story_ids_never_change_and_unrelated_stories_stay_apart(tmp_path: Path):
    path = tmp_path / STATE_FILE
    with Linker(path) as linker:
        quake = linker.add(_doc("quake", QUAKE)).story_id
        flood = linker.add(_doc("flood", FLOOD)).story_id
    assert (quake, flood) == ("quake", "flood")
    with Linker(path) as linker:  # a later run: the state is read from disk
        retold = "Rescuers in Korvath, Northern Valdoria, pulled survivors from the rubble " + QUAKE
        assert linker.add(_doc("retold", retold, run="r2")).story_id == "quake"
        assert linker.links_of("flood").story_id == "flood"
        assert linker.links_of("quake").story_id == "quake"


def test_a_story_whose_years_all_differ_needs_a_closer_match():
    first = QUAKE + " It was the deadliest earthquake in Valdoria since 2011."
    other = (
        "A strong earthquake of magnitude 5.4 struck Northern Valdoria on Thursday, the national"
        " seismology office said. Houses collapsed in the village of Ostrel and rescuers dug"
        " through the rubble while aftershocks shook the hills. Officials in Ostrel said 3"
        " people had died as hospitals filled with the wounded. It was the deadliest"
        " earthquake in Valdoria since {year}."
    )
    for year, conflict_similarity, story in [
        ("2011", STORY_CONFLICT_SIMILARITY, "first"),  # a shared year: an ordinary join
        ("2019", STORY_CONFLICT_SIMILARITY, "second"),  # another year: another quake
        ("2019", 0.0, "first"),  # the same pair joins when conflicts count for nothing
    ]:
        with Linker(":memory:", conflict_similarity=conflict_similarity) as linker:
            linker.add(_doc("first", first))
            assert linker.add(_doc("second", other.format(year=year))).story_id == story


def test_a_story_that_states_the_same_year_needs_a_less_close_match():
    first = QUAKE + " It was the deadliest earthquake in Valdoria since 2011."
    other = "Rescuers in Korvath dug through the rubble of the magnitude 6.1 earthquake. {tail}"
    strict = {"story_similarity": 0.99, "merge_similarity": 0.99}  # only agreement joins
    for tail, when, agree_similarity, story in [
        ("Valdoria had not seen such a quake since 2011.", None, 0.0, "first"),
        ("Valdoria had not seen such a quake since 2011.", None, 0.99, "second"),
        ("Valdoria had not seen such a quake in years.", None, 0.0, "second"),  # no year
        # the year of the documents' own dates is stated by any article of that year
        ("Valdoria had not seen such a quake since 2011.", "2011-05-02", 0.0, "second"),
    ]:
        with Linker(":memory:", agree_similarity=agree_similarity, **strict) as linker:
            linker.add(_doc("first", first, when=when))
            added = linker.add(_doc("second", other.format(tail=tail), when=when))
            assert added.story_id == story, (tail, when, agree_similarity)


def test_stories_whose_names_are_apart_need_a_closer_match_to_merge_when_no_year_tells():
    other = (  # the same kind of event, told in the same words, elsewhere
        "A strong earthquake of magnitude 6.1 struck the Sarn Highlands of Ostrelia on Monday,"
        " the national seismology office said. Houses fell in the town of Dunmere and rescuers"
        " searched the rubble for survivors while aftershocks shook the valley. Officials in"
        " Dunmere said 3 people had died and the mayor asked for tents.{tail}"
    )
    for tail, when, story in [
        ("", None, "second"),  # no year, the names apart: another quake
        ("", "2011-05-02", "first"),  # dated: the years tell (here, the same one)
        (" Rescuers came from Korvath in Northern Valdoria.", None, "first"),  # shared names
    ]:
        # a document never joins here, so only a merge can bring the two together
        with Linker(":memory:", story_similarity=0.99, merge_similarity=0.0) as linker:
            linker.add(_doc("first", QUAKE, when=when))
            added = linker.add(_doc("second", other.format(tail=tail), when=when))
            assert added.story_id == story, (tail, when)


def test_languages_never_share_a_story():
    with Linker(":memory:") as linker:
        linker.add(_doc("en", QUAKE, language="en"))
        assert linker.add(_doc("xx", QUAKE + " Extra.", language="de")).story_id == "xx"


def test_a_sentence_opening_word_is_a_name_only_if_capitalised_mid_sentence_too():
    names = features("Lohan was in court. A judge said Lohan must return. Police came.").entities
    assert names["lohan"] == 2  # the opener counts: the text names her mid-sentence too
    assert "police" not in names  # capitalised only where it opens a sentence


def test_a_known_document_keeps_its_links():
    with Linker(":memory:") as linker:
        first = linker.add(_doc("quake", QUAKE))
        assert linker.add(_doc("quake", QUAKE, run="r9")) == first
        assert linker.counts()["stories"] == 1


def _article(name: str, text: str) -> Article:
    return Article(
        id=record_id(name),
        source_path=name,
        source_format="text",
        language="en",
        text=text,
        word_count=len(text.split()),
        content_hash=sha256_hex(text),
        raw_sha256=sha256_hex(name),
        encoding="utf-8",
    )


def _run(
    out: Path,
    run_id: str,
    articles: list[Article],
    keep: list[str],
    merge: float = 0.3,
    emptied: tuple[str, ...] = (),
) -> dict[str, dict]:
    """One ingest run without Prefect: link each article, store it, finish (stories merge at
    `merge`, whatever the tuned setting); the files `emptied` now hold no article."""
    with (
        OutputStore(out, out.parent / "rejected", run_id) as store,
        Linker(out / STATE_DIR / STATE_FILE, merge_similarity=merge) as linker,
    ):
        store.before_commit(linker.commit)  # as the ingest flow does
        for article in articles:
            store.add(_linked(article, linker, run_id), 1, 1)
        for name in emptied:
            store.add(Rejection(source_path=name, reason="no_article"), 1, 2)
        for name in keep:
            store.mark_seen(name, 1, 1)
        store.finish(out / STATE_DIR / STATE_FILE)
    return {record["source_path"]: record for record in read_records(out)}


def test_a_merge_rewrites_the_records_of_the_younger_story(tmp_path: Path):
    out = tmp_path / "clean"
    first = _run(out, "r1", [_article("a.txt", QUAKE), _article("b.txt", FLOOD)], [])
    assert first["a.txt"]["story_id"] != first["b.txt"]["story_id"]
    # one article reporting both makes them one story: the older id (a's) wins
    both = _article("c.txt", QUAKE + " " + FLOOD)
    second = _run(out, "r2", [both], ["a.txt", "b.txt"])
    assert {record["story_id"] for record in second.values()} == {record_id("a.txt")}
    assert second["b.txt"]["text"] == FLOOD  # the rest of the record is untouched


@pytest.mark.parametrize("field", ["near_duplicate_of", "story_id"])
def test_old_records_without_links_still_read(field):
    record = _article("old.txt", QUAKE).model_dump()
    record.pop(field)
    record["schema_version"] = "1.0.0"
    assert getattr(Article.model_validate(record), field) is None


def test_a_gone_group_root_is_renamed_to_the_earliest_record_left(tmp_path: Path):
    """Arrival order is not the order of "earliest" (a folder's files arrive before a file
    whose name sorts before theirs): the group's new root is the earliest by source_path,
    as `dechrome relink` makes it, not the first to arrive."""
    out = tmp_path / "clean"
    copies = [("z.txt", QUAKE), ("a.txt", QUAKE + " Update."), ("m.txt", QUAKE + " More.")]
    first = _run(out, "r1", [_article(name, text) for name, text in copies], [])
    assert {first[name]["near_duplicate_of"] for name in ("z.txt", "m.txt")} == {record_id("a.txt")}
    second = _run(out, "r2", [], ["z.txt", "m.txt"], emptied=("a.txt",))
    assert second["z.txt"]["near_duplicate_of"] == record_id("m.txt")
    assert second["m.txt"]["near_duplicate_of"] is None
    assert relink(out).changed == 0  # the links a rebuilt state gives


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00-05:00", "0001-01-01T00:00:00+05:00"])
def test_a_date_past_the_calendars_ends_in_utc_is_no_date_not_a_crash(when: str):
    """Years 1-9999 are all a date can hold: one that leaves them once in UTC is unreadable
    (it crashed the run's linking before)."""
    with Linker(":memory:") as linker:
        linker.add(_doc("quake", QUAKE, when=when))
        assert linker.add(_doc("retold", QUAKE + " Update.", when=when)).story_id == "quake"
        assert linker.stories()[0]["first"] is None


RETOLD = "Rescuers in Korvath, Northern Valdoria, pulled survivors from the rubble " + QUAKE


def test_a_changed_text_is_counted_once_in_its_story():
    with Linker(":memory:") as linker:
        linker.add(_doc("quake", QUAKE))
        linker.add(_doc("retold", RETOLD))
        for tail in (" Schools were closed.", " Schools were closed again."):  # edited twice
            assert linker.add(_doc("quake", QUAKE + tail)).story_id == "quake"
        assert linker.links_of("retold").story_id == "quake"
        assert [story["size"] for story in linker.stories()] == [2]
        assert linker.counts()["largest_story"] == 2


def test_a_text_changed_to_another_story_leaves_its_story_and_group_to_the_others():
    """The story and the near-copy group named by the changed document go on under their
    earliest document left (the new text's story overwrote the old one before)."""
    with Linker(":memory:") as linker:
        for doc_id, text in [("a", QUAKE), ("b", RETOLD), ("c", QUAKE + " Update.")]:
            linker.add(_doc(doc_id, text))
        assert linker.links_of("c") == Links("a", "a")
        assert linker.add(_doc("a", FLOOD)) == Links(None, "a")
        assert [linker.links_of(doc_id) for doc_id in "bc"] == [Links(None, "b"), Links("b", "b")]
        sizes = {story["story_id"]: story["size"] for story in linker.stories()}
        assert sizes == {"b": 2, "a": 1}
        assert linker.add(_doc("d", QUAKE + " More.")) == Links("b", "b")


def test_a_text_changed_to_another_language_shares_no_story_with_its_old_one():
    with Linker(":memory:") as linker:
        linker.add(_doc("a", QUAKE))
        linker.add(_doc("b", RETOLD))
        assert linker.add(_doc("a", QUAKE + " Nachrichten.", language="de")).story_id == "a"
        assert linker.links_of("b").story_id == "b"


def test_the_output_counts_links_over_the_records_left(tmp_path: Path):
    """The story's first record goes: the output holds one record and no near copy (the
    links state still counts the document: 1 group, a story of 2)."""
    out = tmp_path / "clean"
    _run(out, "r1", [_article("a.txt", QUAKE), _article("b.txt", RETOLD)], [])
    _run(out, "r2", [], ["b.txt"], emptied=("a.txt",))
    with OutputStore(out, out.parent / "rejected", "r3") as store:
        totals = store.totals()
    counted = (totals["near_duplicate_groups"], totals["stories"], totals["largest_story"])
    assert counted == (0, 1, 1)


def test_the_near_duplicate_benchmark_compares_whole_shingle_sets():
    """benchmarks/neardup.py takes the union of `shingles`' pieces (it crashed when they
    became pieces)."""
    from benchmarks.neardup import compare_libraries, same_text_groups

    texts = [QUAKE, QUAKE + " Update.", FLOOD]
    pages = [(str(n), b"", SimpleNamespace(id=str(n), text=t)) for n, t in enumerate(texts)]
    group = same_text_groups(pages)
    assert group["0"] == group["1"] != group["2"]
    assert [row[0] for row in compare_libraries(texts)] == ["rensa", "datasketch"]


def test_a_near_copy_is_in_the_story_of_what_it_copies_whatever_its_date():
    """The same page as HTML (published years before) and as the crawl's text (dated only
    by its fetch): the copy's date is outside the story's window, yet it is the same
    article; and its date does not stretch the story's span."""
    with Linker(":memory:") as linker:
        linker.add(_doc("page", QUAKE, when="2008-07-04"))
        copy = linker.add(_doc("text", QUAKE + " Schools were closed.", when="2024-05-18"))
        assert copy == Links("page", "page")
        assert linker.add(_doc("later", QUAKE_RETOLD, when="2024-05-20")).story_id == "later"
    with Linker(":memory:") as linker:  # the copy first, then the page it copies, older
        linker.add(_doc("text", QUAKE + " Schools were closed.", run="r2", when="2024-05-18"))
        assert linker.add(_doc("page", QUAKE, run="r1", when="2008-07-04")) == Links(None, "text")


QUAKE_RETOLD = (  # the same event in other words: no near copy
    "Rescue teams in Korvath kept digging through collapsed homes on Tuesday, a day after a "
    "magnitude 6.1 quake hit Northern Valdoria. The death toll rose to 14, officials said, and "
    "field hospitals were set up as aftershocks continued to rattle the valley."
)
