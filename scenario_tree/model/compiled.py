"""A tree compiled to arrays in level order, and the per-level plans that every evaluation reuses.

The tree is compiled once per structure into level order (breadth first), where every level and
every node's children are contiguous slices; a number edit only re-reads the numbers of the nodes
it touched. The plan of gathers for the probabilities from the root is built here, and
:mod:`~scenario_tree.model.evaluate` keeps its backward plan in ``plans``, both once per structure,
so that evaluating is a loop over levels with a few numpy calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .nodes import ScenarioNode, payoff_vector, resolved_probabilities

__all__ = ["CHANCE", "DECISION", "OUTCOME", "CompiledTree", "compile_tree", "forward_plan"]


DECISION, CHANCE, OUTCOME = 0, 1, 2


_KIND_CODES = {"decision": DECISION, "chance": CHANCE, "outcome": OUTCOME}


@dataclass
class CompiledTree:
    """A tree as arrays in level order; ``nodes[i]`` is the node behind row ``i``."""

    nodes: list[ScenarioNode]
    parent: np.ndarray  # int64, -1 for the root
    kind: np.ndarray  # int8 codes
    decider: np.ndarray  # actor index of decision nodes, -1 otherwise
    first_child: np.ndarray  # row of the first child (meaningless without children)
    child_count: np.ndarray
    level_starts: np.ndarray  # rows where each depth level begins, plus the end
    probability: np.ndarray  # resolved branch probability, NaN where there is none
    payoff: np.ndarray  # (rows, actors)
    structure_version: int = 0
    tolerance: np.ndarray | None = None  # each actor's risk tolerance, inf for a linear one (model.utility)
    row: dict[ScenarioNode, int] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)  # the parameter values the numbers were read with
    # the evaluation plans, built once per structure (see evaluate.backward_plan and forward_plan)
    plans: dict[str, Any] = field(default_factory=dict, repr=False)
    forward_rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    def refresh_numbers(self, changed: Iterable[ScenarioNode], actors: list[str],
                        values: dict[str, float] | None = None) -> None:
        """Re-read payoffs and probabilities of ``changed`` nodes only (the structure is the same)."""
        if values is not None:
            self.values = values
        chance_parents = set()
        for node in changed:
            self.payoff[self.row[node]] = payoff_vector(node.payoff, actors, self.values)
            if node.parent is not None and node.parent.kind == "chance":
                chance_parents.add(node.parent)
        for parent in chance_parents:
            self.read_branch_probabilities(parent)

    def read_branch_probabilities(self, chance: ScenarioNode) -> None:
        """Re-read the resolved probabilities of a chance node's children."""
        rows = [self.row[child] for child in chance.children]
        self.probability[rows] = resolved_probabilities(chance, self.values)


def compile_tree(root: ScenarioNode, actors: list[str], structure_version: int = 0,
                 values: dict[str, float] | None = None) -> CompiledTree:
    """Lay the tree out in level order and read its numbers (with these parameter values) into arrays."""
    values = values or {}
    nodes, parent_rows, level_starts = [root], [-1], [0]
    first_child, child_count = [], []
    level_end = 1
    index = 0
    while index < len(nodes):
        children = nodes[index].children  # anytree builds this tuple on every access
        first_child.append(len(nodes))
        child_count.append(len(children))
        nodes.extend(children)
        parent_rows.extend([index] * len(children))
        index += 1
        if index == level_end and index < len(nodes):
            level_starts.append(index)
            level_end = len(nodes)
    level_starts.append(len(nodes))
    compiled = CompiledTree(
        nodes=nodes,
        parent=np.array(parent_rows, dtype=np.int64),
        kind=np.array([_KIND_CODES[node.kind] for node in nodes], dtype=np.int8),
        decider=np.array([_decider(node, actors) for node in nodes], dtype=np.int64),
        first_child=np.array(first_child, dtype=np.int64),
        child_count=np.array(child_count, dtype=np.int64),
        level_starts=np.array(level_starts, dtype=np.int64),
        probability=np.full(len(nodes), np.nan),
        payoff=np.array([payoff_vector(node.payoff, actors, values) for node in nodes], dtype=float).reshape(
            len(nodes), len(actors)),
        structure_version=structure_version,
        tolerance=np.full(len(actors), np.inf),
        row={node: row for row, node in enumerate(nodes)},
        values=values,
    )
    for node in nodes:
        if node.kind == "chance" and node.children:
            compiled.read_branch_probabilities(node)
    forward_plan(compiled)
    return compiled


def _decider(node: ScenarioNode, actors: list[str]) -> int:
    if node.kind != "decision":
        return -1
    return actors.index(node.actor) if node.actor in actors else 0


def forward_plan(compiled: CompiledTree) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of every chance node's children, of decisions with children, and of their children."""
    if compiled.forward_rows is None:
        parent_kind = compiled.kind[compiled.parent[1:]]
        children = np.arange(1, len(compiled.nodes))
        decisions = np.flatnonzero((compiled.kind == DECISION) & (compiled.child_count > 0))
        compiled.forward_rows = (children[parent_kind == CHANCE], decisions,
                                         children[parent_kind == DECISION])
    return compiled.forward_rows
