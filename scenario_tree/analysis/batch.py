"""Many sets of numbers at once: a tree's probabilities and payoffs with some quantities set, evaluated in one pass.

Every analysis runs on the compiled tree with one column per swept value, tornado end or Monte
Carlo sample (:func:`~scenario_tree.model.evaluate.backward_batch`). Decisions stay games: each
decision node maximises the value of its own actor in every column.

Setting quantities changes the numbers of a few nodes only (:func:`changed_numbers`): a payoff, the
branches of one chance node, or the nodes whose expressions use a parameter. The full batch starts
from the tree's numbers and applies those changes; the tornado evaluates only the paths above them
(:mod:`~scenario_tree.analysis.partial`).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError
from ..model import REMAINDER, ScenarioNode, TreeModel
from ..model.compiled import CompiledTree
from ..model.evaluate import backward_batch
from ..model.nodes import payoff_vector, resolved_probabilities
from ..model.parameters import expression, is_expression, resolve
from .quantities import quantity

__all__ = ["NumberChanges", "actor_column", "batch_numbers", "changed_numbers", "evaluate_batch", "rescaled"]


@dataclass
class NumberChanges:
    """The numbers that differ from the tree's own, for ``size`` columns.

    ``payoffs`` maps a node's row to its payoffs ``(size, actors)``; ``probabilities`` maps a chance
    branch's row to its probability in each column ``(size,)``.
    """

    size: int
    payoffs: dict[int, np.ndarray]
    probabilities: dict[int, np.ndarray]


def changed_numbers(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> NumberChanges:
    """What setting these quantities (names to arrays of ``size`` values) changes, node by node.

    Parameters are set together first (expressions follow them), then each branch probability (its
    siblings share the rest in proportion) and each payoff, in the order given.
    """
    compiled = tree.evaluate().compiled
    changes = NumberChanges(size, {}, {})
    chosen = [quantity(tree, name) for name in settings]
    overrides = {each.name: np.asarray(settings[each.name], dtype=float)
                 for each in chosen if each.kind == "parameter"}
    if overrides:
        _parameter_numbers(tree, compiled, overrides, size, changes)
    for each in chosen:
        values = np.broadcast_to(np.asarray(settings[each.name], dtype=float), (size,))
        node = tree.node(each.node_id) if each.node_id else None
        if each.kind == "probability":
            siblings = [child for child in node.parent.children if child is not node]
            rows = [compiled.row[child] for child in siblings]
            shares = np.array([changes.probabilities.get(row, np.broadcast_to(compiled.probability[row], (size,)))
                               for row in rows])
            for row, share in zip(rows, rescaled(shares, values)):
                changes.probabilities[row] = share
            changes.probabilities[compiled.row[node]] = values
        elif each.kind == "payoff":
            row = compiled.row[node]
            payoff = changes.payoffs.get(row, np.broadcast_to(compiled.payoff[row], (size, len(tree.actors)))).copy()
            payoff[:, tree.actors.index(each.actor)] = values
            changes.payoffs[row] = payoff
    return changes


def rescaled(shares: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The siblings of a branch set to ``values``: they share ``1 - value`` in proportion to ``shares``.

    ``shares`` is ``(siblings, columns)``; where they are all zero, they share the rest equally.
    """
    total = shares.sum(axis=0, keepdims=True)
    equal = np.full_like(shares, 1.0 / len(shares))
    proportions = np.where(total > 1e-15, shares / np.where(total > 0, total, 1), equal)
    return proportions * (1.0 - values)[None, :]


def _parameter_numbers(tree: TreeModel, compiled: CompiledTree, overrides: dict[str, np.ndarray], size: int,
                       changes: NumberChanges) -> None:
    values = resolve(tree.parameters, overrides)
    for node in _users(tree, compiled).nodes_using(overrides):
        if node.kind == "chance" and any(is_expression(child.probability) or child.probability == REMAINDER
                                         for child in node.children):
            for child, share in zip(node.children, resolved_probabilities(node, values)):
                changes.probabilities[compiled.row[child]] = np.broadcast_to(np.asarray(share, dtype=float), (size,))
        if _payoff_names(node):
            amounts = [np.broadcast_to(np.asarray(amount, dtype=float), (size,))
                       for amount in payoff_vector(node.payoff, tree.actors, values)]
            changes.payoffs[compiled.row[node]] = np.stack(amounts, axis=1)


class _Users:
    """Which nodes' numbers use each parameter, directly or through other parameters."""

    def __init__(self, tree: TreeModel, compiled: CompiledTree) -> None:
        self.parameters = tree.parameters
        self.by_name: dict[str, list[ScenarioNode]] = {}
        for node in compiled.nodes:
            names = set(_payoff_names(node))
            if node.kind == "chance":
                for child in node.children:
                    if is_expression(child.probability):
                        names |= expression(child.probability).names
            for name in names:
                self.by_name.setdefault(name, []).append(node)

    def nodes_using(self, changed: dict[str, np.ndarray]) -> list[ScenarioNode]:
        """The nodes whose numbers may change when these parameters do (in level order, no repeats)."""
        affected, grew = set(changed), True
        while grew:  # a parameter written with an affected one is affected too
            found = {name for name, spec in self.parameters.items() if name not in affected
                     and is_expression(raw := (spec.get("value") if isinstance(spec, dict) else spec))
                     and expression(raw).names & affected}
            affected |= found
            grew = bool(found)
        seen: dict[int, ScenarioNode] = {}
        for name in affected:
            for node in self.by_name.get(name, []):
                seen.setdefault(id(node), node)
        return list(seen.values())


_USERS: weakref.WeakKeyDictionary[TreeModel, tuple[int, _Users]] = weakref.WeakKeyDictionary()


def _users(tree: TreeModel, compiled: CompiledTree) -> _Users:
    if tree not in _USERS or _USERS[tree][0] != tree.version:
        _USERS[tree] = (tree.version, _Users(tree, compiled))
    return _USERS[tree][1]


def _payoff_names(node: ScenarioNode) -> set[str]:
    amounts = node.payoff.values() if isinstance(node.payoff, dict) else [node.payoff]
    return {name for amount in amounts if is_expression(amount) for name in expression(amount).names}


def batch_numbers(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Branch probabilities ``(nodes, size)`` and payoffs ``(nodes, size, actors)`` with quantities set.

    ``settings`` maps quantity names to arrays of ``size`` values.
    """
    compiled = tree.evaluate().compiled
    probability = np.repeat(compiled.probability[:, None], size, axis=1)
    payoff = np.repeat(compiled.payoff[:, None, :], size, axis=1)
    changes = changed_numbers(tree, settings, size)
    for row, column in changes.probabilities.items():
        probability[row] = column
    for row, columns in changes.payoffs.items():
        payoff[row] = columns
    return probability, payoff


def evaluate_batch(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Values ``(size, nodes, actors)`` and choices ``(size, nodes)``: sample-major, for reading."""
    probability, payoff = batch_numbers(tree, settings, size)
    values, best = backward_batch(tree.evaluate().compiled, probability, payoff)
    return values.transpose(1, 0, 2), best.T


def actor_column(tree: TreeModel, actor: str | None) -> tuple[str, int]:
    """The actor asked for (default: the first) and its column in values; an unknown one is an error."""
    if actor is None:
        return tree.actors[0], 0
    if actor not in tree.actors:
        raise AnalysisError(f"unknown actor: {actor!r} (must be one of {tree.actors})")
    return actor, tree.actors.index(actor)
