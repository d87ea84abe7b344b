"""Decode stage: every damaged variant of a clean file gives the clean file's record."""

from __future__ import annotations

import codecs
import gzip
from functools import cache

import pytest
from ftfy import badness as ftfy_badness
from ftfy.badness import BADNESS_RE
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.encoding_corpus import (
    CODE_PAGES,
    Variant,
    clean_texts,
    html_page,
    legacy_text,
    variants,
)
from cleaners import Article, Rejection, clean
from cleaners.decode import badness
from cleaners.decode.charset import detect_legacy
from cleaners.decode.decoder import decode

VARIANTS = variants()


@cache
def _record(raw: bytes) -> Article | Rejection:
    return clean(raw, source_path="doc.txt")


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda v: f"{v.damage}-{v.source}")
def test_damaged_variant_gives_the_clean_record(variant: Variant) -> None:
    expected, got = _record(variant.clean), _record(variant.damaged)
    assert isinstance(expected, Article), expected
    assert isinstance(got, Article), got
    assert (got.title, got.text) == (expected.title, expected.text)


@pytest.mark.parametrize("source", sorted(clean_texts()))
def test_correct_text_is_not_altered(source: str) -> None:
    text = clean_texts()[source]
    decoded = decode(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.fixes) == (text, "utf-8", ())


@pytest.mark.parametrize(
    ("raw", "encoding", "fixes"),
    [
        (codecs.BOM_UTF8 + "Grüße aus Köln".encode(), "utf-8-sig", ("bom:utf-8",)),
        ("Grüße aus Köln".encode("utf-16"), "utf-16", ("bom:utf-16",)),
        ("Grüße aus Köln".encode("utf-16-be"), "utf-16-be", ("charset:utf-16-be",)),
        ("Привет из Москвы".encode("utf-16-le"), "utf-16-le", ("charset:utf-16-le",)),
        ("Grüße\r\naus Köln".encode(), "utf-8", ("crlf",)),
        ("Grüße aus Köln".encode().decode("cp1252").encode(), "utf-8", ("mojibake",)),
        (b"it&#8217;s &amp; more", "utf-8", ("html_entities",)),
        ("a\u00a0b c".encode(), "utf-8", ("nbsp",)),
        ("Сьогодні в Києві тепло і сонячно".encode("cp1251"), "cp1251", ("charset:cp1251",)),
        ("Сегодня в Москве тепло и солнечно".encode("koi8_r"), "koi8-r", ("charset:koi8-r",)),
        ("Źródło: Łódź, gęś i jaźń".encode("iso8859_2"), "iso8859-2", ("charset:iso8859-2",)),
        ("Źródło: Łódź, gęś i jaźń".encode("cp1250"), "cp1250", ("charset:cp1250",)),
    ],
)
def test_encoding_and_fixes_are_recorded(raw: bytes, encoding: str, fixes: tuple) -> None:
    decoded = decode(raw)
    assert (decoded.encoding, decoded.fixes) == (encoding, fixes)


@pytest.mark.parametrize(
    ("source", "encoding"), [(s, e) for s, encodings in CODE_PAGES.items() for e in encodings]
)
def test_code_page_of_a_single_paragraph_is_found(source: str, encoding: str) -> None:
    """The hard pairs (cp1250/iso-8859-2, cp1251/koi8) told apart on ~40 words."""
    for paragraph in legacy_text(clean_texts()[source]).split("\n"):
        raw = paragraph.encode(encoding)
        found = detect_legacy(raw) if not raw.isascii() else encoding
        assert found and raw.decode(found) == paragraph, (found, paragraph)


def test_true_declaration_is_honoured_and_a_lie_overridden() -> None:
    text = clean_texts()["ru"]
    true = html_page(text, '<meta charset="koi8-r">').encode("koi8_r", "xmlcharrefreplace")
    lie = html_page(text, '<meta charset="utf-8">').encode("cp1251", "xmlcharrefreplace")
    assert (decode(true).encoding, decode(true).fixes) == ("koi8-r", ())
    assert decode(lie).fixes == ("charset:cp1251",)


@pytest.mark.parametrize(
    "text", ["транспорта в городе", "развития развития мэр новый транспорта", "объявило"]
)
def test_a_single_byte_page_declared_shift_jis_is_not_half_width_katakana(text: str) -> None:
    """Lower-case KOI8-R letters are Shift_JIS's half-width katakana: a short page read so
    was flawless, and the declaration won."""
    page = html_page(text, '<meta charset="shift_jis">').encode("koi8_r")
    assert decode(page).encoding == "koi8-r"
    japanese = html_page("本日、計画を発表した。ｶﾀｶﾅ", '<meta charset="shift_jis">')
    assert decode(japanese.encode("shift_jis")).encoding == "shift_jis"


