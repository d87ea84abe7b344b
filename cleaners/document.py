"""Values passed between the cleaning stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceFormat = Literal["html", "text"]


@dataclass(frozen=True)
class Decoded:
    """Output of the decode stage: Unicode text and how it was obtained."""

    text: str
    kind: SourceFormat
    encoding: str
    fixes: tuple[str, ...] = ()


@dataclass
class Extraction:
    """Output of the extract (HTML) or strip (text dump) stage, before normalization."""

    paragraphs: list[str]
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    url: str | None = None
    site_name: str | None = None
