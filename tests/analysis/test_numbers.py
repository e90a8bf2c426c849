"""The numbers a parameter change gives: only the nodes that use it, directly or through other parameters."""

from __future__ import annotations

import numpy as np
import pytest

from scenario_tree import loads
from scenario_tree.analysis.numbers import NumberChanges, parameter_numbers, rescaled

from .published import GAME


def changes_for(tree, overrides, size):
    changes = NumberChanges(size, {}, {})
    parameter_numbers(tree, tree.evaluate().compiled, overrides, size, changes)
    return changes


def test_a_parameter_changes_the_nodes_that_use_it_and_those_using_parameters_written_with_it():
    tree = loads(GAME)
    rows = tree.evaluate().compiled.row
    # cost is used by 'lose' ("-cost", cost) and, through net = prize - cost, by 'win'
    changes = changes_for(tree, {"cost": np.array([10.0, 30.0])}, 2)
    assert set(changes.payoffs) == {rows[tree.node("win")], rows[tree.node("lose")]}
    assert changes.payoffs[rows[tree.node("lose")]].tolist() == [[-10, 10], [-30, 30]]
    assert changes.probabilities == {}
    # p_win moves the branches of 'play' only
    by_chance = changes_for(tree, {"p_win": np.array([0.1])}, 1)
    assert by_chance.payoffs == {}
    assert {row: share.tolist() for row, share in by_chance.probabilities.items()} == {
        rows[tree.node("win")]: [0.1], rows[tree.node("lose")]: [pytest.approx(0.9)]}


def test_rescaled_siblings_keep_their_proportions_or_share_equally_when_all_zero():
    shares = np.array([[0.2, 0.0], [0.6, 0.0]])
    assert np.allclose(rescaled(shares, np.array([0.2, 0.5])), [[0.2, 0.25], [0.6, 0.25]], rtol=0, atol=1e-15)
