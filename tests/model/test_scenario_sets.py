"""Reading a scenario's keys and planning a chance node's probabilities once some branches are set."""

from __future__ import annotations

import re

import pytest

from scenario_tree import loads
from scenario_tree.model.scenario_sets import name_of_scenario_problem, planned_probabilities, settings

GAME = """\
format: scenario-tree/1
actors: [a, b]
parameters: {cost: {value: 2, low: 0, high: 5}}
root:
  id: r
  label: R
  kind: chance
  children:
    - {id: x, label: X, kind: outcome, probability: 0.5, payoff: {a: 1, b: "cost"}}
    - {id: y, label: Y, kind: outcome, probability: "#", payoff: 3}
"""


def test_every_kind_of_key_is_read():
    found, problems = settings({"description": "why", "x": 0.2, "y.probability": 0.3, "x.payoff": 4,
                                "y.payoff.b": -1, "cost": 5}, loads(GAME))
    assert problems == []
    assert [(each.kind, each.node_id, each.actor, each.value) for each in found] == [
        ("probability", "x", None, 0.2), ("probability", "y", None, 0.3), ("payoff", "x", "a", 4),
        ("payoff", "y", "b", -1), ("parameter", None, None, 5)]


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("x", 1.5, "x: found 1.5, expected a number in [0, 1]"),
    ("r", 0.5, "'r' is the root; only branches of chance nodes have a probability to set"),
    ("x.payoff.c", 1, "unknown actor 'c'"),
    ("x.payoff.b", 1, "is the expression 'cost'; set the parameters it uses instead"),
    ("x.weight", 1, "expected 'probability', 'payoff' or 'payoff.<actor>'"),
    ("cost", 6, "cost: found 6, expected a number in [0, 5]"),
    ("cots", 1, "no node or parameter is called 'cots' (did you mean 'cost'?)"),
    ("x", "#", "found '#', expected a finite number"),
    ("description", 3, "description: found 3, expected text"),
])
def test_a_bad_key_or_value_says_what_was_expected(key, value, expected):
    found, problems = settings({key: value}, loads(GAME))
    assert found == [] and len(problems) == 1 and expected in problems[0]


def test_names_of_scenarios():
    assert name_of_scenario_problem("pessimistic") is None
    assert "name of the base numbers" in name_of_scenario_problem("base")
    assert "letters, digits" in name_of_scenario_problem("two words")


def chance(*probabilities):
    return {f"b{index}": probability for index, probability in enumerate(probabilities)}


def test_the_branches_not_named_share_the_rest_in_proportion():
    # 0.2 and 0.6 (and '#' = 0.2) hold 1; b0 set to 0.6 leaves 0.4 for shares 0.6 : 0.2, i.e. 0.3 and 0.1
    assert planned_probabilities(chance(0.2, 0.6, "#"), {"b0": 0.6}, {}) == {"b0": 0.6, "b1": 0.3, "b2": "#"}


def test_branches_holding_nothing_share_the_rest_equally():
    assert planned_probabilities(chance(1.0, 0.0, 0.0), {"b0": 0.4}, {}) == {"b0": 0.4, "b1": 0.3, "b2": 0.3}


@pytest.mark.parametrize(("fixed", "message"), [
    ({"b0": 0.7, "b1": 0.5}, "the branches set here (b0 0.7, b1 0.5) sum to 1.2, expected at most 1"),
    ({"b0": 0.5, "b1": 0.3, "b2": 0.1}, "every branch is set here (b0 0.5, b1 0.3, b2 0.1) and they sum to 0.9"),
])
def test_branches_set_beyond_one_are_refused(fixed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        planned_probabilities(chance(0.2, 0.6, "#"), fixed, {})
