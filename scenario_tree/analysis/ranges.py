"""Where a quantity may go: the values for which every probability stays in [0, 1] and every expression is defined.

A branch probability may take any value in [0, 1] (its siblings rescale) and a payoff any finite
value. A parameter reaches probabilities and payoffs through expressions (``probability: "1 - sens"``),
so its valid values are found by sampling the range densely (``SAMPLES`` points) and bisecting each
edge to ``EDGE_TOLERANCE`` of the range. A sweep's range is clipped to that interval, with a note
that says where and why; an explicit range that leaves it is an error naming the first invalid branch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError
from ..model import TreeModel
from ..model.expressions import ExpressionError
from ..model.rules import SUM_TOLERANCE
from .numbers import NumberChanges, parameter_numbers

__all__ = ["EDGE_TOLERANCE", "SAMPLES", "Span", "check_span", "parameter_problems", "valid_span"]

SAMPLES = 257
EDGE_TOLERANCE = 1e-12
ROUNDING = 1e-12  # a probability this far outside [0, 1] is rounding (1 - 0.7 - 0.2 - 0.1 < 0), not an error


@dataclass(frozen=True)
class Span:
    """A range of values, clipped to where the tree stays valid; ``note`` says where it was clipped and why."""

    low: float
    high: float
    note: str = ""


def parameter_problems(tree: TreeModel, name: str, values: np.ndarray) -> list[str | None]:
    """Why the tree would be invalid with parameter ``name`` at each of ``values`` (``None`` where it is fine)."""
    values = np.asarray(values, dtype=float)
    compiled = tree.evaluate().compiled
    changes = NumberChanges(values.size, {}, {})
    try:
        parameter_numbers(tree, compiled, {name: values}, values.size, changes)
    except ExpressionError as error:
        if values.size == 1:
            return [f"an expression would be undefined ({error})"]
        return [problem for value in values for problem in parameter_problems(tree, name, np.array([value]))]
    found: list[str | None] = [None] * values.size
    for actor, tolerance in zip(tree.actors, changes.tolerances if changes.tolerances is not None else ()):
        _note(found, ~(tolerance > 0), f"the risk tolerance of {actor!r} would not be positive")
    parents = set()
    for row in sorted(changes.probabilities):
        share, label = changes.probabilities[row], compiled.nodes[row].label
        _note(found, ~np.isfinite(share), f"the branch {label!r} would have no probability")
        _note(found, share < -ROUNDING, f"the branch {label!r} would have a negative probability")
        _note(found, share > 1 + ROUNDING, f"the branch {label!r} would have a probability above 1")
        parents.add(int(compiled.parent[row]))
    for parent in sorted(parents):
        node = compiled.nodes[parent]
        total = sum(changes.probabilities.get(compiled.row[child], compiled.probability[compiled.row[child]])
                    for child in node.children)
        _note(found, np.abs(total - 1) > SUM_TOLERANCE, f"the branches of {node.label!r} would not sum to 1")
    return found


def _note(found: list[str | None], where: np.ndarray, reason: str) -> None:
    for index in np.flatnonzero(where).tolist():
        found[index] = found[index] or reason


def valid_span(tree: TreeModel, name: str, low: float, high: float, base: float) -> Span:
    """``[low, high]`` clipped to the interval around ``base`` where parameter ``name`` keeps the tree valid."""
    grid = np.unique(np.append(np.linspace(low, high, SAMPLES), min(max(base, low), high)))
    found = parameter_problems(tree, name, grid)
    if not any(found):
        return Span(low, high)
    start = int(np.searchsorted(grid, min(max(base, low), high)))
    if found[start]:
        raise AnalysisError(f"{name} cannot be swept from {grid[start]:.6g}: {found[start]}")
    left, right = start, start
    while left > 0 and found[left - 1] is None:
        left -= 1
    while right < grid.size - 1 and found[right + 1] is None:
        right += 1
    notes, bounds = [], [grid[left], grid[right]]
    if left > 0:
        bounds[0], reason = _edge(tree, name, grid[left], grid[left - 1], found[left - 1])
        notes.append(f"below {bounds[0]:.6g} {reason}")
    if right < grid.size - 1:
        bounds[1], reason = _edge(tree, name, grid[right], grid[right + 1], found[right + 1])
        notes.append(f"above {bounds[1]:.6g} {reason}")
    return Span(float(bounds[0]), float(bounds[1]), "; ".join(notes))


def _edge(tree: TreeModel, name: str, good: float, bad: float, reason: str) -> tuple[float, str]:
    """The last valid value between ``good`` and ``bad`` (bisection), and why the values beyond are invalid."""
    width = EDGE_TOLERANCE * max(abs(good), abs(bad), abs(bad - good))
    while abs(bad - good) > width:
        middle = (good + bad) / 2
        if middle in (good, bad):
            break
        problem = parameter_problems(tree, name, np.array([middle]))[0]
        if problem is None:
            good = middle
        else:
            bad, reason = middle, problem
    return good, reason


def check_span(tree: TreeModel, name: str, low: float, high: float, base: float) -> None:
    """Refuse an explicit range of parameter ``name`` that leaves the valid tree, naming the first invalid branch."""
    grid = np.linspace(low, high, SAMPLES)
    found = parameter_problems(tree, name, grid)
    if not any(found):
        return
    first = next(index for index, problem in enumerate(found) if problem)
    allowed = valid_span(tree, name, min(low, base), max(high, base), base)
    raise AnalysisError(f"{name}: found the range {low:g} … {high:g}, but at {grid[first]:.6g} {found[first]}; "
                        f"expected a range within {allowed.low:.6g} … {allowed.high:.6g}")
