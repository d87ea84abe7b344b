"""Data checks over an output folder: every record against every quality rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaners.quality import RULES, check_record
from flows.ci import Case
from flows.store import SHARD_GLOB, shard_lines

LINKS_RULE = "links_resolve"  # every link to another record names one that exists
LINK_FIELDS = ("duplicate_of", "near_duplicate_of", "story_id")
UNIQUE_RULE = "unique_ids"  # one record per id: a stopped run leaves a replaced one behind
# until the next run starts (and compacts it away)


@dataclass
class CheckReport:
    records: int = 0
    failures: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {rule: [] for rule in RULES}
    )  # rule -> [(record label, detail)]

    def __post_init__(self) -> None:
        self.failures.setdefault(LINKS_RULE, [])
        self.failures.setdefault(UNIQUE_RULE, [])

    @property
    def ok(self) -> bool:
        return self.records > 0 and not any(self.failures.values())

    def cases(self) -> list[Case]:
        """One case per rule; its failures name the records (`id (source_path): detail`)."""
        return [
            Case(rule, [f"{label}: {detail}" for label, detail in items])
            for rule, items in self.failures.items()
        ]

    def lines(self) -> list[str]:
        """A readable report: one line per failing record and rule."""
        out = [
            f"{label}: {rule}: {detail}"
            for rule, items in self.failures.items()
            for label, detail in items
        ]
        verdict = "OK" if self.ok else "FAILED"
        failing = sum(map(len, self.failures.values()))
        out.append(f"{verdict}: {self.records} records checked, {failing} failures")
        return out


def check_output(out_dir: Path) -> CheckReport:
    """Check every record in the shards of out_dir."""
    report = CheckReport()
    if not any(Path(out_dir).glob(SHARD_GLOB)):
        report.failures.setdefault("records_present", []).append(
            (str(out_dir), "no record shards found")
        )
    ids: set[str] = set()
    links: list[tuple[str, str, str]] = []  # (record label, field, id it names)
    for record in _lines(out_dir):
        report.records += 1
        if isinstance(record, str):  # a line that is no record: the schema's failure
            report.failures["schema"].append((record, "not a JSON object (cut short?)"))
            continue
        label = f"{record.get('id', '?')} ({record.get('source_path', '?')})"
        if isinstance(record.get("id"), str):  # else a schema failure (no id to link to)
            if record["id"] in ids:
                detail = "another record has this id (a stopped run's? run ingest to compact)"
                report.failures[UNIQUE_RULE].append((label, detail))
            ids.add(record["id"])
        links += [(label, name, record[name]) for name in LINK_FIELDS if record.get(name)]
        for failure in check_record(record):
            report.failures[failure.rule].append((label, failure.detail))
    report.failures[LINKS_RULE] += [
        (label, f"{name} names no record: {target}")
        for label, name, target in links
        if not isinstance(target, str) or target not in ids
    ]
    return report


def _lines(out_dir: Path) -> Iterator[dict | str]:
    """Every record of the committed shards, in file order; for a line that is not a JSON
    object its place (`shard:line`) instead."""
    for shard, number, _, line in shard_lines(out_dir):
        try:
            record = json.loads(line)
        except ValueError:  # JSON or UTF-8
            record = None
        yield record if isinstance(record, dict) else f"{shard}:{number}"
