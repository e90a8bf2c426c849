"""The explorer's text panels: details, options, outcomes, and text shown literally."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer
from scenario_tree.explorer.panels import details_html, outcomes_html
from tests.model.test_utility import GAMBLE

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


def test_outcomes_are_worth_their_path_total_where_payoffs_lie_above_them() -> None:
    tree = scenario_tree.load(Path(__file__).resolve().parents[2] / "examples" / "movie_contract.scenario.yaml")
    evaluation = tree.evaluate()
    shown = outcomes_html(tree, evaluation)
    small = next(outcome for outcome in evaluation.outcomes() if outcome["id"] == "box_office_small")
    assert small["total"] != small["value"]
    row = shown.split('data-id="box_office_small"')[1].split("</tr>")[0]
    assert f"<td>{next(iter(small['total'].values())):.3g}</td>" in row
    details = details_html(tree, tree.node("box_office_small"), evaluation)
    assert "payoffs along its path" in details and "195000" not in details and "1.95e+05" in details
    assert "payoffs along its path" not in details_html(tree, tree.node("box_office_small").parent, evaluation)


def test_details_name_a_shared_uncertainty_and_the_state_of_its_branches() -> None:
    tree = scenario_tree.load(Path(__file__).resolve().parents[2] / "examples" / "oil_wildcatter.scenario.yaml")
    evaluation = tree.evaluate()
    assert "<th>shared uncertainty</th><td>oil_state</td>" in details_html(tree, tree.node("os_drill"), evaluation)
    assert "<th>state of oil_state</th><td>wet</td>" in details_html(tree, tree.node("os_wet"), evaluation)
    assert "shared uncertainty" not in details_html(tree, tree.node("os_decision"), evaluation)


def test_details_show_the_certainty_equivalent_beside_the_value_for_an_actor_with_a_utility() -> None:
    tree = scenario_tree.loads(GAMBLE)  # tolerance 300
    evaluation = tree.evaluate()
    expected = -300 * math.log(0.5 * math.exp(-200 / 300) + 0.5 * math.exp(100 / 300))  # by hand: -100 + (300 | 0)
    html = details_html(tree, tree.node("take"), evaluation)
    assert ("<th>value for Investor</th><td>50</td></tr><tr><th>certainty equivalent for Investor</th>"
            f"<td>{expected:.3g} (expected utility {1 - math.exp(-expected / 300):.4g}, risk tolerance 300)") in html
    assert "<th>value for Bank</th><td>-50</td>" in html
    assert "certainty equivalent for Bank" not in html  # the bank is risk neutral: its value says it all
    options = details_html(tree, tree.node("choice"), evaluation)
    assert "Investor chooses by its own certainty equivalent" in options
    assert "<th>certainty equivalent (Investor)</th>" in options
    assert f"<td>✔ Stake 100</td><td>50</td><td>-50</td><td>{expected:.3g}</td>" in options
    texaco = scenario_tree.load(Path(__file__).resolve().parents[2] / "examples" / "texaco_pennzoil.scenario.yaml")
    assert "certainty" not in details_html(texaco, texaco.root, texaco.evaluate())
