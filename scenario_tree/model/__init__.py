"""The scenario model: nodes, expressions and parameters, the rules a tree obeys, edits with undo, evaluation.

This layer imports nothing from the rest of the package (files, drawing, analysis, explorer): it is
what they all build on.
"""

from .evaluate import Evaluation
from .nodes import KINDS, REMAINDER, ScenarioNode, ancestors, node_path, path_from_root, preorder
from .tree import TreeModel

__all__ = [
    "KINDS",
    "REMAINDER",
    "Evaluation",
    "ScenarioNode",
    "TreeModel",
    "ancestors",
    "node_path",
    "path_from_root",
    "preorder",
]
