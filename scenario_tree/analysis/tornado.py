"""Which numbers matter: tornado (each quantity swung low and high), spider lines and two-way grids.

Each takes ``policy``: ``"optimal"`` (the default) lets every decision choose again for each set of
numbers; ``"fixed"`` holds today's choices (:func:`~scenario_tree.analysis.batch.forced_rows`), so
the values are those of the current policy as the numbers move, as SilverDecisions' tornado shows them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import TreeModel
from ..model.evaluate import backward_certainty
from .batch import actor_column, changed_numbers, check_policy, evaluate_batch, forced_rows, grouped_certainty
from .grid import grid_numbers
from .limits import MAX_GRID, MAX_POINTS, affordable, whole
from .partial import partial_values
from .quantities import DEFAULT_SWING, Quantity, quantities, quantity
from .results import Result
from .sensitivity import decision_rows, sweep_span

__all__ = ["UNDEFINED", "Spider", "Tornado", "TornadoBar", "TwoWay", "spider", "tornado", "two_way"]

UNDEFINED = -1  # a two-way cell where the two quantities together leave the valid tree


@dataclass(frozen=True)
class TornadoBar:
    """One quantity swung over its range: the root's value and each root option's value at both ends."""

    quantity: Quantity
    low_value: float
    high_value: float
    options: dict[str, tuple[float, float]]

    @property
    def swing(self) -> float:
        return abs(self.high_value - self.low_value)


@dataclass
class Tornado(Result):
    """Every quantity swung low and high for one actor, the widest swing first.

    Attributes:
        actor: Whose value the bars show.
        base: The tree's value for ``actor`` with every quantity at its base.
        bars: One bar per quantity, widest first.
        policy: ``"optimal"`` (decisions choose again at each end) or ``"fixed"`` (today's choices held).
    """

    actor: str
    base: float
    bars: list[TornadoBar]
    policy: str = "optimal"

    def rows(self) -> list[dict[str, Any]]:
        return [{"quantity": bar.quantity.name, "label": bar.quantity.label, "low": bar.quantity.low,
                 "high": bar.quantity.high, "value_at_low": bar.low_value, "value_at_high": bar.high_value,
                 "swing": bar.swing, "note": bar.quantity.note} for bar in self.bars]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "base": self.base, "policy": self.policy,
                "bars": [{**row, "options": {option: list(ends) for option, ends in bar.options.items()}}
                         for row, bar in zip(self.rows(), self.bars)]}


def tornado(tree: TreeModel, actor: str | None = None, swing: float = DEFAULT_SWING,
            names: Iterable[str] | None = None, policy: str = "optimal") -> Tornado:
    """Every quantity swung low and high, ranked by how much it moves the root's value for ``actor``.

    Also gives, for a decision at the root, every option's value at both ends (not only the best).
    Only the paths from the nodes a quantity changes up to the root are evaluated again
    (:mod:`~scenario_tree.analysis.partial`), which gives the same numbers as a full evaluation.
    ``policy="fixed"`` holds every decision to its current choice (see the module docstring).
    """
    check_policy(policy)
    actor, column = actor_column(tree, actor)
    chosen = _chosen_quantities(tree, swing, names)
    evaluation = tree.evaluate()
    compiled, root = evaluation.compiled, tree.root
    groups = [changed_numbers(tree, {each.name: np.array([each.low, each.high])}, 2) for each in chosen]
    fixed = policy == "fixed"
    if evaluation.risk_averse:  # certainty equivalents do not fold back linearly: whole trees are evaluated
        rows = [0, *(compiled.row[child] for child in root.children)]
        full = grouped_certainty(tree, groups, rows, evaluation.best_rows if fixed else None)

        def at_ends(row: int) -> list[float]:
            return full[:, rows.index(row), column].tolist()
    else:
        partial = partial_values(compiled, evaluation.values, evaluation.best_rows, groups, fixed=fixed)
        ends = np.arange(2 * len(chosen))

        def at_ends(row: int) -> list[float]:
            return partial.value(ends, np.full(ends.size, row))[:, column].tolist()

    root_values = at_ends(0)
    option_values = {child.id: at_ends(compiled.row[child]) for child in root.children} \
        if root.kind == "decision" else {}
    bars = [TornadoBar(each, root_values[2 * index], root_values[2 * index + 1],
                       {option: (values[2 * index], values[2 * index + 1]) for option, values in option_values.items()})
            for index, each in enumerate(chosen)]
    return Tornado(actor, float(evaluation.certainty[0, column]), sorted(bars, key=lambda bar: -bar.swing), policy)


def _chosen_quantities(tree: TreeModel, swing: float, names: Iterable[str] | None) -> list[Quantity]:
    wanted = None if names is None else set(names)
    for name in sorted(wanted or ()):
        quantity(tree, name)  # an unknown name is an error that suggests close ones
    return [each for each in quantities(tree, swing) if wanted is None or each.name in wanted]


@dataclass
class Spider(Result):
    """The root's value for ``actor`` as each quantity moves across its range (-1 low end, +1 high end)."""

    actor: str
    steps: np.ndarray
    lines: dict[str, np.ndarray]  # quantity name -> the root's value at each step
    policy: str = "optimal"  # or "fixed": today's choices held as each quantity moves

    def rows(self) -> list[dict[str, Any]]:
        return [{"quantity": name, "step": float(step), "value": float(value)}
                for name, values in self.lines.items() for step, value in zip(self.steps, values)]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "steps": self.steps.tolist(), "policy": self.policy,
                "lines": {name: values.tolist() for name, values in self.lines.items()}}


