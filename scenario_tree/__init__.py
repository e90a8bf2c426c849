"""scenario-tree: turn a policy argument into an explorable, quantified scenario tree.

>>> import scenario_tree
>>> tree = scenario_tree.default_tree()
>>> tree.evaluate().best["dialogue"]
'transition_deal'

The layers, each importing only those before it: :mod:`~scenario_tree.model` (nodes, rules, edits,
evaluation) <- :mod:`~scenario_tree.files` (reading, checking, writing) <- :mod:`~scenario_tree.drawing`
(Graphviz layout, SVG) <- :class:`ScenarioTree` (the model with files and drawings at hand) <-
:mod:`~scenario_tree.analysis` <- :mod:`~scenario_tree.explorer` and :mod:`~scenario_tree.cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import AnalysisError, EditError, GraphvizError, Problem, ScenarioError, ScenarioFileError
from .model import Evaluation, ScenarioNode
from .scenario import ScenarioTree, default_tree, load, loads
from .version import __version__

if TYPE_CHECKING:
    from .explorer import Explorer


def explore(tree: ScenarioTree | str | None = None, **options: Any) -> Explorer:
    """Open the explorer (needs the ``jupyter`` extra) on a tree, a file, or the article's tree."""
    from .explorer import explore as open_explorer  # the Jupyter packages load only when the explorer opens

    return open_explorer(tree, **options)


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext scenario_tree``: register the ``%scenario`` and ``%%scenario`` magics."""
    from .explorer.magic import load_ipython_extension as register

    register(ipython)


__all__ = [
    "AnalysisError",
    "EditError",
    "Evaluation",
    "GraphvizError",
    "Problem",
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioNode",
    "ScenarioTree",
    "__version__",
    "default_tree",
    "explore",
    "load",
    "load_ipython_extension",
    "loads",
]
