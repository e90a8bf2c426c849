"""Backward induction over a compiled tree, for one set of numbers or many at once, and its result.

Evaluation is a loop over levels with a few numpy calls each, never recursion, so depth is limited
only by memory; see ``benchmarks/evaluate.py`` for the speed against plain recursion over the nodes.

Decisions are subgame perfect: each decision node picks the child that maximises the value of its
own ``actor``; values within ``TIE_TOLERANCE`` count as a tie, and a tie goes to the first child.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import numpy as np

from .compiled import OUTCOME, CompiledTree, LevelPlan, backward_plan, forward_plan
from .nodes import ScenarioNode, node_path, payoff_vector, resolved_probabilities

__all__ = ["TIE_TOLERANCE", "Evaluation", "backward_batch", "backward_values", "evaluate_compiled", "forward_batch",
           "forward_probabilities", "naive_values"]


TIE_TOLERANCE = 1e-9


def backward_values(compiled: CompiledTree) -> tuple[np.ndarray, np.ndarray]:
    """Values per node and actor, and the chosen child row of each decision (-1 elsewhere)."""
    value, best = backward_batch(compiled, compiled.probability[:, None], compiled.payoff[:, None, :])
    return value[:, 0], best[:, 0]


def backward_batch(compiled: CompiledTree, probability: np.ndarray,
                   payoff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Backward induction for many sets of numbers at once (one column per sample).

    Args:
        probability: ``(nodes, samples)`` branch probabilities (NaN where there is none).
        payoff: ``(nodes, samples, actors)`` payoffs (a broadcast view is fine).

    Returns:
        ``(nodes, samples, actors)`` values and ``(nodes, samples)`` chosen child rows.
    """
    nodes, samples, actors = payoff.shape
    # actor-major rows, so that every gather below is one ``take`` of whole rows (far faster than
    # fancy indexing with small trailing dimensions)
    value = np.array(np.moveaxis(payoff, 2, 0), dtype=float, order="C")
    rows = value.reshape(actors * nodes, samples)
    best = np.full((nodes, samples), -1, dtype=np.int64)
    for level in backward_plan(compiled, actors):
        if level.chance_parents.size:
            weighted = rows.take(level.chance_rows, axis=0).reshape(actors, -1, samples)
            weighted *= probability.take(level.chance_children, axis=0)
            sums = np.add.reduceat(weighted, level.chance_offsets, axis=1).reshape(-1, samples)
            _add_to_rows(rows, level.chance_parent_rows, sums)
        if level.decision_parents.size:
            chosen = _chosen_children(level, rows)
            taken = value.reshape(actors, -1).take(chosen * samples + np.arange(samples), axis=1)
            _add_to_rows(rows, level.decision_parent_rows, taken.reshape(-1, samples))
            best[level.decision_parents] = chosen
    return np.moveaxis(value, 0, 2), best


def _add_to_rows(rows: np.ndarray, targets: np.ndarray, amounts: np.ndarray) -> None:
    # ``take`` then assign: measured faster than ``rows[targets] += amounts`` (a fancy read and write)
    rows[targets] = rows.take(targets, axis=0) + amounts


def _chosen_children(level: LevelPlan, rows: np.ndarray) -> np.ndarray:
    """For each decision parent and sample, the row of the first child within tolerance of the best."""
    children = level.decision_children
    key = rows.take(level.decision_key_rows, axis=0)
    top = np.maximum.reduceat(key, level.decision_offsets, axis=0)
    positions = np.arange(children.size)[:, None]
    candidates = np.where(key >= top.take(level.decision_owner, axis=0) - TIE_TOLERANCE, positions, children.size)
    return children.take(np.minimum.reduceat(candidates, level.decision_offsets, axis=0))


