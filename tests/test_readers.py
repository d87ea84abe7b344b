"""Readers of web archives and scraper exports (cleaners/readers): every member is a
record, a rejection or a counted non-document, with its URL, fetch time and stable id."""

from __future__ import annotations

import base64
import gzip
import json
import os
import random
import zlib
from collections import Counter
from pathlib import Path

import brotli
import pytest
import zstandard
from tests_support import FIXTURES

from benchmarks.pack import Page, write_jsonl, write_warc
from cleaners import Article, CleanError, Rejection, clean
from cleaners.annotate import record_id, sha256_hex
from cleaners.readers import (
    Indexer,
    MemberRef,
    Skipped,
    clean_member,
    container_kind,
    jsonl,
    warc,
    warc_record,
)
from cleaners.readers.detect import single_gzip_stream
from cleaners.readers.http import decode_body
from cleaners.readers.jsonl import parse_fields
from cleaners.record import Article as ArticleModel
from cleaners.settings import ID_NAMESPACE

GZIP_MEMBER = b"\x1f\x8b\x08"

RUSSIAN = (
    "<html><head><title>Новости</title></head><body><article><p>"
    + "Правительство города объявило о новом плане развития транспорта на ближайшие годы. " * 6
    + "</p></article></body></html>"
)
ENGLISH = (
    "<html><head><title>News</title></head><body><article><p>"
    + "The city council announced a new plan for public transport in the coming years. " * 6
    + "</p></article></body></html>"
)


def _index(path: Path, fields=()) -> tuple[list[MemberRef], Counter, list[Rejection]]:
    refs, skipped, rejected = [], Counter(), []
    indexer = Indexer(fields)
    entries = indexer.index(str(path), path.name, container_kind(str(path)))
    for entry in [*entries, *(entry for _, entry in indexer.resolve())]:
        if isinstance(entry, MemberRef):
            refs.append(entry)
        elif isinstance(entry, Skipped):
            skipped[entry.key] += 1
        else:
            rejected.append(entry)
    return refs, skipped, rejected


def _clean_all(path: Path, fields=()) -> list[Article | Rejection]:
    refs, _, rejected = _index(path, fields)
    return [clean_member(ref, path.name) for ref in refs] + rejected


def test_warc_documents_carry_target_uri_date_and_record_id(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    pages = [
        Page("http://example.org/robots.txt", b"User-agent: *", [("Content-Type", "text/plain")]),
        Page("http://example.org/a", RUSSIAN.encode("cp1251"),
             [("Content-Type", "text/html; charset=windows-1251")], date="2020-08-08T18:31:12Z"),
        Page("http://example.org/a", b"", record_type="request"),
        Page("http://example.org/logo.png", b"\x89PNG\r\n", [("Content-Type", "image/png")]),
        Page("http://example.org/gone", b"<html>404</html>", status="404 Not Found"),
        Page("http://example.org/meta", b"via: x", [("Content-Type", "application/warc-fields")],
             record_type="metadata"),
    ]  # fmt: skip
    ids = write_warc(path, pages)
    refs, skipped, rejected = _index(path)
    assert skipped == {"robots.txt": 1, "request": 1, "image/png": 1, "status 404": 1,
                       "metadata": 1}  # fmt: skip
    assert not rejected and len(refs) == 1
    record = clean_member(refs[0], "crawl.warc.gz")
    assert isinstance(record, Article)
    assert record.source_member == ids[1]
    assert record.url == "http://example.org/a"
    assert record.fetched_at == "2020-08-08T18:31:12Z"
    assert record.id == record_id("crawl.warc.gz", ids[1]) != record_id("crawl.warc.gz")
    assert "Правительство города" in record.text and "\ufffd" not in record.text


def test_http_charset_is_a_hint_that_clear_evidence_beats():
    russian = RUSSIAN.encode("cp1251")
    wrong = clean(russian, source_path="a", charset="iso-8859-1")
    assert "Правительство" in wrong.text and wrong.encoding == "cp1251"
    utf8 = clean(RUSSIAN.encode("utf-8"), source_path="a", charset="windows-1251")
    assert "Правительство" in utf8.text and utf8.encoding == "utf-8"
    # Latin-2 and Latin-1 bytes both read as letters: the header decides between them
    czech = ENGLISH.replace("city", "město žluťoučký").encode("iso8859-2")
    assert "žluťoučký" in clean(czech, source_path="a", charset="iso-8859-2").text


@pytest.mark.parametrize(
    "body, transfer, content",
    [
        (gzip.compress(ENGLISH.encode()), None, "gzip"),
        (zlib.compress(ENGLISH.encode()), None, "deflate"),
        (brotli.compress(ENGLISH.encode()), None, "br"),
        (zstandard.ZstdCompressor().compress(ENGLISH.encode()), None, "zstd"),
        (gzip.compress(ENGLISH.encode()[:40]) + gzip.compress(ENGLISH.encode()[40:]), None,
         "gzip"),  # two gzip members: the second was lost
        (ENGLISH.encode(), None, "zstd"),  # decompressed by the crawler, header left over
        (b"10\r\n" + ENGLISH.encode()[:16] + b"\r\n" + b"%x\r\n" % (len(ENGLISH) - 16)
         + ENGLISH.encode()[16:] + b"\r\n0\r\n\r\n", "chunked", None),
        (ENGLISH.encode(), "chunked", None),  # de-chunked by the crawler, header left over
        (ENGLISH.encode(), None, "gzip"),  # decompressed by the crawler, header left over
    ],
)  # fmt: skip
def test_http_body_decoded(body: bytes, transfer, content):
    assert decode_body(body, transfer, content) == ENGLISH.encode()


def test_body_cut_by_the_crawler_keeps_what_decompresses():
    cut = gzip.compress(ENGLISH.encode())[:-30]
    assert ENGLISH.encode().startswith(decode_body(cut, None, "gzip", cut_by_crawler=True)[:50])


def test_bad_chunk_is_malformed():
    with pytest.raises(CleanError) as err:
        decode_body(b"10\r\n" + ENGLISH.encode()[:16] + b"\r\nzz\r\nrest", "chunked", None)
    assert err.value.reason == "malformed"


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 20, "malformed"),
        (gzip.compress(ENGLISH.encode())[:-30], "truncated"),
    ],
)
def test_bad_compression_is_a_rejected_member(tmp_path: Path, body: bytes, reason: str):
    path = tmp_path / "bad.warc"
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip")]
    write_warc(path, [Page("http://x/", body, headers)], gzip=False)
    (result,) = _clean_all(path)
    assert isinstance(result, Rejection) and result.reason == reason


