"""SilverDecisions' rules and versions: what maximising the expected value can mean, what it cannot."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree import ScenarioFileError
from scenario_tree.files.silverdecisions import (
    SilverDecisionsWarning,
    from_silverdecisions,
)
from tests.files.silverdecisions.helpers import EXPECTED_VALUE, SHARED, new_file, terminal


@pytest.mark.parametrize("rule", ["expected-value-minimization", "maxi-min", "maxi-max", "mini-min", "mini-max"])
def test_rules_that_do_not_maximise_the_expected_value_are_refused(rule):
    data = new_file({"type": "decision", "childEdges": [terminal("a", 1), terminal("b", 2)]}, rule=rule)
    with pytest.raises(ScenarioFileError, match=f"rule '{rule}'.*choose differently.*{EXPECTED_VALUE}"):
        from_silverdecisions(data, "costs.json")


def test_an_unknown_rule_is_refused_with_the_known_ones():
    data = new_file({"type": "decision", "childEdges": [terminal("a", 1)]}, rule="regret")
    with pytest.raises(ScenarioFileError, match=r"rule 'regret': unknown \(must be one of \['expected-value"):
        from_silverdecisions(data, "x.json")


def test_a_two_criteria_rule_is_said_not_silently_dropped():
    with pytest.warns(SilverDecisionsWarning, match="min-max"):
        tree = scenario_tree.load(SHARED / "treatments.json")
    assert tree.actors == ["Cost", "Effect"]
    assert "min-max" in tree.meta["description"] and "maximises the expected Cost" in tree.meta["description"]
    assert {node.actor for node in tree.nodes() if node.kind == "decision"} == {"Cost"}


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"SilverDecisions": "2.0.0"}, "version 2.0.0 is newer than 1.2"),
        ({"SilverDecisions": "new"}, "SilverDecisions: found 'new', expected a version"),
        ({"data": {"trees": []}}, "data.trees: expected a list of at least one tree"),
    ],
)
def test_unreadable_versions_and_layouts(change, fragment):
    data = new_file({"type": "terminal", "childEdges": []}) | change
    with pytest.raises(ScenarioFileError, match=fragment):
        from_silverdecisions(data, "x.json")
