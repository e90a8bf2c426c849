"""Many sets of numbers at once: a tree's probabilities and payoffs with some quantities set, evaluated in one pass.

Every analysis runs on the compiled tree with one column per swept value, tornado end or Monte
Carlo sample (:func:`~scenario_tree.model.evaluate.backward_batch`). Decisions stay games: each
decision node maximises the value of its own actor in every column.
"""

from __future__ import annotations

import numpy as np

from ..errors import AnalysisError
from ..model import REMAINDER, ScenarioNode, TreeModel
from ..model.compiled import CompiledTree
from ..model.evaluate import backward_batch
from ..model.nodes import payoff_vector, resolved_probabilities
from ..model.parameters import is_expression, resolve
from .quantities import quantity

__all__ = ["actor_column", "batch_numbers", "evaluate_batch"]


def batch_numbers(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Branch probabilities ``(nodes, size)`` and payoffs ``(nodes, size, actors)`` with quantities set.

    ``settings`` maps quantity names to arrays of ``size`` values.
    """
    compiled = tree.evaluate().compiled
    probability = np.repeat(compiled.probability[:, None], size, axis=1)
    payoff = np.repeat(compiled.payoff[:, None, :], size, axis=1)
    chosen = [quantity(tree, name) for name in settings]
    overrides = {each.name: np.asarray(settings[each.name], dtype=float)
                 for each in chosen if each.kind == "parameter"}
    if overrides:
        _apply_parameters(tree, compiled, overrides, probability, payoff)
    for each in chosen:
        values = np.asarray(settings[each.name], dtype=float)
        if each.kind == "probability":
            _apply_probability(compiled, tree.node(each.node_id), values, probability)
        elif each.kind == "payoff":
            payoff[compiled.row[tree.node(each.node_id)], :, tree.actors.index(each.actor)] = values
    return probability, payoff


def _apply_parameters(tree: TreeModel, compiled: CompiledTree, overrides: dict[str, np.ndarray],
                      probability: np.ndarray, payoff: np.ndarray) -> None:
    values = resolve(tree.parameters, overrides)
    for node in compiled.nodes:
        if node.kind == "chance" and any(is_expression(child.probability) or child.probability == REMAINDER
                                         for child in node.children):
            for child, share in zip(node.children, resolved_probabilities(node, values)):
                probability[compiled.row[child]] = share
        if is_expression(node.payoff) or (isinstance(node.payoff, dict)
                                          and any(map(is_expression, node.payoff.values()))):
            for column, amount in enumerate(payoff_vector(node.payoff, tree.actors, values)):
                payoff[compiled.row[node], :, column] = amount


def _apply_probability(compiled: CompiledTree, node: ScenarioNode, values: np.ndarray, probability: np.ndarray) -> None:
    """Set one branch; its siblings share the rest in proportion to what they had."""
    row = compiled.row[node]
    siblings = [compiled.row[child] for child in node.parent.children if child is not node]
    rest = probability[siblings]
    rest_total = rest.sum(axis=0, keepdims=True)
    room = (1.0 - values)[None, :]
    equal = np.full_like(rest, 1.0 / len(siblings))
    shares = np.where(rest_total > 1e-15, rest / np.where(rest_total > 0, rest_total, 1), equal)
    probability[siblings] = shares * room
    probability[row] = values


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