def test_wrong_content_length_rejects_one_record_and_reading_goes_on(tmp_path: Path):
    path = tmp_path / "damaged.warc"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(3)], gzip=False)
    data = path.read_bytes()
    first_end = data.index(b"WARC/1", 10)
    second = data[first_end:].replace(b"Content-Length: ", b"Content-Length: 9", 1)
    path.write_bytes(data[:first_end] + second)
    results = _clean_all(path)
    urls = sorted(r.url for r in results if isinstance(r, Article))
    assert urls[0] == "http://x/0" and "http://x/2" in urls or len(urls) == 1
    assert any(isinstance(r, Rejection) and r.reason in ("malformed", "truncated") for r in results)


@pytest.mark.parametrize("damage_at", [10, *range(40, 300, 20)])
def test_corrupt_gzip_member_rejected_next_members_read(tmp_path: Path, damage_at: int):
    # At 10, the member's first deflate block is invalid: warcio then takes the member for
    # uncompressed bytes and reads on into the next members as one record.
    path = tmp_path / "corrupt.warc.gz"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(3)])
    data = bytearray(path.read_bytes())
    second = data.index(b"\x1f\x8b\x08", 10)
    data[second + damage_at : second + damage_at + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    results = _clean_all(path)
    assert {r.url for r in results if isinstance(r, Article)} == {"http://x/0", "http://x/2"}
    assert [r.reason for r in results if isinstance(r, Rejection)] == ["malformed"]


def test_member_warcio_reads_as_raw_bytes_is_rejected_next_member_read(tmp_path: Path):
    # A fixed case of the damage above (made by it): warcio reads the second member's raw
    # bytes as a record that runs on over the third member, with no error.
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes((FIXTURES / "archives" / "member-read-as-raw.warc.gz").read_bytes())
    results = _clean_all(path)
    assert {r.url for r in results if isinstance(r, Article)} == {"http://x/0", "http://x/2"}
    assert [(r.reason, r.source_member) for r in results if isinstance(r, Rejection)] == [
        ("malformed", "offset:430")
    ]


def test_cut_archive_gives_a_truncated_rejection(tmp_path: Path):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode() * 20) for n in range(2)])
    path.write_bytes(path.read_bytes()[:-20])  # the end of the last gzip member is gone
    results = _clean_all(path)
    assert [r.url for r in results if isinstance(r, Article)] == ["http://x/0"]
    assert [r.reason for r in results if isinstance(r, Rejection)] == ["truncated"]


def test_single_gzip_stream_is_read_in_one_pass(tmp_path: Path):
    plain = tmp_path / "plain.warc"
    pages = [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(3)]
    revisit = Page("http://x/1", b"", record_type="revisit", date="2024-06-01T00:00:00Z")
    write_warc(plain, [*pages, revisit], gzip=False)
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    refs, _, _ = _index(path)
    assert len(refs) == 4 and all(ref.inline is not None for ref in refs)
    results = [clean_member(ref, "w") for ref in refs]
    assert [r.text for r in results] == [clean_member(ref, "p").text for ref in _index(plain)[0]]
    assert (results[3].url, results[3].fetched_at) == ("http://x/1", "2024-06-01T00:00:00Z")


def test_indexing_opens_a_container_once(tmp_path: Path, monkeypatch):
    """Telling ARC from WARC and one gzip stream from per-record members uses the open file."""
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(2)])
    opened: list[str] = []
    real_open = os.open
    monkeypatch.setattr(
        os, "open", lambda name, *a, **k: opened.append(name) or real_open(name, *a, **k)
    )
    entries = list(Indexer().index(str(path), "crawl.warc.gz", "warc"))
    assert len(entries) == 2 and opened == [str(path)]


def test_big_first_member_quoting_a_warc_header_is_not_one_stream(tmp_path: Path):
    """A first gzip member of over 64 KB holding one record whose page happens to contain
    '\\nWARC/': per-record members all the same, each read by its byte range."""
    noise = base64.b64encode(random.Random(0).randbytes(150_000))  # does not compress
    quoting = ENGLISH.replace("<p>", "<pre>\nWARC/1.0\r\nWARC-Type: response\r\n</pre><p>", 1)
    big = quoting.replace("</body>", f"<!-- {noise.decode()} --></body>").encode()
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [Page("http://x/big", big), Page("http://x/small", ENGLISH.encode())])
    assert path.read_bytes().index(GZIP_MEMBER, 10) > 64 * 1024
    with open(path, "rb") as handle:
        assert not single_gzip_stream(handle)
    refs, _, rejected = _index(path)
    assert not rejected and [ref.length > 0 for ref in refs] == [True, True]
    assert clean_member(refs[0], "c").text == clean(big, source_path="c").text


def test_concatenated_gzip_streams_of_several_records_are_read_in_one_pass(tmp_path: Path):
    """`cat a.warc.gz b.warc.gz` of two one-stream files: its first member holds several
    records, so the file is read as one stream (per member, warcio fails on it)."""
    parts = []
    for name, count in (("a", 3), ("b", 1)):
        plain = tmp_path / f"{name}.warc"
        write_warc(
            plain, [Page(f"http://x/{name}{n}", ENGLISH.encode()) for n in range(count)], gzip=False
        )
        parts.append(gzip.compress(plain.read_bytes()))
    path = tmp_path / "both.warc.gz"
    path.write_bytes(b"".join(parts))
    refs, _, rejected = _index(path)
    assert not rejected and [ref.url for ref in refs] == [
        "http://x/a0",
        "http://x/a1",
        "http://x/a2",
        "http://x/b0",
    ]


