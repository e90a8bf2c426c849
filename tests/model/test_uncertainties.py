"""Shared uncertainties in the format: the keys, the group rule, and edits that would break it."""

from __future__ import annotations

import pytest

from scenario_tree import EditError, ScenarioFileError, load, loads
from scenario_tree.model.uncertainties import state_of, states_of, uncertainty_groups
from tests.trees import EXAMPLES

WILDCATTER = EXAMPLES / "oil_wildcatter.scenario.yaml"

TWO_MARKETS = """\
format: scenario-tree/1
root:
  id: launch
  label: Launch?
  kind: decision
  children:
    - id: now
      label: Now
      kind: chance
      uncertainty: demand
      children:
        - {id: now_high, label: High, kind: outcome, probability: 0.4, payoff: 10}
        - {id: now_low, label: Low, kind: outcome, probability: 0.6, payoff: -5}
    - id: later
      label: Later
      kind: chance
      uncertainty: demand
      children:
        - {id: later_up, label: Demand is high, state: High, kind: outcome, probability: 0.4, payoff: 6}
        - {id: later_down, label: Demand is low, state: LOWSTATE, kind: outcome, probability: 0.6, payoff: 0}
"""


def test_the_wildcatter_has_one_uncertainty_in_four_nodes():
    tree = load(WILDCATTER)
    groups = uncertainty_groups(tree.root)
    assert {name: [node.id for node in nodes] for name, nodes in groups.items()} == {
        "oil_state": ["drill", "ns_drill", "os_drill", "cs_drill"]}
    assert all(states_of(node) == ["dry", "wet", "soaking"] for node in groups["oil_state"])
    assert [child.label for child in groups["oil_state"][0].children] == ["Dry", "Wet", "Soaking"]


def test_branches_are_matched_by_state_key_else_label():
    tree = loads(TWO_MARKETS.replace("LOWSTATE", "Low"))
    assert [state_of(child) for child in tree.node("later").children] == ["High", "Low"]
    assert states_of(tree.node("now")) == ["High", "Low"]


def test_a_group_with_other_states_names_the_file_line_node_and_states_expected():
    with pytest.raises(ScenarioFileError) as caught:
        loads(TWO_MARKETS, file="markets.yaml")
    message = str(caught.value)
    assert "markets.yaml:14: /launch/later" in message
    assert "found the states ['High', 'LOWSTATE'], expected the states of ScenarioNode('/launch/now')" in message
    assert "['High', 'Low'] (missing ['Low'], not expected ['LOWSTATE'])" in message


@pytest.mark.parametrize(("change", "expected"), [
    (("      kind: chance\n      uncertainty: demand\n      children:\n        - {id: now_high",
      "      kind: decision\n      uncertainty: demand\n      children:\n        - {id: now_high"),
     "/launch/now: uncertainty: found on a decision node"),
    (("{id: now_low, label: Low,", "{id: now_low, label: High,"), "the state 'High' is named by more than one branch"),
    (("uncertainty: demand\n      children:\n        - {id: now_high", "uncertainty: bad name\n      children:\n"
      "        - {id: now_high"), "uncertainty: found 'bad name', expected a name of letters, digits, _ and - only"),
])
def test_misplaced_or_repeated_keys_are_errors(change, expected):
    text = TWO_MARKETS.replace("LOWSTATE", "Low").replace(*change)
    if "kind: decision" in change[1]:  # a decision's branches have no probabilities either: drop them
        text = text.replace("probability: 0.4, payoff: 10", "payoff: 10").replace(
            "probability: 0.6, payoff: -5", "payoff: -5")
    with pytest.raises(ScenarioFileError) as caught:
        loads(text)
    assert expected in str(caught.value)


def test_a_state_key_outside_a_shared_uncertainty_is_an_error():
    text = TWO_MARKETS.replace("LOWSTATE", "Low").replace("      uncertainty: demand\n", "")
    with pytest.raises(ScenarioFileError) as caught:
        loads(text)
    assert "/launch/later/later_up: state: found on a node that is not a branch of a chance node with an " \
           "'uncertainty'" in str(caught.value)
    loads(TWO_MARKETS.replace("LOWSTATE", "Low").replace("      uncertainty: demand\n", "", 1))  # a group of one


def test_the_schema_refuses_a_state_that_is_not_text():
    with pytest.raises(ScenarioFileError, match="later_up"):
        loads(TWO_MARKETS.replace("state: High", "state: 3"))


def test_renaming_a_branch_keeps_its_state_and_an_edit_that_breaks_a_group_is_refused():
    tree = loads(TWO_MARKETS.replace("LOWSTATE", "Low"))
    tree.rename("now_low", "Medium")  # matched by its label until now: it keeps the state it named
    assert (tree.node("now_low").label, tree.node("now_low").state) == ("Medium", "Low")
    tree.undo()
    assert (tree.node("now_low").label, tree.node("now_low").state) == ("Low", None)
    tree.rename("later_down", "Demand is weak")  # its state key keeps the match
    assert (tree.node("later_down").state, state_of(tree.node("later_down"))) == ("Low", "Low")
    with pytest.raises(EditError, match="uncertainty 'demand': found the states"):
        tree.add_child("now", "now_medium", "Medium", probability=0)
    assert [child.id for child in tree.node("now").children] == ["now_high", "now_low"]


def test_save_and_load_keep_the_keys(tmp_path):
    tree = loads(TWO_MARKETS.replace("LOWSTATE", "Low"))
    for suffix in ("yaml", "json"):
        path = tmp_path / f"markets.scenario.{suffix}"
        tree.save(path)
        again = load(path)
        assert again.node("later").uncertainty == "demand"
        assert again.node("later_up").state == "High"
        assert again.node("now_high").state is None


def test_files_without_the_key_have_no_groups():
    tree = load(EXAMPLES / "texaco_pennzoil.scenario.yaml")
    assert uncertainty_groups(tree.root) == {}


def test_a_path_meets_an_uncertainty_once():
    nested = TWO_MARKETS.replace("LOWSTATE", "Low").replace(
        "{id: now_low, label: Low, kind: outcome, probability: 0.6, payoff: -5}",
        "{id: now_low, label: Low, kind: chance, probability: 0.6, uncertainty: demand, children: ["
        "{id: again_high, label: High, kind: outcome, probability: 0.5}, "
        "{id: again_low, label: Low, kind: outcome, probability: 0.5}]}")
    with pytest.raises(ScenarioFileError) as caught:
        loads(nested)
    assert ("/launch/now/now_low: uncertainty: uncertainty 'demand': below ScenarioNode('/launch/now'), where its "
            "state is already known") in str(caught.value)