def forward_probabilities(compiled: CompiledTree, best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Path probability (decisions count as taken) and policy probability of every node."""
    path_probability, policy_probability = forward_batch(compiled, compiled.probability[:, None], best[:, None])
    return path_probability[:, 0], policy_probability[:, 0]


def forward_batch(compiled: CompiledTree, probability: np.ndarray, best: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Path and policy probabilities for many sets of numbers at once: ``(nodes, samples)`` each."""
    rows, samples = best.shape
    chance_children, decision_parents, decision_children = forward_plan(compiled)
    branch = np.ones((rows, samples))  # a decision's branches count as taken
    branch[chance_children] = probability.take(chance_children, axis=0)
    on_policy = branch.copy()  # the same, with only the chosen branch of each decision taken
    on_policy[decision_children] = 0.0
    chosen = best.take(decision_parents, axis=0) * samples + np.arange(samples)
    on_policy.reshape(-1)[chosen.ravel()] = 1.0
    path_probability, policy_probability = np.ones((rows, samples)), np.ones((rows, samples))
    starts = compiled.level_starts
    for level in range(1, len(starts) - 1):
        level_rows = slice(starts[level], starts[level + 1])
        level_parents = compiled.parent[level_rows]
        path_probability[level_rows] = path_probability.take(level_parents, axis=0) * branch[level_rows]
        policy_probability[level_rows] = policy_probability.take(level_parents, axis=0) * on_policy[level_rows]
    return path_probability, policy_probability


def evaluate_compiled(compiled: CompiledTree, title: str, actors: list[str]) -> Evaluation:
    """Evaluate a compiled tree: backward induction, then probabilities from the root down."""
    value, best = backward_values(compiled)
    path_probability, policy_probability = forward_probabilities(compiled, best)
    return Evaluation(title, actors, compiled, value, best, path_probability, policy_probability)


class Evaluation:
    """The result of :meth:`TreeModel.evaluate`: arrays, with per-id mappings built on demand.

    Attributes:
        value: ``{node_id: {actor: number}}``, each node's own payoff included.
        best: ``{node_id: child_id or None}``: the chosen branch of each decision.
        probability: ``{node_id: number or None}``: the branch probability, ``#`` resolved.
        path_probability: ``{node_id: number}``: product of chance probabilities from the root.
        policy_probability: ``{node_id: number}``: reached when every decision follows ``best``.
    """

    def __init__(self, title: str, actors: list[str], compiled: CompiledTree, values: np.ndarray,
                 best_rows: np.ndarray, path_probabilities: np.ndarray, policy_probabilities: np.ndarray) -> None:
        self.title = title
        self.actors = list(actors)
        self.compiled = compiled
        # the compiled arrays are patched in place by later edits: keep this evaluation's numbers
        self.branch_probabilities = compiled.probability.copy()
        self.values = values
        self.best_rows = best_rows
        self.path_probabilities = path_probabilities
        self.policy_probabilities = policy_probabilities

    def _by_id(self, column: np.ndarray) -> dict[str, float]:
        return dict(zip((node.id for node in self.compiled.nodes), column.tolist()))

    @cached_property
    def value(self) -> dict[str, dict[str, float]]:
        return {node.id: dict(zip(self.actors, row)) for node, row in zip(self.compiled.nodes, self.values.tolist())}

    @cached_property
    def best(self) -> dict[str, str | None]:
        nodes = self.compiled.nodes
        return {node.id: (nodes[row].id if row >= 0 else None) for node, row in zip(nodes, self.best_rows.tolist())}

    @cached_property
    def probability(self) -> dict[str, float | None]:
        return {key: (None if value != value else value) for key, value in
                self._by_id(self.branch_probabilities).items()}

    @cached_property
    def path_probability(self) -> dict[str, float]:
        return self._by_id(self.path_probabilities)

    @cached_property
    def policy_probability(self) -> dict[str, float]:
        return self._by_id(self.policy_probabilities)

    @property
    def root_value(self) -> dict[str, float]:
        """The value of the whole tree per actor."""
        return self.value[self.compiled.nodes[0].id]

    @property
    def policy(self) -> dict[str, str]:
        """``{decision_id: chosen child id}`` for every decision node."""
        return {key: choice for key, choice in self.best.items() if choice is not None}

    def outcomes(self) -> list[dict[str, Any]]:
        """Every outcome with its probabilities and value, most likely under the policy first."""
        rows = np.flatnonzero(self.compiled.kind == OUTCOME)
        order = sorted(rows.tolist(), key=lambda row: (-self.policy_probabilities[row], -self.path_probabilities[row]))
        return [self._outcome(row) for row in order]

    def _outcome(self, row: int) -> dict[str, Any]:
        node = self.compiled.nodes[row]
        return {
            "id": node.id,
            "label": node.label,
            "path": node_path(node),
            "tags": list(node.tags),
            "policy_probability": float(self.policy_probabilities[row]),
            "path_probability": float(self.path_probabilities[row]),
            "value": dict(zip(self.actors, self.values[row].tolist())),
        }

    def tags(self) -> dict[str, float]:
        """Total policy probability of the outcomes carrying each tag, in order of first use."""
        totals: dict[str, float] = {}
        for row in np.flatnonzero(self.compiled.kind == OUTCOME).tolist():
            for tag in self.compiled.nodes[row].tags:
                totals[tag] = totals.get(tag, 0.0) + float(self.policy_probabilities[row])
        return totals

    def to_dict(self) -> dict[str, Any]:
        """The evaluation in the documented ``scenario-tree evaluate --json`` shape."""
        nodes = {}
        for row, node in enumerate(self.compiled.nodes):
            nodes[node.id] = {
                "path": node_path(node),
                "kind": node.kind,
                "label": node.label,
                "probability": self.probability[node.id],
                "path_probability": float(self.path_probabilities[row]),
                "policy_probability": float(self.policy_probabilities[row]),
                "value": self.value[node.id],
                "best": self.best[node.id],
            }
        return {
            "title": self.title,
            "actors": self.actors,
            "root": self.compiled.nodes[0].id,
            "value": self.root_value,
            "policy": self.policy,
            "nodes": nodes,
            "outcomes": self.outcomes(),
            "tags": self.tags(),
        }


def naive_values(node: ScenarioNode, actors: list[str], values: dict[str, float] | None = None) -> list[float]:
    """Plain recursive backward induction, the reference the compiled pass is checked against.

    It recurses, so it fails on deep trees: use it only in tests and benchmarks.
    """
    own = payoff_vector(node.payoff, actors, values)
    if node.kind == "outcome" or not node.children:
        return own
    child_values = [naive_values(child, actors, values) for child in node.children]
    if node.kind == "chance":
        weights = resolved_probabilities(node, values)
        folded = [sum(w * values[a] for w, values in zip(weights, child_values)) for a in range(len(actors))]
    else:
        actor = actors.index(node.actor) if node.actor in actors else 0
        top = max(values[actor] for values in child_values)
        folded = next(values for values in child_values if values[actor] >= top - TIE_TOLERANCE)
    return [mine + theirs for mine, theirs in zip(own, folded)]
