"""`dechrome --version`: the versions a bug report needs, without importing the library or
Prefect (their imports take seconds; this takes milliseconds)."""

from __future__ import annotations

import argparse
import ast
import platform
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

KEY_DEPENDENCIES = ("trafilatura", "ftfy", "langdetect", "prefect")


def installed_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def schema_version() -> str:
    """`SCHEMA_VERSION` as cleaners/record.py assigns it, read from the source unimported."""
    package = find_spec("cleaners")
    record = Path(package.origin).with_name("record.py") if package and package.origin else None
    if record is None or not record.is_file():
        return "unknown"
    for node in ast.parse(record.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "SCHEMA_VERSION":
            return ast.literal_eval(node.value)
    return "unknown"


def version_report() -> str:
    """One line each: dechrome, the record schema, Python, the key dependencies."""
    lines = [
        f"dechrome {installed_version('dechrome')}",
        f"record schema {schema_version()}",
        f"Python {platform.python_version()} ({platform.python_implementation()})"
        f" on {platform.system()} {platform.machine()}",
        *(f"{name} {installed_version(name)}" for name in KEY_DEPENDENCIES),
    ]
    return "\n".join(lines)


class PrintVersion(argparse.Action):
    """`--version`: print the report and exit, whatever else the command line holds."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        kwargs.setdefault("help", "print the versions of dechrome, its schema, Python and key deps")
        super().__init__(option_strings, dest, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(version_report())
        parser.exit()
