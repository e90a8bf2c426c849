"""Which file a tree was loaded from, as it was then, and the guard against overwriting other files.

Loading remembers, per tree, the file's path and its fingerprint (device, inode, size, modification
time). Saving then knows whether a target is the tree's own file, unchanged since it was loaded (it
may be replaced, keeping its layout), or another file or one changed on disk (replaced only with
``overwrite=True``). Trees are held weakly: forgetting a tree forgets its source.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ScenarioError

__all__ = ["OverwriteRefused", "Source", "check_overwrite", "fingerprint", "remember", "source_of", "unchanged"]


class OverwriteRefused(ScenarioError, FileExistsError):
    """A save that would replace a file the tree was not loaded from, or one changed since."""


@dataclass(frozen=True)
class Source:
    """A tree's file: the path as given, where it really is (links followed), and its fingerprint then."""

    path: str
    real: str
    fingerprint: tuple[int, int, int, int] | None


_SOURCES: weakref.WeakKeyDictionary[Any, Source] = weakref.WeakKeyDictionary()


def fingerprint(path: str | os.PathLike[str]) -> tuple[int, int, int, int] | None:
    """What changes when a file is rewritten or replaced: device, inode, size, modification time (ns)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def remember(tree: Any, path: str | os.PathLike[str], seen: tuple[int, int, int, int] | None = None) -> None:
    """Record that ``tree`` is (now) the content of ``path``, as fingerprinted (now, unless ``seen``)."""
    _SOURCES[tree] = Source(str(path), os.path.realpath(path), seen if seen is not None else fingerprint(path))


def source_of(tree: Any) -> Source | None:
    """The file the tree was loaded from or last saved to, if any."""
    return _SOURCES.get(tree)


def unchanged(source: Source) -> bool:
    """Whether the source file is still as it was when loaded (or saved)."""
    return source.fingerprint is not None and fingerprint(source.real) == source.fingerprint


def check_overwrite(tree: Any, target: Path, overwrite: bool) -> None:
    """Refuse to replace an existing file that is not the tree's own, or that changed since it was loaded.

    Raises:
        OverwriteRefused: Naming the file as the caller gave it; ``overwrite=True`` replaces it anyway.
    """
    if overwrite or not os.path.lexists(target):
        return
    source = source_of(tree)
    if source is None or os.path.realpath(target) != source.real:
        raise OverwriteRefused(f"{target} already exists and this tree was not loaded from it; save with "
                               "overwrite=True to replace it, or choose another file")
    if not unchanged(source):
        raise OverwriteRefused(f"{target} changed on disk since it was loaded; save with overwrite=True to "
                               "replace it anyway, or save to another file")
