"""The raw root as a boundary: what discovery lists, and how a listed file is read.

Discovery (`walk`) looks at every entry under the raw root without opening any file:
- a regular file, or a symlink whose real path is a regular file inside the root: a `RawFile`
  carrying the real path and the identity (device, inode) of the file it found;
- a symlink (to a file or a folder) whose real path is outside the root: `outside_root`;
- a dangling or looping symlink, a folder that cannot be listed: `unreadable`;
- a FIFO, socket or device (or a link to one inside the root): `not_a_file`;
- a folder: walked. A symlinked folder inside the root is walked once (the first link to
  it, in walk order); further links to an already linked folder, and links that would
  loop, are not walked again: their files are listed through the real folder.
Names starting with '.' are skipped (hidden files, `.git`, editors' temp files).

Reading (`read_raw`) opens the real path with O_NOFOLLOW | O_NONBLOCK and checks, on the open
descriptor, that it is still a regular file with the identity discovery saw. A file or a
path component swapped for a symlink (or a FIFO) between discovery and reading is therefore
never read: it becomes `unreadable` ("changed since discovery"), and the next run sees what
is there then.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cleaners import Rejection
from cleaners.errors import CleanError
from cleaners.readers.regular import open_regular, read_bounded

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class RawFile:
    path: str  # absolute real path (symlinks resolved), inside the raw root
    source_path: str  # relative to the raw root, with forward slashes
    size: int
    mtime_ns: int
    device: int = -1  # identity of the file discovery found: reading checks it
    inode: int = -1


def source_name(relative: str) -> str:
    """A path as valid Unicode: bytes that are not UTF-8 (surrogate-escaped by the OS layer)
    become `\\xNN` escapes, so the name can go into JSON and the index; a backslash becomes
    two, so a valid name that spells an escape (`caf\\xe9`) stays apart from the name it
    spells (no two files share a source path, nor a record id)."""
    return os.fsencode(relative).replace(b"\\", b"\\\\").decode("utf-8", "backslashreplace")


def walk(raw_dir: os.PathLike | str) -> Iterator[RawFile | Rejection]:
    """Every entry of the raw tree, as a file to clean or a rejection; depth first, sorted
    by name in each folder, streaming (nothing proportional to the tree is kept but the
    identities of linked folders)."""
    root = os.path.realpath(raw_dir)
    linked: set[tuple[int, int]] = set()  # folders already walked through a symlink
    stack: list[tuple[str, str]] = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = sorted(entries, key=lambda entry: entry.name)
        except OSError as exc:
            yield _rejection(prefix.rstrip("/") or ".", "unreadable", _why(exc))
            continue
        subfolders = []
        for entry in listing:
            if entry.name.startswith("."):
                continue
            relative = prefix + entry.name
            found = _classify(entry.path, relative, root, linked)
            if isinstance(found, tuple):
                subfolders.append(found)
            elif found is not None:
                yield found
        stack.extend(reversed(subfolders))


def _classify(
    path: str, relative: str, root: str, linked: set[tuple[int, int]]
) -> RawFile | Rejection | tuple[str, str] | None:
    """One entry: a RawFile, a Rejection, a folder to walk (real path, prefix) or None."""
    try:
        info = os.lstat(path)
        is_link = stat.S_ISLNK(info.st_mode)
        real = path
        if is_link:
            info = os.stat(path)  # dangling or looping: unreadable, wherever it points
            real = os.path.realpath(path)
            if not _inside(real, root):
                return _rejection(relative, "outside_root", "symlink to outside the raw root")
    except OSError as exc:  # vanished, dangling link, link loop, permission
        return _rejection(relative, "unreadable", _why(exc))
    if stat.S_ISDIR(info.st_mode):
        if is_link:
            identity = (info.st_dev, info.st_ino)
            if identity in linked or _inside(root, real):  # seen, or the root/an ancestor
                return None
            linked.add(identity)
        return (real, relative + "/")
    if stat.S_ISREG(info.st_mode):
        return RawFile(
            real, source_name(relative), info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino
        )
    kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
    return _rejection(relative, "not_a_file", f"{kind}: never opened")


def writes_inside(raw_dir: os.PathLike | str, *folders: os.PathLike | str) -> str | None:
    """Why writing to these folders would change the raw folder (one of them is in it: the
    next run would read its own output), or None."""
    root = os.path.realpath(raw_dir)
    for folder in folders:
        if _inside(os.path.realpath(folder), root):
            return (
                f"{folder} is inside the raw folder {raw_dir}: choose an output folder outside it"
            )
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _rejection(relative: str, reason: str, detail: str) -> Rejection:
    return Rejection(source_path=source_name(relative), reason=reason, detail=detail)


def _why(exc: OSError) -> str:
    return f"{type(exc).__name__}: {exc.strerror or exc}"


def open_raw(raw_file: RawFile) -> BinaryIO:
    """The file opened for reading, if it is still the regular file discovery found (see
    module doc). Raises CleanError `unreadable` or `not_a_file`."""
    try:
        handle = open_regular(raw_file.path)
    except OSError as exc:  # gone, replaced by a symlink (ELOOP) or a FIFO, permission
        reason = "not_a_file" if exc.strerror == "not a regular file" else "unreadable"
        raise CleanError(reason, _why(exc)) from exc
    info = os.fstat(handle.fileno())
    if raw_file.inode >= 0 and (info.st_dev, info.st_ino) != (raw_file.device, raw_file.inode):
        handle.close()
        raise CleanError("unreadable", "changed since discovery (replaced): not read")
    return handle


def read_raw(raw_file: RawFile, limit: int) -> bytes:
    """The file's bytes (see `open_raw`). Raises CleanError: `unreadable`, `not_a_file`, or
    `too_large` past `limit` bytes."""
    with open_raw(raw_file) as handle:
        return read_bounded(handle, limit)
