"""Archives and exports through the ingest flow and the real CLI: every member accounted
for, incremental runs per container, revisits marked as duplicates, the same record text
whichever way the pages arrive."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from tests_support import ROOT, cli_env, ingest_command

from benchmarks.pack import Page, write_jsonl, write_warc
from cleaners import Article, clean
from cleaners.decode.decoder import decode
from cleaners.readers import Indexer, MemberRef, clean_member, container_kind, read_member
from flows.cli import _print_summary
from flows.report import RunSummary, to_markdown
from flows.store import read_records

BENCH = ROOT.parent / "shared" / "bench"
TEXT = "The city council announced a new plan for public transport in the coming years. "


def _page(n: int) -> bytes:
    return f"<html><body><article><p>Story {n}. {TEXT * 6}</p></article></body></html>".encode()


def _rejections(folder: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in folder.glob("*.json")]


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH / "warc").is_dir(), reason=f"no bench data in {BENCH}/warc")
def test_every_shared_archive_ingests_and_is_accounted_for(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in (BENCH / "warc").iterdir():
        if not path.name.startswith("LICENSE"):
            shutil.copyfile(path, raw / path.name)
    run = subprocess.run(
        ingest_command(raw, tmp_path), env=cli_env(), capture_output=True, text=True, timeout=900
    )
    assert run.returncode == 0, run.stderr[-2000:]
    records = list(read_records(tmp_path / "clean"))
    rejections = _rejections(tmp_path / "rejected")
    results = {(r["source_path"], r.get("source_member")) for r in records + rejections}
    assert len(results) == len(records) + len(rejections)

    indexer = Indexer()
    for path in sorted(raw.iterdir()):
        entries = list(indexer.index(str(path), path.name, container_kind(str(path))))
        members = {(path.name, e.source_member) for e in entries if not hasattr(e, "key")}
        assert members <= results, path.name  # every document: a record or a rejection
        for ref in (e for e in entries if isinstance(e, MemberRef)):
            record = next((r for r in records if r.get("source_member") == ref.source_member), None)
            if record is not None:
                assert record["url"] == ref.url and record["fetched_at"] == ref.fetched_at

    pages = {r["url"]: r for r in records if r["source_path"] == "warcfile.warc.gz"}
    assert "Предприятие" in pages["http://01spb.ru/company/"]["text"].title()
    warcfile = str(raw / "warcfile.warc.gz")
    members = {e.url: e for e in Indexer().index(warcfile, "w", "warc") if hasattr(e, "url")}
    for url, encoding in (("http://01spb.ru/company/", "cp1251"), ("http://037426.cn/", "gb2312")):
        member = read_member(members[url])  # decoded as ingest does, record or not
        decoded = decode(member.payload, charset=member.charset, kind=member.kind)
        assert decoded.encoding == encoding
        assert "\ufffd" not in decoded.text
        assert url not in pages or pages[url]["encoding"] == encoding
    clipped = [r for r in rejections if r["source_path"] == "clipped.warc.gz"]
    assert [r["reason"] for r in clipped] == ["truncated"]
    # a response and its revisit: both records, the revisit a duplicate of the response, or
    # both rejected alike (the page itself may hold no article)
    pair = [r for r in records if r["source_path"].startswith("example-bad-non")]
    if pair:
        response, revisit = pair
        assert revisit["duplicate_of"] == response["id"] and revisit["text"] == response["text"]
    else:
        pair = [r for r in rejections if r["source_path"].startswith("example-bad-non")]
        assert len(pair) == 2 and pair[0]["reason"] == pair[1]["reason"]


pytestmark_flow = pytest.mark.usefixtures("prefect_harness")


def _ingest(raw: Path, tmp: Path) -> dict:
    from flows.ingest import ingest

    return ingest(
        raw_dir=str(raw), out_dir=str(tmp / "clean"), rejected_dir=str(tmp / "rejected"),
        batch_size=2, workers=1,
    )  # fmt: skip


def _crawl(path: Path, first: str, second: str, *more: Page) -> list[str]:
    """A WARC of pages http://x/first and http://x/second, a revisit of the first on
    2024-06-01, then more; the records' ids."""
    return write_warc(path, [
        Page(f"http://x/{first}", _page(1)), Page(f"http://x/{second}", _page(2)),
        Page(f"http://x/{first}", b"", record_type="revisit", date="2024-06-01T00:00:00Z"),
        *more,
    ])  # fmt: skip


