"""The run summary: a dataclass the flow returns and the markdown artifact it publishes."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class RunSummary:
    raw_dir: str
    out_dir: str
    rejected_dir: str
    files_seen: int = 0
    unchanged: int = 0
    stale: int = 0  # unchanged files cleaned again: another cleaning code made their results
    cleaned: int = 0  # plain files and archive members cleaned or rejected
    containers: int = 0  # archives and JSON Lines files read
    members: int = 0  # ... their members cleaned or rejected
    records: int = 0
    rejected: Counter = field(default_factory=Counter)
    not_documents: Counter = field(default_factory=Counter)  # members that are no page, by why
    deleted: int = 0  # records marked source_deleted: their file or member is gone
    totals: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def files_done(self) -> int:
        """Raw files handled so far: unchanged, cleaned plain files, containers read."""
        return self.unchanged + self.cleaned - self.members + self.containers

    def as_dict(self) -> dict:
        data = asdict(self)
        data["rejected"] = dict(self.rejected)
        data["not_documents"] = dict(self.not_documents.most_common())
        return data


def _table(title: str, counts: dict) -> list[str]:
    if not counts:
        return []
    lines = ["", f"| {title} | count |", "|---|---:|"]
    lines += [f"| {key} | {value} |" for key, value in counts.items()]
    return lines


def to_markdown(summary: RunSummary) -> str:
    totals = summary.totals
    lines = [
        "# dechrome ingest",
        "",
        f"`{summary.raw_dir}` → `{summary.out_dir}` in {summary.seconds:.1f} s",
        "",
        "| this run | count |",
        "|---|---:|",
        f"| files seen | {summary.files_seen} |",
        f"| unchanged (skipped) | {summary.unchanged} |",
        f"| unchanged but made by another cleaning code (cleaned again) | {summary.stale} |",
        f"| cleaned | {summary.cleaned} |",
        f"| archives and JSON Lines files read | {summary.containers} |",
        f"| ... their members cleaned | {summary.members} |",
        f"| ... their members that are no document (counted) | "
        f"{sum(summary.not_documents.values())} |",
        f"| new or updated records | {summary.records} |",
        f"| rejected | {sum(summary.rejected.values())} |",
        f"| records marked source_deleted (raw file or member gone) | {summary.deleted} |",
        "",
        "| output folder | count |",
        "|---|---:|",
        f"| records | {totals.get('records', 0)} |",
        f"| duplicates | {totals.get('duplicates', 0)} |",
        f"| records of deleted files | {totals.get('deleted', 0)} |",
        f"| rejections | {totals.get('rejected', 0)} |",
        f"| near-duplicate groups | {totals.get('near_duplicate_groups', 0)} |",
        f"| stories | {totals.get('stories', 0)} |",
        f"| largest story (records) | {totals.get('largest_story', 0)} |",
    ]
    lines += _table(
        "no document: record type, media type or status", dict(summary.not_documents.most_common())
    )
    lines += _table("rejections by reason", totals.get("rejections", {}))
    lines += _table("language", totals.get("languages", {}))
    return "\n".join(lines) + "\n"
