"""scenario-tree: turn a policy argument into an explorable, quantified scenario tree.

>>> import scenario_tree
>>> tree = scenario_tree.default_tree()
>>> tree.evaluate().best["dialogue"]
'transition_deal'
"""

from .errors import EditError, GraphvizError, Problem, ScenarioError, ScenarioFileError
from .evaluate import Evaluation
from .io import default_tree, load, loads
from .model import ScenarioNode
from .tree import ScenarioTree

__version__ = "0.1.0"


def explore(tree: ScenarioTree | str | None = None, **options: object) -> object:
    """Open the explorer (needs the ``jupyter`` extra) on a tree, a file, or the article's tree."""
    from .widgets import explore as open_explorer

    return open_explorer(tree, **options)


def load_ipython_extension(ipython: object) -> None:
    """``%load_ext scenario_tree``: register the ``%scenario`` and ``%%scenario`` magics."""
    from .magic import load_ipython_extension as register

    register(ipython)


__all__ = [
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
