"""A cleaning function for guard tests: misbehaves on request, else cleans for real.

A raw file containing one of these markers makes the cleaning process:
HANG - sleep forever; EXIT - call os._exit; SEGV - die of a segfault;
HOG - allocate memory until it runs out; SLOW - compute for 2 CPU seconds, then clean.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from flows.batch import clean_file as real_clean_file
from flows.discover import RawFile


def clean_file(raw_file: RawFile):
    raw = Path(raw_file.path).read_bytes()
    if b"HANG" in raw:
        time.sleep(3600)
    if b"SLOW" in raw:
        started = time.process_time()
        while time.process_time() - started < 2:  # 2 s of CPU: the guard counts CPU time
            pass
    if b"EXIT" in raw:
        os._exit(7)
    if b"SEGV" in raw:
        os.kill(os.getpid(), signal.SIGSEGV)
    if b"HOG" in raw:
        hog = [bytearray(64 * 1024 * 1024) for _ in range(1024)]
        del hog
    return real_clean_file(raw_file)
