"""HTTP payloads in archives: what is a document, and the body as the server meant it.

An archived response body is stored as sent: possibly chunked, possibly compressed
(gzip, deflate, br, zstd). Some crawlers de-chunk or decompress but leave the header in place,
so each decoding is applied only when the bytes look encoded.
"""

from __future__ import annotations

import re
import zlib
from email.message import Message

from cleaners.errors import CleanError
from cleaners.readers.detect import GZIP_MAGIC, ZSTD_MAGIC
from cleaners.settings import DOCUMENT_MEDIA_TYPES, MAX_RAW_BYTES, NOT_DOCUMENT_PATHS

_CHUNK_SIZE_LINE = re.compile(rb"[0-9a-fA-F]{1,16}[ \t]*(?:;[^\r\n]*)?\r?\n")
# zstd is fed this many bytes at a time: a block expands at most ~32,000-fold, so one step
# adds at most ~8 MB before the body's size is checked (a few KB can hold gigabytes)
_ZSTD_STEP = 256


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """('text/html', 'windows-1251') from 'text/html; charset=windows-1251'."""
    if not content_type:
        return "", None
    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime, charset.strip() if isinstance(charset, str) and charset.strip() else None


def not_document(status: int | None, mime: str, url: str | None) -> str | None:
    """Why a response is no document ('status 404', 'image/png', 'robots.txt'); None if it
    is one. No Content-Type at all: a document if its bytes say so (the cleaner decides)."""
    if status is not None and status != 200:
        return f"status {status}"
    if mime and mime not in DOCUMENT_MEDIA_TYPES:
        return mime
    path = (url or "").split("?", 1)[0].rsplit("/", 1)[-1].lower()
    if path in NOT_DOCUMENT_PATHS or (url or "").startswith("dns:"):
        return path or "dns"
    return None


def decode_body(
    body: bytes,
    transfer_encoding: str | None,
    content_encoding: str | None,
    cut_by_crawler: bool = False,
) -> bytes:
    """The entity body: de-chunked and decompressed where the bytes are still encoded.

    Raises CleanError('malformed') if they look encoded but do not decode, 'truncated' if a
    compressed body ends early, unless the crawler says it cut the body (WARC-Truncated):
    then what decompresses is the body.
    """
    if transfer_encoding and "chunked" in transfer_encoding.lower() and _looks_chunked(body):
        body = dechunk(body)
    for coding in reversed([c.strip().lower() for c in (content_encoding or "").split(",")]):
        body = _decompress(body, coding, cut_by_crawler)
    return body


def _looks_chunked(body: bytes) -> bool:
    return bool(_CHUNK_SIZE_LINE.match(body))


def dechunk(body: bytes) -> bytes:
    """Join the chunks of a chunked body; a missing last chunk keeps what was read."""
    parts, position = [], 0
    while position < len(body):
        match = _CHUNK_SIZE_LINE.match(body, position)
        if not match:
            raise CleanError("malformed", f"bad chunk size line at byte {position}")
        size = int(match.group().split(b";")[0].strip(), 16)
        if size == 0:
            break
        start = match.end()
        parts.append(body[start : start + size])
        position = start + size
        if body[position : position + 2] == b"\r\n":
            position += 2
        elif body[position : position + 1] == b"\n":
            position += 1
    return b"".join(parts)


def _decompress(body: bytes, coding: str, partial: bool) -> bytes:
    if coding in ("", "identity"):
        return body
    try:
        if coding in ("gzip", "x-gzip"):
            if not body.startswith(GZIP_MAGIC):  # already decompressed by the crawler
                return body
            return _gzip_members(body, partial)
        if coding == "deflate":
            try:
                return _bounded(zlib.decompressobj(), body, partial)
            except zlib.error:
                return _bounded(zlib.decompressobj(wbits=-15), body, partial)  # raw deflate
        if coding == "br":
            return _brotli(body)
        if coding == "zstd":
            return _zstd(body, partial) if body.startswith(ZSTD_MAGIC) else body
    except zlib.error as exc:
        raise CleanError("malformed", f"Content-Encoding {coding}: {exc}") from exc
    raise CleanError("malformed", f"unknown Content-Encoding {coding!r}")


def _bounded(decompressor, body: bytes, partial: bool, room: int | None = None) -> bytes:
    """What the body decompresses to, at most room bytes (MAX_RAW_BYTES; `too_large`
    beyond)."""
    room = MAX_RAW_BYTES if room is None else room
    data = decompressor.decompress(body, room + 1)
    if len(data) > room:
        raise _too_large()
    if not decompressor.eof and not partial:
        raise CleanError("truncated", "compressed body ends before its end marker")
    return data


def _too_large() -> CleanError:
    return CleanError("too_large", f"body expands beyond {MAX_RAW_BYTES} bytes")


def _gzip_members(body: bytes, partial: bool) -> bytes:
    """Every gzip member of the body, one after the other (as `gzip` reads them)."""
    parts: list[bytes] = []
    rest, room = body, MAX_RAW_BYTES
    while rest.startswith(GZIP_MAGIC):
        decompressor = zlib.decompressobj(wbits=31)
        parts.append(_bounded(decompressor, rest, partial, room))
        rest, room = decompressor.unused_data, room - len(parts[-1])
    return b"".join(parts)


def _zstd(body: bytes, partial: bool) -> bytes:
    """Every zstd frame of the body, the output bounded as it grows."""
    import zstandard

    parts: list[bytes] = []
    size, rest = 0, body
    try:
        while rest.startswith(ZSTD_MAGIC):
            decompressor = zstandard.ZstdDecompressor().decompressobj()
            for start in range(0, len(rest), _ZSTD_STEP):
                parts.append(decompressor.decompress(rest[start : start + _ZSTD_STEP]))
                size += len(parts[-1])
                if size > MAX_RAW_BYTES:
                    raise _too_large()
                if decompressor.eof:
                    break
            if not decompressor.eof:
                if partial:
                    break
                raise CleanError("truncated", "compressed body ends before its end marker")
            rest = decompressor.unused_data + rest[start + _ZSTD_STEP :]
    except zstandard.ZstdError as exc:
        raise CleanError("malformed", f"Content-Encoding zstd: {exc}") from exc
    return b"".join(parts)


def _brotli(body: bytes) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    try:  # output bounded: a few bytes of brotli can expand to gigabytes
        data = decompressor.process(body, output_buffer_limit=MAX_RAW_BYTES + 1)
        if len(data) <= MAX_RAW_BYTES and not decompressor.is_finished():
            raise brotli.error("stream ends before its end marker")
    except brotli.error as exc:
        if body.lstrip()[:1] == b"<":  # no magic number: markup means already decoded
            return body
        raise CleanError("malformed", f"Content-Encoding br: {exc}") from exc
    if len(data) > MAX_RAW_BYTES:
        raise _too_large()
    return data
