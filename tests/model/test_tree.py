"""TreeModel: metadata, the node index, copies and what each change invalidates."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioTree, loads
from tests.trees import CHANCE, GAME, small


def test_tree_from_nodes_gets_default_metadata():
    tree = ScenarioTree(small())
    assert tree.meta == {"title": "Root"}
    assert tree.to_dict()["format"] == "scenario-tree/1"
    assert tree.title == "Root"
    assert tree.actors == ["value"]
    assert tree.file is None


def test_evaluate_is_cached_until_an_edit():
    tree = loads(GAME)
    first = tree.evaluate()
    assert tree.evaluate() is first
    tree.set_payoff("stay_out", {"west": -9})
    second = tree.evaluate()
    assert second is not first
    assert second.best["west_move"] == "engage"


def test_an_old_evaluation_is_a_snapshot():
    tree = loads(CHANCE)
    old = tree.evaluate()
    old_value = old.value["c"]["west"]
    tree.set_probability("a", 0.9)
    tree.set_payoff("a", {"west": 100, "putin": 5})
    tree.evaluate()
    assert old.value["c"]["west"] == old_value
    assert old.probability["a"] == pytest.approx(0.2)
    assert old.probability["b"] == pytest.approx(0.8)
