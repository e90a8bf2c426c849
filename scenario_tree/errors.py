"""Errors that name where a problem is: the file, the node path and what was expected.

Every error the package raises on bad input is a :class:`ScenarioError`, so a caller (the CLI,
the explorer) can show it as a message instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AnalysisError",
    "EditError",
    "GraphvizError",
    "Problem",
    "ScenarioError",
    "ScenarioFileError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file.

    Args:
        message: What was found and what was expected.
        path: The node path (``/root_id/child_id``) and, after a colon, the field.
        file: The file the problem is in, or ``<string>``.
        line: The 1-based line in the file, where known.

    >>> str(Problem("found 1.5, expected a number in [0, 1]", "/a/b: probability", "t.yaml", 7))
    't.yaml:7: /a/b: probability: found 1.5, expected a number in [0, 1]'
    """

    message: str
    path: str = ""
    file: str = "<string>"
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ScenarioError(Exception):
    """Base class of every error raised on bad input or a refused operation."""


class ScenarioFileError(ScenarioError, ValueError):
    """A scenario file (or text) that cannot be loaded, with every problem found in it.

    >>> error = ScenarioFileError([Problem("expected 'decision', 'chance' or 'outcome'", "/r: kind")])
    >>> print(error)
    <string>: /r: kind: expected 'decision', 'chance' or 'outcome'
    """

    SHOWN = 20  # problems in the message: a screenful, then a count of the rest

    def __init__(self, problems: list[Problem], more: int = 0) -> None:
        self.problems = list(problems)
        self.more = more  # problems found but not kept
        hidden = max(0, len(self.problems) - self.SHOWN) + more
        lines = [str(problem) for problem in self.problems[: self.SHOWN]]
        if hidden > 0:
            lines.append(f"... and {hidden:,} more problem{'s' if hidden > 1 else ''}")
        super().__init__("\n".join(lines))


class EditError(ScenarioError, ValueError):
    """An edit that cannot be done; the tree is left exactly as it was."""


class GraphvizError(ScenarioError, RuntimeError):
    """Graphviz is missing, failed or timed out."""


class AnalysisError(ScenarioError, ValueError):
    """An analysis that cannot be run as asked (an unknown quantity, a range outside the valid one...)."""
