"""Packing pages into a WARC or a JSON Lines file (benchmarks and tests), with warcio."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_DATE = "2024-05-18T01:58:10Z"


@dataclass
class Page:
    """One archived HTTP response (or, with record_type, another WARC record)."""

    url: str
    body: bytes
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")]
    )
    status: str = "200 OK"
    record_type: str = "response"
    date: str = WARC_DATE


def write_warc(path: Path, pages: Iterable[Page], gzip: bool = True) -> list[str]:
    """Write pages as WARC records (one gzip member each if gzip); returns their record ids.

    A page with record_type 'revisit' points at the latest earlier response of its URL."""
    ids, digests = [], {}
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for page in pages:
            record = _record(writer, page, digests)
            record.rec_headers.replace_header("WARC-Date", page.date)
            writer.write_record(record)
            if page.record_type == "response":
                digests[page.url] = (record.rec_headers.get_header("WARC-Payload-Digest"), page)
            ids.append(record.rec_headers.get_header("WARC-Record-ID")[1:-1])
    return ids


def _record(writer: WARCWriter, page: Page, digests: dict):
    warc_headers = {"WARC-Date": page.date}
    if page.record_type == "revisit":
        digest, original = digests[page.url]
        http = StatusAndHeaders(page.status, page.headers, protocol="HTTP/1.1")
        return writer.create_revisit_record(
            page.url, digest, page.url, original.date, http_headers=http
        )
    if page.record_type in ("response", "request"):
        http = StatusAndHeaders(page.status, page.headers, protocol="HTTP/1.1")
        return writer.create_warc_record(
            page.url, page.record_type, payload=io.BytesIO(page.body), http_headers=http,
            warc_headers_dict=warc_headers,
        )  # fmt: skip
    content_type = dict(page.headers).get("Content-Type", "text/plain")
    warc_headers["Content-Type"] = content_type
    return writer.create_warc_record(
        page.url, page.record_type, payload=io.BytesIO(page.body),
        warc_content_type=content_type, warc_headers_dict=warc_headers,
    )  # fmt: skip


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """One JSON object per line."""
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