def _count_payload_reads(monkeypatch) -> list[str]:
    """URLs of the records whose payloads the WARC reader reads, in order."""
    read: list[str] = []
    real = warc.member_of_record
    monkeypatch.setattr(
        warc,
        "member_of_record",
        lambda record, ref, *a: read.append(ref.url) or real(record, ref, *a),
    )
    return read


def test_a_page_over_the_inline_size_is_read_by_its_worker_only(tmp_path: Path, monkeypatch):
    """Its Content-Length says it will not travel inline: indexing does not read it."""
    monkeypatch.setattr(warc, "INLINE_MEMBER_BYTES", 4000)
    big = ENGLISH.replace("<p>", "<p>" + "More words about the plan. " * 200, 1).encode()
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [Page("http://x/small", ENGLISH.encode()), Page("http://x/big", big)])
    read = _count_payload_reads(monkeypatch)
    small, large = Indexer().index(str(path), "c", "warc")
    assert read == ["http://x/small"] and small.inline and large.inline is None
    assert clean_member(large, "c").text == clean(big, source_path="c").text


def test_a_page_read_by_its_worker_is_checked_to_be_the_record_indexed(tmp_path: Path, monkeypatch):
    """The container replaced between indexing and reading (same layout, another record, or
    bytes that are no record at all): the worker does not clean what it finds there."""
    monkeypatch.setattr(warc, "INLINE_MEMBER_BYTES", 100)
    big = ENGLISH.replace("<p>", "<p>" + "More words about the plan. " * 200, 1)
    path = tmp_path / "crawl.warc"
    write_warc(path, [Page("http://x/big", big.encode())], gzip=False)
    ((ref,), _, _) = _index(path)
    assert (
        ref.inline is None
        and clean_member(ref, "c").text == clean(big.encode(), source_path="c").text
    )

    write_warc(path, [Page("http://x/big", big.replace("plan", "wolf").encode())], gzip=False)
    result = clean_member(ref, "c")  # the same byte range, another record (id, text)
    assert (result.reason, result.source_member) == ("unreadable", ref.source_member)
    assert result.detail.startswith("container changed since it was indexed: the record at")
    assert ref.source_member in result.detail

    path.write_bytes(b"\0" * len(path.read_bytes()))  # no record there now
    result = clean_member(ref, "c")
    assert result.reason == "unreadable" and "no record at byte 0" in result.detail


def test_an_arc_record_read_by_its_worker_is_the_one_indexed(tmp_path: Path, monkeypatch):
    """ARC records have no ids (warcio makes one up at each read): URL, date and length say."""
    monkeypatch.setattr(warc, "INLINE_MEMBER_BYTES", 100)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + ENGLISH.encode()
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    head = b"filedesc://t.arc 0.0.0.0 20140216050221 text/plain %d\n%s\n" % (
        len(version),
        version,
    )
    record = b"http://example.com/%s 1.2.3.4 20140216050221 text/html %d\n%s\n"
    path = tmp_path / "t.arc"
    path.write_bytes(head + record % (b"a", len(http), http))
    ((ref,), _, _) = _index(path)
    assert ref.inline is None and clean_member(ref, "t").url == "http://example.com/a"
    path.write_bytes(head + record % (b"b", len(http), http))
    assert clean_member(ref, "t").reason == "unreadable"


