"""What happened in the explorer: the realised path in the summary, the observations in the details."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenario_tree import default_tree
from scenario_tree.explorer import Explorer
from scenario_tree.explorer.hindsight_view import hindsight_details_html, hindsight_summary_html
from scenario_tree.hindsight import load_hindsight

RECORD = Path(__file__).resolve().parents[2] / "examples" / "trump_putin_2017.hindsight.yaml"

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_summary_says_the_realised_path_in_labels_with_the_dates() -> None:
    tree = default_tree()
    record = load_hindsight(RECORD, tree)
    line = hindsight_summary_html(tree, record)
    labels = [tree.node(node_id).label.replace("'", "&#x27;") for node_id in record.path[1:]]
    assert " → ".join(labels) in line
    assert record.compiled.isoformat() in line and "2017-03-08" in line
    assert hindsight_summary_html(tree, None) == ""


def test_details_list_each_observation_of_a_node_with_source_and_judgement() -> None:
    tree = default_tree()
    record = load_hindsight(RECORD, tree)
    node = tree.node(record.deepest)
    shown = hindsight_details_html(record, node)
    own = [each for each in record.observations if each.node == node.id]
    assert own and shown.count("class='st-observation'") == len(own)
    assert f"known by {record.first_seen(node.id).isoformat()}" in shown
    for each in own:
        assert each.date.isoformat() in shown and (each.source.url or each.source.title) in shown
        assert (each.judgement is None) or "A judgement:" in shown
    assert hindsight_details_html(record, tree.node("containment")) == ""  # never reached
    assert hindsight_details_html(record, tree.root) == ""  # the root is reached by definition


def test_explorer_marks_what_happened_and_clears_it(explorer: Explorer) -> None:
    version = explorer.tree.version
    record = explorer.show_hindsight(RECORD)
    assert explorer.drawing.options.realised == record.deepest
    svg = explorer.drawing.current_svg()
    assert svg.count('realised"') + svg.count("realised ") >= 2 * len(record.path) - 1
    assert "What happened" in explorer._summary.value
    explorer.select(record.deepest)
    assert "st-observation" in explorer._details.value
    explorer.show_hindsight(None)
    assert explorer.drawing.options.realised is None and "What happened" not in explorer._summary.value
    assert "realised" not in explorer.drawing.current_svg()
    assert explorer.tree.version == version, "showing what happened edited the tree"


def test_explorer_opens_with_a_record() -> None:
    shown = Explorer(default_tree(), hindsight=RECORD)
    assert shown.hindsight is not None and "What happened" in shown._summary.value
