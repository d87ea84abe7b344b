"""`dechrome check` (JUnit XML, GitHub annotations, golden sets) and the `check` flow."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests_support import SEEDS

from benchmarks.pack import Page, write_warc
from cleaners import Article, clean
from cleaners.quality import RULES
from flows.checks import LINKS_RULE, UNIQUE_RULE
from flows.cli import main


def _records() -> list[dict]:
    results = [clean(seed.read_bytes(), source_path=seed.name) for seed in sorted(SEEDS.iterdir())]
    return [r.model_dump(mode="json") for r in results if isinstance(r, Article)]


def _output(folder: Path, records: list[dict]) -> Path:
    folder.mkdir()
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    (folder / "part-test-00001.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def bad_output(tmp_path: Path) -> tuple[Path, dict]:
    """An output folder whose first record's word_count no longer matches its text."""
    records = _records()
    records[0]["word_count"] += 1
    return _output(tmp_path / "clean", records), records[0]


def test_good_records_pass(tmp_path: Path, capsys):
    assert main(["check", "--out", str(_output(tmp_path / "clean", _records()))]) == 0
    assert capsys.readouterr().out.startswith("OK:")


def test_junit_xml_has_a_case_per_rule_naming_failing_records(tmp_path: Path, bad_output):
    out, bad = bad_output
    report = tmp_path / "junit.xml"
    assert main(["check", "--out", str(out), "--junit-xml", str(report)]) == 1
    cases = {case.get("name"): case for case in ET.parse(report).iter("testcase")}
    assert list(cases) == [*RULES, LINKS_RULE, UNIQUE_RULE]
    failing = [name for name, case in cases.items() if case.find("failure") is not None]
    assert failing == ["consistent"]
    body = cases["consistent"].find("failure").text
    assert bad["id"] in body and bad["source_path"] in body and "word_count" in body


def test_links_must_name_existing_records(tmp_path: Path, capsys):
    records = _records()
    records[1]["story_id"] = records[0]["id"]  # a link to a record that exists: fine
    records[2]["near_duplicate_of"] = "0" * 24  # names no record
    records[3]["duplicate_of"] = "1" * 24  # its copy's shard is lost, say
    assert main(["check", "--out", str(_output(tmp_path / "clean", records))]) == 1
    failing = [line for line in capsys.readouterr().out.splitlines() if LINKS_RULE in line]
    assert len(failing) == 2
    assert records[2]["id"] in failing[0] and "near_duplicate_of" in failing[0]
    assert records[3]["id"] in failing[1] and "duplicate_of names no record" in failing[1]


def test_two_records_with_one_id_fail(tmp_path: Path, capsys):
    """A run stopped after a changed file's new record was committed leaves the old line in
    its shard until the next run compacts it: readers see one id twice."""
    records = _records()
    assert main(["check", "--out", str(_output(tmp_path / "clean", [*records, records[0]]))]) == 1
    failing = [line for line in capsys.readouterr().out.splitlines() if UNIQUE_RULE in line]
    assert len(failing) == 1 and records[0]["id"] in failing[0]


def test_github_annotations_only_on_github(bad_output, capsys, monkeypatch):
    out, bad = bad_output
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    main(["check", "--out", str(out)])
    assert "::error" not in capsys.readouterr().out
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    main(["check", "--out", str(out)])
    errors = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert len(errors) == 1
    assert errors[0].startswith("::error title=dechrome-check%3A consistent::")
    assert bad["id"] in errors[0]


def test_a_line_that_is_no_record_is_a_failure_not_a_crash(tmp_path: Path, capsys):
    records = _records()
    out = _output(tmp_path / "clean", records)
    with open(out / "part-test-00001.jsonl", "ab") as shard:
        shard.write(b'{"id": "cut sho\n[1, 2]\n\xff\xfe\n')  # cut, not an object, not UTF-8
    report = tmp_path / "junit.xml"
    assert main(["check", "--out", str(out), "--junit-xml", str(report)]) == 1
    failing = [line for line in capsys.readouterr().out.splitlines() if ": schema: " in line]
    assert [line.split(": ")[0] for line in failing] == [
        f"part-test-00001.jsonl:{len(records) + n}" for n in (1, 2, 3)
    ], failing
    assert report.is_file()


def test_empty_output_folder_fails(tmp_path: Path, capsys):
    (tmp_path / "clean").mkdir()
    assert main(["check", "--out", str(tmp_path / "clean")]) == 1
    assert "no record shards found" in capsys.readouterr().out


