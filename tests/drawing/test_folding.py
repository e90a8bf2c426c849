"""Which nodes a drawing shows: folds, depth and probability limits, the size cap."""

from __future__ import annotations

import pytest

from scenario_tree import default_tree
from scenario_tree.synthetic import synthetic_tree
from tests.drawing.helpers import FOLDED_LINE, expected_view, node_groups, note, outcome_count
from tests.svg_helpers import SVG, classes, groups, parse, texts

FOLDS = [
    {"depth": 0},
    {"depth": 1},
    {"depth": 2},
    {"min_probability": 0.45},
    {"min_probability": 0.5},
    {"min_probability": 0.61},
    {"folded": {"transition_deal"}},
    {"folded": {"guarantees_weak", "containment"}},
    {"depth": 1, "unfolded": {"transition_deal"}},
    {"min_probability": 0.5, "unfolded": {"guarantees_credible", "stall_credible"}},
    {"depth": 1, "folded": {"appeasement"}, "unfolded": {"appeasement"}},
]


@pytest.mark.exe
@pytest.mark.parametrize("options", FOLDS, ids=[str(options) for options in FOLDS])
def test_folding_rules(options):
    tree = default_tree()
    shown, summaries = expected_view(tree, **options)
    assert summaries, "every case folds something"
    svg = tree.to_svg(id_prefix="f", **options)
    drawn = node_groups(svg, "f")
    assert set(drawn) == shown
    assert {node_id for node_id, group in drawn.items() if "folded" in classes(group)} == summaries
    for node_id, group in drawn.items():
        counts = [int(found) for line in texts(group) for found in FOLDED_LINE.findall(line)]
        if node_id in summaries:
            assert counts == [outcome_count(tree.node(node_id))], node_id
            outlines = [shape for shape in group if shape.tag in (f"{SVG}polygon", f"{SVG}path")]
            assert outlines and all(shape.get("stroke-dasharray") for shape in outlines), "a summary is dashed"
            assert " ".join(texts(group)).startswith(tree.node(node_id).label)
        else:
            assert counts == [], node_id
    assert note(svg) == (len(tree) - len(shown), len(summaries))
    edges = {key.removeprefix("f-edge-") for key in groups(parse(svg)) if key.startswith("f-edge-")}
    assert edges == shown - {tree.root.id}


@pytest.mark.exe
def test_unfolded_protects_a_node_from_depth_and_probability_folds():
    tree = default_tree()
    depth_only = node_groups(tree.to_svg(id_prefix="f", depth=1), "f")
    opened = node_groups(tree.to_svg(id_prefix="f", depth=1, unfolded={"transition_deal"}), "f")
    assert "folded" in classes(depth_only["transition_deal"])
    assert "folded" not in classes(opened["transition_deal"])
    assert {"guarantees_credible", "guarantees_weak"} <= set(opened) - set(depth_only)


@pytest.mark.exe
@pytest.mark.parametrize("cap", [1, 2, 5, 10, 20, 35])
def test_max_nodes_caps_what_is_shown(cap):
    tree = default_tree()
    svg = tree.to_svg(id_prefix="m", max_nodes=cap)
    drawn = node_groups(svg, "m")
    assert 1 <= len(drawn) <= cap
    summaries = {node_id for node_id, group in drawn.items() if "folded" in classes(group)}
    assert note(svg) == (len(tree) - len(drawn), len(summaries))
    assert sum(outcome_count(tree.node(node_id)) for node_id, group in drawn.items()
               if "folded" in classes(group) or not tree.node(node_id).children) == outcome_count(tree.root), \
        "every outcome is either shown or counted in exactly one summary"
    for node_id in drawn:
        parent = tree.node(node_id).parent
        assert parent is None or (parent.id in drawn and parent.id not in summaries)
    if cap == 1:
        assert set(drawn) == {"dialogue"} and summaries == {"dialogue"}


@pytest.mark.exe
def test_max_nodes_none_and_a_large_cap_show_everything():
    tree = default_tree()
    for cap in (None, 36, 400):
        svg = tree.to_svg(id_prefix="m", max_nodes=cap)
        assert len(node_groups(svg, "m")) == 36
        assert note(svg) is None
    with pytest.raises(ValueError, match="max_nodes"):
        tree.drawing(max_nodes=0)


@pytest.mark.exe
@pytest.mark.parametrize("cap", [50, 200, None])
def test_max_nodes_on_a_thousand_nodes(cap):
    tree = synthetic_tree(1000, seed=5)
    options = {} if cap is None else {"max_nodes": cap}
    svg = tree.to_svg(id_prefix="m", **options)
    drawn = node_groups(svg, "m")
    assert len(drawn) <= (cap or 400)
    summaries = sum(1 for group in drawn.values() if "folded" in classes(group))
    assert note(svg) == (1000 - len(drawn), summaries)
    assert "1000 nodes" not in svg
