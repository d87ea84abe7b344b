"""An ingest run's inputs are checked in one place: the CLI and the flow refuse the same
things with the same messages, before anything is read or written."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.cli import build_parser, main
from flows.ingest import ingest


def _flow_refusal(**given) -> str:
    """The flow's message (its function, without a Prefect run) for these inputs."""
    with pytest.raises((FileNotFoundError, ValueError)) as refused:
        ingest.fn(**given)
    return str(refused.value)


@pytest.mark.parametrize(
    ("option", "parameter", "value", "message"),
    [
        ("--batch-size", "batch_size", "0", "must be at least 1, not 0"),
        ("--batch-size", "batch_size", "-3", "must be at least 1, not -3"),
        ("--doc-timeout", "doc_timeout", "0", "must be above 0, not 0"),
        ("--doc-seconds-per-mb", "doc_seconds_per_mb", "-0.5", "must be above 0, not -0.5"),
        ("--workers", "workers", "-1", "must be 0 (one per core) or more, not -1"),
    ],
)
def test_limits_are_refused_alike_when_parsed_and_by_the_flow(
    tmp_path: Path, capsys, option: str, parameter: str, value: str, message: str
):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["ingest", option, value])
    assert stop.value.code == 2
    assert f"argument {option}: {message}" in capsys.readouterr().err
    (tmp_path / "raw").mkdir()
    folders = {name: str(tmp_path / name) for name in ("raw_dir", "out_dir", "rejected_dir")}
    folders["raw_dir"] = str(tmp_path / "raw")
    number = float(value) if "." in value else int(value)
    assert _flow_refusal(**folders, **{parameter: number}) == f"{parameter} {message}"
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]  # refused before any output


def test_folders_are_refused_alike_by_the_cli_and_the_flow(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "page.txt").write_text("A page.")
    missing, inside = str(tmp_path / "unmounted"), str(raw / "clean")
    a_file = tmp_path / "notes.txt"  # an output folder that is a file: refused before Prefect
    a_file.write_text("not a folder")
    cases = [
        ({"raw_dir": missing}, f"raw folder not found: {missing}"),
        ({"raw_dir": str(raw), "out_dir": inside}, "inside the raw folder"),
        ({"raw_dir": str(raw), "rejected_dir": inside}, "inside the raw folder"),
        ({"raw_dir": str(raw), "out_dir": str(a_file)}, f"{a_file} is not a folder"),
        ({"raw_dir": str(raw), "rejected_dir": str(a_file)}, f"{a_file} is not a folder"),
    ]
    options = {"raw_dir": "--raw", "out_dir": "--out", "rejected_dir": "--rejected"}
    for given, message in cases:
        elsewhere = {"out_dir": str(tmp_path / "out"), "rejected_dir": str(tmp_path / "rej")}
        given = elsewhere | given
        flow_says = _flow_refusal(**given)
        assert message in flow_says
        argv = [word for key, path in given.items() for word in (options[key], path)]
        assert main(["ingest", *argv]) == 2
        assert capsys.readouterr().err == f"dechrome: {flow_says}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "raw"]  # nothing written
    assert [p.name for p in raw.iterdir()] == ["page.txt"]
