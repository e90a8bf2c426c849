"""Atomic writes: readers see the old file or the new one, never a mix, whatever happens midway.

The bytes go to a temporary file beside the target (named after the target and the writing
process), are flushed and synced to disk, and the temporary file is renamed over the target. A
process killed midway leaves the old file and a temporary one: the next write beside it removes
temporary files whose process is gone. Writing through a symbolic link replaces the file the link
points to; the link stays.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["atomic_write", "leftovers"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Replace ``path`` (or the file a link at ``path`` points to) with ``data``, atomically; return ``path``."""
    target = Path(os.path.realpath(path))
    for stale in leftovers(target):
        stale.unlink(missing_ok=True)
    temporary = target.parent / f".{target.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_directory(target.parent)
    return Path(path)


def leftovers(target: Path) -> list[Path]:
    """Temporary files of writes to ``target`` whose writing process no longer runs."""
    found = []
    for each in target.parent.glob(f".{_glob_escape(target.name)}.*.tmp"):
        writer = each.name[len(target.name) + 2:].split(".")[0]
        if writer.isdigit() and not _running(int(writer)):
            found.append(each)
    return found


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not writing it now: a write of ours that failed left it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{character}]" if character in "*?[" else character for character in name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(descriptor)
    os.close(descriptor)
