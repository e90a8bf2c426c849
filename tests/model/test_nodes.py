"""The node model: paths, walking without recursion, remainder probabilities, payoff vectors."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioNode, ScenarioTree
from scenario_tree.model.nodes import (
    KINDS,
    REMAINDER,
    ancestors,
    attach_new_children,
    node_path,
    payoff_vector,
    preorder,
    resolved_probabilities,
)
from tests.trees import small


def test_constants():
    assert KINDS == ("decision", "chance", "outcome")
    assert REMAINDER == "#"


def test_fields_default_to_empty():
    node = ScenarioNode("n", "N", "outcome")
    assert (node.actor, node.payoff, node.probability, node.notes, node.url) == (None,) * 5
    assert node.tags == [] and node.quotes == []
    tags = ["x"]
    tagged = ScenarioNode("t", "T", "outcome", tags=tags)
    tags.append("y")
    assert tagged.tags == ["x"]  # copied, not shared


def test_preorder_parents_first_children_in_order():
    root = small()
    assert [node.id for node in preorder(root)] == ["root", "chance", "a", "b", "c"]
    chance = root.children[0]
    assert [node.id for node in preorder(chance)] == ["chance", "a", "b"]


def test_paths_and_ancestors():
    root = small()
    a = root.children[0].children[0]
    assert node_path(a) == "/root/chance/a"
    assert node_path(root) == "/root"
    assert repr(a) == "ScenarioNode('/root/chance/a')"
    assert [node.id for node in ancestors(a)] == ["chance", "root"]
    assert [node.id for node in ancestors(a, include_self=True)] == ["a", "chance", "root"]
    assert list(ancestors(root)) == []


def test_walking_a_deep_chain_does_not_recurse():
    depth = 3000
    root = node = ScenarioNode("n0", "N0", "decision")
    for level in range(1, depth):
        node = ScenarioNode(f"n{level}", f"N{level}", "decision" if level < depth - 1 else "outcome", parent=node)
    assert node_path(node).count("/") == depth
    assert node_path(node).endswith(f"/n{depth - 2}/n{depth - 1}")
    assert sum(1 for _ in preorder(root)) == depth
    assert sum(1 for _ in ancestors(node)) == depth - 1
    tree = ScenarioTree(root)
    assert len(tree) == depth
    assert tree.evaluate().best["n0"] == "n1"


@pytest.mark.parametrize("raw, expected", [
    ([0.2, 0.8], [0.2, 0.8]),
    ([0.5, "#", "#"], [0.5, 0.25, 0.25]),
    (["#"], [1.0]),
    (["#", "#", "#", "#"], [0.25] * 4),
    ([1, "#"], [1.0, 0.0]),
    ([0, 1], [0.0, 1.0]),
])
def test_resolved_probabilities(raw, expected):
    chance = ScenarioNode("c", "C", "chance")
    for number, value in enumerate(raw):
        ScenarioNode(f"x{number}", "X", "outcome", probability=value, parent=chance)
    assert resolved_probabilities(chance) == pytest.approx(expected)
    assert [child.probability for child in chance.children] == raw  # "#" is kept in the node


@pytest.mark.parametrize("payoff, expected", [
    (None, [0.0, 0.0, 0.0]),
    (5, [5.0, 0.0, 0.0]),
    (-1.5, [-1.5, 0.0, 0.0]),
    ({"putin": 2}, [0.0, 2.0, 0.0]),
    ({"society": 1, "west": -3}, [-3.0, 0.0, 1.0]),
])
def test_payoff_vector(payoff, expected):
    assert payoff_vector(payoff, ["west", "putin", "society"]) == expected




def test_new_children_attached_at_once_behave_like_anytrees():
    root = ScenarioNode("r", "R", "decision")
    children = [ScenarioNode(f"c{number}", "C", "outcome") for number in range(3)]
    attach_new_children(root, children)
    assert root.children == tuple(children) and all(child.parent is root for child in children)
    assert node_path(children[2]) == "/r/c2"
    children[1].parent = None  # anytree's own detaching still works
    assert [child.id for child in root.children] == ["c0", "c2"]
    ScenarioNode("late", "L", "outcome", parent=root)
    assert [child.id for child in root.children] == ["c0", "c2", "late"]


def test_only_new_nodes_are_attached_at_once():
    root = ScenarioNode("r", "R", "decision")
    attach_new_children(root, [ScenarioNode("a", "A", "outcome")])
    with pytest.raises(ValueError, match="already has children"):
        attach_new_children(root, [ScenarioNode("b", "B", "outcome")])
    other = ScenarioNode("o", "O", "decision")
    with pytest.raises(ValueError, match="not a new node"):
        attach_new_children(other, [root.children[0]])
    twice = ScenarioNode("t", "T", "outcome")
    with pytest.raises(ValueError, match="not a new node"):
        attach_new_children(ScenarioNode("p", "P", "decision"), [twice, twice])


def test_a_remainder_within_the_sums_tolerance_of_nothing_is_nothing_not_negative():
    chance = ScenarioNode("c", "C", "chance")
    ScenarioNode("a", "A", "outcome", probability=0.6, parent=chance)
    ScenarioNode("b", "B", "outcome", probability=0.4 + 5e-10, parent=chance)
    ScenarioNode("r", "R", "outcome", probability=REMAINDER, parent=chance)
    assert resolved_probabilities(chance)[2] == 0.0
