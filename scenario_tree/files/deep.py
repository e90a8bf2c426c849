"""Running a recursive parser or printer on a thread with a large stack, so that deep trees fit."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import Problem, ScenarioFileError
from .format import MAX_DEPTH

__all__ = ["run_deep"]


_T = TypeVar("_T")


def run_deep(where: str, function: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
    """Run a recursive parser or printer on a thread with a large stack, so deep trees fit.

    PyYAML, jsonschema and json recurse once or twice per level of the tree. A thread with a
    256 MiB stack and a raised recursion limit carries them past ``MAX_DEPTH`` levels.
    """
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["value"] = function(*args, **kwargs)
        except BaseException as error:  # handed back to the caller's thread below
            outcome["error"] = error

    old_limit, old_stack = sys.getrecursionlimit(), threading.stack_size()
    try:
        threading.stack_size(256 * 1024 * 1024)
        sys.setrecursionlimit(max(old_limit, 60 * MAX_DEPTH))
        worker = threading.Thread(target=work, name="scenario-tree-deep")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)
    if "error" in outcome:
        error = outcome["error"]
        if isinstance(error, RecursionError):
            raise ScenarioFileError([Problem(f"the tree is nested too deeply to read (at most {MAX_DEPTH} levels)",
                                             file=where)]) from None
        raise error
    return outcome["value"]
