"""`dechrome --version`: the versions a bug report needs, fast (no library, no Prefect)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest
from tests_support import cli_env

from cleaners import SCHEMA_VERSION
from flows.cli import main
from flows.version import KEY_DEPENDENCIES


def test_version_names_package_schema_python_and_key_dependencies(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"dechrome {metadata.version('dechrome')}"
    assert lines[1] == f"record schema {SCHEMA_VERSION}"
    assert lines[2].startswith(f"Python {sys.version.split()[0]} ")
    assert lines[3:] == [f"{name} {metadata.version(name)}" for name in KEY_DEPENDENCIES]


def test_version_imports_neither_the_library_nor_prefect() -> None:
    probe = (
        "import sys\n"
        "from flows.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'cleaners', 'prefect'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], env=cli_env(), capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "[]"
