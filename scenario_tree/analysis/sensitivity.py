"""One-way sensitivity: sweep one quantity, and find exactly where each decision's choice flips.

>>> from scenario_tree import load
>>> movie = load("examples/movie_contract.scenario.yaml")
>>> [round(flip.value, 6) for flip in one_way(movie, "movie_company.payoff", -100_000, 0).thresholds]
[-60000.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import DECISION, CompiledTree
from .batch import evaluate_batch
from .quantities import Quantity, quantity
from .results import Result

__all__ = ["THRESHOLD_TOLERANCE", "Flip", "OneWay", "decision_rows", "one_way"]


THRESHOLD_TOLERANCE = 1e-9  # the width of the last bisection interval, in the quantity's own units


@dataclass(frozen=True)
class Flip:
    """Where the choice at a decision changes as one quantity moves."""

    decision: str
    value: float
    before: str
    after: str


@dataclass
class OneWay(Result):
    """A sweep of one quantity: the root's value per actor and each decision's choice at every point."""

    quantity: Quantity
    values: np.ndarray
    root_values: dict[str, np.ndarray]
    choices: dict[str, list[str]]
    thresholds: list[Flip]

    def rows(self) -> list[dict[str, Any]]:
        """One row per point of the sweep: the quantity, the root's value per actor, each decision's choice."""
        return [{self.quantity.name: float(value), **{f"value[{actor}]": float(column[index])
                                                      for actor, column in self.root_values.items()},
                 **{f"best[{decision}]": choices[index] for decision, choices in self.choices.items()}}
                for index, value in enumerate(self.values)]

    def to_dict(self) -> dict[str, Any]:
        return {"quantity": self.quantity.name, "values": self.values.tolist(),
                "root_values": {actor: column.tolist() for actor, column in self.root_values.items()},
                "choices": self.choices,
                "thresholds": [asdict(flip) for flip in self.thresholds]}


def one_way(tree: TreeModel, name: str, low: float | None = None, high: float | None = None,
            points: int = 51, decisions: Sequence[str] | None = None) -> OneWay:
    """Sweep one quantity over ``[low, high]`` and find exact thresholds.

    The default range is all of [0, 1] for a branch probability and the quantity's range otherwise.

    Each threshold is where the chosen option at a decision changes, found by bisection to
    ``THRESHOLD_TOLERANCE`` between two sweep points that choose differently.
    """
    chosen = quantity(tree, name)
    whole = chosen.kind == "probability"
    low = (0.0 if whole else chosen.low) if low is None else float(low)
    high = (1.0 if whole else chosen.high) if high is None else float(high)
    if not low < high:
        raise AnalysisError(f"{name}: found low {low:g} and high {high:g}, expected low < high")
    if whole and not 0 <= low < high <= 1:
        raise AnalysisError(f"{name} is a probability: found the range {low:g} … {high:g}, expected within [0, 1]")
    compiled = tree.evaluate().compiled
    rows = decision_rows(tree, compiled, decisions)
    grid = np.linspace(low, high, max(int(points), 2))
    values, best = evaluate_batch(tree, {name: grid}, grid.size)
    ids = [node.id for node in compiled.nodes]
    choices = {ids[row]: [ids[index] for index in best[:, row]] for row in rows}
    flips = []
    for row in rows:
        for index in np.flatnonzero(best[1:, row] != best[:-1, row]).tolist():
            flips.append(_bisect(tree, name, row, grid[index], grid[index + 1], ids))
    root = {actor: values[:, 0, column] for column, actor in enumerate(tree.actors)}
    return OneWay(chosen, grid, root, choices, sorted(flips, key=lambda flip: (flip.decision, flip.value)))


def decision_rows(tree: TreeModel, compiled: CompiledTree, decisions: Sequence[str] | None) -> list[int]:
    """The compiled rows of these decisions (default: every decision); a non-decision is an error."""
    if decisions is None:
        return np.flatnonzero(compiled.kind == DECISION).tolist()
    rows = []
    for decision in decisions:
        node = tree.node(decision)
        if node.kind != "decision":
            raise AnalysisError(f"{node!r} is a {node.kind}, not a decision")
        rows.append(compiled.row[node])
    return rows


def _bisect(tree: TreeModel, name: str, row: int, left: float, right: float, ids: list[str]) -> Flip:
    def choice(value: float) -> int:
        return int(evaluate_batch(tree, {name: np.array([value])}, 1)[1][0, row])

    before, after = choice(left), choice(right)
    left, right = float(left), float(right)
    while right - left > THRESHOLD_TOLERANCE:
        middle = (left + right) / 2
        if middle in (left, right):
            break
        if choice(middle) == before:
            left = middle
        else:
            right = middle
    return Flip(ids[row], (left + right) / 2, ids[before], ids[after])
