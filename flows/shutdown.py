"""Stopping a run on SIGTERM or SIGINT (a scheduler, a CI timeout, Ctrl-C), within seconds.

A signal often reaches the whole process group, so Prefect's embedded API server dies with
it and whatever Prefect then tries to report hangs on connection retries. So the first
signal:
- sets `STOP`: no batch is submitted, no cleaning child started, no result stored after it;
- kills the cleaning children (`flows.guard`), whose documents are simply cleaned again by
  the next run (a child that dies of the signal is not a `crashed` document);
- arms a watchdog that ends the process `GRACE_SECONDS` later, whatever still hangs;
- then hands over to the handler it replaced (Prefect's, which marks the flow run crashed
  while its API still answers), or raises `Interrupted` to unwind the run.
A second signal, or the watchdog, ends the process at once: remaining child processes
(Prefect's API server) are killed, the exit code is 128 + the signal number. The output
folder needs no clean-up: its lock dies with the process and a run that stops anywhere is
resumed by the next one (`flows.store`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

GRACE_SECONDS = 5.0
SIGNALS = (signal.SIGTERM, signal.SIGINT)
STOP = threading.Event()
_on_stop: list[Callable[[], None]] = []  # e.g. kill the cleaning children
_state = {"signal": 0, "depth": 0}  # the stop signal; nesting of stop_on_signals blocks


class Interrupted(BaseException):  # noqa: N818 - like KeyboardInterrupt: not an Exception
    """The run was stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def on_stop(callback: Callable[[], None]) -> None:
    """Run callback (once, in the signal handler) when a stop signal arrives."""
    _on_stop.append(callback)


def raise_if_stopping() -> None:
    if STOP.is_set():
        raise Interrupted(_state["signal"] or signal.SIGTERM)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Handle SIGTERM and SIGINT as described above while the block runs (main thread only;
    elsewhere a no-op). Nests: an inner block (the flow's) hands over to the handler that
    Prefect installed in between, not to the outer block's (the CLI's)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _state["depth"]:
        STOP.clear()  # a new run in this process
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}

    def handler(signum: int, frame: object) -> None:
        if STOP.is_set():
            exit_now(signum)
        _state["signal"] = signum
        STOP.set()
        for callback in _on_stop:
            with suppress(Exception):
                callback()
        watchdog = threading.Timer(GRACE_SECONDS, exit_now, args=(signum,))
        watchdog.daemon = True
        watchdog.start()
        with suppress(Exception):  # the main thread may have been writing to stderr
            print(
                f"dechrome: {signal.Signals(signum).name} received, stopping "
                "(a new run resumes the work)",
                file=sys.stderr,
                flush=True,
            )
        handed_over = previous[signum]
        if (
            callable(handed_over)
            and not getattr(handed_over, "dechrome", False)
            and handed_over is not signal.default_int_handler
        ):
            handed_over(signum, frame)  # Prefect's: raises TerminationSignal
        raise Interrupted(signum)

    handler.dechrome = True  # type: ignore[attr-defined]
    for signum in SIGNALS:
        signal.signal(signum, handler)
    _state["depth"] += 1
    try:
        yield
    finally:
        _state["depth"] -= 1
        for signum, old in previous.items():
            signal.signal(signum, old)


def exit_now(signum: int) -> None:
    """Kill this process's remaining children, then exit with 128 + signum."""
    try:
        import psutil

        children = psutil.Process().children(recursive=True)
        for child in children:
            with suppress(psutil.Error):
                child.terminate()
        _, alive = psutil.wait_procs(children, timeout=1)
        for child in alive:
            with suppress(psutil.Error):
                child.kill()
    finally:
        with suppress(Exception):
            sys.stderr.flush()
        os._exit(128 + signum)
