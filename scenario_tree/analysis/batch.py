"""Many sets of numbers at once: a tree's probabilities and payoffs with some quantities set, evaluated in one pass.

Every analysis runs on the compiled tree with one column per swept value, tornado end or Monte
Carlo sample (:func:`~scenario_tree.model.evaluate.backward_batch`). Decisions stay games: each
decision node maximises the value of its own actor in every column.

Setting quantities changes the numbers of a few nodes only (:func:`changed_numbers`): a payoff, the
branches of one chance node, or the nodes whose expressions use a parameter. The full batch starts
from the tree's numbers and applies those changes; the tornado evaluates only the paths above them
(:mod:`~scenario_tree.analysis.partial`).

A sweep can also hold the policy fixed (``policy="fixed"``): every decision takes the option the
tree's own evaluation chooses, at its current numbers, while the quantities move; the values are then
those of that policy, not of the best one (:func:`forced_rows`).

For an actor with a utility (``utility:`` in the file) the values the analyses report are
certainty equivalents, the numbers that actor's decisions maximise (for a linear actor, the
expected value), and a parameter a risk tolerance is written with is swept like any other.
"""

from __future__ import annotations

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import CompiledTree
from ..model.evaluate import backward_certainty
from .numbers import NumberChanges, parameter_numbers, rescaled
from .quantities import quantity

__all__ = ["POLICIES", "actor_column", "batch_numbers", "changed_numbers", "check_policy", "evaluate_batch",
           "forced_rows", "grouped_certainty", "numbers_and_tolerances", "tree_columns"]

POLICIES = ("fixed", "optimal")  # hold the current choices, or let every decision choose again
CHUNK_BYTES = 64 * 2**20  # the working arrays of one chunk of columns in grouped_certainty


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
        parameter_numbers(tree, compiled, overrides, size, changes)
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


def batch_numbers(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray]:
    """Branch probabilities ``(nodes, size)`` and payoffs ``(nodes, size, actors)`` with quantities set.

    ``settings`` maps quantity names to arrays of ``size`` values.
    """
    probability, payoff, _ = numbers_and_tolerances(tree, settings, size)
    return probability, payoff


def numbers_and_tolerances(tree: TreeModel, settings: dict[str, np.ndarray],
                           size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`batch_numbers` and the actors' risk tolerances ``(actors, size)`` where they were set (else ``None``)."""
    probability, payoff, _ = tree_columns(tree.evaluate().compiled, size)
    changes = changed_numbers(tree, settings, size)
    _put(changes, probability, payoff, slice(None))
    return probability, payoff, changes.tolerances


def tree_columns(compiled: CompiledTree, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tree's own probabilities, payoffs and risk tolerances in ``size`` writable columns each."""
    return (np.repeat(compiled.probability[:, None], size, axis=1),
            np.repeat(compiled.payoff[:, None, :], size, axis=1),
            np.repeat(compiled.tolerance[:, None], size, axis=1))


def _put(changes: NumberChanges, probability: np.ndarray, payoff: np.ndarray, columns: slice) -> None:
    for row, share in changes.probabilities.items():
        probability[row, columns] = share
    for row, amounts in changes.payoffs.items():
        payoff[row, columns] = amounts


def evaluate_batch(tree: TreeModel, settings: dict[str, np.ndarray], size: int,
                   policy: str = "optimal") -> tuple[np.ndarray, np.ndarray]:
    """Values ``(size, nodes, actors)`` and choices ``(size, nodes)``: sample-major, for reading.

    The values are certainty equivalents, which are the expected values for an actor without a utility.
    With ``policy="fixed"`` every decision keeps the tree's current choice (:func:`forced_rows`).
    """
    forced = forced_rows(tree, policy)
    probability, payoff, tolerance = numbers_and_tolerances(tree, settings, size)
    _, certain, best = backward_certainty(tree.evaluate().compiled, probability, payoff, tolerance, forced)
    return certain.transpose(1, 0, 2), best.T


def grouped_certainty(tree: TreeModel, groups: list[NumberChanges], rows: list[int],
                      forced: np.ndarray | None = None) -> np.ndarray:
    """Certainty equivalents ``(columns, rows, actors)`` of nodes ``rows`` in the columns of ``groups``.

    The groups' columns come one after another, each group's numbers applied to its own columns.
    Whole trees are evaluated, a chunk of columns at a time: for a tree with a utility, which
    partial evaluation (:mod:`~scenario_tree.analysis.partial`) does not fold.
    """
    compiled = tree.evaluate().compiled
    nodes, actors = compiled.payoff.shape
    width = max(1, CHUNK_BYTES // (nodes * (4 * actors + 3) * 8))
    found, chunk = [], []
    for index, group in enumerate(groups):
        chunk.append(group)
        if sum(each.size for each in chunk) >= width or index == len(groups) - 1:
            found.append(_chunk_certainty(compiled, chunk, rows, forced))
            chunk = []
    return np.concatenate(found) if found else np.empty((0, len(rows), actors))


def _chunk_certainty(compiled: CompiledTree, groups: list[NumberChanges], rows: list[int],
                     forced: np.ndarray | None) -> np.ndarray:
    probability, payoff, tolerance = tree_columns(compiled, sum(group.size for group in groups))
    start = 0
    for group in groups:
        columns = slice(start, start + group.size)
        _put(group, probability, payoff, columns)
        if group.tolerances is not None:
            tolerance[:, columns] = group.tolerances
        start += group.size
    _, certain, _ = backward_certainty(compiled, probability, payoff, tolerance, forced)
    return certain[rows].transpose(1, 0, 2)


def check_policy(policy: str) -> str:
    """``policy`` if it is one of :data:`POLICIES`, else an error that lists them.

    >>> check_policy("fixed")
    'fixed'
    """
    if policy not in POLICIES:
        raise AnalysisError(f"unknown policy: {policy!r} (must be one of {sorted(POLICIES)})")
    return policy


def forced_rows(tree: TreeModel, policy: str) -> np.ndarray | None:
    """The child row every decision is held to (``policy="fixed"``), or ``None`` to let each choose.

    The rows held are the tree's own evaluation's choices at its current numbers, so a sweep with
    the policy fixed values that policy as the quantities move (and its choices never flip).
    """
    return tree.evaluate().best_rows if check_policy(policy) == "fixed" else None


def actor_column(tree: TreeModel, actor: str | None) -> tuple[str, int]:
    """The actor asked for (default: the first) and its column in values; an unknown one is an error."""
    if actor is None:
        return tree.actors[0], 0
    if actor not in tree.actors:
        raise AnalysisError(f"unknown actor: {actor!r} (must be one of {tree.actors})")
    return actor, tree.actors.index(actor)
