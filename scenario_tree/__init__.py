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
    "load",
    "loads",
]
