"""The child process of `flows.guard`: reads RawFiles on stdin, writes results on stdout.

Usage: `python -m flows.guard_child MODULE:FUNCTION MEMORY_MB`. Runs until stdin closes.
Its stdout is reserved for results: anything the cleaning code prints goes to stderr.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import resource
import sys
import traceback
from collections.abc import Callable

from cleaners import Rejection, clean
from flows.guard import OUT_OF_MEMORY_EXIT, READY, read_frame, write_frame

_M_TRIM_THRESHOLD, _M_MMAP_MAX = -1, -4  # mallopt parameters (malloc.h)
_SENTENCE = b"The first call loads language profiles, stoplists and extraction settings. "
_WARM_UPS = (  # one page per path (HTML, text dump): lazy loading happens before any deadline
    b"<html><head><title>Warm up</title></head><body><article><p>"
    + _SENTENCE * 8
    + b"</p></article></body></html>",
    b"Home\n\nWarm up\n\n" + _SENTENCE * 8,
)


def load(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def keep_freed_memory() -> None:
    """Let glibc serve large blocks from the heap and keep freed heap memory for reuse (no
    trim below 1 GiB): a large page makes arrays of tens of MB per stage, and returning each
    to the kernel to fault it in again made 20 MB dumps cost ~1.5x per MB what 1 MB dumps
    cost (docs/scale.md). The child's address-space limit still applies. No-op without
    glibc."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return
    libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    libc.mallopt(_M_MMAP_MAX, 0)  # no mmap for large blocks: the heap, reused


def limit_memory(megabytes: int) -> None:
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def serve(clean_file: Callable) -> None:
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    try:
        for page in _WARM_UPS:
            clean(page, source_path="warm-up")
    except Exception as exc:
        if _ran_out_of_memory(exc):  # the parent names the memory limit as the cause
            os._exit(OUT_OF_MEMORY_EXIT)
        raise
    write_frame(replies, READY)
    while True:
        try:
            raw_file = read_frame(requests)
        except EOFError:
            return
        try:
            result = clean_file(raw_file)
        except MemoryError:
            os._exit(OUT_OF_MEMORY_EXIT)  # the parent reports the document as crashed
        except Exception as exc:  # a bug: reject this document, keep serving
            detail = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=-3)}"
            result = Rejection(
                source_path=raw_file.source_path,
                source_member=getattr(raw_file, "source_member", None),
                reason="internal_error",
                detail=detail[:2000],
            )
        write_frame(replies, result)


def _ran_out_of_memory(exc: BaseException | None) -> bool:
    """True if exc is a MemoryError or was raised while handling one (langdetect turns one
    into a profile format error)."""
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def main(argv: list[str]) -> None:
    keep_freed_memory()
    clean = load(argv[0])
    limit_memory(int(argv[1]))
    serve(clean)


if __name__ == "__main__":
    main(sys.argv[1:])
