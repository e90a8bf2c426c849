"""One-way sensitivity: sweep one quantity, and find exactly where each decision's choice flips.

Thresholds are found between the sweep's points where any decision chooses differently at the two
ends. A payoff or a single branch probability moves every value piecewise linearly, so there the
flip of the deepest decision that differs is where two straight lines cross, computed exactly; the
interval is split there until every piece chooses alike at both ends (then nothing flips inside,
however close two flips are). A parameter may act through any expression: it is sampled densely
(``DENSE_POINTS``) and each flip bisected to ``THRESHOLD_TOLERANCE`` of the range.

With ``policy="fixed"`` the current policy is held (:func:`~scenario_tree.analysis.batch.forced_rows`):
the values are those of today's choices as the quantity moves, and no choice flips (no thresholds).

>>> from scenario_tree import load
>>> movie = load("examples/movie_contract.scenario.yaml")
>>> [flip.value for flip in one_way(movie, "movie_company.payoff", -100_000, 0).thresholds]
[-60000.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.compiled import DECISION, CompiledTree
from .batch import check_policy, evaluate_batch
from .limits import MAX_POINTS, affordable, whole, within
from .quantities import Quantity, quantity
from .ranges import check_span
from .results import Result

__all__ = ["DEFAULT_POINTS", "DENSE_POINTS", "THRESHOLD_TOLERANCE", "Flip", "OneWay", "decision_rows", "one_way",
           "sweep_span"]


DEFAULT_POINTS = 51  # points of a sweep, for the API and the command line alike
DENSE_POINTS = 1_025  # points sampled to find the flips of a parameter (whose effect need not be linear)
THRESHOLD_TOLERANCE = 1e-9  # the width of the last bisection interval, as a share of the swept range


@dataclass(frozen=True)
class Flip:
    """Where the choice at a decision changes as one quantity moves."""

    decision: str
    value: float
    before: str
    after: str


@dataclass
class OneWay(Result):
    """A sweep of one quantity: the root's value per actor and each decision's choice at every point.

    ``policy`` is ``"optimal"`` (every decision chooses again at each point) or ``"fixed"`` (today's
    choices held; then ``thresholds`` is empty, as nothing can flip).
    """

    quantity: Quantity
    values: np.ndarray
    root_values: dict[str, np.ndarray]
    choices: dict[str, list[str]]
    thresholds: list[Flip]
    note: str = ""  # where the default range was clipped to keep the tree valid, and why
    policy: str = "optimal"

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
                "thresholds": [asdict(flip) for flip in self.thresholds], "note": self.note, "policy": self.policy}


def one_way(tree: TreeModel, name: str, low: float | None = None, high: float | None = None,
            points: int = DEFAULT_POINTS, decisions: Sequence[str] | None = None, policy: str = "optimal") -> OneWay:
    """Sweep one quantity over ``[low, high]`` and find exact thresholds.

    The default range is all of [0, 1] for a branch probability and the quantity's range otherwise
    (clipped to where the tree stays valid); an explicit range must keep the tree valid. Each
    threshold is where the chosen option at a decision changes (see the module docstring).
    ``policy="fixed"`` holds every decision to its current choice instead (no thresholds then).
    """
    check_policy(policy)
    chosen = quantity(tree, name)
    note = chosen.note if chosen.kind == "parameter" and low is None and high is None else ""
    low, high = sweep_span(tree, chosen, low, high)
    compiled = tree.evaluate().compiled
    per_point = len(compiled.nodes) * (len(tree.actors) * 3 + 3) * 8
    points = whole("points", points, 2, min(MAX_POINTS, affordable(per_point)))
    rows = decision_rows(tree, compiled, decisions)
    grid = np.linspace(low, high, points)
    values, best = evaluate_batch(tree, {name: grid}, grid.size, policy)
    ids = [node.id for node in compiled.nodes]
    choices = {ids[row]: [ids[index] for index in best[:, row]] for row in rows}
    root = {actor: values[:, 0, column] for column, actor in enumerate(tree.actors)}
    flips = _Thresholds(tree, chosen, compiled).find(grid, values, best, set(rows)) if policy == "optimal" else []
    return OneWay(chosen, grid, root, choices, sorted(flips, key=lambda flip: (flip.decision, flip.value)), note,
                  policy)


def sweep_span(tree: TreeModel, chosen: Quantity, low: float | None, high: float | None) -> tuple[float, float]:
    """The range to sweep: the default, or an explicit one checked to be finite, ordered and valid."""
    whole_range = chosen.kind == "probability"
    low = (0.0 if whole_range else chosen.low) if low is None else within(f"{chosen.name} low", low, -math.inf,
                                                                             math.inf)
    high = (1.0 if whole_range else chosen.high) if high is None else within(f"{chosen.name} high", high,
                                                                               -math.inf, math.inf)
    if not low < high:
        raise AnalysisError(f"{chosen.name}: found low {low:g} and high {high:g}, expected low < high")
    if whole_range and not 0 <= low < high <= 1:
        raise AnalysisError(f"{chosen.name} is a probability: found the range {low:g} … {high:g}, expected within "
                            f"[0, 1] (the branch {chosen.label[2:-1]!r} would have a probability outside [0, 1])")
    if chosen.kind == "parameter":
        check_span(tree, chosen.name, low, high, chosen.base)
    return low, high


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


@dataclass
class _Point:
    """One evaluated value of the quantity: every node's values ``(nodes, actors)`` and choices."""

    x: float
    values: np.ndarray
    best: np.ndarray


