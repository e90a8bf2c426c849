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

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AnalysisError, EditError, GraphvizError, Problem, ScenarioError, ScenarioFileError
from .model import Evaluation, ScenarioNode, TreeModel
from .scenario import ScenarioTree, default_tree, load, load_or_default, loads
from .version import __version__

if TYPE_CHECKING:
    from .explorer import Explorer


def explore(tree: ScenarioTree | str | None = None, **options: Any) -> Explorer:
    """Open the explorer (needs the ``jupyter`` extra) on a tree, a file, or the article's tree."""
    from .explorer import explore as open_explorer  # the Jupyter packages load only when the explorer opens

    return open_explorer(tree, **options)


def write_report(tree: TreeModel | str | os.PathLike[str] | None, path: str | os.PathLike[str], *,
                 written: datetime.date | None = None) -> Path:
    """Write the briefing report of a tree, a file or (``None``) the article's tree: ``.html``, ``.md`` or ``.pdf``.

    The report states the title and the source, shows the drawing, says the recommended path in
    words, lists every assumption with the quote it rests on, the outcomes under the recommended
    policy and, where the file has parameters, the tornado and the thresholds. A ``.md`` report
    writes its drawing beside it (``brief.svg``); a ``.pdf`` needs Chromium. ``written`` is the date
    the report states (default: today).
    """
    from .sharing.report import write_report as write  # the analyses load only when a report is written

    chosen = tree if isinstance(tree, TreeModel) else load_or_default(tree)
    return write(chosen, path, written=written)


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
    "write_report",
]