def test_a_page_over_the_size_limit_is_still_too_large(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(warc, "INLINE_MEMBER_BYTES", 2000)
    monkeypatch.setattr(warc, "MAX_RAW_BYTES", 5000)
    monkeypatch.setattr(warc_record, "MAX_RAW_BYTES", 5000)
    path = tmp_path / "crawl.warc"
    write_warc(path, [Page("http://x/big", (ENGLISH * 12).encode())], gzip=False)
    (result,) = _clean_all(path)
    assert (result.reason, result.detail) == ("too_large", "record payload over 5000 bytes")


def test_revisit_points_at_its_original(tmp_path: Path):
    path = tmp_path / "revisits.warc.gz"
    ids = write_warc(path, [
        Page("http://x/a", ENGLISH.encode()),
        Page("http://x/a", b"", record_type="revisit", date="2024-06-01T00:00:00Z"),
    ])  # fmt: skip
    original, revisit = _index(path)[0]
    assert (revisit.offset, revisit.length) == (original.offset, original.length)
    first, second = (clean_member(ref, "r") for ref in (original, revisit))
    assert (first.source_member, second.source_member) == tuple(ids)
    assert second.fetched_at == "2024-06-01T00:00:00Z" and second.text == first.text


def test_revisit_without_original_is_counted(tmp_path: Path):
    path = tmp_path / "revisits.warc.gz"
    write_warc(path, [Page("http://x/a", ENGLISH.encode()),
                      Page("http://x/a", b"", record_type="revisit")])  # fmt: skip
    data = path.read_bytes()
    path.write_bytes(data[data.index(b"\x1f\x8b\x08", 10) :])  # the original cut away
    refs, skipped, rejected = _index(path)
    assert not refs and not rejected and skipped == {"revisit, original not in input": 1}


def _arc_start() -> tuple[bytes, bytes]:
    """An HTTP response of ENGLISH, and an ARC file's version block (its first record)."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + ENGLISH.encode()
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    data = b"filedesc://t.arc 0.0.0.0 20140216050221 text/plain %d\n%s\n" % (
        len(version),
        version,
    )
    return http, data


def test_arc_file(tmp_path: Path):
    http, data = _arc_start()
    data += b"http://example.com/ 1.2.3.4 20140216050221 text/html %d\n%s\n" % (len(http), http)
    path = tmp_path / "t.arc.gz"
    path.write_bytes(gzip.compress(data))
    (result,) = _clean_all(path)
    assert result.url == "http://example.com/" and result.fetched_at == "2014-02-16T05:02:21Z"
    assert result.source_member.startswith("offset:")


def test_a_bad_arc_header_rejects_its_record_and_reading_goes_on(tmp_path: Path):
    http, data = _arc_start()
    header = b"http://example.com/%d 1.2.3.4 20140216050221 text/html %s\n"
    for n, length in enumerate((b"%d" % len(http), b"12x", b"%d" % len(http))):
        data += header % (n, length) + http + b"\n"
    path = tmp_path / "t.arc"
    path.write_bytes(data)
    results = _clean_all(path)
    urls = sorted(r.url for r in results if isinstance(r, Article))
    assert urls == ["http://example.com/0", "http://example.com/2"]
    assert all(r.reason == "malformed" for r in results if isinstance(r, Rejection))


@pytest.mark.parametrize("version", [b"WARC/0.17", b"WARC/1.0", b"WARC/1.1"])
def test_warc_versions(tmp_path: Path, version: bytes):
    path = tmp_path / "v.warc"
    write_warc(path, [Page("http://x/", ENGLISH.encode())], gzip=False)
    path.write_bytes(path.read_bytes().replace(b"WARC/1.0", version))
    (result,) = _clean_all(path)
    assert result.url == "http://x/" and "public transport" in result.text


def test_wet_conversion_is_a_text_dump(tmp_path: Path):
    path = tmp_path / "x.warc.wet.gz"
    text = "Home | News | Sport\n\n" + "The council announced a plan for transport today. " * 6
    write_warc(path, [Page("http://x/", text.encode(), [("Content-Type", "text/plain")],
                           record_type="conversion")])  # fmt: skip
    (result,) = _clean_all(path)
    assert result.source_format == "text" and result.url == "http://x/"


def test_a_cut_jsonl_gz_keeps_the_lines_before_the_cut_and_says_where(tmp_path: Path):
    """The lines read whole stand; the rest is one `truncated` rejection naming its line.
    Reading raised EOFError at the cut, and indexing failed for the whole file."""
    rng = random.Random(3)  # text that does not compress away: the cut falls after line 2
    rows = [
        {"url": f"http://x/{n}", "html": ENGLISH + "".join(rng.choices("abcdefgh ", k=9000))}
        for n in range(6)
    ]
    plain = tmp_path / "feed.jsonl"
    write_jsonl(plain, rows)
    packed = gzip.compress(plain.read_bytes())
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    results = {r.source_member: r for r in _clean_all(path)}
    cut = [r for r in results.values() if getattr(r, "reason", None) == "truncated"]
    assert len(cut) == 1 and "ends early" in cut[0].detail
    assert all(int(m) < int(cut[0].source_member) for m in results if results[m] is not cut[0])
    assert len(results) >= 3  # lines before the cut came through


@pytest.mark.parametrize(
    "written, fetched_at",
    [
        ("2016-09-19T18:03:53Z", "2016-09-19T18:03:53Z"),
        ("2016-09-19T18:03:53.123456789Z", "2016-09-19T18:03:53.123456789Z"),  # WARC 1.1
        ("20160919T180353Z", "2016-09-19T18:03:53Z"),  # was kept as written
        ("2016-09-19 18:03:53Z", "2016-09-19T18:03:53Z"),  # was kept as written
        ("2016-09-19T18:03:53z", "2016-09-19T18:03:53Z"),  # was no time
        ("2024-05-18T03:58:10+02:00", "2024-05-18T01:58:10Z"),
    ],
)
def test_fetch_times_come_out_in_one_form(written: str, fetched_at: str):
    from cleaners.readers.timestamps import iso_utc

    assert iso_utc(written) == fetched_at


@pytest.mark.parametrize("when", ["9999-12-31T23:30:00-05:00", "0001-01-01T00:00:00+05:00"])
def test_a_fetch_time_past_the_calendars_ends_in_utc_is_no_time(tmp_path: Path, when: str):
    """Years 1-9999 are all a date can hold: a fetch time that leaves them once in UTC is
    none (it raised OverflowError out of the reader)."""
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, [{"url": "http://x/1", "html": ENGLISH, "fetched_at": when}])
    (record,) = _clean_all(path)
    assert isinstance(record, Article) and record.fetched_at is None


def test_a_long_json_line_read_by_its_worker_is_checked_to_be_the_line_indexed(
    tmp_path: Path, monkeypatch
):
    """A line over INLINE_MEMBER_BYTES is read again by byte range; if the export was
    rewritten since (same layout, another page), the worker does not clean what it finds."""
    monkeypatch.setattr(jsonl, "INLINE_MEMBER_BYTES", 100)
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, [{"url": "http://x/1", "html": ENGLISH}])
    ((ref,), _, _) = _index(path)
    assert ref.inline is None and "public transport" in clean_member(ref, "f").text
    path.write_bytes(path.read_bytes().replace(b"plan", b"wolf"))
    result = clean_member(ref, "f")
    assert (result.reason, result.source_member) == ("unreadable", "1")
    assert result.detail.startswith("export changed since it was indexed: line 1")


def test_jsonl_lines_fields_and_compression(tmp_path: Path):
    rows = [
        {"url": "http://x/1", "html": ENGLISH, "fetched_at": "2024-05-18T03:58:10+02:00"},
        {"link": "http://x/2", "page_html": ENGLISH, "ts": 1716000000},
        {"url": "http://x/3", "title": "no page here"},
    ]
    path = tmp_path / "feed.jsonl"
    write_jsonl(path, rows)
    with open(path, "a", encoding="utf-8") as out:
        out.write("\nnot json\n")
    results = _clean_all(path)
    by_member = {r.source_member: r for r in results}
    assert by_member["1"].url == "http://x/1"
    assert by_member["1"].fetched_at == "2024-05-18T01:58:10Z"
    assert by_member["2"].reason == "malformed"  # default names: no page field
    assert "line 3" in by_member["3"].detail and "line 5" in by_member["5"].detail
    assert "4" not in by_member  # a blank line is no member

    mapped = {r.source_member: r for r in _clean_all(path, parse_fields("html=page_html,url=link"))}
    assert mapped["2"].url == "http://x/2" and mapped["2"].text == by_member["1"].text
    assert mapped["2"].fetched_at is None  # fetched_at not mapped: the default name is absent
    for packed, pack in (("feed.jsonl.gz", gzip.compress), ("feed.jsonl.zst",
                         zstandard.ZstdCompressor().compress)):  # fmt: skip
        (tmp_path / packed).write_bytes(pack(path.read_bytes()))
        again = {r.source_member: r for r in _clean_all(tmp_path / packed)}
        assert again.keys() == by_member.keys() and again["1"].text == by_member["1"].text
    with pytest.raises(ValueError):
        parse_fields("page=html")


def test_containers_detected_by_content(tmp_path: Path):
    write_warc(tmp_path / "crawl.bin", [Page("http://x/", ENGLISH.encode())])
    (tmp_path / "export.txt").write_text(json.dumps({"html": ENGLISH}) + "\n")
    (tmp_path / "page.json").write_text('{\n  "a": 1\n}\n')
    (tmp_path / "page.html").write_text(ENGLISH)
    kinds = {p.name: container_kind(str(p)) for p in tmp_path.iterdir()}
    assert kinds == {"crawl.bin": "warc", "export.txt": "jsonl", "page.json": "file",
                     "page.html": "file"}  # fmt: skip


def test_plain_file_ids_unchanged_and_old_records_still_read():
    assert record_id("site/page.html") == sha256_hex(ID_NAMESPACE + "site/page.html")[:24]
    old = clean(ENGLISH.encode(), source_path="p.html").model_dump()
    for new_field in ("source_member", "fetched_at"):
        del old[new_field]
    old["schema_version"] = "1.0.0"
    assert ArticleModel.model_validate(old).source_member is None


class _CountingDecompressor:
    """A zlib decompressor that adds the compressed bytes it consumes to a list."""

    def __init__(self, real, consumed: list[int]) -> None:
        self._real, self._consumed = real, consumed

    def decompress(self, data: bytes, *args) -> bytes:
        out = self._real.decompress(data, *args)
        left = len(self._real.unused_data) + len(self._real.unconsumed_tail)
        self._consumed.append(len(data) - left)
        return out

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def test_gzip_warc_members_are_decompressed_once(tmp_path: Path, monkeypatch):
    # Indexing, the check of each gzip member and the workers' reads each decompressed the
    # whole record once: about three times the file. Sniffing looks at the first member only.
    path = tmp_path / "crawl.warc.gz"
    pages = [Page(f"http://x/{n}", ENGLISH.encode() * (20 + n)) for n in range(6)]
    write_warc(
        path, [*pages, Page("http://x/i.png", b"\x89PNG" * 500, [("Content-Type", "image/png")])]
    )
    data = path.read_bytes()
    first_member = data.index(GZIP_MEMBER, 10)
    consumed: list[int] = []
    real = zlib.decompressobj
    monkeypatch.setattr(
        zlib, "decompressobj", lambda *a, **k: _CountingDecompressor(real(*a, **k), consumed)
    )
    results = _clean_all(path)
    assert sorted(r.url for r in results if isinstance(r, Article)) == [p.url for p in pages]
    assert sum(consumed) <= len(data) + 3 * first_member


def _split_revisit(tmp_path: Path, refers_to: bool = True) -> tuple[Path, Path, list[str]]:
    """A response and its revisit written as one crawl, then put in two containers: the
    revisit in a.warc.gz, its original in b.warc.gz (indexed after a)."""
    whole = tmp_path / "whole.warc.gz"
    ids = write_warc(whole, [
        Page("http://x/a", ENGLISH.encode()),
        Page("http://x/a", b"", record_type="revisit", date="2024-06-01T00:00:00Z"),
    ])  # fmt: skip
    data = whole.read_bytes()
    second = data.index(GZIP_MEMBER, 10)
    revisit = gzip.decompress(data[second:])
    if not refers_to:  # WARC 1.0 revisits name their original by URI and payload digest only
        revisit = b"\r\n".join(
            line for line in revisit.split(b"\r\n") if not line.startswith(b"WARC-Refers-To:")
        )
    (tmp_path / "a.warc.gz").write_bytes(gzip.compress(revisit))
    (tmp_path / "b.warc.gz").write_bytes(data[:second])
    whole.unlink()
    return tmp_path / "a.warc.gz", tmp_path / "b.warc.gz", ids


@pytest.mark.parametrize("refers_to", [True, False])
def test_revisit_waits_for_an_original_in_a_container_indexed_later(
    tmp_path: Path, refers_to: bool
):
    revisits, originals, ids = _split_revisit(tmp_path, refers_to)
    indexer = Indexer()
    assert list(indexer.index(str(revisits), "a.warc.gz", "warc")) == []
    assert indexer.waiting_in("a.warc.gz") and not indexer.waiting_in("b.warc.gz")
    (original,) = indexer.index(str(originals), "b.warc.gz", "warc")
    ((source_path, revisit),) = indexer.resolve()
    assert source_path == "a.warc.gz" and revisit.source_member == ids[1]
    first, second = clean_member(original, "b.warc.gz"), clean_member(revisit, "a.warc.gz")
    assert (second.url, second.fetched_at) == ("http://x/a", "2024-06-01T00:00:00Z")
    assert second.text == first.text and second.source_member == ids[1]


def _raw_record(headers: dict[str, str], block: bytes) -> bytes:
    """One WARC/1.1 record, written by hand, gzipped as its own member."""
    lines = [
        "WARC/1.1",
        *(f"{k}: {v}" for k, v in headers.items()),
        f"Content-Length: {len(block)}",
    ]
    return gzip.compress("\r\n".join(lines).encode() + b"\r\n\r\n" + block + b"\r\n\r\n")


def _segmented(url: str, body: bytes, parts: int) -> tuple[str, list[bytes]]:
    """A response cut into a first segment and parts - 1 continuation records."""
    record_id = f"urn:uuid:00000000-0000-4000-8000-{zlib.crc32(url.encode()):012d}"
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    size = -(-len(http) // parts)
    blocks = [http[n * size : (n + 1) * size] for n in range(parts)]
    common = {"WARC-Target-URI": url, "WARC-Date": "2024-05-18T01:58:10Z"}
    first = _raw_record({"WARC-Type": "response", "WARC-Record-ID": f"<{record_id}>", **common,
                         "Content-Type": "application/http; msgtype=response",
                         "WARC-Segment-Number": "1"}, blocks[0])  # fmt: skip
    rest = []
    for number, block in enumerate(blocks[1:], start=2):
        headers = {"WARC-Type": "continuation", **common,
                   "WARC-Record-ID": f"<{record_id[:-2]}{number:02d}>",
                   "WARC-Segment-Origin-ID": f"<{record_id}>",
                   "WARC-Segment-Number": str(number)}  # fmt: skip
        if number == parts:
            headers["WARC-Segment-Total-Length"] = str(len(http))
        rest.append(_raw_record(headers, block))
    return record_id, [first, *rest]


def test_segmented_record_is_joined_in_one_container_and_across_two(tmp_path: Path):
    record_id, segments = _segmented("http://x/long", ENGLISH.encode() * 3, parts=3)
    whole = tmp_path / "whole.warc"
    write_warc(whole, [Page("http://x/long", ENGLISH.encode() * 3)], gzip=False)
    expected = clean_member(_index(whole)[0][0], "w").text
    one = tmp_path / "one.warc.gz"
    one.write_bytes(b"".join(segments))
    (joined,) = _clean_all(one)
    assert (joined.source_member, joined.url, joined.text) == (record_id, "http://x/long", expected)

    first, second = tmp_path / "a.warc.gz", tmp_path / "b.warc.gz"
    first.write_bytes(segments[0])
    second.write_bytes(b"".join(segments[1:]))
    indexer = Indexer()
    assert [*indexer.index(str(first), "a", "warc"), *indexer.index(str(second), "b", "warc")] == []
    assert indexer.waiting_in("a") and not indexer.waiting_in("b")
    ((source_path, ref),) = indexer.resolve()
    assert source_path == "a" and clean_member(ref, "a").text == expected


@pytest.mark.parametrize("kept", [[0, 1], [0, 2], [0]])
def test_segmented_record_with_a_segment_missing_is_truncated(tmp_path: Path, kept: list[int]):
    record_id, segments = _segmented("http://x/long", ENGLISH.encode() * 3, parts=3)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(b"".join(segments[n] for n in kept))
    refs, skipped, rejected = _index(path)
    assert not refs and not skipped
    assert [(r.reason, r.source_member) for r in rejected] == [("truncated", record_id)]


def test_a_far_segment_number_gives_a_short_rejection(tmp_path: Path):
    """Every reader's member rejection is built one way: its detail stays short even when a
    continuation claims to be segment 100,000 (the missing numbers are not all listed)."""
    record_id, segments = _segmented("http://x/long", ENGLISH.encode() * 3, parts=2)
    far = gzip.decompress(segments[1]).replace(b"Segment-Number: 2", b"Segment-Number: 100000")
    path = tmp_path / "far.warc.gz"
    path.write_bytes(segments[0] + gzip.compress(far))
    _, _, (rejected,) = _index(path)
    assert (rejected.reason, rejected.source_member) == ("truncated", record_id)
    assert rejected.detail.startswith("segments [2, 3, 4,") and len(rejected.detail) == 500


def test_continuation_without_its_first_segment_is_counted(tmp_path: Path):
    _, segments = _segmented("http://x/long", ENGLISH.encode() * 3, parts=3)
    path = tmp_path / "rest.warc.gz"
    path.write_bytes(b"".join(segments[1:]))
    refs, skipped, rejected = _index(path)
    assert not refs and not rejected and skipped == {"continuation": 2}


def test_learning_originals_from_an_earlier_container_leaves_nothing_waiting(tmp_path: Path):
    """A container cleaned by an earlier run is read again for its originals only: its
    segmented records were dealt with in that run and must not come back now."""
    _, segments = _segmented("http://x/long", ENGLISH.encode() * 3, parts=3)
    earlier = tmp_path / "earlier.warc.gz"
    earlier.write_bytes(b"".join(segments[:1]))
    indexer = Indexer()
    indexer.learn_originals(str(earlier), "earlier.warc.gz")
    assert not indexer.waiting_in("earlier.warc.gz")
    assert list(indexer.resolve()) == []


def test_learning_originals_reads_only_the_originals_waited_for(tmp_path: Path, monkeypatch):
    """A container cleaned by an earlier run is read again for the originals of this run's
    revisits: only their payloads are read, not every document's."""
    whole = tmp_path / "whole.warc.gz"
    pages = [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(5)]
    revisit = Page("http://x/3", b"", record_type="revisit", date="2024-06-01T00:00:00Z")
    ids = write_warc(whole, [*pages, revisit])
    data = whole.read_bytes()
    last = data.rindex(GZIP_MEMBER)
    earlier, now = tmp_path / "earlier.warc.gz", tmp_path / "now.warc.gz"
    earlier.write_bytes(data[:last])
    now.write_bytes(data[last:])
    indexer = Indexer()
    assert list(indexer.index(str(now), "now.warc.gz", "warc")) == []
    read = _count_payload_reads(monkeypatch)
    indexer.learn_originals(str(earlier), "earlier.warc.gz")
    assert read == ["http://x/3"]
    ((source_path, ref),) = indexer.resolve()
    assert (source_path, ref.source_member, ref.url) == ("now.warc.gz", ids[5], "http://x/3")
    assert clean_member(ref, "now.warc.gz").text == clean(ENGLISH.encode(), source_path="p").text


def test_a_waiting_revisit_with_a_segment_number_is_not_also_a_segment(tmp_path: Path):
    """Some crawlers number every record's segment, revisits too: a revisit waiting for
    its original is resolved once, as a revisit."""
    revisit = _raw_record(
        {"WARC-Type": "revisit",
         "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-0000000000aa>",
         "WARC-Target-URI": "http://x/gone", "WARC-Date": "2024-06-01T00:00:00Z",
         "WARC-Refers-To": "<urn:uuid:00000000-0000-4000-8000-0000000000bb>",
         "WARC-Payload-Digest": "sha1:AAAA", "WARC-Segment-Number": "1"}, b"",
    )  # fmt: skip
    path = tmp_path / "revisits.warc.gz"
    path.write_bytes(revisit)
    indexer = Indexer()
    assert list(indexer.index(str(path), "r", "warc")) == []
    assert [entry for _, entry in indexer.resolve()] == [Skipped("revisit, original not in input")]


def test_a_json_line_nested_too_deep_is_malformed_and_the_next_lines_are_read(tmp_path: Path):
    """json.loads raises RecursionError (no ValueError) on deep nesting: it ended indexing
    of the whole export, and made a first line of such an export a plain page."""
    deep = b'{"html": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n"
    line = (json.dumps({"url": "http://x/1", "html": ENGLISH}) + "\n").encode()
    for name, data in (("middle.jsonl", line + deep + line), ("first.jsonl", deep + line)):
        (tmp_path / name).write_bytes(data)
        assert container_kind(str(tmp_path / name)) == "jsonl"
        results = _clean_all(tmp_path / name)
        rejected = [(r.source_member, r.reason) for r in results if isinstance(r, Rejection)]
        assert rejected == [("2" if name == "middle.jsonl" else "1", "malformed")]
        assert sum(isinstance(r, Article) for r in results) == data.count(line)


def _decoded_bomb(monkeypatch, bomb: bytes, coding: str) -> tuple[str, int]:
    """(rejection reason, peak bytes traced) of decoding a compression bomb with a body
    limit of 100,000 bytes."""
    import tracemalloc

    from cleaners.readers import http

    monkeypatch.setattr(http, "MAX_RAW_BYTES", 100_000)
    tracemalloc.start()
    try:
        with pytest.raises(CleanError) as err:
            decode_body(bomb, None, coding)
        return err.value.reason, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_brotli_bomb_is_too_large_without_being_expanded_in_full(monkeypatch):
    """brotli.decompress expanded the whole body before its size was checked: a few hundred
    bytes took gigabytes. Now no more than about the limit is ever held."""
    reason, peak = _decoded_bomb(monkeypatch, brotli.compress(b"a" * 20_000_000, quality=1), "br")
    assert reason == "too_large" and peak < 5_000_000
    with pytest.raises(CleanError) as err:  # cut short: still a rejection
        decode_body(brotli.compress(ENGLISH.encode())[:-5], None, "br")
    assert err.value.reason == "malformed"


def test_a_zstd_body_is_bounded_and_a_cut_one_truncated(monkeypatch):
    """zstd Content-Encoding (browsers have sent it since 2024) was rejected as unknown."""
    bomb = zstandard.ZstdCompressor(level=19).compress(b"a" * 50_000_000)
    reason, peak = _decoded_bomb(monkeypatch, bomb, "zstd")
    assert reason == "too_large" and peak < 20_000_000
    whole = zstandard.ZstdCompressor().compress(ENGLISH.encode())
    with pytest.raises(CleanError) as err:
        decode_body(whole[: len(whole) // 2], None, "zstd")
    assert err.value.reason == "truncated"
    assert decode_body(whole + whole, None, "zstd") == ENGLISH.encode() * 2  # two frames


def test_a_gzip_member_running_on_past_its_record_is_malformed(tmp_path: Path):
    """A first record whose Content-Length is too small, in a file gzipped as one member:
    the member goes on past the record, so it is no per-record gzip member; its length came
    out negative and the search for the next record raised OSError (seek before 0)."""
    plain = tmp_path / "crawl.warc"
    write_warc(plain, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(2)], gzip=False)
    data = plain.read_bytes()
    length = data.index(b"Content-Length: ") + len(b"Content-Length: ")
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(data[:length] + b"30" + data[data.index(b"\r", length) :]))
    results = _clean_all(path)
    assert [(r.reason, r.source_member) for r in results] == [("malformed", "offset:0")]
    assert "continues past" in results[0].detail


@pytest.mark.parametrize("length", ["-5", "abc", "12x"])
def test_a_document_whose_content_length_is_no_byte_count_is_malformed(tmp_path: Path, length):
    """warcio reads such a record without its HTTP headers: the page was counted as a
    non-document ('application/http'), not rejected."""
    path = tmp_path / "crawl.warc"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(2)], gzip=False)
    data = path.read_bytes()
    start = data.index(b"Content-Length: ", data.index(b"WARC-Type: response"))
    start += len(b"Content-Length: ")
    path.write_bytes(data[:start] + length.encode() + data[data.index(b"\r", start) :])
    refs, skipped, rejected = _index(path)
    assert [r.url for r in refs] == ["http://x/1"] and "application/http" not in skipped
    assert rejected[0].reason == "malformed" and "Content-Length" in rejected[0].detail