def spider(tree: TreeModel, actor: str | None = None, swing: float = DEFAULT_SWING, points: int = 11,
           names: Iterable[str] | None = None, policy: str = "optimal") -> Spider:
    """The root's value as each quantity moves across its range, in ``points`` steps from -1 to 1.

    ``policy="fixed"`` holds every decision to its current choice (see the module docstring).
    """
    check_policy(policy)
    actor, column = actor_column(tree, actor)
    per_point = len(tree.evaluate().compiled.nodes) * (len(tree.actors) * 3 + 3) * 8
    steps = np.linspace(-1.0, 1.0, whole("points", points, 2, min(MAX_POINTS, affordable(per_point))))
    lines = {}
    for each in _chosen_quantities(tree, swing, names):
        middle, half = (each.low + each.high) / 2, (each.high - each.low) / 2
        values, _ = evaluate_batch(tree, {each.name: middle + steps * half}, points, policy)
        lines[each.name] = values[:, 0, column]
    return Spider(actor, steps, lines, policy)


@dataclass
class TwoWay(Result):
    """The option chosen at one decision over a grid of two quantities, and the decision's value.

    ``best[j, i]`` is the index in ``options`` of the choice at ``xs[i]``, ``ys[j]``, and
    ``values[j, i]`` the decision's value there for the actor who decides it. With ``policy="fixed"``
    the choices are held (``best`` is the same everywhere) and ``values`` are those of today's policy.
    Where the two quantities together leave the valid tree (see :mod:`~scenario_tree.analysis.grid`)
    ``best`` is :data:`UNDEFINED` and ``values`` NaN, and ``undefined`` says where and why.
    """

    x: str
    y: str
    decision: str
    xs: np.ndarray
    ys: np.ndarray
    options: list[str]
    best: np.ndarray
    values: np.ndarray
    policy: str = "optimal"
    undefined: str | None = None

    def option_at(self, j: int, i: int) -> str | None:
        """The option chosen in a cell, or ``None`` where the tree is undefined."""
        index = int(self.best[j, i])
        return None if index == UNDEFINED else self.options[index]

    def rows(self) -> list[dict[str, Any]]:
        return [{self.x: float(x), self.y: float(y), "best": self.option_at(j, i),
                 "value": _number_or_none(self.values[j, i])}
                for j, y in enumerate(self.ys) for i, x in enumerate(self.xs)]

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x, "y": self.y, "decision": self.decision, "xs": self.xs.tolist(), "ys": self.ys.tolist(),
                "options": self.options, "best": [[None if index == UNDEFINED else index for index in line]
                                                  for line in self.best.tolist()],
                "values": [[_number_or_none(value) for value in line] for line in self.values],
                "policy": self.policy, "undefined": self.undefined}


def _number_or_none(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def two_way(tree: TreeModel, first: str, second: str, points: int = 21, decision: str | None = None,
            first_range: tuple[float, float] | None = None,
            second_range: tuple[float, float] | None = None, policy: str = "optimal") -> TwoWay:
    """A grid over two quantities with the option chosen at ``decision`` (default the root) in each cell.

    The ranges default to each quantity's range. ``policy="fixed"`` holds every decision to its
    current choice (see the module docstring).
    """
    check_policy(policy)
    x, y = quantity(tree, first), quantity(tree, second)
    compiled = tree.evaluate().compiled
    per_cell = len(compiled.nodes) * (len(tree.actors) * 3 + 3) * 8
    points = whole("points", points, 2, min(MAX_GRID, math.isqrt(affordable(per_cell))))
    xs = np.linspace(*sweep_span(tree, x, *(first_range or (x.low, x.high))), points)
    ys = np.linspace(*sweep_span(tree, y, *(second_range or (y.low, y.high))), points)
    grid_x, grid_y = np.meshgrid(xs, ys)
    row = decision_rows(tree, compiled, [decision or tree.root.id])[0]
    numbers = grid_numbers(tree, {first: grid_x.ravel(), second: grid_y.ravel()}, grid_x.size)
    _, values, best = backward_certainty(compiled, numbers.probability, numbers.payoff, numbers.tolerance,
                                         forced_rows(tree, policy))
    children = list(compiled.nodes[row].children)
    position = {compiled.row[child]: index for index, child in enumerate(children)}
    chosen = np.where(numbers.defined, np.vectorize(position.__getitem__)(best[row]), UNDEFINED)
    worth = np.where(numbers.defined, values[row, :, max(int(compiled.decider[row]), 0)], np.nan)
    return TwoWay(first, second, compiled.nodes[row].id, xs, ys, [child.id for child in children],
                  chosen.reshape(grid_x.shape), worth.reshape(grid_x.shape), policy, numbers.reason)
