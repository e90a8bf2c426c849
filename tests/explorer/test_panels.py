"""The explorer's text panels: details, options, outcomes, and text shown literally."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_hostile_text_is_escaped_in_every_panel() -> None:
    tree = scenario_tree.default_tree()
    hostile = "<img src=x onerror=alert(1)>"
    tree.rename("containment", hostile)
    tree.set_notes("containment", hostile)
    tree.node("containment").quotes = [{"text": hostile, "paragraph": 1}]
    explorer = Explorer(tree)
    explorer.select("stable_standoff")
    panels = [explorer._details.value, explorer.view.svg, explorer._outcomes.value]
    explorer.select("containment")
    panels.append(explorer._details.value)
    assert all("<img" not in panel for panel in panels)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in panel for panel in panels)
    assert explorer._place.children[-1].description == f"› {hostile}"  # a button's text is text, never HTML


def test_decision_details_list_every_option_with_values(explorer: Explorer) -> None:
    explorer.select("dialogue")
    details = explorer._details.value
    for child in explorer.tree.node("dialogue").children:
        assert child.label.replace("'", "&#x27;") in details
    assert details.count("<tr") >= 4 + len(explorer.tree.node("dialogue").children)