def test_a_bad_record_in_one_gzip_stream_is_named_by_where_it_starts(tmp_path: Path):
    """After the last record read, a record that cannot be parsed was named by the offset of
    that record: in an ARC file (records named by offset) two members had the same name,
    and the rejection replaced the record in the index."""
    http, data = _arc_start()
    data += b"http://x/a 1.2.3.4 20140216050221 text/html %d\n%s\n" % (len(http), http)
    bad_at = len(data)
    data += b"http://x/b 1.2.3.4 20140216050221 text/html\n%s\n" % http  # no length field
    path = tmp_path / "t.arc.gz"
    path.write_bytes(gzip.compress(data))
    refs, _, rejected = _index(path)
    assert [(r.source_member, r.reason) for r in rejected] == [(f"offset:{bad_at}", "malformed")]
    assert [r.source_member for r in refs] != [rejected[0].source_member]
    assert f"from byte {bad_at}:" in rejected[0].detail


@pytest.mark.parametrize("packed", [False, True])
def test_an_endless_header_line_is_malformed_and_the_next_record_is_read(
    tmp_path: Path, monkeypatch, packed: bool
):
    """warcio reads a header line whole, growing it by copies: a 300 MB line held the
    indexing process (the flow's) for hours and all its memory. Lines are now cut at
    MAX_HEADER_LINE_BYTES (made small here); a long line after the last record is no header
    and does not cost that record."""
    monkeypatch.setattr(warc, "MAX_HEADER_LINE_BYTES", 1000, raising=False)
    plain = tmp_path / "crawl.warc"
    write_warc(plain, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(2)], gzip=False)
    data = plain.read_bytes()
    at = data.index(b"WARC-Type: response")
    data = data[:at] + b"X-Junk: " + b"a" * 5000 + b"\r\n" + data[at:]
    starts = [m for m in range(len(data)) if data.startswith(b"WARC/1.", m)]
    records = [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]
    path = tmp_path / "crawl.warc.gz"
    junk = b"b" * 5000
    packed_data = b"".join(map(gzip.compress, [*records, junk]))
    path.write_bytes(packed_data if packed else data + junk)
    results = _clean_all(path)
    assert [r.url for r in results if isinstance(r, Article)] == ["http://x/1"]
    assert {r.reason for r in results if isinstance(r, Rejection)} == {"malformed"}


