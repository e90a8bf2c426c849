"""Two-way grids that reach where the tree is undefined: those cells are set apart, the rest is exact."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import scenario_tree
from scenario_tree.analysis import two_way
from scenario_tree.analysis.grid import grid_numbers
from scenario_tree.analysis.tornado import UNDEFINED
from scenario_tree.cli import main

ROCKEFELLER = Path(__file__).resolve().parents[2] / "examples" / "rockefeller.scenario.yaml"


@pytest.fixture(scope="module")
def rockefeller():
    return scenario_tree.load(ROCKEFELLER)


def test_a_test_result_of_probability_zero_makes_only_its_cells_undefined(rockefeller):
    grid = two_way(rockefeller, "pr", "sens", points=5)
    undefined = {(float(grid.xs[i]), float(grid.ys[j])) for j in range(5) for i in range(5)
                 if grid.best[j, i] == UNDEFINED}
    # P(positive) = pr sens + (1 - pr)(1 - spec) is 0 only at pr = 1, sens = 0; P(negative) only at pr = 1, sens = 1
    assert undefined == {(1.0, 0.0), (1.0, 1.0)}
    assert all(math.isnan(grid.values[j, i]) for j in range(5) for i in range(5) if grid.best[j, i] == UNDEFINED)
    assert "pr = 1, sens = 0" in grid.undefined and "division by zero" in grid.undefined
    assert "/field/test/positive" in grid.undefined, "the message names the node whose probability is undefined"


def assert_cells_are_single_evaluations(grid, tree, set_cell, actor):
    """Every defined cell: the choice and value of ``tree`` evaluated alone with ``set_cell(copy, x, y)``."""
    for j, y in enumerate(grid.ys):
        for i, x in enumerate(grid.xs):
            if grid.best[j, i] == UNDEFINED:
                continue
            alone = tree.copy()
            set_cell(alone, float(x), float(y))
            evaluation = alone.evaluate()
            assert grid.option_at(j, i) == evaluation.best[grid.decision]
            assert grid.values[j, i] == pytest.approx(
                evaluation.certainty_equivalent[grid.decision][actor], abs=1e-9)


def test_every_defined_cell_equals_the_tree_evaluated_with_those_numbers(rockefeller):
    def set_cell(tree, pr, sens):
        tree.set_parameter("pr", pr)
        tree.set_parameter("sens", sens)

    assert_cells_are_single_evaluations(two_way(rockefeller, "pr", "sens", points=5), rockefeller, set_cell,
                                        "rockefeller")


def test_a_branch_pushed_below_zero_by_two_parameters_is_named():
    tree = scenario_tree.loads("""
format: scenario-tree/1
parameters: {a: {value: 0.3, low: 0, high: 0.7}, b: {value: 0.3, low: 0, high: 0.7}}
root: {id: r, label: R, kind: decision, children: [
  {id: bet, label: Bet, kind: chance, children: [
    {id: x, label: X, kind: outcome, probability: "a", payoff: 10},
    {id: y, label: Y, kind: outcome, probability: "b", payoff: -10},
    {id: z, label: Z, kind: outcome, probability: "1 - a - b"}]},
  {id: keep, label: Keep, kind: outcome, payoff: 1}]}
""")
    grid = two_way(tree, "a", "b", points=3)  # a, b in 0, 0.35, 0.7: a + b > 1 where 0.7 meets 0.35 or 0.7
    # Bet is worth 10 a - 10 b, Keep 1; rows are b, columns a
    assert [[grid.option_at(j, i) for i in range(3)] for j in range(3)] == [
        ["keep", "bet", "bet"], ["keep", "keep", None], ["keep", None, None]]
    assert grid.undefined == "at a = 0.7, b = 0.35 the branch /r/bet/z 'Z' would have the probability -0.05"


def test_a_grid_without_undefined_cells_says_nothing(rockefeller):
    numbers = grid_numbers(rockefeller, {"pr": np.array([0.2, 0.8]), "sens": np.array([0.5, 0.9])}, 2)
    assert numbers.defined.tolist() == [True, True] and numbers.reason is None


def test_the_command_shows_undefined_cells_and_why(capsys):
    assert main(["twoway", str(ROCKEFELLER), "--x", "pr", "--y", "sens", "--points", "3"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[1].split()[-1] == "·" and lines[3].split()[-1] == "·"
    assert "undefined, where the two together leave the valid tree" in out
    assert main(["twoway", str(ROCKEFELLER), "--x", "pr", "--y", "sens", "--points", "3", "--json"]) == 0
    assert '"best"' in capsys.readouterr().out  # NaN is not JSON: undefined cells are null


def test_the_chart_leaves_undefined_cells_blank(rockefeller):
    from scenario_tree.analysis.charts import two_way_chart

    grid = two_way(rockefeller, "pr", "sens", points=5)
    chart = two_way_chart(grid)
    mesh = chart.figure.axes[0].collections[0]
    assert int(np.ma.count_masked(mesh.get_array())) == 2
    assert "undefined" in chart.figure.axes[0].get_title()


def test_a_grid_over_a_risk_tolerance_gives_each_cells_certainty_equivalent():
    tree = scenario_tree.load(ROCKEFELLER.parent / "risk_tolerance.scenario.yaml")

    def set_cell(alone, tolerance, win):
        alone.set_parameter("tolerance", tolerance)
        alone.set_payoff("heads", win)

    grid = two_way(tree, "tolerance", "heads.payoff", points=3)
    assert {grid.option_at(j, i) for j in range(3) for i in range(3)} == {"decline", "take"}  # it flips inside
    assert_cells_are_single_evaluations(grid, tree, set_cell, "investor")