def test_golden_set_from_current_code_passes_and_tampering_shows_a_diff(tmp_path, capsys):
    golden = tmp_path / "golden"
    assert main(["golden", "--raw", str(SEEDS), "--out", str(golden)]) == 0
    assert sorted(p.name for p in (golden / "raw").iterdir()) == sorted(
        p.name for p in SEEDS.iterdir()
    )
    assert main(["check", "--golden", str(golden), "--junit-xml", str(tmp_path / "g.xml")]) == 0

    expected = golden / "expected.jsonl"
    lines = expected.read_text(encoding="utf-8").splitlines()
    item = json.loads(lines[1])
    item["title"] = "A tampered title"
    lines[1] = json.dumps(item, ensure_ascii=False)
    expected.write_text("\n".join(lines) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--golden", str(golden), "--junit-xml", str(tmp_path / "g.xml")]) == 1
    out = capsys.readouterr().out
    assert f"{item['source_path']}: 1 field(s) differ: title" in out
    assert "--- expected title\n+++ actual title" in out
    assert "-A tampered title" in out
    assert "FAILED: 5 golden inputs re-cleaned, 1 differ" in out
    failing = [
        c.get("name")
        for c in ET.parse(tmp_path / "g.xml").iter("testcase")
        if c.find("failure") is not None
    ]
    assert failing == [item["source_path"]]

    assert main(["golden", "--raw", str(SEEDS), "--out", str(golden)]) == 2  # never mixed
    assert main(["golden", "--raw", str(golden / "raw"), "--out", str(golden)]) == 0  # refresh
    assert main(["check", "--golden", str(golden)]) == 0


def test_an_empty_golden_set_fails_and_says_so(tmp_path, capsys):
    (tmp_path / "raw").mkdir()
    assert main(["golden", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "g")]) == 0
    capsys.readouterr()
    assert main(["check", "--golden", str(tmp_path / "g")]) == 1
    assert capsys.readouterr().out.startswith("FAILED: 0 golden inputs")  # not "OK", exit 1


def test_golden_set_holds_each_document_of_an_archive(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    seeds = sorted(SEEDS.iterdir())[:2]
    pages = [Page(f"http://x/{n}", seed.read_bytes()) for n, seed in enumerate(seeds)]
    write_warc(
        raw / "crawl.warc.gz",
        [*pages, Page("http://x/img", b"GIF89a", [("Content-Type", "image/gif")])],
    )
    golden = tmp_path / "golden"
    assert main(["golden", "--raw", str(raw), "--out", str(golden)]) == 0
    expected = golden / "expected.jsonl"
    items = [json.loads(line) for line in expected.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["url"] for item in items) == ["http://x/0", "http://x/1"]  # no image
    assert all(item["source_path"] == "crawl.warc.gz" and item["source_member"] for item in items)
    assert main(["check", "--golden", str(golden)]) == 0

    items[1]["title"] = "A tampered title"
    expected.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--golden", str(golden)]) == 1
    out = capsys.readouterr().out
    assert f"crawl.warc.gz#{items[1]['source_member']}: 1 field(s) differ: title" in out
    assert "FAILED: 2 golden inputs re-cleaned, 1 differ" in out


def test_check_flow_fails_and_publishes_what_failed(prefect_harness, bad_output):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    from flows.check_flow import ARTIFACT_KEY, DataCheckError, check

    out, bad = bad_output
    with pytest.raises(DataCheckError, match="consistent"):
        check(out_dir=str(out))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
    markdown = artifacts[0].data
    assert "| consistent | **1 failing** |" in markdown
    assert "| schema | passed |" in markdown
    assert bad["id"] in markdown


def test_scheduled_flow_ingests_then_fails_when_checks_fail(prefect_harness, seed_raw, tmp_path):
    from flows.check_flow import DataCheckError, ingest_and_check

    golden = tmp_path / "golden"
    assert main(["golden", "--raw", str(seed_raw), "--out", str(golden)]) == 0
    folders = {
        "raw_dir": str(seed_raw),
        "out_dir": str(tmp_path / "clean"),
        "rejected_dir": str(tmp_path / "rejected"),
        "golden_dir": str(golden),
    }
    assert ingest_and_check(**folders)["cleaned"] == 5

    expected = golden / "expected.jsonl"
    expected.write_text(
        expected.read_text(encoding="utf-8").replace('"language": "en"', '"language": "xx"', 1)
    )
    with pytest.raises(DataCheckError, match="golden: "):
        ingest_and_check(**folders)


@pytest.mark.parametrize(("field", "value"), [("id", ["x"]), ("story_id", {"id": "x"})])
def test_a_record_whose_id_or_link_is_no_string_fails_it_does_not_crash(
    tmp_path: Path, capsys, field, value
):
    records = _records()
    records[1][field] = value
    assert main(["check", "--out", str(_output(tmp_path / "clean", records))]) == 1
    failing = capsys.readouterr().out.splitlines()
    assert any(": schema: " in line for line in failing)
    if field == "story_id":
        assert any(f"{LINKS_RULE}: story_id names no record" in line for line in failing)
