"""Per-document guard: clean documents in a child process that can be killed and replaced.

trafilatura has no timeout and can hang inside C code, and a bad page can crash or exhaust
the memory of the process cleaning it. So a `GuardedCleaner` owns a long-lived child
process (`python -m flows.guard_child`) and feeds it one document at a time over pipes:
- past its deadline (`doc_timeout` plus `seconds_per_mb` per MB of the file, in CPU
  seconds of the child; in wall time if it is blocked) the child is killed: the document
  is rejected as `timeout`;
- if the child dies (segfault, `os._exit`, out of memory under its RLIMIT_AS) the document
  is rejected as `crashed`;
and in both cases a fresh child takes over for the rest of the batch.

Children are started with `subprocess`, not `multiprocessing`, so this works in daemonic
processes too (Dask workers). One child per concurrent batch; children are reused across
batches, so there is no per-document or per-batch process start.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

import psutil

from cleaners import Article, Rejection
from flows import shutdown
from flows.discover import RawFile

DEFAULT_DOC_TIMEOUT = 5.0  # seconds per document, plus:
DEFAULT_DOC_SECONDS_PER_MB = 5.0  # seconds per MB of the raw file (3.3 MB of HTML: 21.5 s)
DEFAULT_DOC_MEMORY_MB = 2048  # address space of a cleaning child
DEFAULT_CLEANER = "flows.batch:clean_file"
CLEANER_ENV = "DECHROME_CLEANER"  # test hook: "module:function" cleaning one RawFile
IDLE_SHARE = 0.05  # a child on the CPU less than this share of the time is blocked
WALL_FACTOR = 10.0  # wall-time limit in deadlines, whatever the child does
POLL_SECONDS = 0.25  # how often a working child's CPU time is read
STARTUP_TIMEOUT = 180.0  # seconds for a child to import and warm up (slow, busy machines)
OUT_OF_MEMORY_EXIT = 3  # exit code of a child that hit its memory limit
READY = "ready"
_HEADER = struct.Struct("!Q")

Result = Article | Rejection
_STOP_SIGNALS = {-signum for signum in shutdown.SIGNALS}  # exit codes of children stopped


class StoppingError(RuntimeError):
    """The run is stopping (SIGTERM, SIGINT): no document is cleaned or judged any more."""


class _Children:
    """Every live cleaning child of this process, so that a stop can kill them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._live: set[subprocess.Popen] = set()

    def add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._live.add(proc)

    def remove(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._live.discard(proc)

    def kill_all(self) -> None:
        with self._lock:
            live = list(self._live)
        for proc in live:
            with suppress(OSError):
                proc.kill()


CHILDREN = _Children()
shutdown.on_stop(CHILDREN.kill_all)


@dataclass(frozen=True)
class GuardSettings:
    doc_timeout: float = DEFAULT_DOC_TIMEOUT
    memory_mb: int = DEFAULT_DOC_MEMORY_MB
    cleaner: str = ""  # "" = $DECHROME_CLEANER or flows.batch:clean_file
    seconds_per_mb: float = DEFAULT_DOC_SECONDS_PER_MB

    def deadline(self, size: int) -> float:
        """Seconds a document of size bytes (on disk) may take: large honest pages take
        longer, a small page that hangs is still stopped after doc_timeout."""
        return self.doc_timeout + self.seconds_per_mb * size / (1024 * 1024)

    def cleaner_spec(self) -> str:
        return self.cleaner or os.environ.get(CLEANER_ENV) or DEFAULT_CLEANER


def write_frame(stream, obj: object) -> None:
    """Send one pickled object, length-prefixed."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream) -> object:
    """Receive one object sent by write_frame; EOFError if the other side is gone."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        raise EOFError
    (size,) = _HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class GuardedCleaner:
    """Cleans documents one at a time in a replaceable child process."""

    def __init__(self, settings: GuardSettings) -> None:
        self.settings = settings
        self._proc: subprocess.Popen | None = None
        self.restarts = 0

    def _start(self) -> subprocess.Popen:
        if shutdown.STOP.is_set():
            raise StoppingError("not starting a cleaning process: the run is stopping")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # import what we import
        command = [
            sys.executable,
            "-m",
            "flows.guard_child",
            self.settings.cleaner_spec(),
            str(self.settings.memory_mb),
        ]
        proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, bufsize=1 << 16
        )
        CHILDREN.add(proc)
        ready, _, _ = select.select([proc.stdout], [], [], STARTUP_TIMEOUT)
        try:
            if ready and read_frame(proc.stdout) == READY:
                return proc
        except EOFError:
            pass
        proc.kill()
        code = proc.wait()
        CHILDREN.remove(proc)
        if code == OUT_OF_MEMORY_EXIT:
            raise RuntimeError(
                "cleaning process ran out of memory while starting: a memory limit of"
                f" {self.settings.memory_mb} MB (--doc-memory-mb) is too small"
            )
        raise RuntimeError(f"cleaning process did not start: {command}")

    def _child(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is not None:
            self._discard()  # died between documents: not the next document's fault
        if self._proc is None:
            self._proc = self._start()
        return self._proc

    def clean(self, raw_file: RawFile) -> Result:
        """Clean one file; a hang or a crash becomes a Rejection, never an exception."""
        proc = self._child()
        try:
            write_frame(proc.stdin, raw_file)
        except (BrokenPipeError, OSError):
            if shutdown.STOP.is_set():
                raise StoppingError("the run is stopping") from None
            return self._failed(raw_file, "crashed", "cleaning process was gone")
        deadline = self.settings.deadline(raw_file.size)
        overdue = _wait_for_reply(proc, deadline)
        if overdue:
            return self._failed(
                raw_file,
                "timeout",
                f"{overdue} ({self.settings.doc_timeout:g} s + {self.settings.seconds_per_mb:g}"
                f" s/MB x {raw_file.size / 1024**2:.2f} MB)",
            )
        try:
            result = read_frame(proc.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            code = proc.wait()
            if shutdown.STOP.is_set() or code in _STOP_SIGNALS:  # stopped, not the document
                self._discard()
                raise StoppingError(f"cleaning process stopped ({_describe_exit(code)})") from None
            return self._failed(raw_file, "crashed", _describe_exit(code))
        if isinstance(result, Article | Rejection):
            return result
        return self._failed(raw_file, "internal_error", f"unexpected reply {result!r}"[:300])

    def _failed(self, raw_file: RawFile, reason: str, detail: str) -> Rejection:
        self._discard()
        self.restarts += 1
        return Rejection(
            source_path=raw_file.source_path,
            source_member=getattr(raw_file, "source_member", None),  # a flows.members.MemberFile
            reason=reason,
            detail=detail,
        )

    def _discard(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        CHILDREN.remove(proc)
        for stream in (proc.stdin, proc.stdout):
            with suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Ask the child to exit (EOF on its stdin); kill it if it does not."""
        proc = self._proc
        if proc is None:
            return
        try:
            proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self._discard()


def _wait_for_reply(proc: subprocess.Popen, deadline: float) -> str:
    """Wait until the child replies (or dies): "" then. Else why it is overdue: it used
    `deadline` seconds of CPU; or it is blocked (past `deadline` in wall time with less than
    IDLE_SHARE of it on the CPU); or it is past WALL_FACTOR x deadline anyway. CPU time is
    the document's own cost: a busy machine does not make an honest page late."""
    started = time.monotonic()
    try:
        child = psutil.Process(proc.pid)
        cpu_before = sum(child.cpu_times()[:2])
    except psutil.Error:
        return ""  # already gone: reading the reply reports how
    while True:
        ready, _, _ = select.select([proc.stdout], [], [], POLL_SECONDS)
        if ready:
            return ""
        try:
            cpu = sum(child.cpu_times()[:2]) - cpu_before
        except psutil.Error:
            return ""
        wall = time.monotonic() - started
        if cpu >= deadline:
            return f"{cpu:.1f} s of CPU without a result, limit {deadline:.1f} s"
        if wall >= deadline and cpu < IDLE_SHARE * wall:
            return f"no result after {wall:.1f} s, blocked ({cpu:.1f} s of CPU)"
        if wall >= WALL_FACTOR * deadline:
            return f"no result after {wall:.1f} s, limit {WALL_FACTOR:g} x {deadline:.1f} s"


def _describe_exit(code: int) -> str:
    if code < 0:
        return f"cleaning process killed by signal {-code}"
    if code == OUT_OF_MEMORY_EXIT:
        return "cleaning process ran out of memory"
    return f"cleaning process exited with code {code}"


class _Pool:
    """Idle GuardedCleaners of this process, reused by the batches that run here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._idle: dict[GuardSettings, list[GuardedCleaner]] = {}

    @contextmanager
    def checkout(self, settings: GuardSettings) -> Iterator[GuardedCleaner]:
        with self._lock:
            idle = self._idle.setdefault(settings, [])
            cleaner = idle.pop() if idle else GuardedCleaner(settings)
        try:
            yield cleaner
        except BaseException:
            cleaner.close()
            raise
        with self._lock:
            self._idle[settings].append(cleaner)

    def close(self) -> None:
        with self._lock:
            cleaners = [c for idle in self._idle.values() for c in idle]
            self._idle.clear()
        for cleaner in cleaners:
            cleaner.close()


POOL = _Pool()


def close_pool() -> None:
    """Stop this process's idle cleaning children (they are restarted on demand)."""
    POOL.close()


def clean_guarded(raw_files: list[RawFile], settings: GuardSettings) -> list[Result]:
    """Clean a batch, each document under the guard, in this process's pool of children."""
    with POOL.checkout(settings) as cleaner:
        return [cleaner.clean(raw_file) for raw_file in raw_files]
