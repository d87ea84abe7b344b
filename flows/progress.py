"""A hook the CLI sets to show progress; flows call `advance` and never know who listens."""

from __future__ import annotations

from collections.abc import Callable

_listener: Callable[[int], None] | None = None


def listen(callback: Callable[[int], None] | None) -> None:
    """callback(done) is called as files are handled; None to stop."""
    global _listener
    _listener = callback


def advance(done: int) -> None:
    if _listener is not None:
        _listener(done)
