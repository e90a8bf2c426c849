"""Which numbers matter: tornado (each quantity swung low and high), spider lines and two-way grids."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model import TreeModel
from .batch import actor_column, changed_numbers, evaluate_batch, grouped_certainty
from .limits import MAX_GRID, MAX_POINTS, affordable, whole
from .partial import partial_values
from .quantities import DEFAULT_SWING, Quantity, quantities, quantity
from .results import Result
from .sensitivity import decision_rows, sweep_span

__all__ = ["Spider", "Tornado", "TornadoBar", "TwoWay", "spider", "tornado", "two_way"]


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
    """

    actor: str
    base: float
    bars: list[TornadoBar]

    def rows(self) -> list[dict[str, Any]]:
        return [{"quantity": bar.quantity.name, "label": bar.quantity.label, "low": bar.quantity.low,
                 "high": bar.quantity.high, "value_at_low": bar.low_value, "value_at_high": bar.high_value,
                 "swing": bar.swing, "note": bar.quantity.note} for bar in self.bars]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "base": self.base,
                "bars": [{**row, "options": {option: list(ends) for option, ends in bar.options.items()}}
                         for row, bar in zip(self.rows(), self.bars)]}


def tornado(tree: TreeModel, actor: str | None = None, swing: float = DEFAULT_SWING,
            names: Iterable[str] | None = None) -> Tornado:
    """Every quantity swung low and high, ranked by how much it moves the root's value for ``actor``.

    Also gives, for a decision at the root, every option's value at both ends (not only the best).
    Only the paths from the nodes a quantity changes up to the root are evaluated again
    (:mod:`~scenario_tree.analysis.partial`), which gives the same numbers as a full evaluation.
    """
    actor, column = actor_column(tree, actor)
    chosen = _chosen_quantities(tree, swing, names)
    evaluation = tree.evaluate()
    compiled, root = evaluation.compiled, tree.root
    groups = [changed_numbers(tree, {each.name: np.array([each.low, each.high])}, 2) for each in chosen]
    if evaluation.risk_averse:  # certainty equivalents do not fold back linearly: whole trees are evaluated
        rows = [0, *(compiled.row[child] for child in root.children)]
        full = grouped_certainty(tree, groups, rows)

        def at_ends(row: int) -> list[float]:
            return full[:, rows.index(row), column].tolist()
    else:
        partial = partial_values(compiled, evaluation.values, evaluation.best_rows, groups)
        ends = np.arange(2 * len(chosen))

        def at_ends(row: int) -> list[float]:
            return partial.value(ends, np.full(ends.size, row))[:, column].tolist()

    root_values = at_ends(0)
    option_values = {child.id: at_ends(compiled.row[child]) for child in root.children} \
        if root.kind == "decision" else {}
    bars = [TornadoBar(each, root_values[2 * index], root_values[2 * index + 1],
                       {option: (values[2 * index], values[2 * index + 1]) for option, values in option_values.items()})
            for index, each in enumerate(chosen)]
    return Tornado(actor, float(evaluation.certainty[0, column]), sorted(bars, key=lambda bar: -bar.swing))


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

    def rows(self) -> list[dict[str, Any]]:
        return [{"quantity": name, "step": float(step), "value": float(value)}
                for name, values in self.lines.items() for step, value in zip(self.steps, values)]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "steps": self.steps.tolist(),
                "lines": {name: values.tolist() for name, values in self.lines.items()}}


def spider(tree: TreeModel, actor: str | None = None, swing: float = DEFAULT_SWING, points: int = 11,
           names: Iterable[str] | None = None) -> Spider:
    """The root's value as each quantity moves across its range, in ``points`` steps from -1 to 1."""
    actor, column = actor_column(tree, actor)
    per_point = len(tree.evaluate().compiled.nodes) * (len(tree.actors) * 3 + 3) * 8
    steps = np.linspace(-1.0, 1.0, whole("points", points, 2, min(MAX_POINTS, affordable(per_point))))
    lines = {}
    for each in _chosen_quantities(tree, swing, names):
        middle, half = (each.low + each.high) / 2, (each.high - each.low) / 2
        values, _ = evaluate_batch(tree, {each.name: middle + steps * half}, points)
        lines[each.name] = values[:, 0, column]
    return Spider(actor, steps, lines)


@dataclass
class TwoWay(Result):
    """The option chosen at one decision over a grid of two quantities.

    ``best[j, i]`` is the index in ``options`` of the choice at ``xs[i]``, ``ys[j]``.
    """

    x: str
    y: str
    decision: str
    xs: np.ndarray
    ys: np.ndarray
    options: list[str]
    best: np.ndarray

    def rows(self) -> list[dict[str, Any]]:
        return [{self.x: float(x), self.y: float(y), "best": self.options[int(self.best[j, i])]}
                for j, y in enumerate(self.ys) for i, x in enumerate(self.xs)]

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x, "y": self.y, "decision": self.decision, "xs": self.xs.tolist(), "ys": self.ys.tolist(),
                "options": self.options, "best": self.best.tolist()}


def two_way(tree: TreeModel, first: str, second: str, points: int = 21, decision: str | None = None,
            first_range: tuple[float, float] | None = None,
            second_range: tuple[float, float] | None = None) -> TwoWay:
    """A grid over two quantities with the option chosen at ``decision`` (default the root) in each cell.

    The ranges default to each quantity's range.
    """
    x, y = quantity(tree, first), quantity(tree, second)
    compiled = tree.evaluate().compiled
    per_cell = len(compiled.nodes) * (len(tree.actors) * 3 + 3) * 8
    points = whole("points", points, 2, min(MAX_GRID, math.isqrt(affordable(per_cell))))
    xs = np.linspace(*sweep_span(tree, x, *(first_range or (x.low, x.high))), points)
    ys = np.linspace(*sweep_span(tree, y, *(second_range or (y.low, y.high))), points)
    grid_x, grid_y = np.meshgrid(xs, ys)
    row = decision_rows(tree, compiled, [decision or tree.root.id])[0]
    _, best = evaluate_batch(tree, {first: grid_x.ravel(), second: grid_y.ravel()}, grid_x.size)
    children = list(compiled.nodes[row].children)
    position = {compiled.row[child]: index for index, child in enumerate(children)}
    chosen = np.vectorize(position.__getitem__)(best[:, row]).reshape(grid_x.shape)
    return TwoWay(first, second, compiled.nodes[row].id, xs, ys, [child.id for child in children], chosen)
