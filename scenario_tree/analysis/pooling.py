"""Several readings of one tree: where analysts' copies disagree, and pooling them into one."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import ScenarioNode, TreeModel, node_path, preorder
from .results import Result

__all__ = ["Comparison", "compare", "pool", "probability_rows"]


@dataclass
class Comparison(Result):
    """Several copies of one tree side by side: every branch probability, the largest disagreement first."""

    names: list[str]
    branches: list[dict[str, Any]]  # node, path, label, one probability per name, spread

    def rows(self) -> list[dict[str, Any]]:
        return list(self.branches)

    def to_dict(self) -> dict[str, Any]:
        return {"names": self.names, "branches": self.branches}


def compare(trees: Sequence[TreeModel], names: Sequence[str] | None = None) -> Comparison:
    """Where several analysts' copies of a tree differ: every branch probability side by side.

    Rows are sorted by spread (largest disagreement first).
    """
    names = list(names or [f"tree {index + 1}" for index in range(len(trees))])
    _check_same_structure(trees)
    rows = probability_rows(trees, names, lambda node: node.parent is not None and node.parent.kind == "chance",
                            "probability")
    return Comparison(names, sorted(rows, key=lambda row: -row["spread"]))


def probability_rows(trees: Sequence[TreeModel], names: Sequence[str], keep: Callable[[ScenarioNode], bool],
                     which: str) -> list[dict[str, Any]]:
    """One row per node ``keep`` accepts, in tree order: its probability ``which`` (an attribute of the
    evaluation: ``probability``, ``policy_probability``...) in each tree, and their spread."""
    evaluations = [getattr(each.evaluate(), which) for each in trees]
    rows = []
    for node in preorder(trees[0].root):
        if keep(node):
            values = [evaluation[node.id] for evaluation in evaluations]
            rows.append({"node": node.id, "path": node_path(node), "label": node.label,
                         **dict(zip(names, values)), "spread": max(values) - min(values)})
    return rows


def pool(trees: Sequence[TreeModel], method: str = "linear", weights: Sequence[float] | None = None) -> TreeModel:
    """One tree whose branch probabilities pool several copies' (same structure).

    ``linear``: the weighted mean of the probabilities. ``geometric``: the weighted geometric mean of
    the odds, that is of the probabilities, renormalised at each chance node (for two branches
    exactly the geometric mean of the odds).
    """
    if method not in ("linear", "geometric"):
        raise AnalysisError(f"unknown pooling method: {method!r} (must be one of ['geometric', 'linear'])")
    _check_same_structure(trees)
    weights = np.asarray(weights if weights is not None else [1.0] * len(trees), dtype=float)
    weights = weights / weights.sum()
    pooled = trees[0].copy()
    evaluations = [each.evaluate() for each in trees]
    for node in list(pooled.nodes()):
        if node.kind != "chance":
            continue
        matrix = np.array([[evaluation.probability[child.id] for child in node.children] for evaluation in evaluations])
        if method == "linear":
            shares = weights @ matrix
        else:
            logs = weights @ np.log(np.clip(matrix, 1e-300, 1.0))
            shares = np.exp(logs - logs.max())
            shares = shares / shares.sum()
        for child, share in zip(node.children, shares):
            child.probability = float(share)
    # the numbers were set in place: a new tree starts with no cached evaluation
    return type(pooled)(pooled.root, pooled.meta, file=f"pooled ({method})")


def _check_same_structure(trees: Sequence[TreeModel]) -> None:
    if len(trees) < 2:
        raise AnalysisError(f"found {len(trees)} tree(s), expected at least 2 to compare or pool")
    shape = [(node.id, node.kind, len(node.children)) for node in trees[0].nodes()]
    for index, other in enumerate(trees[1:], start=2):
        if [(node.id, node.kind, len(node.children)) for node in other.nodes()] != shape:
            raise AnalysisError(f"tree {index} ({other.title!r}) does not have the same nodes as tree 1")
