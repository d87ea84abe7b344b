"""Decode stage: raw bytes -> Unicode text, with the repairs that were needed."""

from __future__ import annotations

import codecs
import html

import ftfy
from charset_normalizer import from_bytes

from cleaners.document import Decoded
from cleaners.errors import CleanError
from cleaners.sniff import detect_kind, unwrap

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FTFY = ftfy.TextFixerConfig(unescape_html=False, uncurl_quotes=False, explain=True)


def decode(raw: bytes) -> Decoded:
    """Decode raw bytes (gzip unwrapped) and repair mojibake; raise CleanError if not text."""
    data = unwrap(raw)
    if not data.strip():
        raise CleanError("empty", "no content")
    text, encoding, fixes = _to_unicode(data)
    if _looks_binary(text):
        raise CleanError("binary", f"mostly control characters after decoding as {encoding}")
    kind = detect_kind(text)
    if kind == "text":
        text, fixes = _repair_text(text, fixes)
    if not text.strip():
        raise CleanError("empty", "only whitespace after decoding")
    return Decoded(text=text, kind=kind, encoding=encoding, fixes=tuple(fixes))


def _to_unicode(data: bytes) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, [f"bom:{encoding}"]
    if b"\x00" in data[:4096]:
        raise CleanError("binary", "NUL bytes in content")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise CleanError("undecodable", "no text encoding explains these bytes")
    return str(best), best.encoding, [f"charset:{best.encoding}"]


def _repair_text(text: str, fixes: list[str]) -> tuple[str, list[str]]:
    """ftfy mojibake repair and HTML character references left in a text dump."""
    fixed, explanation = ftfy.fix_and_explain(text, config=_FTFY)
    if fixed != text:
        fixes = fixes + sorted({step[0] for step in explanation or []} | {"ftfy"})
    unescaped = html.unescape(fixed)
    if unescaped != fixed:
        fixes = fixes + ["html_entities"]
    return unescaped.replace("\r\n", "\n").replace("\r", "\n"), fixes


def _looks_binary(text: str, limit: float = 0.05) -> bool:
    """True if a real share of the first characters are controls or U+FFFD."""
    head = text[:8192]
    bad = sum(1 for ch in head if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad > limit * max(1, len(head))
