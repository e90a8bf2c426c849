"""Re-evaluating changed paths only gives exactly the numbers of a full evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from scenario_tree.analysis import quantities, tornado
from scenario_tree.analysis.batch import changed_numbers, evaluate_batch
from scenario_tree.analysis.partial import partial_values

from .random_games import random_game


@pytest.mark.parametrize("seed", range(40))
def test_partial_evaluation_equals_the_full_batch_on_random_games(seed):
    tree = random_game(seed)
    evaluation = tree.evaluate()
    found = quantities(tree)
    assert {each.kind for each in found} >= {"payoff", "probability", "parameter"}
    groups = [changed_numbers(tree, {each.name: np.array([each.low, each.base, each.high])}, 3) for each in found]
    partial = partial_values(evaluation.compiled, evaluation.values, evaluation.best_rows, groups)
    rows = np.arange(len(evaluation.compiled.nodes))
    for index, each in enumerate(found):
        full_values, full_best = evaluate_batch(tree, {each.name: np.array([each.low, each.base, each.high])}, 3)
        for end in range(3):
            column = np.full(rows.size, 3 * index + end)
            assert np.array_equal(partial.value(column, rows), full_values[end]), (each.name, end)
            assert np.array_equal(partial.chosen(column, rows), full_best[end]), (each.name, end)


def test_random_games_have_ties_and_several_actors():
    """The games above exercise the tie rule and games between actors, not only single-actor trees."""
    ties = actors = 0
    for seed in range(40):
        tree = random_game(seed)
        actors += len(tree.actors) > 1
        evaluation = tree.evaluate()
        for node in tree.nodes():
            if node.kind == "decision" and len(node.children) > 1:
                column = tree.actors.index(node.actor) if node.actor in tree.actors else 0
                options = [evaluation.value[child.id][tree.actors[column]] for child in node.children]
                ties += len(set(options)) < len(options)
    assert ties >= 20 and actors >= 20


def test_tornado_equals_a_full_evaluation_of_each_end():
    tree = random_game(7, size=120)
    result = tornado(tree, tree.actors[-1])
    column = len(tree.actors) - 1
    options = [child.id for child in tree.root.children]
    for bar in result.bars:
        values, _ = evaluate_batch(tree, {bar.quantity.name: np.array([bar.quantity.low, bar.quantity.high])}, 2)
        assert (bar.low_value, bar.high_value) == (values[0, 0, column], values[1, 0, column])
        rows = [tree.evaluate().compiled.row[tree.node(option)] for option in options]
        assert bar.options == {option: (values[0, row, column], values[1, row, column])
                               for option, row in zip(options, rows)}


@pytest.mark.parametrize("seed", range(0, 40, 4))
def test_partial_evaluation_with_the_policy_fixed_equals_the_full_batch(seed):
    tree = random_game(seed)
    evaluation = tree.evaluate()
    found = quantities(tree)
    groups = [changed_numbers(tree, {each.name: np.array([each.low, each.high])}, 2) for each in found]
    partial = partial_values(evaluation.compiled, evaluation.values, evaluation.best_rows, groups, fixed=True)
    rows = np.arange(len(evaluation.compiled.nodes))
    for index, each in enumerate(found):
        full_values, full_best = evaluate_batch(tree, {each.name: np.array([each.low, each.high])}, 2, "fixed")
        for end in range(2):
            column = np.full(rows.size, 2 * index + end)
            assert np.array_equal(partial.value(column, rows), full_values[end]), (each.name, end)
            assert np.array_equal(partial.chosen(column, rows), evaluation.best_rows), (each.name, end)
            assert np.array_equal(full_best[end], evaluation.best_rows), (each.name, end)