class _Thresholds:
    """The flips of every decision between evaluated points, split until each piece chooses alike at its ends."""

    def __init__(self, tree: TreeModel, chosen: Quantity, compiled: CompiledTree) -> None:
        self.tree, self.name, self.compiled = tree, chosen.name, compiled
        # certainty equivalents (an actor with a utility) are not linear in payoffs and probabilities
        self.linear = chosen.kind in ("payoff", "probability") and not np.isfinite(compiled.tolerance).any()
        self.decisions = np.flatnonzero(compiled.kind == DECISION)
        self.depth = np.searchsorted(compiled.level_starts, self.decisions, side="right")
        self.ids = [node.id for node in compiled.nodes]

    def point(self, x: float) -> _Point:
        values, best = evaluate_batch(self.tree, {self.name: np.array([x])}, 1)
        return _Point(x, values[0], best[0])

    def find(self, grid: np.ndarray, values: np.ndarray, best: np.ndarray, wanted: set[int]) -> list[Flip]:
        if not self.linear and grid.size < DENSE_POINTS:
            grid = np.linspace(grid[0], grid[-1], DENSE_POINTS)
            values, best = evaluate_batch(self.tree, {self.name: grid}, grid.size)
        resolution = THRESHOLD_TOLERANCE * (grid[-1] - grid[0])
        points = [_Point(float(x), values[index], best[index]) for index, x in enumerate(grid)]
        cells, flips = list(zip(points, points[1:])), []
        while cells:
            left, right = cells.pop()
            differ = self.decisions[left.best[self.decisions] != right.best[self.decisions]]
            if differ.size == 0:
                continue  # nothing flips inside: see the module docstring
            deepest = int(differ[np.argmax(self.depth[np.searchsorted(self.decisions, differ)])])
            x = self.crossing(left, right, deepest)
            if right.x - left.x <= resolution or not left.x < x < right.x:
                # one event left in this piece: the decisions above the deepest flip with it (its value jumps)
                at = float(min(max(x, left.x), right.x))
                flips += [Flip(self.ids[row], at, self.ids[int(left.best[row])], self.ids[int(right.best[row])])
                          for row in differ.tolist() if row in wanted]
                continue
            middle = self.point(x)
            cells += [(left, middle), (middle, right)]
        return flips

    def crossing(self, left: _Point, right: _Point, row: int) -> float:
        """Where the options chosen at the two ends tie (lines through the ends), or the middle."""
        if not self.linear:
            return (left.x + right.x) / 2
        actor = max(int(self.compiled.decider[row]), 0)
        before, after = left.best[row], right.best[row]
        at_left = left.values[before, actor] - left.values[after, actor]
        at_right = right.values[before, actor] - right.values[after, actor]
        if at_left == at_right:
            return (left.x + right.x) / 2
        return left.x + (right.x - left.x) * at_left / (at_left - at_right)
