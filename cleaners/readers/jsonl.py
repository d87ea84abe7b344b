"""JSON Lines exports of scrapers (Scrapy feeds, news-please ...): one page per line.

Each line is a JSON object with the page in `html`, `text`, `content` or `body` and its URL
in `url`; `fields` maps other names (`html=page_html,url=link`). The member name is the
1-based line number. A line that is not a JSON object or has no page is rejected as
`malformed`, naming its line.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator, Mapping
from typing import IO

from cleaners.errors import CleanError
from cleaners.readers.detect import GZIP_MAGIC, ZSTD_MAGIC, decompressed
from cleaners.readers.digest import HashingReader
from cleaners.readers.member import Member, MemberRef, Skipped
from cleaners.readers.regular import open_regular
from cleaners.readers.timestamps import iso_utc
from cleaners.record import Rejection
from cleaners.settings import INLINE_MEMBER_BYTES, JSONL_FIELDS, MAX_RAW_BYTES

Fields = tuple[tuple[str, str], ...]
_PAGE_KINDS = {"html": None, "text": "text", "content": None}  # page field -> source format


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
    offset = 0
    for number, line, length in _lines(stream):
        name = str(number)
        span = (0, 0) if compressed else (offset, length)  # offsets in a stream: no range
        ref = MemberRef(path, "jsonl", name, number, *span, fields=fields)
        offset += length
        if line is None:
            yield Rejection(
                source_path=source_path,
                source_member=name,
                reason="too_large",
                detail=f"line {number}: over {MAX_RAW_BYTES} bytes",
            )
        elif not line.strip():
            yield Skipped("blank line")
        elif not compressed and len(line) > INLINE_MEMBER_BYTES:
            yield ref
        else:
            try:
                member = member_of_line(line, name, fields)
            except CleanError as err:
                yield Rejection.of(err, source_path, name)
            else:
                yield ref.with_member(member)


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
    """The page on the line a MemberRef points at."""
    if ref.inline is not None:
        return ref.inline
    return member_of_line(ref.read_range(), ref.source_member, ref.fields)


def member_of_line(line: bytes, name: str, fields: Fields = ()) -> Member:
    """The page and its URL and fetch time out of one JSON line."""
    try:
        item = json.loads(line)
    except ValueError as exc:
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
