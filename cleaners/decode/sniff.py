"""Input kind: gzip wrapper, binary junk, HTML page or plain-text dump, by content."""

from __future__ import annotations

import gzip
import io
import re
import zlib

from cleaners.document import SourceFormat
from cleaners.errors import CleanError
from cleaners.settings import MAX_RAW_BYTES

_GZIP_MAGIC = b"\x1f\x8b"
_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p[\s>]",
    re.IGNORECASE,
)
_DOCUMENT_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_LEADING_MARKUP = re.compile(r"<!--.*?-->|<\?.*?\?>|<[^<>]*>|\ufeff", re.DOTALL)
MIN_TAGGED_LINE_SHARE = 0.5  # markup not opening with a tag: share of lines with a tag
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?>")


def unwrap(raw: bytes) -> bytes:
    """The payload of a gzip file (bounded), or raw unchanged."""
    if not raw.startswith(_GZIP_MAGIC):
        return raw
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as stream:
            data = stream.read(MAX_RAW_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise CleanError("binary", f"corrupt gzip: {exc}") from exc
    if len(data) > MAX_RAW_BYTES:
        raise CleanError("too_large", f"gzip expands beyond {MAX_RAW_BYTES} bytes")
    return data


def looks_like_html_bytes(raw: bytes) -> bool:
    """Cheap check on the first bytes, before decoding (ASCII-compatible encodings)."""
    return bool(_HTML_MARKERS.search(raw[:4096]))


def detect_kind(text: str) -> SourceFormat:
    """'html' if the text is markup (tags make up a real share of it), else 'text'. Text
    that does not open with a tag needs tags on most of its lines: a dump of a page that
    quotes markup (code samples, escaped HTML) stays a text dump."""
    head = text[:20000]
    opening = _DOCUMENT_START.search(head)
    if opening and not _LEADING_MARKUP.sub("", head[: opening.start()]).strip():
        return "html"  # a document's opening, with nothing but markup before it
    tags = _TAG.findall(head)
    if len(tags) < 5 or sum(map(len, tags)) <= 0.05 * len(head):
        return "text"
    if head.lstrip().startswith("<"):
        return "html"
    lines = [line for line in head.splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _TAG.search(line))
    return "html" if tagged >= MIN_TAGGED_LINE_SHARE * len(lines) else "text"
