"""Damaged variants of clean article texts: the encoding tests' and benchmark's corpus.

Clean texts live in `tests/fixtures/encoding/` (one article per language, `keep/` holds
correct text that merely looks odd). Each `Variant` pairs the UTF-8 bytes of a clean file
with one damaged copy of it; `clean()` must give both the same record text and title.
"""

from __future__ import annotations

import codecs
import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "encoding"
WESTERN = ("cp1252", "latin_1")
CODE_PAGES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("en", "de", "fr", "es", "pt", "it", "fi", "keep/umlauts"), WESTERN),
    **dict.fromkeys(("pl", "cs", "hu"), ("cp1250", "iso8859_2")),
    "ru": ("cp1251", "koi8_r"),
    "uk": ("cp1251", "koi8_u"),
    "el": ("cp1253", "iso8859_7"),
    "tr": ("cp1254", "iso8859_9"),
}
# How a legacy file writes what its code page lacks (typographic punctuation).
_FALLBACK = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "„": '"', "«": '"',
                           "»": '"', "–": "-", "—": "-", "…": "...", "œ": "oe"})  # fmt: skip


@dataclass(frozen=True)
class Variant:
    """A clean file and a damaged copy: same record expected from both."""

    source: str  # fixture name, e.g. "de" or "keep/math"
    damage: str  # damage class, e.g. "legacy:cp1251" or "mojibake:2x"
    clean: bytes
    damaged: bytes


@cache
def clean_texts() -> dict[str, str]:
    """Fixture name -> clean article text (title line, blank line, paragraphs)."""
    return {
        str(path.relative_to(FIXTURES).with_suffix("")): path.read_text("utf-8")
        for path in sorted(FIXTURES.rglob("*.txt"))
    }


def variants() -> list[Variant]:
    """Every damaged variant of every clean text, text dumps then HTML pages."""
    out: list[Variant] = []
    for source, text in clean_texts().items():
        out.extend(_dump_variants(source, text))
        out.extend(_page_variants(source, text))
    return out


def _dump_variants(source: str, text: str) -> Iterator[Variant]:
    utf8 = text.encode("utf-8")
    simple: dict[str, Callable[[str], bytes]] = {
        "bom:utf-8": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        "bom:utf-16le": lambda t: t.encode("utf-16"),
        "bom:utf-16be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        "utf-16le:no_bom": lambda t: t.encode("utf-16-le"),
        "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        "nbsp": lambda t: every_nth_space(t, 3, "\u00a0").encode("utf-8"),
        "html_entities": lambda t: entities(t).encode("utf-8"),
        "mojibake:1x": lambda t: mojibake(t, 1).encode("utf-8"),
        "mojibake:2x": lambda t: mojibake(t, 2).encode("utf-8"),
        "mojibake:lines": lambda t: _mojibake_some_lines(t).encode("utf-8"),
    }
    for damage, make in simple.items():
        yield Variant(source, damage, utf8, make(text))
    legacy = legacy_text(text)
    title, *paragraphs = [line for line in legacy.split("\n") if line.strip()]
    shorts = [f"{title}\n\n{paragraph}\n" for paragraph in paragraphs if _article_like(paragraph)]
    for encoding in CODE_PAGES.get(source, ()):
        label = _label(encoding)
        yield Variant(source, f"legacy:{label}", legacy.encode(), legacy.encode(encoding))
        for short in shorts:  # a title and one paragraph: little evidence
            yield Variant(source, f"legacy-short:{label}", short.encode(), short.encode(encoding))
    for encoding in CODE_PAGES.get(source, ())[:1]:
        lines = legacy_text(text).split("\n")
        mixed = b"\n".join(
            line.encode(encoding if i % 3 == 1 else "utf-8") for i, line in enumerate(lines)
        )
        yield Variant(source, "mixed:utf-8+legacy", "\n".join(lines).encode(), mixed)
    yield Variant(source, "keep", utf8, utf8)


def _page_variants(source: str, text: str) -> Iterator[Variant]:
    clean = html_page(text, '<meta charset="utf-8">').encode("utf-8")
    for encoding in CODE_PAGES.get(source, ())[:1]:
        label = _label(encoding)

        def page(head: str, prolog: str = "", enc: str = encoding) -> bytes:
            return (prolog + html_page(text, head)).encode(enc, "xmlcharrefreplace")

        yield Variant(source, "html:meta_true", clean, page(f'<meta charset="{label}">'))
        xml = f'<?xml version="1.0" encoding="{label}"?>\n'
        yield Variant(source, "html:xml_decl", clean, page("", xml))
        yield Variant(source, "html:undeclared", clean, page(""))
        yield Variant(source, "html:meta_lie", clean, page('<meta charset="utf-8">'))
        other = "windows-1251" if encoding in WESTERN else "windows-1252"
        yield Variant(source, "html:meta_wrong", clean, page(f'<meta charset="{other}">'))


def legacy_text(text: str) -> str:
    """text as a legacy code page file would carry it: typographic punctuation in ASCII."""
    return text.translate(_FALLBACK)


def html_page(text: str, head: str) -> str:
    """A small article page: the text's first line as title and h1, the rest as <p>s."""
    title, *paragraphs = [line for line in text.split("\n") if line.strip()]
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>\n" for p in paragraphs)
    title = html.escape(title, quote=False)
    return (
        f"<!DOCTYPE html>\n<html><head>{head}<title>{title}</title></head>\n"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>\n{body}</article>"
        "</body></html>\n"
    )


def _label(encoding: str) -> str:
    """The charset label a page would declare for a Python codec name."""
    name = codecs.lookup(encoding).name
    return name.replace("cp125", "windows-125").replace("iso8859-", "iso-8859-")


def _article_like(paragraph: str) -> bool:
    """Long enough to be an article alone, with something for a code page to get wrong."""
    return len(paragraph.split()) >= 25 and not paragraph.isascii()


def every_nth_space(text: str, n: int, replacement: str) -> str:
    """Every n-th space of text replaced (separators only: the text's ends are kept)."""
    parts = text.split(" ")
    separators = (replacement if i % n == n - 1 else " " for i in range(len(parts) - 1))
    return "".join(p + s for p, s in zip(parts, separators, strict=False)) + parts[-1]


def entities(text: str) -> str:
    """What a dump of unrendered markup keeps: &amp;, &#8217; and &nbsp; references."""
    text = text.replace("&", "&amp;").replace("’", "&#8217;").replace("—", "&mdash;")
    return every_nth_space(text, 4, "&nbsp;")


def mojibake(text: str, times: int) -> str:
    """UTF-8 read as Windows-1252 the browser way (C1 controls kept), saved as UTF-8."""
    for _ in range(times):
        text = text.encode("utf-8").decode("sloppy-windows-1252")
    return text


def _mojibake_some_lines(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(mojibake(line, 1) if i % 4 == 2 else line for i, line in enumerate(lines))
