"""The numbers of a grid of two quantities, with the cells where the tree is undefined set apart.

Each quantity alone is kept inside its valid range (:func:`~scenario_tree.analysis.sensitivity.sweep_span`),
but two together can still leave the valid tree: in a tree written with Bayes' rule, a prior of 1
with a sensitivity of 0 gives a test result of probability 0 and a posterior of 0/0; two parameters
in ``1 - a - b`` can push a branch below 0. Such a cell is undefined. It is not an error for the
whole grid: its numbers are replaced by the tree's own (so that the evaluation runs) and the result
marks the cell and says, for the first one, where and why.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import TreeModel
from ..model.expressions import ExpressionError
from ..model.nodes import node_path
from .batch import numbers_and_tolerances, tree_columns

__all__ = ["GridNumbers", "grid_numbers"]

_SLACK = 1e-9  # rounding of probabilities computed from expressions


@dataclass
class GridNumbers:
    """Probabilities ``(nodes, size)``, payoffs ``(nodes, size, actors)``, risk tolerances where set
    (``(actors, size)``, else ``None``), which columns are defined, and why not."""

    probability: np.ndarray
    payoff: np.ndarray
    tolerance: np.ndarray | None
    defined: np.ndarray
    reason: str | None = None


def grid_numbers(tree: TreeModel, settings: dict[str, np.ndarray], size: int) -> GridNumbers:
    """The batch numbers of ``settings`` (names to ``size`` values) with every undefined column marked.

    >>> import scenario_tree
    >>> tree = scenario_tree.loads('''
    ... format: scenario-tree/1
    ... parameters: {a: 0.3, b: 0.3}
    ... root: {id: r, label: R, kind: chance, children: [
    ...   {id: x, label: X, kind: outcome, probability: "a", payoff: 1},
    ...   {id: y, label: Y, kind: outcome, probability: "b", payoff: 2},
    ...   {id: z, label: Z, kind: outcome, probability: "1 - a - b"}]}
    ... ''')
    >>> numbers = grid_numbers(tree, {"a": np.array([0.3, 0.7]), "b": np.array([0.3, 0.7])}, 2)
    >>> numbers.defined.tolist()
    [True, False]
    >>> numbers.reason
    "at a = 0.7, b = 0.7 the branch /r/z 'Z' would have the probability -0.4"
    """
    try:
        probability, payoff, tolerance = numbers_and_tolerances(tree, settings, size)
        defined, reason = np.ones(size, dtype=bool), None
    except ExpressionError:
        probability, payoff, tolerance, defined, reason = _column_by_column(tree, settings, size)
    branches = np.isfinite(tree.evaluate().compiled.probability)  # the rows of chance branches (others: NaN)
    outside = ~(np.isfinite(probability) & (probability >= -_SLACK) & (probability <= 1 + _SLACK))
    outside &= branches[:, None]
    broken = outside.any(axis=0) & defined
    if broken.any():
        column = int(np.argmax(broken))
        row = int(np.argmax(outside[:, column]))
        node = tree.evaluate().compiled.nodes[row]
        reason = reason or (f"at {_where(settings, column)} the branch {node_path(node)} {node.label!r} would have "
                            f"the probability {probability[row, column]:.6g}")
        defined &= ~broken
    return _with_tree_numbers(tree, GridNumbers(probability, payoff, tolerance, defined, reason))


def _column_by_column(tree: TreeModel, settings: dict[str, np.ndarray],
                      size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray, str | None]:
    """Split the columns until each part evaluates or is one failing column (few failures: few splits)."""
    compiled = tree.evaluate().compiled
    probability, payoff, tolerance = tree_columns(compiled, size)
    defined, reason = np.ones(size, dtype=bool), None
    parts = [(0, size)]
    while parts:
        start, stop = parts.pop()
        part = {name: np.asarray(values)[start:stop] for name, values in settings.items()}
        try:
            numbers = numbers_and_tolerances(tree, part, stop - start)
            probability[:, start:stop], payoff[:, start:stop] = numbers[:2]
            if numbers[2] is not None:
                tolerance[:, start:stop] = numbers[2]
        except ExpressionError as error:
            if stop - start > 1:
                middle = (start + stop) // 2
                parts += [(middle, stop), (start, middle)]
                continue
            defined[start] = False
            reason = reason or f"at {_where(settings, start)}{_written_at(tree, error)}: {error}"
    return probability, payoff, tolerance, defined, reason


def _written_at(tree: TreeModel, error: ExpressionError) -> str:
    """Where the failing expression is written (its text opens the message), to name the node."""
    for node in tree.evaluate().compiled.nodes:
        for field in ("probability", "payoff"):
            written = getattr(node, field, None)
            if isinstance(written, str) and str(error).startswith(repr(written)):
                return f", the {field} of {node_path(node)} {node.label!r}"
    return ""


def _with_tree_numbers(tree: TreeModel, numbers: GridNumbers) -> GridNumbers:
    """Undefined columns take the tree's own numbers: their results are discarded, but must compute."""
    compiled = tree.evaluate().compiled
    undefined = ~numbers.defined
    if not undefined.any():
        return numbers
    numbers.probability[:, undefined] = compiled.probability[:, None]
    numbers.payoff[:, undefined] = compiled.payoff[:, None, :]
    if numbers.tolerance is not None:
        numbers.tolerance = np.array(numbers.tolerance)  # the tolerances set may be a broadcast view
        numbers.tolerance[:, undefined] = compiled.tolerance[:, None]
    return numbers


def _where(settings: dict[str, np.ndarray], column: int) -> str:
    return ", ".join(f"{name} = {float(np.asarray(values)[column]):.6g}" for name, values in settings.items())
