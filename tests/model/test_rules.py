"""The rules a tree obeys, written once: the loader reports them and edits refuse to break them."""

from __future__ import annotations

import pytest

from scenario_tree import EditError, ScenarioFileError, loads
from scenario_tree.model import ScenarioNode
from scenario_tree.model.rules import (
    actor_problem,
    id_problem,
    label_problem,
    node_breaches,
    number_problem,
    parameter_breaches,
    tree_breaches,
)


@pytest.mark.parametrize("value, low, high, message", [
    (float("nan"), 0, 1, "found nan, expected a finite number"),
    (float("inf"), -1e9, 1e9, "found inf, expected a finite number"),
    (True, 0, 1, "found True, expected a finite number"),
    ("0.5", 0, 1, "found '0.5', expected a finite number"),
    (1.5, 0, 1, "found 1.5, expected a number in [0, 1]"),
    (0.5, 0, 1, None),
])
def test_the_number_rule(value, low, high, message):
    assert number_problem(value, low, high) == message


def test_text_rules():
    assert label_problem("") == "found '', expected non-empty text"
    assert label_problem("Deal") is None
    assert id_problem("a b") == "found 'a b', expected letters, digits, _ and - only"
    assert actor_problem("bank", ["west", "putin"]) == "unknown actor 'bank' (must be one of ['west', 'putin'])"


def test_node_rules_name_the_field():
    chance = ScenarioNode("c", "C", "chance", actor="west")
    ScenarioNode("a", "A", "outcome", probability=0.7, parent=chance)
    ScenarioNode("b", "B", "outcome", parent=chance)
    found = {(breach.node.id, breach.field): breach.message for breach in node_breaches(chance, ["west"], {})}
    assert found == {("c", "actor"): "found 'west' on a chance node; only decisions have an actor"}
    for child in chance.children:
        found.update({(breach.node.id, breach.field): breach.message
                      for breach in node_breaches(child, ["west"], {})})
    assert found[("b", "probability")].startswith("missing; every branch of a chance node needs a probability")


def test_parameter_rules_report_ranges_and_cycles():
    values, breaches = parameter_breaches({"a": {"value": 1, "low": 5, "high": 2}})
    assert values == {"a": 1.0} and [breach.message for breach in breaches] == ["low 5 is above high 2"]
    values, breaches = parameter_breaches({"a": "b", "b": "a"})
    assert values is None and "a cycle: a -> b -> a" in breaches[0].message


def test_tree_rules_find_duplicate_ids_and_name_clashes():
    root = ScenarioNode("r", "R", "decision")
    ScenarioNode("x", "X", "outcome", parent=root)
    ScenarioNode("x", "X again", "outcome", parent=root)
    messages = [breach.message for breach in tree_breaches(root, ["value"], {"r": 1})]
    assert "'r' is also a parameter's name; rename one of them" in messages
    assert any(message.startswith("duplicate id 'x'") for message in messages)


COIN = """
format: scenario-tree/1
root:
  id: coin
  label: Coin
  kind: chance
  children:
    - {id: heads, label: Heads, kind: outcome, probability: 0.5, payoff: 1}
    - {id: tails, label: Tails, kind: outcome, probability: 0.5, payoff: 0}
"""


def test_loading_and_editing_apply_the_same_sum_rule():
    bad = COIN.replace("probability: 0.5, payoff: 0", "probability: 0.4, payoff: 0")
    with pytest.raises(ScenarioFileError) as loading:
        loads(bad)
    tree = loads(COIN)
    with pytest.raises(EditError) as editing:
        tree.set_probabilities("coin", {"tails": 0.4})
    expected = "probabilities sum to 0.9, expected 1"
    assert expected in str(loading.value) and expected in str(editing.value)
    assert tree.node("tails").probability == 0.5  # the refused edit changed nothing
    assert not tree.history.can_undo
