"""JSON Lines exports of scrapers (Scrapy feeds, news-please ...): one page per line.

Each line is a JSON object with the page in `html`, `text`, `content` or `body` and its URL
in `url`; `fields` maps other names (`html=page_html,url=link`). The member name is the
1-based line number. A line that is not a JSON object or has no page is rejected as
`malformed`, naming its line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Generator, Iterator, Mapping
from dataclasses import replace
from typing import IO

import zstandard

from cleaners.errors import CleanError
from cleaners.readers.detect import GZIP_MAGIC, ZSTD_MAGIC, decompressed
from cleaners.readers.digest import HashingReader
from cleaners.readers.member import (
    Member,
    MemberRef,
    RecordIdentity,
    Skipped,
    member_rejection,
    stream_error_reason,
)
from cleaners.readers.regular import open_regular
from cleaners.readers.timestamps import iso_utc
from cleaners.record import Rejection
from cleaners.settings import INLINE_MEMBER_BYTES, JSONL_FIELDS, MAX_RAW_BYTES

Fields = tuple[tuple[str, str], ...]
_PAGE_KINDS = {"html": None, "text": "text", "content": None}  # page field -> source format
# A compressed export cut short (EOFError) or corrupt: the lines after it cannot be read.
_UNREADABLE_STREAM = (EOFError, zlib.error, gzip.BadGzipFile, zstandard.ZstdError)


def parse_fields(spec: str) -> Fields:
    """'html=page_html,url=link' -> (('html', 'page_html'), ('url', 'link')); ValueError if a
    name is not one of JSONL_FIELDS."""
    pairs = []
    for item in filter(None, (part.strip() for part in spec.split(","))):
        key, sep, name = item.partition("=")
        if not sep or key.strip() not in JSONL_FIELDS or not name.strip():
            raise ValueError(f"bad field mapping {item!r}: use one of {', '.join(JSONL_FIELDS)}")
        pairs.append((key.strip(), name.strip()))
    return tuple(pairs)


def index_jsonl(
    path: str, source_path: str, fields: Fields = ()
) -> Generator[MemberRef | Skipped | Rejection, None, str]:
    """One MemberRef per non-blank line, carrying its page (a plain file's line over
    INLINE_MEMBER_BYTES: by byte range only); returns the file's SHA-256, taken in the same
    read."""
    with open_regular(path) as raw:
        handle = HashingReader(raw)
        compressed = handle.read(4).startswith((GZIP_MAGIC, ZSTD_MAGIC))
        yield from _index_lines(decompressed(handle), path, source_path, fields, compressed)
        return handle.hexdigest()


def _index_lines(
    stream: IO[bytes], path: str, source_path: str, fields: Fields, compressed: bool
) -> Iterator[MemberRef | Skipped | Rejection]:
    offset = number = 0
    try:
        for number, line, length in _lines(stream):
            span = (0, 0) if compressed else (offset, length)  # offsets in a stream: no range
            ref = MemberRef(path, "jsonl", str(number), number, *span, fields=fields)
            yield _entry(line, ref, source_path, by_range=not compressed)
            offset += length
    except _UNREADABLE_STREAM as exc:  # the lines read so far stand; the rest cannot be read
        reason = stream_error_reason(exc)
        why = "ends early" if reason == "truncated" else f"is corrupt ({type(exc).__name__}: {exc})"
        detail = f"line {number + 1} on: the compressed file {why}"
        yield member_rejection(source_path, str(number + 1), reason, detail)


def _entry(
    line: bytes | None, ref: MemberRef, source_path: str, by_range: bool
) -> MemberRef | Skipped | Rejection:
    """The entry of one line (None: over MAX_RAW_BYTES, not read); by_range: a worker can
    read a long line by its byte range (a plain file), so it does not travel inline."""
    name = ref.source_member
    if line is None:
        return member_rejection(
            source_path, name, "too_large", f"line {name}: over {MAX_RAW_BYTES} bytes"
        )
    if not line.strip():
        return Skipped("blank line")
    if by_range and len(line) > INLINE_MEMBER_BYTES:
        return replace(ref, identity=_line_identity(line))
    try:
        return ref.with_member(member_of_line(line, name, ref.fields))
    except CleanError as err:
        return Rejection.of(err, source_path, name)


def _lines(stream) -> Iterator[tuple[int, bytes | None, int]]:
    """(1-based number, bytes, length) of each line; an over-long line is skipped unread
    (None), its length still counted so that later byte offsets stay right."""
    number = 0
    while line := stream.readline(MAX_RAW_BYTES + 1):
        number += 1
        if len(line) <= MAX_RAW_BYTES or line.endswith(b"\n"):
            yield number, line, len(line)
            continue
        length = len(line)
        while line and not line.endswith(b"\n"):
            line = stream.readline(1 << 20)
            length += len(line)
        yield number, None, length


def read_jsonl_member(ref: MemberRef) -> Member:
    """The page on the line a MemberRef points at; CleanError `unreadable` if the line at its
    byte range is not the one indexed (the export was rewritten since: the next run indexes
    it again)."""
    if ref.inline is not None:
        return ref.inline
    line = ref.read_range()
    if ref.identity is not None and _line_identity(line) != ref.identity:
        what = f"line {ref.source_member} is not the one indexed"
        raise CleanError("unreadable", f"export changed since it was indexed: {what}; not read")
    return member_of_line(line, ref.source_member, ref.fields)


def _line_identity(line: bytes) -> RecordIdentity:
    """A line read by byte range later: its length and hash."""
    digest = hashlib.blake2b(line, digest_size=16).hexdigest()
    return RecordIdentity(None, "jsonl line", None, None, str(len(line)), digest)


def member_of_line(line: bytes, name: str, fields: Fields = ()) -> Member:
    """The page and its URL and fetch time out of one JSON line."""
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deep
        raise CleanError("malformed", f"line {name}: not JSON ({exc})") from exc
    if not isinstance(item, dict):
        raise CleanError("malformed", f"line {name}: not a JSON object")
    names = _field_names(fields)
    for key, kind in _PAGE_KINDS.items():
        page = _first(item, names[key])
        if isinstance(page, str) and page.strip():
            url = _first(item, names["url"])
            return Member(
                payload=page.encode("utf-8", "surrogatepass"),
                source_member=name,
                url=url if isinstance(url, str) and url else None,
                fetched_at=iso_utc(_first(item, names["fetched_at"])),
                charset="utf-8",
                kind=kind,
            )
    tried = ", ".join(n for key in _PAGE_KINDS for n in names[key])
    raise CleanError("malformed", f"line {name}: no page field ({tried})")


def _field_names(fields: Fields) -> Mapping[str, tuple[str, ...]]:
    mapped = dict(fields)
    return {key: (mapped[key],) if key in mapped else names for key, names in JSONL_FIELDS.items()}


def _first(item: dict, names: tuple[str, ...]) -> object:
    return next((item[name] for name in names if item.get(name) is not None), None)