def test_latin1_declaration_is_read_as_windows_1252_like_browsers_do() -> None:
    page = html_page("Quoted “words” here\n\nna\u00efve caf\u00e9", '<meta charset="latin1">')
    decoded = decode(page.encode("cp1252"))
    assert (decoded.encoding, decoded.fixes) == ("cp1252", ())
    assert "“words”" in decoded.text


def test_html_keeps_its_references_for_the_parser() -> None:
    page = html_page("Title of the page here\n\nFish &amp; chips", "").encode()
    assert "&amp;amp;" in decode(page).text


def test_valid_utf8_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(data: bytes) -> str:
        raise AssertionError("detection ran on valid UTF-8")

    monkeypatch.setattr("cleaners.decode.decoder.detect_legacy", fail)
    assert decode(clean_texts()["pl"].encode()).encoding == "utf-8"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (gzip.compress("Grüße aus Köln und Umgebung".encode()) + b"", None),
    ],
)
def test_rejections(raw: bytes, reason: str | None) -> None:
    record = clean(raw, source_path="x")
    if reason is None:
        assert not (isinstance(record, Rejection) and record.reason in {"binary", "empty"})
    else:
        assert isinstance(record, Rejection) and record.reason == reason


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("VIP : 60,000â‚©", "VIP : 60,000₩"),  # mojibake ftfy's heuristics let pass
        ('class="widget \ufffdlambda"', 'class="widget \ufffdlambda"'),  # kept as it is
        ("the circumflex on the Â marks a long vowel", None),  # a letter, not a mangled NBSP
        ("Mötley Crüe & Motörhead, ½ m² at 45°", None),
    ],
)
def test_line_repairs(line: str, expected: str | None) -> None:
    assert decode(f"{line}\n".encode()).text == f"{expected or line}\n"


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (
            "市議会は昨日、駅前に新しい図書館を建設する計画を承認しました。工事は秋に始まります。",
            "shift_jis",
        ),
        (
            "市议会昨天批准了在火车站附近建设新图书馆的计划。工程将于秋季开始，预计两年后完工。",
            "gbk",
        ),
        (
            "市議會昨天批准了在火車站附近建設新圖書館的計劃。工程將於秋季開始，預計兩年後完工。",
            "big5",
        ),
        (
            "시의회는 어제 역 앞에 새 도서관을 짓는 계획을 승인했습니다. 공사는 가을에 시작됩니다.",
            "euc_kr",
        ),
    ],
)
def test_multibyte_legacy_encodings_are_left_to_charset_normalizer(
    text: str, encoding: str
) -> None:
    raw = (text * 3).encode(encoding)
    assert decode(raw).text == text * 3


RARE = [
    "Acme™ engines burn CH₄, and the Polish word zażółć gęślą jaźń ends in ą",
    "Wzór CO₂ i H₂O, ścieżka ąę, cena 5 zł™ — „cytat”",
    "Türkçe ğış ™ ₄, Czech řeka ů, Hungarian őű, Greek κείμενο",
]
BASE = "The council met on Monday and agreed a detailed plan for the bridge."


def _through(text: str, codec: str, times: int) -> str:
    """UTF-8 read as codec (the browser way, C1 controls kept), times over."""
    for _ in range(times):
        text = text.encode("utf-8").decode(codec)
    return text


@pytest.mark.parametrize("times", [1, 2, 3])
@pytest.mark.parametrize(
    "codec", ["sloppy-windows-1252", "sloppy-windows-1250", "sloppy-windows-1251", "latin-1"]
)
@pytest.mark.parametrize("line", RARE)
def test_mojibake_repeated_through_any_code_page_is_undone_to_the_end(
    line: str, codec: str, times: int
) -> None:
    """Issue 14: a second layer of mojibake on rare characters was left half-repaired."""
    damaged = f"{BASE}\n{_through(line, codec, times)}\n{BASE}"
    assert decode(damaged.encode("utf-8")).text.split("\n")[1] == line


REFERENCES = {  # how a page generator escapes text that already is mojibake
    "quotes": lambda t: t.replace("’", "&#8217;").replace("\u00a0", "&nbsp;"),
    "named": lambda t: t.replace("’", "&rsquo;").replace("€", "&euro;").replace("\u00a0", "&#160;"),
    "all": lambda t: t.encode("ascii", "xmlcharrefreplace").decode("ascii"),
}


