"""The numbers a change of parameters gives: which nodes' probabilities and payoffs move, and to what.

Only the nodes whose expressions use a changed parameter (directly, or through parameters written
with it) are computed again, so setting a parameter costs in proportion to its users, not the tree.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np

from ..model import REMAINDER, ScenarioNode, TreeModel
from ..model.compiled import CompiledTree
from ..model.nodes import payoff_vector, resolved_probabilities
from ..model.parameters import expression, is_expression, resolve
from ..model.utility import risk_tolerances, tolerance_names

__all__ = ["NumberChanges", "parameter_numbers", "rescaled"]


@dataclass
class NumberChanges:
    """The numbers that differ from the tree's own, for ``size`` columns.

    ``payoffs`` maps a node's row to its payoffs ``(size, actors)``; ``probabilities`` maps a chance
    branch's row to its probability in each column ``(size,)``; ``tolerances``, when the risk
    tolerances change, is every actor's in each column ``(actors, size)`` (``inf``: linear).
    """

    size: int
    payoffs: dict[int, np.ndarray]
    probabilities: dict[int, np.ndarray]
    tolerances: np.ndarray | None = field(default=None)


def rescaled(shares: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The siblings of a branch set to ``values``: they share ``1 - value`` in proportion to ``shares``.

    ``shares`` is ``(siblings, columns)``; where they are all zero, they share the rest equally.
    """
    total = shares.sum(axis=0, keepdims=True)
    equal = np.full_like(shares, 1.0 / len(shares))
    proportions = np.where(total > 1e-15, shares / np.where(total > 0, total, 1), equal)
    return proportions * (1.0 - values)[None, :]


def parameter_numbers(tree: TreeModel, compiled: CompiledTree, overrides: dict[str, np.ndarray], size: int,
                      changes: NumberChanges) -> None:
    """Put into ``changes`` the numbers of every node that uses the parameters in ``overrides`` (arrays of ``size``)."""
    values = resolve(tree.parameters, overrides)
    users = _users(tree, compiled)
    if tolerance_names(tree.utility) & users.affected(overrides):
        changes.tolerances = np.broadcast_to(risk_tolerances(tree.utility, tree.actors, values).reshape(
            len(tree.actors), -1), (len(tree.actors), size))
    for node in users.nodes_using(overrides):
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

    def affected(self, changed: dict[str, np.ndarray]) -> set[str]:
        """These parameters and every parameter written with them."""
        affected, grew = set(changed), True
        while grew:  # a parameter written with an affected one is affected too
            found = {name for name, spec in self.parameters.items() if name not in affected
                     and is_expression(raw := (spec.get("value") if isinstance(spec, dict) else spec))
                     and expression(raw).names & affected}
            affected |= found
            grew = bool(found)
        return affected

    def nodes_using(self, changed: dict[str, np.ndarray]) -> list[ScenarioNode]:
        """The nodes whose numbers may change when these parameters do (in level order, no repeats)."""
        seen: dict[int, ScenarioNode] = {}
        for name in self.affected(changed):
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
