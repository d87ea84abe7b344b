"""Which cleaning code made a record: a fingerprint of this library's files and of the
versions of the packages that decide what it outputs.

Another fingerprint may give another record for the same bytes (an upgrade of dechrome,
trafilatura, ftfy ...): a flow can tell the records it should make again. Any change to the
library's files counts, a comment too: cleaning again what did not change is the price of
never keeping what an older cleaner made without knowing it.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

# Packages whose version can change a record (extraction, repair, language, decoding,
# archive and HTML parsing, stoplists, numbers of the line model).
OUTPUT_DEPENDENCIES = (
    "trafilatura",
    "htmldate",
    "courlan",
    "lxml",
    "ftfy",
    "langdetect",
    "charset-normalizer",
    "justext",
    "warcio",
    "brotli",
    "zstandard",
    "numpy",
)
_LIBRARY = Path(__file__).parent
_SUFFIXES = frozenset({".py", ".json"})


@cache
def cleaning_fingerprint() -> str:
    """16 hex digits of a hash over the library's code and data files and the versions of
    OUTPUT_DEPENDENCIES."""
    digest = hashlib.sha256()
    for path in sorted(_LIBRARY.rglob("*")):
        if path.suffix in _SUFFIXES and "__pycache__" not in path.parts and path.is_file():
            digest.update(path.relative_to(_LIBRARY).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for name in OUTPUT_DEPENDENCIES:
        digest.update(f"{name}=={_version(name)}\0".encode())
    return digest.hexdigest()[:16]


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"
