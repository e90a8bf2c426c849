"""Seeded synthetic trees: exactly the size asked for, valid, and the same for the same seed."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioTree
from scenario_tree.model.rules import tree_breaches
from scenario_tree.synthetic import synthetic_tree


@pytest.mark.parametrize("size", [1, 2, 37, 1000])
def test_exactly_the_size_asked_for_and_valid(size):
    tree = synthetic_tree(size, seed=4)
    assert isinstance(tree, ScenarioTree) and len(tree) == size
    assert list(tree_breaches(tree.root, tree.actors, tree.parameters)) == []


def test_the_same_seed_gives_the_same_tree_and_another_seed_another():
    assert synthetic_tree(200, seed=1).to_dict() == synthetic_tree(200, seed=1).to_dict()
    assert synthetic_tree(200, seed=1).to_dict() != synthetic_tree(200, seed=2).to_dict()


def test_kinds_alternate_by_depth_and_concentration_marks_chances():
    tree = synthetic_tree(300, seed=3, concentration=15)
    for node in tree.nodes():
        if node.children:
            assert node.kind == ("decision" if node_depth(node) % 2 == 0 else "chance")
        else:
            assert node.kind == "outcome" and -10 <= node.payoff <= 10
        assert node.concentration == (15 if node.kind == "chance" else None)


def node_depth(node) -> int:
    depth = 0
    while node.parent is not None:
        node, depth = node.parent, depth + 1
    return depth
