"""Re-evaluating only what a change can move: the paths from the changed nodes up to the root.

A quantity changes the numbers of a few nodes (a payoff, the branches of one chance node, or the
nodes whose expressions use a parameter). Only those nodes and their ancestors can change value:
every other subtree keeps its value from the tree's own evaluation, and a decision on a path
re-chooses among children whose values are known. Many columns are evaluated at once (a tornado's
low and high end of every quantity): the changed (column, node) pairs, with every ancestor, are
evaluated level by level from the deepest, with the arithmetic and the tie rule of the full
evaluation (:func:`~scenario_tree.model.evaluate.choose`), so the numbers are the same to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.compiled import CHANCE, DECISION, CompiledTree
from ..model.evaluate import choose
from .numbers import NumberChanges

__all__ = ["PartialValues", "partial_values"]


@dataclass
class PartialValues:
    """The values of every (column, node) pair after the changes; ``value()`` looks pairs up."""

    base: np.ndarray  # (nodes, actors): the tree's own values
    base_best: np.ndarray  # (nodes,): the tree's own chosen rows
    keys: np.ndarray  # sorted ``column * nodes + row`` of the pairs that were evaluated again
    values: np.ndarray  # (pairs, actors), in the order of ``keys``
    best: np.ndarray  # (pairs,): the chosen row of each decision pair, -1 elsewhere
    fixed: bool = False  # decisions keep ``base_best`` (a policy held fixed) instead of choosing

    def value(self, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """``(pairs, actors)`` values of nodes ``rows`` in ``columns`` (arrays of the same length)."""
        found, position = _find(self.keys, columns * len(self.base) + rows)
        return np.where(found[:, None], self.values[position], self.base[rows])

    def chosen(self, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The chosen child row of nodes ``rows`` in ``columns`` (-1 where a node is no decision)."""
        found, position = _find(self.keys, columns * len(self.base) + rows)
        return np.where(found, self.best[position], self.base_best[rows])


def partial_values(compiled: CompiledTree, base: np.ndarray, base_best: np.ndarray,
                   groups: list[NumberChanges], fixed: bool = False) -> PartialValues:
    """Evaluate the columns of ``groups`` (each ``size`` columns, one after another) along changed paths only.

    Args:
        base: ``(nodes, actors)`` values of the tree's own evaluation, and ``base_best`` its choices.
        groups: The numbers that differ from the tree's, for ``size`` columns each.
        fixed: Hold the policy ``base_best`` (every decision keeps its choice) instead of choosing again.
    """
    nodes = len(compiled.nodes)
    starts = np.cumsum([0] + [group.size for group in groups]).tolist()
    payoffs = _Lookup(nodes, [(start + column, row, amounts[column]) for start, group in zip(starts, groups)
                              for row, amounts in group.payoffs.items() for column in range(group.size)],
                      compiled.payoff)
    probabilities = _Lookup(nodes, [(start + column, row, share[column]) for start, group in zip(starts, groups)
                                    for row, share in group.probabilities.items() for column in range(group.size)],
                            compiled.probability[:, None])
    seeds = np.concatenate([payoffs.keys, _parent_keys(compiled, probabilities.keys)])
    keys = _with_ancestors(compiled, seeds)
    result = PartialValues(base, base_best, keys, np.empty((keys.size, base.shape[1])),
                           np.full(keys.size, -1, dtype=np.int64), fixed)
    rows, depth = keys % nodes, _depths(compiled)[keys % nodes]
    order = np.argsort(-depth, kind="stable")
    boundaries = np.flatnonzero(np.diff(depth[order])) + 1
    for level in np.split(order, boundaries):  # the deepest level first: children before parents
        own = payoffs.find(keys[level] // nodes, rows[level])
        result.values[level] = own
        for kind, fold in ((CHANCE, _fold_chance), (DECISION, _fold_decision)):
            pairs = level[compiled.kind[rows[level]] == kind]
            pairs = pairs[compiled.child_count[rows[pairs]] > 0]
            if pairs.size:
                fold(compiled, result, probabilities, pairs, keys[pairs] // nodes, rows[pairs])
    return result


def _fold_chance(compiled: CompiledTree, result: PartialValues, probabilities: _Lookup, pairs: np.ndarray,
                 columns: np.ndarray, rows: np.ndarray) -> None:
    total = None
    for having, children in _positions(compiled, rows):
        weighted = result.value(columns[having], children) * probabilities.find(columns[having], children)
        if total is None:
            total = weighted
        else:
            total[having] = total[having] + weighted
    result.values[pairs] = result.values[pairs] + total


def _fold_decision(compiled: CompiledTree, result: PartialValues, _: _Lookup, pairs: np.ndarray,
                   columns: np.ndarray, rows: np.ndarray) -> None:
    if result.fixed:
        chosen = result.base_best[rows]
    else:
        deciders = np.maximum(compiled.decider[rows], 0)
        positions = _positions(compiled, rows)
        keys = [result.value(columns[having], children)[np.arange(having.size), deciders[having]]
                for having, children in positions]
        chosen = choose(keys, [having for having, _ in positions], [children for _, children in positions])
    result.values[pairs] = result.values[pairs] + result.value(columns, chosen)
    result.best[pairs] = chosen


def _positions(compiled: CompiledTree, rows: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each child position ``k``: the parents (positions in ``rows``) that have one, and its rows."""
    counts = compiled.child_count[rows]
    return [(having, compiled.first_child[rows[having]] + k)
            for k in range(int(counts.max())) for having in [np.flatnonzero(counts > k)]]


class _Lookup:
    """Numbers of (column, row) pairs that were changed, falling back to the tree's own (``base[row]``)."""

    def __init__(self, nodes: int, entries: list[tuple[int, int, np.ndarray]], base: np.ndarray) -> None:
        self.nodes, self.base = nodes, base
        width = base.shape[1]
        keys = np.array([column * nodes + row for column, row, _ in entries], dtype=np.int64)
        numbers = np.array([amounts for _, _, amounts in entries], dtype=float).reshape(-1, width)
        order = np.argsort(keys)
        self.keys, self.numbers = keys[order], numbers[order]

    def find(self, columns: np.ndarray, rows: np.ndarray) -> np.ndarray:
        found, position = _find(self.keys, columns * self.nodes + rows)
        return np.where(found[:, None], self.numbers[position] if self.keys.size else 0.0, self.base[rows])


def _find(sorted_keys: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which ``keys`` are in ``sorted_keys``, and where (clipped to a valid index when absent)."""
    if sorted_keys.size == 0:
        return np.zeros(keys.shape, dtype=bool), np.zeros(keys.shape, dtype=np.int64)
    position = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[position] == keys, position


def _parent_keys(compiled: CompiledTree, keys: np.ndarray) -> np.ndarray:
    nodes = len(compiled.nodes)
    return keys // nodes * nodes + compiled.parent[keys % nodes]


def _with_ancestors(compiled: CompiledTree, seeds: np.ndarray) -> np.ndarray:
    """The sorted, distinct (column, row) keys of the seeds and of every ancestor of theirs."""
    nodes = len(compiled.nodes)
    found, frontier = [seeds], np.unique(seeds)
    while frontier.size:
        frontier = frontier[frontier % nodes != 0]  # the root has no parent
        frontier = np.unique(_parent_keys(compiled, frontier))
        found.append(frontier)
    return np.unique(np.concatenate(found))


def _depths(compiled: CompiledTree) -> np.ndarray:
    if "depth" not in compiled.plans:
        starts = compiled.level_starts
        compiled.plans["depth"] = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    return compiled.plans["depth"]
