"""Named scenarios of a tree: a tree with a scenario's numbers, switching, saving and removing (undoable)."""

from __future__ import annotations

import re

import pytest

from scenario_tree import EditError, default_tree, loads
from tests.model.test_scenario_sets import GAME

WITH_SCENARIOS = GAME.replace("root:", """\
scenarios:
  low: {description: Cheap and likely, x: 0.8, cost: 0}
  payoffs: {x.payoff: 10, y.payoff.b: 7}
root:""")


def test_a_scenario_is_a_new_tree_with_its_numbers_and_the_base_is_untouched():
    tree = loads(WITH_SCENARIOS)
    low = tree.scenario("low")
    assert type(low) is type(tree) and not low.history.can_undo
    assert (low.node("x").probability, low.node("y").probability, low.parameter_values()) == (0.8, "#", {"cost": 0})
    # x: a 0.8 * 1, b 0.8 * cost 0; y ('#' = 0.2): a 0.2 * 3
    assert low.evaluate().value["r"] == pytest.approx({"a": 0.8 + 0.6, "b": 0.0})
    assert (tree.node("x").probability, tree.parameter_values()) == (0.5, {"cost": 2})
    payoffs = tree.scenario("payoffs")
    assert (payoffs.node("x").payoff, payoffs.node("y").payoff) == ({"a": 10, "b": "cost"}, {"a": 3, "b": 7})


def test_scenarios_apply_to_the_base_numbers_not_on_top_of_each_other_or_of_edits():
    tree = loads(WITH_SCENARIOS)
    tree.set_probability("x", 0.1)
    tree.use_scenario("payoffs")
    assert tree.node("x").probability == 0.5 and tree.matching_scenario() == "payoffs"
    tree.use_scenario("low")
    assert tree.node("x").payoff == {"a": 1, "b": "cost"} and tree.matching_scenario() == "low"
    assert tree.scenario("base").node("x").probability == 0.5
    tree.undo()
    assert tree.matching_scenario() == "payoffs"
    tree.undo()
    assert tree.node("x").probability == 0.1 and tree.matching_scenario() is None


def test_the_live_numbers_are_saved_as_a_scenario_that_reproduces_them():
    tree = loads(WITH_SCENARIOS)
    tree.set_probability("x", 0.3)
    tree.set_payoff("y", 5, actor="b")
    tree.set_parameter("cost", 4)
    spec = tree.save_scenario("mine", description="A colleague's reading")
    assert spec == {"description": "A colleague's reading", "cost": 4, "x": 0.3, "y": 0.7, "y.payoff.b": 5}
    assert tree.matching_scenario() == "mine"
    again = loads(tree.dumps())  # the file now holds the live numbers as its base, and the scenario
    assert again.scenario_settings("mine") == {"cost": 4, "x": 0.3, "y": 0.7, "y.payoff.b": 5}
    assert again.scenario_description("mine") == "A colleague's reading"
    tree.undo()
    assert tree.scenario_names == ["low", "payoffs"]


def test_a_scenario_is_removed_and_restored_by_undo():
    tree = loads(WITH_SCENARIOS)
    tree.remove_scenario("low")
    assert tree.scenario_names == ["payoffs"]
    tree.remove_scenario("payoffs")
    assert "scenarios" not in tree.meta
    tree.undo()
    tree.undo()
    assert tree.scenario_names == ["low", "payoffs"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda tree: tree.scenario("nope"), "unknown scenario 'nope' (the tree has ['base', 'low', 'payoffs'])"),
    (lambda tree: tree.save_scenario("base"), "the name of the base numbers"),
    (lambda tree: tree.remove_scenario("base"), "'base' is the base numbers, not a named scenario"),
])
def test_unknown_and_reserved_names_are_refused(call, message):
    tree = loads(WITH_SCENARIOS)
    with pytest.raises(EditError, match=re.escape(message)):
        call(tree)


def test_a_scenario_that_would_break_a_rule_is_refused_and_changes_nothing():
    tree = loads(WITH_SCENARIOS)
    tree.meta["scenarios"]["low"] = {"x": 0.8, "y": 0.5}
    expected = "scenario 'low': /r: the branches set here (x 0.8, y 0.5) sum to 1.3, expected at most 1"
    with pytest.raises(EditError, match=re.escape(expected)):
        tree.use_scenario("low")
    assert tree.node("x").probability == 0.5 and not tree.history.can_undo


def test_the_article_readings_differ_where_their_descriptions_say():
    tree = default_tree()
    assert tree.scenario_names == ["pessimistic", "optimistic"]
    for name in tree.scenario_names:
        assert "paragraph" in tree.scenario_description(name)  # grounded in the article's text
    pessimistic = tree.scenario("pessimistic")
    # stall: adventure 0.25 set; spiral 0.6 and collapse '#' 0.25 share the other 0.75 as 0.6 : 0.25
    assert pessimistic.node("stall_spiral").probability == pytest.approx(0.6 * 0.75 / 0.85)
    assert pessimistic.node("stall_collapse").probability == "#"
    assert pessimistic.node("soft_landing").payoff == {"west": 6, "putin": 4, "russian_society": 9}


def test_removing_a_node_drops_the_scenario_settings_that_named_it_and_undo_brings_them_back():
    tree = default_tree()
    tree.remove("containment")
    assert "tested_lines" not in tree.scenario_settings("optimistic")
    assert loads(tree.dumps()).scenario("optimistic").node("soft_landing").probability == 0.85
    tree.undo()
    assert tree.scenario_settings("optimistic")["tested_lines"] == 0.2


def test_a_remainder_and_the_number_it_stands_for_are_the_same_reading():
    tree = loads(WITH_SCENARIOS)
    tree.set_probabilities("r", {"x": 0.5, "y": 0.5})  # y was '#', which stood for 0.5
    assert tree.node("y").probability == 0.5 and tree.matching_scenario() == "base"
    tree.set_probability("x", 1 / 3)
    tree.save_scenario("third")
    assert tree.matching_scenario() == "third"
