"""Messages for a reader: nodes named by their labels, checks in plain words."""

from __future__ import annotations

import scenario_tree
from scenario_tree.explorer.messages import plain


def test_node_paths_become_labels_and_unknown_paths_stay():
    tree = scenario_tree.default_tree()
    message = "cannot set ScenarioNode('/dialogue/transition_deal/guarantees_credible') to 0.9"
    assert plain(tree, message) == "cannot set “Guarantees credible: Putin's move” to 0.9"
    assert plain(tree, "ScenarioNode('/gone')") == "ScenarioNode('/gone')"


def test_checks_are_reworded():
    tree = scenario_tree.default_tree()
    assert plain(tree, "ScenarioNode('/dialogue/containment/tested_lines'): probability: found 1.7, expected a "
                       "number in [0, 1]") == "“Kremlin tests the lines, escalation”: a probability must be between " \
                                               "0 and 1 (found 1.7)"
    assert plain(tree, "ScenarioNode('/dialogue'): label: found '', expected non-empty text") == \
        "“Washington's approach”: the label cannot be empty"
