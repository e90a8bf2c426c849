"""Backward induction over a tree compiled to arrays.

The tree is compiled once into level order (breadth first), where every level and every node's
children are contiguous slices. Evaluation is then a loop over levels with a few numpy calls each,
never recursion, so depth is limited only by memory; see ``benchmarks/evaluate.py`` for the speed
against plain recursion over the nodes.

Decisions are subgame perfect: each decision node picks the child that maximises the value of its
own ``actor``; values within ``TIE_TOLERANCE`` count as a tie, and a tie goes to the first child.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import ScenarioNode, node_path, payoff_vector, resolved_probabilities

if TYPE_CHECKING:
    from .tree import ScenarioTree

__all__ = ["CompiledTree", "Evaluation", "compile_tree", "evaluate_compiled", "naive_values", "TIE_TOLERANCE"]

TIE_TOLERANCE = 1e-9
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
    row: dict[ScenarioNode, int] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)  # the parameter values the numbers were read with
    memo: dict[str, Any] = field(default_factory=dict)  # what readers derive from the structure, kept with it

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
        row={node: row for row, node in enumerate(nodes)},
        values=values,
    )
    for node in nodes:
        if node.kind == "chance" and node.children:
            compiled.read_branch_probabilities(node)
    backward_plan(compiled, len(actors))
    forward_plan(compiled)
    return compiled


def _decider(node: ScenarioNode, actors: list[str]) -> int:
    if node.kind != "decision":
        return -1
    return actors.index(node.actor) if node.actor in actors else 0


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


@dataclass(frozen=True)
class LevelPlan:
    """The parents of one depth level that have children, split by kind, with their children's rows.

    ``*_offsets`` are where each parent's children begin within ``*_children`` (for ``reduceat``);
    ``*_rows`` index the actor-major value rows (``actor * nodes + node``) of every actor in turn.
    """

    chance_parents: np.ndarray
    chance_children: np.ndarray
    chance_offsets: np.ndarray
    chance_rows: np.ndarray
    chance_parent_rows: np.ndarray
    decision_parents: np.ndarray
    decision_children: np.ndarray
    decision_offsets: np.ndarray
    decision_owner: np.ndarray  # for each child, the position of its parent in ``decision_parents``
    decision_key_rows: np.ndarray  # for each child, its row under the actor its parent decides for
    decision_parent_rows: np.ndarray


def backward_plan(compiled: CompiledTree, actors: int) -> list[LevelPlan]:
    """The levels from the deepest parent up, computed once per structure (every evaluation reuses it)."""
    key = ("backward_plan", actors)
    if key not in compiled.memo:
        starts = compiled.level_starts
        compiled.memo[key] = [_level_plan(compiled, np.arange(starts[level], starts[level + 1]), actors)
                              for level in range(len(starts) - 3, -1, -1)]
    return compiled.memo[key]


def _level_plan(compiled: CompiledTree, rows: np.ndarray, actors: int) -> LevelPlan:
    nodes = len(compiled.nodes)
    chance_parents, chance_children, chance_offsets = _parents_and_children(
        compiled, rows[compiled.kind[rows] == CHANCE])
    decision_parents, decision_children, decision_offsets = _parents_and_children(
        compiled, rows[compiled.kind[rows] == DECISION])
    owner = np.repeat(np.arange(decision_parents.size), compiled.child_count[decision_parents])

    def every_actor(node_rows: np.ndarray) -> np.ndarray:
        return (np.arange(actors)[:, None] * nodes + node_rows).ravel()

    return LevelPlan(
        chance_parents, chance_children, chance_offsets, every_actor(chance_children), every_actor(chance_parents),
        decision_parents, decision_children, decision_offsets, owner,
        compiled.decider[decision_parents][owner] * nodes + decision_children, every_actor(decision_parents))


def _parents_and_children(compiled: CompiledTree, parents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    parents = parents[compiled.child_count[parents] > 0]
    counts = compiled.child_count[parents]
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    children = np.repeat(compiled.first_child[parents] - offsets, counts) + np.arange(counts.sum())
    return parents, children, offsets


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


def forward_plan(compiled: CompiledTree) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of every chance node's children, of decisions with children, and of their children."""
    if "forward_plan" not in compiled.memo:
        parent_kind = compiled.kind[compiled.parent[1:]]
        children = np.arange(1, len(compiled.nodes))
        decisions = np.flatnonzero((compiled.kind == DECISION) & (compiled.child_count > 0))
        compiled.memo["forward_plan"] = (children[parent_kind == CHANCE], decisions,
                                         children[parent_kind == DECISION])
    return compiled.memo["forward_plan"]


def evaluate_compiled(compiled: CompiledTree, tree: ScenarioTree) -> Evaluation:
    """Evaluate a compiled tree: backward induction, then probabilities from the root down."""
    value, best = backward_values(compiled)
    path_probability, policy_probability = forward_probabilities(compiled, best)
    return Evaluation(tree, compiled, value, best, path_probability, policy_probability)


class Evaluation:
    """The result of :meth:`ScenarioTree.evaluate`: arrays, with per-id mappings built on demand.

    Attributes:
        value: ``{node_id: {actor: number}}``, each node's own payoff included.
        best: ``{node_id: child_id or None}``: the chosen branch of each decision.
        probability: ``{node_id: number or None}``: the branch probability, ``#`` resolved.
        path_probability: ``{node_id: number}``: product of chance probabilities from the root.
        policy_probability: ``{node_id: number}``: reached when every decision follows ``best``.
    """

    def __init__(self, tree: ScenarioTree, compiled: CompiledTree, values: np.ndarray, best_rows: np.ndarray,
                 path_probabilities: np.ndarray, policy_probabilities: np.ndarray) -> None:
        self.tree = tree
        self.actors = tree.actors
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

    def to_json(self) -> dict[str, Any]:
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
            "title": self.tree.title,
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
