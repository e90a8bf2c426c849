"""The problems found while reading a file, each placed at its node path and line."""

from __future__ import annotations

from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model import ScenarioNode, node_path

__all__ = ["Report"]


class Report:
    """Problems found so far, each placed at its node path and line."""

    def __init__(self, file: str, lines: dict[int, int]) -> None:
        self.file, self.lines, self.problems = file, lines, []
        self.raw_of: dict[ScenarioNode, dict[str, Any]] = {}

    def add(self, message: str, path: str = "", raw: Any = None) -> None:
        self.problems.append(Problem(message, path, self.file, self.lines.get(id(raw))))

    def at_node(self, node: ScenarioNode, message: str, field: str = "") -> None:
        self.add(message, node_path(node) + (f": {field}" if field else ""), self.raw_of.get(node))

    def raise_if_any(self) -> None:
        if self.problems:
            raise ScenarioFileError(self.problems)
