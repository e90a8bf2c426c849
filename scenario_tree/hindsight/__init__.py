"""Hindsight: what happened after a tree's forecast, the realised path, and how well the forecast did.

A record (``scenario-tree-hindsight/1``, a companion file to a scenario file) lists dated, sourced
observations, each naming the node that was reached; :mod:`~scenario_tree.hindsight.read` loads it,
:mod:`~scenario_tree.hindsight.check` checks it against the tree, :mod:`~scenario_tree.hindsight.record`
holds it, and :mod:`~scenario_tree.hindsight.score` scores the forecast (Brier and log scores per
resolved chance node) and conditions the tree on what happened.
"""

from .read import load_hindsight, loads_hindsight, tree_named_by
from .record import ContextEvent, Hindsight, HindsightError, Observation, Source
from .score import HindsightScore, posterior_given, score

__all__ = [
    "ContextEvent",
    "Hindsight",
    "HindsightError",
    "HindsightScore",
    "Observation",
    "Source",
    "load_hindsight",
    "loads_hindsight",
    "posterior_given",
    "score",
    "tree_named_by",
]