@pytestmark_flow
def test_containers_are_incremental_and_revisits_marked(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    crawl = raw / "crawl.warc.gz"
    image = Page("http://x/3.png", b"\x89PNG", [("Content-Type", "image/png")])
    ids = _crawl(crawl, "1", "2", image)
    write_jsonl(raw / "feed.jsonl", [{"url": "http://y/1", "html": _page(7).decode()}, {"x": 1}])
    first = _ingest(raw, tmp_path)
    assert (first["records"], first["rejected"]) == (4, {"malformed": 1})
    assert first["not_documents"] == {"image/png": 1}
    by_member = {r["source_member"]: r for r in read_records(tmp_path / "clean")}
    assert by_member[ids[2]]["duplicate_of"] == by_member[ids[0]]["id"]
    assert by_member[ids[0]]["duplicate_of"] is None

    second = _ingest(raw, tmp_path)
    assert (second["cleaned"], second["unchanged"]) == (0, 2)
    os.utime(crawl, ns=(crawl.stat().st_atime_ns, crawl.stat().st_mtime_ns + 10**9))
    touched = _ingest(raw, tmp_path)  # new mtime, same bytes: the content hash decides
    assert (touched["cleaned"], touched["unchanged"]) == (0, 2)

    write_warc(crawl, [Page("http://x/1", _page(1)), Page("http://x/4", _page(4))])
    (raw / "feed.jsonl").unlink()
    third = _ingest(raw, tmp_path)
    assert third["cleaned"] == 2
    records = list(read_records(tmp_path / "clean"))
    live = {r["url"] for r in records if not r["source_deleted"]}
    gone = {r["url"] for r in records if r["source_deleted"]}
    assert live == {"http://x/1", "http://x/4"}
    assert gone == {"http://x/1", "http://x/2", "http://y/1"}  # the old members, the export
    assert not _rejections(tmp_path / "rejected")  # the feed's bad line went with it
    assert third["deleted"] == 4  # records marked (3 old members, 1 line): 1 raw file gone
    _print_summary(third)
    printed = capsys.readouterr().out
    assert "4 records marked source_deleted" in printed
    assert f"{third['totals']['deleted']} records of deleted files" in printed  # output totals
    third["seconds"] = 0.0
    assert "| records marked source_deleted (raw file or member gone) | 4 |" in to_markdown(
        RunSummary(**{**third, "rejected": Counter(), "not_documents": Counter()})
    )


@pytest.mark.slow
@pytest.mark.skipif(not (BENCH / "aeb").is_dir(), reason=f"no bench data in {BENCH}/aeb")
def test_aeb_pages_give_the_same_text_as_files_in_a_warc_and_as_json_lines(tmp_path: Path):
    truth = json.loads((BENCH / "aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {}
    for path in sorted((BENCH / "aeb" / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        pages[page_id] = (
            truth[page_id].get("url") or f"http://aeb/{page_id}",
            gzip.decompress(path.read_bytes()),
        )
    as_files = {
        url: clean(body, source_path=page_id, url=url) for page_id, (url, body) in pages.items()
    }
    warc = tmp_path / "aeb.warc.gz"
    write_warc(warc, [Page(url, body) for url, body in pages.values()])
    export = tmp_path / "aeb.jsonl"
    write_jsonl(
        export, [{"url": url, "html": body.decode("utf-8")} for url, body in pages.values()]
    )
    for container in (warc, export):
        refs = list(Indexer().index(str(container), container.name, container_kind(str(container))))
        assert len(refs) == len(pages)
        for ref, (url, _) in zip(refs, pages.values(), strict=True):
            member = clean_member(ref, container.name)
            expected = as_files[url]
            assert type(member) is type(expected), url
            if isinstance(member, Article):
                assert (member.url, member.text) == (url, expected.text)


def test_index_of_schema_1_0_is_rekeyed_by_member(tmp_path: Path):
    import sqlite3

    from flows.store import STATE_DIR, OutputStore

    state = tmp_path / "clean" / STATE_DIR
    state.mkdir(parents=True)
    old = sqlite3.connect(state / "index.sqlite")
    old.executescript(
        "CREATE TABLE files (source_path TEXT PRIMARY KEY, raw_sha256 TEXT, size INTEGER,"
        " mtime_ns INTEGER, status TEXT NOT NULL, reason TEXT, record_id TEXT, shard TEXT,"
        " content_hash TEXT, language TEXT, duplicate_of TEXT, seen_run TEXT);"
        "INSERT INTO files VALUES ('a.html', 'h', 10, 5, 'rejected', 'binary', 'id', NULL,"
        " NULL, NULL, NULL, 'run0');"
    )
    old.commit()
    old.close()
    with OutputStore(tmp_path / "clean", tmp_path / "rejected", "run1") as store:
        state_of = store.state_of("a.html")
        assert (state_of.status, state_of.reason, state_of.size) == ("rejected", "binary", 10)
        assert state_of.settled


def test_a_container_is_hashed_while_it_is_indexed(tmp_path: Path, monkeypatch):
    # The content hash was one more read of the whole container before indexing it.
    import hashlib
    from collections import Counter

    from flows import members
    from flows.members import ContainerDone, expand
    from flows.rawroot import RawFile

    def no_second_read(raw_file):
        raise AssertionError(f"{raw_file.source_path} read again to hash it")

    monkeypatch.setattr(members, "sha256_of", no_second_read)
    for name, gzipped in (("crawl.warc.gz", True), ("crawl.warc", False)):
        path = tmp_path / name
        write_warc(path, [Page(f"http://x/{n}", _page(n)) for n in range(3)], gzip=gzipped)
        raw_file = RawFile(str(path), name, path.stat().st_size, path.stat().st_mtime_ns)
        items = list(expand(iter([raw_file]), Indexer(), lambda *_: None, Counter()))
        (done,) = [item for item in items if isinstance(item, ContainerDone)]
        assert done.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert len(items) == 4


def _members(path: Path) -> list[bytes]:
    """The gzip members of a WARC written by write_warc (one record each)."""
    data, starts = path.read_bytes(), [0]
    while (start := data.find(b"\x1f\x8b\x08", starts[-1] + 10)) > 0:
        starts.append(start)
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


@pytestmark_flow
def test_revisits_find_originals_in_other_containers_and_earlier_runs(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    crawl = tmp_path / "crawl.warc.gz"
    revisit_of_b = Page("http://x/b", b"", record_type="revisit", date="2024-06-02T00:00:00Z")
    ids = _crawl(crawl, "a", "b", revisit_of_b)
    original_a, original_b, revisit_a, revisit_b = _members(crawl)
    (raw / "crawl-1.warc.gz").write_bytes(original_a)
    first = _ingest(raw, tmp_path)
    assert first["records"] == 1

    (raw / "crawl-0.warc.gz").write_bytes(revisit_b)  # its original: in a file indexed later
    (raw / "crawl-2.warc.gz").write_bytes(original_b)
    # its original: cleaned by the last run, named by record id (WARC 1.1 WARC-Refers-To)
    refers_to = f"WARC-Type: revisit\r\nWARC-Refers-To: <{ids[0]}>".encode()
    revisit_a = gzip.compress(gzip.decompress(revisit_a).replace(b"WARC-Type: revisit", refers_to))
    (raw / "crawl-3.warc.gz").write_bytes(revisit_a)
    second = _ingest(raw, tmp_path)
    assert (second["cleaned"], second["unchanged"]) == (3, 1)
    assert "revisit, original not in input" not in second["not_documents"]
    by_member = {r["source_member"]: r for r in read_records(tmp_path / "clean")}
    assert by_member[ids[2]]["duplicate_of"] == by_member[ids[0]]["id"]
    assert by_member[ids[2]]["text"] == by_member[ids[0]]["text"]
    assert by_member[ids[2]]["fetched_at"] == "2024-06-01T00:00:00Z"
    # the revisit's container sorts first: the store keeps its record as the canonical one
    assert by_member[ids[1]]["duplicate_of"] == by_member[ids[3]]["id"]
    assert by_member[ids[3]]["text"] == by_member[ids[1]]["text"]
    third = _ingest(raw, tmp_path)
    assert (third["cleaned"], third["unchanged"]) == (0, 4)


def test_a_cut_jsonl_file_with_a_long_first_line_is_rejected_not_a_crash(tmp_path: Path):
    """The first line runs past the bytes read to tell the container; the gzip file is cut
    in the middle of it. Telling its kind read the whole line and raised EOFError: the run
    ended, and every later run too."""
    from flows.members import expand
    from flows.rawroot import RawFile

    rng = random.Random(7)  # words that do not compress away: the cut falls in the line
    words = " ".join("".join(rng.choices("abcdefghij", k=6)) for _ in range(30_000))
    data = gzip.compress(json.dumps({"url": "http://x/1", "html": f"<p>{words}</p>"}).encode())
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    raw_file = RawFile(str(path), path.name, path.stat().st_size, path.stat().st_mtime_ns)
    rejected = []
    list(expand(iter([raw_file]), Indexer(), lambda r, _: rejected.append(r), Counter()))
    assert [(r.source_member, r.reason) for r in rejected] == [("1", "truncated")]
