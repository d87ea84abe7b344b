"""The library's entry point: raw bytes -> Article or Rejection."""

from __future__ import annotations

from cleaners.annotate import detect_language, record_id, sha256_hex, word_count
from cleaners.decode import decode
from cleaners.document import Extraction
from cleaners.errors import CleanError
from cleaners.extract import extract_html
from cleaners.normalize import join_paragraphs, normalize_line, normalize_paragraphs
from cleaners.record import Article, Rejection
from cleaners.settings import MAX_RAW_BYTES, MIN_ARTICLE_WORDS
from cleaners.strip import strip_dump


def clean(raw: bytes, *, source_path: str, url: str | None = None) -> Article | Rejection:
    """Clean one raw file. Never raises for bad input: returns a Rejection instead."""
    raw_sha256 = sha256_hex(raw)
    try:
        return _clean(raw, source_path=source_path, url=url, raw_sha256=raw_sha256)
    except CleanError as err:
        return Rejection(
            source_path=source_path, reason=err.reason, detail=err.detail, raw_sha256=raw_sha256
        )


def _clean(raw: bytes, *, source_path: str, url: str | None, raw_sha256: str) -> Article:
    if len(raw) > MAX_RAW_BYTES:
        raise CleanError("too_large", f"{len(raw)} bytes > {MAX_RAW_BYTES}")
    decoded = decode(raw)
    if decoded.kind == "html":
        extraction = extract_html(decoded.text, url=url)
    else:
        extraction = strip_dump(decoded.text)
    text = join_paragraphs(normalize_paragraphs(extraction.paragraphs))
    words = word_count(text)
    if words < MIN_ARTICLE_WORDS:
        raise CleanError("no_article", f"only {words} words of article text found")
    return Article(
        id=record_id(source_path),
        source_path=source_path,
        source_format=decoded.kind,
        url=extraction.url or url,
        site_name=extraction.site_name,
        title=_clean_title(extraction),
        authors=extraction.authors,
        published=extraction.published,
        language=detect_language(text),
        text=text,
        word_count=words,
        content_hash=sha256_hex(text),
        raw_sha256=raw_sha256,
        encoding=decoded.encoding,
        encoding_fixes=list(decoded.fixes),
    )


def _clean_title(extraction: Extraction) -> str | None:
    title = normalize_line(extraction.title or "")
    return title or None
