"""Golden sets: raw files plus the results they must clean into, for regression checks.

Layout of a golden folder:
- `raw/...`: the raw files (any tree; paths relative to `raw/` are the `source_path`s).
- `expected.jsonl`: one JSON object per raw file, or per document of an archive or a JSON
  Lines export (`source_member`), sorted: the record (or the rejection) that cleaning gave
  when the set was made.

`make_golden` writes one from a raw folder; `check_golden` cleans `raw/` again and returns
one case per file or member (`path` or `path#member`), failing with a unified diff of
every field that differs.
"""

from __future__ import annotations

import difflib
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from cleaners import Rejection
from cleaners.readers import Indexer
from flows.batch import clean_file
from flows.ci import Case
from flows.discover import discover
from flows.members import ContainerDone, expand
from flows.rawroot import RawFile

RAW = "raw"
EXPECTED = "expected.jsonl"


def case_name(result: dict) -> str:
    """A result's name in the set: its source_path, with '#member' for a container's."""
    member = result.get("source_member")
    return f"{result['source_path']}#{member}" if member else result["source_path"]


def _clean_all(raw_dir: Path) -> dict[str, dict]:
    """case name -> the record or rejection as JSON-ready dict (no store fields set),
    cleaned as ingest cleans it: containers member by member."""
    results: list[Rejection] = []

    def reject(rejection: Rejection, _raw_file: RawFile) -> None:
        results.append(rejection)

    def raw_files() -> Iterator[RawFile]:
        for entry in discover(raw_dir):
            if isinstance(entry, Rejection):  # found by discovery (links out of the root ...)
                results.append(entry)
            else:
                yield entry

    for item in expand(raw_files(), Indexer(), reject, Counter()):
        if not isinstance(item, ContainerDone):
            results.append(clean_file(item))
    return {case_name(d): d for d in (result.model_dump(mode="json") for result in results)}


class GoldenExistsError(FileExistsError):
    """golden_dir/raw already holds other files: never mix two sets."""


def make_golden(raw_dir: Path, golden_dir: Path) -> int:
    """Copy raw_dir to golden_dir/raw and write expected.jsonl. With raw_dir = golden_dir/raw
    the set is refreshed in place (after an intended change to the cleaner)."""
    golden_raw = Path(golden_dir) / RAW
    if Path(raw_dir).resolve() != golden_raw.resolve():
        if golden_raw.exists() and any(golden_raw.iterdir()):
            raise GoldenExistsError(
                f"{golden_raw} is not empty; to refresh the set use "
                f"--raw {golden_raw} --out {golden_dir}"
            )
        shutil.copytree(raw_dir, golden_raw, symlinks=True, dirs_exist_ok=True)  # never follow
    results = _clean_all(golden_raw)
    lines = [
        json.dumps(results[path], ensure_ascii=False, sort_keys=True) for path in sorted(results)
    ]
    (Path(golden_dir) / EXPECTED).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def read_expected(golden_dir: Path) -> dict[str, dict]:
    path = Path(golden_dir) / EXPECTED
    with open(path, encoding="utf-8") as handle:
        items = [json.loads(line) for line in handle if line.strip()]
    return {case_name(item): item for item in items}


def check_golden(golden_dir: Path) -> list[Case]:
    """Clean the golden raw files again; one case per file or member, failing on any
    difference."""
    expected = read_expected(golden_dir)
    actual = _clean_all(Path(golden_dir) / RAW)
    cases = []
    for path in sorted(expected.keys() | actual.keys()):
        if path not in actual:
            failures = [f"{path}: raw file missing from {RAW}/"]
        elif path not in expected:
            failures = [f"{path}: not in {EXPECTED} (remake the golden set)"]
        else:
            failures = _differences(path, expected[path], actual[path])
        cases.append(Case(path, failures))
    return cases


def _differences(path: str, expected: dict, actual: dict) -> list[str]:
    fields = [
        key
        for key in sorted(expected.keys() | actual.keys())
        if expected.get(key) != actual.get(key)
    ]
    if not fields:
        return []
    diff = []
    for key in fields:
        diff += difflib.unified_diff(
            _lines(expected.get(key)),
            _lines(actual.get(key)),
            fromfile=f"expected {key}",
            tofile=f"actual {key}",
            lineterm="",
            n=2,
        )
    return [f"{path}: {len(fields)} field(s) differ: {', '.join(fields)}\n" + "\n".join(diff)]


def _lines(value: object) -> list[str]:
    if isinstance(value, str):
        return value.splitlines() or [""]
    return json.dumps(value, ensure_ascii=False, indent=2).splitlines()
