"""Writing SilverDecisions files: values kept, what cannot be carried over refused or warned about."""

from __future__ import annotations

import copy
import json
import math
import warnings

import pytest

import scenario_tree
from scenario_tree import ScenarioFileError
from scenario_tree.files.silverdecisions import (
    SilverDecisionsWarning,
    to_silverdecisions,
)
from tests.files.silverdecisions.helpers import EXPECTED_VALUE, SHARED, SHARED_FILES, TOLERANCE, convert, load_quietly
from tests.trees import EXAMPLES


@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda path: path.name)
def test_exporting_and_importing_again_gives_the_same_tree_and_values(path):
    tree = load_quietly(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SilverDecisionsWarning)
        again = convert(json.loads(json.dumps(to_silverdecisions(tree))))
    assert again.actors == tree.actors
    assert [(node.label, node.kind) for node in again.nodes()] == [(node.label, node.kind) for node in tree.nodes()]
    first, second = tree.evaluate(), again.evaluate()
    for ours, theirs in zip(tree.nodes(), again.nodes()):
        assert second.value[theirs.id] == pytest.approx(first.value[ours.id], abs=TOLERANCE)
        if ours.kind == "decision":
            assert again.node(second.best[theirs.id]).label == tree.node(first.best[ours.id]).label


def test_the_article_tree_cannot_be_exported_and_the_error_names_why():
    with pytest.raises(ScenarioFileError) as caught:
        to_silverdecisions(scenario_tree.default_tree())
    problems = caught.value.problems
    assert "found 3 actors (west, putin, russian_society); SilverDecisions has at most 2 criteria" in str(problems[0])
    putin = [problem.path for problem in problems[1:]]
    assert putin == ["/dialogue/transition_deal/guarantees_credible: actor",
                     "/dialogue/transition_deal/guarantees_weak: actor", "/dialogue/appeasement: actor"]
    assert all("decides for 'putin'" in problem.message for problem in problems[1:])


def test_export_keeps_values_pushes_the_root_payoff_down_and_orders_definitions():
    tree = scenario_tree.loads("""
format: scenario-tree/1
actors: [firm, rival]
parameters: {share: "base * 2", base: 0.2, cost: {value: 3, low: 1, high: 5}}
root:
  id: entry
  label: Enter?
  kind: decision
  payoff: {firm: -1, rival: "cost"}
  notes: entering costs one
  children:
    - {id: enter, label: Enter, kind: chance, payoff: {firm: "-cost"}, children: [
        {id: win, label: Win, kind: outcome, probability: share, payoff: {firm: 20, rival: -5}},
        {id: lose, label: Lose, kind: outcome, probability: "#", payoff: 1}]}
    - {id: stay_out, label: Stay out, kind: outcome, tags: [safe]}
""")
    with pytest.warns(SilverDecisionsWarning, match=r"notes \(1 node\), parameter ranges, tags \(1 node\)"):
        exported = to_silverdecisions(tree)
    assert exported["data"]["code"] == "base = 0.2\nshare = base * 2\ncost = 3"
    edges = exported["data"]["trees"][0]["childEdges"]
    assert [edge["payoff"] for edge in edges] == [["(-cost) + (-1)", "cost"], [-1, "cost"]]
    again = convert(json.loads(json.dumps(exported)))
    first, second = tree.evaluate(), again.evaluate()
    assert second.root_value == pytest.approx(first.root_value) == {"firm": -1 + 0.4 * 20 + 0.6 - 3, "rival": 1}
    for ours, theirs in zip(tree.nodes(), again.nodes()):
        inherited = {"firm": -1, "rival": 3} if ours.parent is tree.root else {"firm": 0, "rival": 0}
        expected = {actor: value + inherited[actor] for actor, value in first.value[ours.id].items()}
        assert second.value[theirs.id] == pytest.approx(expected)  # the root's payoff arrives with its branches


def test_export_writes_a_layout_silverdecisions_can_open():
    tree = load_quietly(SHARED / "treatments.json")
    exported = to_silverdecisions(tree)
    places = []
    stack = [(exported["data"]["trees"][0], 0)]
    while stack:
        node, depth = stack.pop()
        places.append((node["location"]["x"], node["location"]["y"]))
        assert node["location"]["x"] == 20 + 150 * depth
        stack.extend((edge["childNode"], depth + 1) for edge in node["childEdges"])
    assert len(set(places)) == len(places)  # no two nodes on top of each other
    assert exported["SilverDecisions"] == "1.2.0" and exported["rule"] == EXPECTED_VALUE


def test_export_does_not_change_the_tree():
    tree = load_quietly(SHARED / "variables_pass.json")
    before = copy.deepcopy(tree.to_dict())
    to_silverdecisions(tree)
    assert tree.to_dict() == before
    assert math.isclose(tree.evaluate().root_value["value"], 0.8733215538658357)


def test_a_lone_root_with_a_payoff_cannot_be_exported():
    tree = scenario_tree.loads("format: scenario-tree/1\nroot: {id: only, label: Only, kind: outcome, payoff: 5}\n")
    with pytest.raises(ScenarioFileError, match="/only: payoff: SilverDecisions keeps payoffs on branches"):
        to_silverdecisions(tree)
    tree.root.payoff = None
    assert convert(to_silverdecisions(tree)).evaluate().root_value == {"value": 0}


def test_a_tree_with_a_utility_is_refused_not_exported_risk_neutral():
    tree = scenario_tree.load(EXAMPLES / "risk_tolerance.scenario.yaml")
    with pytest.raises(ScenarioFileError, match="utility: investor: 'investor' has an exponential utility; "
                                                "SilverDecisions evaluates expected values only"):
        to_silverdecisions(tree)
