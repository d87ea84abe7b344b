"""The one exception the cleaning stages raise: it becomes a `Rejection`."""

from __future__ import annotations

from typing import Literal

RejectReason = Literal[
    "empty",  # no bytes, or only whitespace after decoding
    "binary",  # not text: images, archives, executables, random bytes
    "unreadable",  # could not be read (permissions, vanished, dangling link, replaced)
    "outside_root",  # a symlink whose real path is outside the raw root: never read
    "not_a_file",  # a FIFO, socket or device: never opened
    "undecodable",  # bytes that no text encoding explains
    "too_large",  # over the configured size limit
    "no_article",  # readable text, but no article body in it
    "extraction_failed",  # the extractor raised on this page
    "timeout",  # cleaning took longer than the per-document limit
    "crashed",  # the worker cleaning it died (segfault, out of memory)
    "internal_error",  # a bug in dechrome: the exception is in the detail
    "truncated",  # an archive member whose bytes end before its declared length
    "malformed",  # an archive member or JSON line that cannot be parsed
]


class CleanError(Exception):
    """A document that cannot become an article, with a machine-readable reason."""

    def __init__(self, reason: RejectReason, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason: RejectReason = reason
        self.detail = detail