@pytest.mark.parametrize("pack", [bytes, gzip.compress])
def test_a_json_lines_export_starting_with_a_byte_order_mark_is_read_line_by_line(
    tmp_path: Path, pack
):
    """Windows tools write a UTF-8 BOM first: the export was taken for one plain page, its
    lines never members."""
    line = (json.dumps({"url": "http://x/1", "html": ENGLISH}) + "\n").encode()
    path = tmp_path / "feed.jsonl"
    path.write_bytes(pack(b"\xef\xbb\xbf" + line + line))
    assert container_kind(str(path)) == "jsonl"
    assert [r.source_member for r in _clean_all(path) if isinstance(r, Article)] == ["1", "2"]


def test_a_response_without_target_uri_is_a_page_without_url(tmp_path: Path, monkeypatch):
    """warcio raised AttributeError on a response record without WARC-Target-URI: the page
    was rejected `malformed` with that error. Its HTTP headers are read like any other."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + ENGLISH.encode()
    headers = {"WARC-Type": "response", "WARC-Record-ID": "<urn:uuid:1>",
               "WARC-Date": "2020-01-01T00:00:00Z",
               "Content-Type": "application/http; msgtype=response"}  # fmt: skip
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_raw_record(headers, http))
    monkeypatch.setattr(warc, "INLINE_MEMBER_BYTES", 10)  # read by range by its worker too
    (result,) = _clean_all(path)
    assert isinstance(result, Article) and result.url is None
    assert result.source_member == "urn:uuid:1"


def test_a_content_length_running_past_the_end_does_not_swallow_the_records_after(
    tmp_path: Path,
):
    """A record whose Content-Length is larger than what follows it is cut short; the
    records its length ran over were lost without a word. They are read (uncompressed file;
    in a gzip file each record is its own member, which ends the overrun)."""
    path = tmp_path / "crawl.warc"
    write_warc(path, [Page(f"http://x/{n}", ENGLISH.encode()) for n in range(3)], gzip=False)
    data = path.read_bytes()
    start = data.index(b"Content-Length: ", data.index(b"http://x/0")) + len(b"Content-Length: ")
    path.write_bytes(data[:start] + b"99999" + data[data.index(b"\r", start) :])
    results = _clean_all(path)
    assert [r.url for r in results if isinstance(r, Article)] == ["http://x/1", "http://x/2"]
    assert [r.reason for r in results if isinstance(r, Rejection)] == ["truncated"]


@pytest.mark.parametrize("first", ['{"url": "http://x/0" "html": "<p>a</p>"}', '{"html": "a\x00"}'])
def test_a_json_lines_export_with_a_damaged_first_line_is_still_an_export(
    tmp_path: Path, first: str
):
    """Only the first line told an export from a page: one bad line made the whole export
    one plain page, its other lines never members. The second line counts too."""
    line = json.dumps({"url": "http://x/1", "html": ENGLISH})
    path = tmp_path / "feed.jsonl"
    path.write_text(f"{first}\n{line}\n{line}\n")
    results = _clean_all(path)
    assert [(r.source_member, r.reason) for r in results if isinstance(r, Rejection)] == [
        ("1", "malformed")
    ]
    assert [r.source_member for r in results if isinstance(r, Article)] == ["2", "3"]


@pytest.mark.parametrize(
    "profile, block",
    [
        ("identical-payload-digest", b""),  # the block may be empty: no HTTP headers
        ("server-not-modified", b"HTTP/1.1 304 Not Modified\r\n\r\n"),
    ],
)
def test_a_revisit_without_its_own_200_headers_resolves_to_its_original(
    tmp_path: Path, profile: str, block: bytes
):
    """Such revisits were counted as non-documents ('application/http', 'status 304'):
    whether the page is a document is the original's to say."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + ENGLISH.encode()
    common = {"WARC-Target-URI": "http://x/a", "Content-Type": "application/http; msgtype=response"}
    original = {
        "WARC-Type": "response",
        "WARC-Record-ID": "<urn:uuid:1>",
        "WARC-Date": "2020-01-01T00:00:00Z",
        "WARC-Payload-Digest": "sha1:AAAA",
        **common,
    }
    revisit = {
        "WARC-Type": "revisit",
        "WARC-Record-ID": "<urn:uuid:2>",
        "WARC-Date": "2021-01-01T00:00:00Z",
        "WARC-Refers-To": "<urn:uuid:1>",
        "WARC-Profile": f"http://netpreserve.org/warc/1.0/revisit/{profile}",
        **common,
    }
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_raw_record(original, http) + _raw_record(revisit, block))  # fmt: skip
    results = _clean_all(path)
    assert [(r.source_member, r.fetched_at) for r in results] == [
        ("urn:uuid:1", "2020-01-01T00:00:00Z"), ("urn:uuid:2", "2021-01-01T00:00:00Z")]  # fmt: skip
    assert results[0].text == results[1].text
