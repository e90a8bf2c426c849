"""The probability sliders: edits, locks, reset, refused values, and no edit by merely showing a value."""

from __future__ import annotations

import pytest

from scenario_tree.explorer import Explorer
from tests.explorer.helpers import edge_texts, sent_patches

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_slider_edit_restyles_without_graphviz_and_patches(explorer: Explorer, monkeypatch) -> None:
    explorer.select("transition_deal")
    patches = sent_patches(explorer, monkeypatch)
    runs = explorer.drawing.layout_runs
    slider, number, _ = explorer._sliders.rows["guarantees_credible"]
    slider.value = 0.7
    assert explorer.drawing.layout_runs == runs
    assert patches, "a probability edit sends the changed SVG groups"
    patched = "".join(patches[-1].values())
    assert ">0.7<" in patched and ">0.3<" in patched
    assert explorer._sliders.rows["guarantees_weak"][0].value == pytest.approx(0.3)
    assert number.value == pytest.approx(0.7)
    assert "0.700" in explorer._details.value or "0.7" in explorer._outcomes.value
    assert edge_texts(explorer.drawing.current_svg(), "guarantees_credible")[-1] == "0.7"


def test_lock_keeps_a_branch_and_reset_restores_file_values(explorer: Explorer) -> None:
    explorer.select("containment")
    explorer._sliders.rows["tested_lines"][2].value = True  # the lock toggle
    assert "tested_lines" in explorer.tree.locked
    explorer._sliders.rows["stable_standoff"][0].value = 0.6
    probabilities = explorer.tree.evaluate().probability
    assert probabilities["tested_lines"] == pytest.approx(0.3)
    assert probabilities["isolated_decay"] == pytest.approx(0.1)
    explorer.reset_probabilities()
    assert explorer.tree.node("isolated_decay").probability == "#"
    assert explorer.tree.evaluate().probability["stable_standoff"] == pytest.approx(0.55)


def test_impossible_slider_value_is_shown_not_swallowed(explorer: Explorer) -> None:
    explorer.select("transition_deal")
    explorer.lock("guarantees_weak")
    explorer._sliders.rows["guarantees_credible"][0].value = 0.9
    assert explorer.errors and "locked" in explorer.errors[-1]
    assert "st-error" in explorer._status.value
    assert explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.4)
    assert explorer._sliders.rows["guarantees_credible"][0].value == pytest.approx(0.9)