@pytest.mark.parametrize("escape", sorted(REFERENCES))
@pytest.mark.parametrize("source", sorted(clean_texts()))
def test_references_inside_mojibake_are_repaired_with_it(source: str, escape: str) -> None:
    """Issue 14: 'Â&nbsp;' (an NBSP in mojibake, then escaped) kept its 'Â'; 'Ð&#8217;' its
    'Ð'. References are decoded before the repair when that reads less badly."""
    text = clean_texts()[source].replace(" ", "\u00a0", 9)
    damaged = REFERENCES[escape](_through(text, "sloppy-windows-1252", 1))
    assert "&" in damaged
    assert (
        decode(damaged.encode("ascii", "xmlcharrefreplace")).text
        == decode(text.encode("utf-8")).text
    )


def test_badness_regex_matches_at_most_the_width_the_stretches_assume() -> None:
    import re._parser  # noqa: PLC0415 - CPython's own regex parser, to read the pattern's width

    low, high = re._parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()
    assert low >= 1 and high <= badness._WIDTH


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(
        st.sampled_from(["a", " ", "x.", "Ã", "Â", "©", "œ", "€", "Ø", "\xa0", "é", "日本", "<p>"]),
        max_size=400,
    ),
    st.integers(0, 900),
)
def test_badness_on_stretches_equals_ftfy_on_the_whole_line(pieces: list[str], pad: int) -> None:
    text = "".join(pieces) + "a" * pad + "".join(reversed(pieces))
    assert badness.badness(text) == ftfy_badness.badness(text)
    assert badness.is_bad(text) == ftfy_badness.is_bad(text)


@pytest.mark.parametrize("kind", ["html", "text"])
def test_a_stray_nul_byte_does_not_make_utf8_text_binary(kind: str) -> None:
    """A NUL byte or two in a UTF-8 page (a scraper's glitch) is not a binary file: the page
    is read and the NUL dropped like any control character."""
    text = clean_texts()["de"].replace("\n", "\n\n")
    page = html_page(text, "") if kind == "html" else text
    raw = page.encode().replace(b" ", b" \x00", 2)
    record = clean(raw, source_path="x")
    assert isinstance(record, Article), record
    assert record.text == _record(page.encode()).text


@pytest.mark.parametrize("bom", [False, True])
def test_utf16_cut_in_a_code_unit_is_read_like_with_a_bom(bom: bool) -> None:
    """UTF-16 whose last code unit is cut short (a truncated download) is still UTF-16, and
    the half unit is dropped, not replaced by U+FFFD."""
    text = clean_texts()["de"].replace("\n", "\n\n").rstrip()
    raw = text.encode("utf-16" if bom else "utf-16-le") + b"\x00"
    record = clean(raw, source_path="x")
    assert isinstance(record, Article), record
    assert record.text == _record(text.encode()).text


@pytest.mark.parametrize("lines", ["one", "many"])
@pytest.mark.parametrize("source", ["fr", "ru", "pl", "de"])
def test_a_stray_byte_in_a_utf8_line_leaves_the_line_utf8(source: str, lines: str) -> None:
    """A Latin-1 letter in a line of UTF-8 (a minified page has only one) is read as such,
    and the line's UTF-8 stays UTF-8; the line (the page, if minified) used to be read in
    a legacy code page as a whole (iso8859-5, cp1250...), its every other letter mojibake."""
    page = html_page(clean_texts()[source], "")
    page = page.replace("\n", "") if lines == "one" else page
    longest = max(page.split("\n"), key=len)
    cut = longest.index(". ") + 2
    with_stray = page.replace(longest, f"{longest[:cut]}café {longest[cut:]}")
    raw = with_stray.encode().replace("café ".encode(), b"caf\xe9 ")
    record = clean(raw, source_path="x")
    assert isinstance(record, Article), record
    assert (record.encoding, record.text) == ("utf-8", _record(with_stray.encode()).text)


@pytest.mark.parametrize("kind", ["html", "text"])
def test_a_reference_to_no_character_is_dropped_not_made_u_fffd(kind: str) -> None:
    """&#xD800; (a lone surrogate), &#0; and &#x110000; name no character; decoding them
    made U+FFFD appear in the record, where the page showed none of its text. A reference
    to U+FFFD itself stays one."""
    text = clean_texts()["en"].replace("\n", "\n\n")
    page = html_page(text, "") if kind == "html" else text
    damaged = page.replace(" the ", " the&#xD800; ", 3).replace(" a ", " a&#0;&#x110000; ", 3)
    record = clean(damaged.encode(), source_path="x")
    assert isinstance(record, Article), record
    assert record.text == _record(page.encode()).text
    written = decode(b"The replacement character, written as a reference: &#xfffd; or &#65533;.")
    assert written.text.count("\ufffd") == 2
