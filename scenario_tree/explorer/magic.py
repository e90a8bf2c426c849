"""IPython magics: ``%%scenario`` builds a tree from an outline, ``%scenario FILE`` explores a file.

Load them with ``%load_ext scenario_tree``. The cell magic displays the tree as a drawing and
stores it in a variable given after the magic (``%%scenario launch`` keeps it as ``launch``);
``%%scenario launch --explore`` opens the explorer on it instead.
"""

from __future__ import annotations

import shlex
from typing import Any

from IPython.core.error import UsageError

from ..errors import ScenarioError
from ..files.outline import parse_outline
from ..scenario import ScenarioTree
from .widget import Explorer

__all__ = ["ScenarioMagicError", "load_ipython_extension", "scenario_magic"]


def scenario_magic(line: str, cell: str | None = None, namespace: dict[str, Any] | None = None) -> Any:
    """What ``%scenario`` and ``%%scenario`` do, callable without IPython (for tests).

    Returns the explorer or the tree to display.

    Raises:
        ScenarioMagicError: A bad file or outline: IPython shows it as an error (red, the cell fails),
            without a traceback, with the line numbers the editor shows.
    """
    words = shlex.split(line)
    explore = "--explore" in words
    words = [word for word in words if word != "--explore"]
    try:
        if cell is None:
            return Explorer(words[0] if words else None)
        tree = parse_outline(cell, file="%%scenario cell", factory=ScenarioTree, first_line=2)
    except ScenarioError as error:
        raise ScenarioMagicError(f"scenario-tree: {error}") from None
    if words and namespace is not None:
        namespace[words[0]] = tree
    return Explorer(tree) if explore else tree


class ScenarioMagicError(UsageError):
    """A magic's bad input: IPython prints the message in red and fails the cell, with no traceback."""


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%scenario`` and ``%%scenario`` (called by ``%load_ext scenario_tree``)."""

    def magic(line: str, cell: str | None = None) -> Any:
        return scenario_magic(line, cell, ipython.user_ns)

    ipython.register_magic_function(magic, magic_kind="line_cell", magic_name="scenario")
