"""Check results in the formats CI systems read: JUnit XML, GitHub Actions annotations,
and a markdown summary (for Prefect artifacts)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

MAX_ANNOTATIONS = 50  # GitHub shows only the first few per step anyway
MAX_LISTED = 20  # failures listed per case in markdown


@dataclass
class Case:
    """One named check (a rule, a golden file) and its failures; no failures: it passed."""

    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def write_junit(path: Path, suite: str, cases: list[Case]) -> None:
    """One <testcase> per case; a failing case lists every failure in its body."""
    failed = sum(not case.ok for case in cases)
    root = ET.Element("testsuites", name="dechrome", tests=str(len(cases)), failures=str(failed))
    testsuite = ET.SubElement(
        root,
        "testsuite",
        name=suite,
        tests=str(len(cases)),
        failures=str(failed),
        errors="0",
        skipped="0",
    )
    for case in cases:
        element = ET.SubElement(testsuite, "testcase", classname=suite, name=case.name)
        if not case.ok:
            failure = ET.SubElement(
                element,
                "failure",
                message=f"{len(case.failures)} failing: " + case.failures[0].splitlines()[0][:200],
            )
            failure.text = "\n".join(case.failures)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tree = ET.ElementTree(root)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)


def _escape(text: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (data, or property values with prop=True)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def github_annotations(suite: str, cases: list[Case]) -> list[str]:
    """`::error` lines, one per failure, at most MAX_ANNOTATIONS (then a count of the rest)."""
    lines = [
        f"::error title={_escape(f'{suite}: {case.name}', prop=True)}::{_escape(failure)}"
        for case in cases
        for failure in case.failures
    ]
    if len(lines) > MAX_ANNOTATIONS:
        rest = len(lines) - MAX_ANNOTATIONS
        lines = lines[:MAX_ANNOTATIONS] + [f"::error title={suite}::{rest} more failures"]
    return lines


def to_markdown(title: str, subtitle: str, cases: list[Case]) -> str:
    """A table of cases with their status, then the failures of each failing case."""
    lines = [f"# {title}", "", subtitle, "", "| check | result |", "|---|---|"]
    lines += [
        f"| {case.name} | {'passed' if case.ok else f'**{len(case.failures)} failing**'} |"
        for case in cases
    ]
    for case in cases:
        if case.ok:
            continue
        lines += ["", f"## {case.name}", ""]
        for failure in case.failures[:MAX_LISTED]:
            head, _, body = failure.partition("\n")
            lines.append(f"- {head}")
            if body:
                lines += ["", "```diff", body, "```", ""]
        if len(case.failures) > MAX_LISTED:
            lines.append(f"- … and {len(case.failures) - MAX_LISTED} more")
    return "\n".join(lines) + "\n"
