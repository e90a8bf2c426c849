"""Compiling a tree to level-ordered arrays: compiled evaluation agrees with plain recursion."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree import loads
from scenario_tree.model.compiled import compile_tree
from scenario_tree.model.evaluate import backward_values, naive_values
from tests.trees import GAME


def test_compiled_matches_naive_on_article_tree():
    tree = scenario_tree.default_tree()
    evaluation = tree.evaluate()
    for node in tree.nodes():
        expected = naive_values(node, tree.actors)
        assert list(evaluation.value[node.id].values()) == pytest.approx(expected), node


def test_backward_values_rows_follow_compiled_order():
    tree = loads(GAME)
    compiled = compile_tree(tree.root, tree.actors)
    values, best = backward_values(compiled)
    rows = {node.id: row for row, node in enumerate(compiled.nodes)}
    assert compiled.nodes[0] is tree.root
    assert values[rows["west_move"]].tolist() == [2.0, 0.0]
    assert best[rows["engage"]] == rows["exploit"]
    assert best[rows["concede"]] == -1
