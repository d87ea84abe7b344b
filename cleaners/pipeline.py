"""The library's entry point: raw bytes -> Article or Rejection."""

from __future__ import annotations

import re
from typing import NamedTuple

from cleaners.annotate import detect_language, record_id, sha256_hex, word_count
from cleaners.decode.decoder import decode
from cleaners.document import Extraction, SourceFormat
from cleaners.errors import CleanError
from cleaners.extract.html import extract_html
from cleaners.normalize import join_paragraphs, normalize_line, normalize_paragraphs
from cleaners.record import Article, Rejection
from cleaners.settings import MAX_RAW_BYTES, MAX_TITLE_WORDS, MIN_ARTICLE_WORDS
from cleaners.strip.dump import strip_dump

_LETTER = re.compile(r"[^\W\d_]")


def clean(
    raw: bytes,
    *,
    source_path: str,
    url: str | None = None,
    source_member: str | None = None,
    target_uri: str | None = None,
    fetched_at: str | None = None,
    charset: str | None = None,
    kind: SourceFormat | None = None,
) -> Article | Rejection:
    """Clean one raw file, or one member of an archive or JSON Lines file (`cleaners.readers`).

    Never raises for bad input: returns a Rejection instead. url: the page's URL if known
    (the page's own canonical URL wins). For a member: source_member names it; target_uri is
    the URL it was fetched from (it becomes the record's url); fetched_at is ISO 8601 UTC;
    charset is the HTTP header's (a hint: clear evidence in the bytes beats it); kind is
    given when the container says what the payload is (a WET conversion is a text dump).
    """
    raw_sha256 = sha256_hex(raw)
    member = Member(source_member, target_uri, fetched_at, charset, kind)
    try:
        return _clean(raw, source_path=source_path, url=url, member=member, raw_sha256=raw_sha256)
    except CleanError as err:
        return Rejection.of(err, source_path, source_member, raw_sha256)


class Member(NamedTuple):
    """What a container says about its member (all None for a plain file)."""

    source_member: str | None
    target_uri: str | None
    fetched_at: str | None
    charset: str | None
    kind: SourceFormat | None


def _clean(
    raw: bytes, *, source_path: str, url: str | None, member: Member, raw_sha256: str
) -> Article:
    if len(raw) > MAX_RAW_BYTES:
        raise CleanError("too_large", f"{len(raw)} bytes > {MAX_RAW_BYTES}")
    decoded = decode(raw, charset=member.charset, kind=member.kind)
    page_url = member.target_uri or url
    if decoded.kind == "html":
        extraction = extract_html(decoded.text, url=page_url)
    else:
        extraction = strip_dump(decoded.text)
    text = join_paragraphs(normalize_paragraphs(extraction.paragraphs))
    words = word_count(text)
    if words < MIN_ARTICLE_WORDS:
        raise CleanError("no_article", f"only {words} words of article text found")
    if not _LETTER.search(text):
        raise CleanError("no_article", "no letter in the article text: numbers and symbols only")
    return Article(
        id=record_id(source_path, member.source_member),
        source_path=source_path,
        source_member=member.source_member,
        source_format=decoded.kind,
        url=member.target_uri or extraction.url or url,
        fetched_at=member.fetched_at,
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
    """The normalized title; none if empty or a paragraph (a <title> filled from the body)."""
    title = normalize_line(extraction.title or "")
    return title if title and word_count(title) <= MAX_TITLE_WORDS else None
