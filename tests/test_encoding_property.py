"""Properties of decoding: never a crash, valid Unicode out, damage composed at random undone."""

from __future__ import annotations

import gzip
from functools import cache

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from benchmarks.encoding_corpus import (
    CODE_PAGES,
    clean_texts,
    entities,
    every_nth_space,
    legacy_text,
    mojibake,
)
from cleaners import Article, Rejection, clean

SOURCES = sorted(clean_texts())
_SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_valid(record: Article | Rejection) -> None:
    assert isinstance(record, Article | Rejection)
    if isinstance(record, Article):
        for value in (record.text, record.title or ""):
            value.encode("utf-8")  # no lone surrogates


@_SETTINGS
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    _assert_valid(clean(raw, source_path="x"))
    _assert_valid(clean(gzip.compress(raw), source_path="x"))
    _assert_valid(clean(b"\x1f\x8b" + raw, source_path="x"))  # a corrupt gzip


@_SETTINGS
@given(st.text(max_size=400), st.sampled_from(["utf-8", "utf-16", "cp1252", "koi8_r", "cp1250"]))
def test_arbitrary_text_in_any_encoding_never_crashes(text: str, encoding: str) -> None:
    raw = (
        text.encode(encoding, errors="replace")
        if encoding != "utf-16"
        else text.encode("utf-16", "surrogatepass")
    )
    _assert_valid(clean(raw, source_path="x"))


@cache
def _reference(source: str) -> Article:
    record = clean(clean_texts()[source].encode(), source_path="x")
    assert isinstance(record, Article)
    return record


@settings(max_examples=200, deadline=None, derandomize=True)  # CI sees the same examples
@given(
    source=st.sampled_from(SOURCES),
    damaged_lines=st.sets(st.integers(0, 30), max_size=8),
    times=st.integers(1, 2),
    crlf=st.booleans(),
    references=st.booleans(),
    nbsp_every=st.integers(0, 6),
    unicode_form=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
@example(  # 'Ã‚&nbsp;' once read as a damaged NBSP: the Â of "Âşık" was lost
    source="keep/circumflex",
    damaged_lines={4},
    times=1,
    crlf=False,
    references=True,
    nbsp_every=0,
    unicode_form="utf-8",
)
def test_damage_combined_at_random_is_undone(
    source: str,
    damaged_lines: set[int],
    times: int,
    crlf: bool,
    references: bool,
    nbsp_every: int,
    unicode_form: str,
) -> None:
    """Mojibake on any lines (once or twice), CRLF, HTML references, NBSPs, BOMs together."""
    text = clean_texts()[source]
    text = entities(text) if references else text
    text = every_nth_space(text, nbsp_every, "\u00a0") if nbsp_every else text
    lines = text.split("\n")
    for i in damaged_lines & set(range(len(lines))):
        lines[i] = mojibake(lines[i], times)
    raw = ("\r\n" if crlf else "\n").join(lines).encode(unicode_form)
    record = clean(raw, source_path="x")
    assert isinstance(record, Article)
    assert (record.title, record.text) == (_reference(source).title, _reference(source).text)


@settings(max_examples=30, deadline=None)
@given(
    source=st.sampled_from([s for s in SOURCES if s in CODE_PAGES]),
    which=st.integers(0, 1),
    crlf=st.booleans(),
    nbsp=st.booleans(),
)
def test_legacy_code_page_with_more_damage_is_undone(
    source: str, which: int, crlf: bool, nbsp: bool
) -> None:
    text = legacy_text(clean_texts()[source])
    encoding = CODE_PAGES[source][which]
    damaged = text.replace(" ", "\u00a0", 5) if nbsp else text
    damaged = damaged.replace("\n", "\r\n") if crlf else damaged
    expected = clean(text.encode(), source_path="x")
    record = clean(damaged.encode(encoding), source_path="x")
    assert isinstance(record, Article)
    assert (record.title, record.text) == (expected.title, expected.text)


_LABELS = ["utf-8", "utf-16", "unicode-escape", "rot13", "base64", "idna", "undefined", "utf-7"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(_LABELS + ["windows-1251", "koi8-r", "shift_jis", "x-bogus"]), st.binary())
def test_any_declared_charset_never_crashes(label: str, body: bytes) -> None:
    page = f'<html><head><meta charset="{label}"><title>T</title></head><body><p>'.encode()
    _assert_valid(clean(page + body + b"</p></body></html>", source_path="x"))
