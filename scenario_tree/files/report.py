"""The problems found while reading a file, each placed at its node path and line.

A report keeps the first :data:`MAX_PROBLEMS` problems and counts the rest, so that a file broken
everywhere costs bounded memory and prints a screenful plus a count.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model import ScenarioNode, node_path

__all__ = ["MAX_PROBLEMS", "Report"]

MAX_PROBLEMS = 100


class Report:
    """Problems found so far, each placed at its node path and line.

    Args:
        file: The name problems are reported under.
        lines: The line of each mapping of the file's data, by ``id()`` (looked up only for problems).
    """

    def __init__(self, file: str, lines: Mapping[int, int]) -> None:
        self.file, self.lines, self.problems = file, lines, []
        self.more = 0  # problems found beyond MAX_PROBLEMS
        self.raw_of: dict[ScenarioNode, dict[str, Any]] = {}

    def add(self, message: str, path: str = "", raw: Any = None) -> None:
        if len(self.problems) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.problems.append(Problem(message, path, self.file, self.lines.get(id(raw))))

    def at_node(self, node: ScenarioNode, message: str, field: str = "") -> None:
        self.add(message, node_path(node) + (f": {field}" if field else ""), self.raw_of.get(node))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioFileError(self.problems, self.more)
