"""The probability sliders: edits, locks, reset, refused values, and no edit by merely showing a value."""

from __future__ import annotations

import pytest

import scenario_tree
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


def test_a_refused_value_goes_back_to_the_models_and_says_why_beside_the_sliders(explorer: Explorer) -> None:
    explorer.select("transition_deal")
    explorer.lock("guarantees_weak")
    slider, number, _ = explorer._sliders.rows["guarantees_credible"]
    slider.value = 0.9
    message = explorer._sliders.message.value
    assert "st-error" in message and "locked" in message and "“Guarantees credible: Putin&#x27;s move”" in message
    assert "ScenarioNode" not in message, "the node is named by its label"
    assert explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.4)
    assert slider.value == pytest.approx(0.4) and number.value == pytest.approx(0.4), "the widgets show the model"
    number.value = 1.7  # typed: refused, never clamped to 1
    assert "between 0 and 1" in explorer._sliders.message.value and number.value == pytest.approx(0.4)
    explorer.unlock("guarantees_weak")
    slider.value = 0.3  # a good edit clears the message
    assert explorer._sliders.message.value == ""


THIRDS = """
format: scenario-tree/1
root:
  id: coin
  label: Three-sided coin
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: 0.3333, payoff: 1}
    - {id: b, label: B, kind: outcome, probability: 0.3333, payoff: 2}
    - {id: c, label: C, kind: outcome, probability: "#", payoff: 3}
"""


def test_showing_and_echoing_rounded_values_never_edits() -> None:
    tree = scenario_tree.loads(THIRDS)
    explorer = Explorer(tree)
    written = tree.dumps()
    for node_id in ("coin", "a", "b", "c", "coin"):
        explorer.select(node_id)
        for slider, number, _ in explorer._sliders.rows.values():
            slider.value = round(slider.value, 2)  # what a browser's slider sends back: the value on its step
            number.value = number.value
    assert tree.dumps() == written and not tree.history.can_undo
    assert [tree.node(branch).probability for branch in "abc"] == [0.3333, 0.3333, "#"]


def test_one_drag_is_one_undo_step_and_a_typed_entry_another(explorer: Explorer, monkeypatch) -> None:
    clock = iter([100.0, 100.1, 100.2, 100.3, 100.4, 105.0])
    monkeypatch.setattr("scenario_tree.explorer.sliders.time.monotonic", lambda: next(clock))
    explorer.select("transition_deal")
    slider, number, _ = explorer._sliders.rows["guarantees_credible"]
    for value in (0.45, 0.5, 0.55, 0.6, 0.65):  # one drag: values arriving a tenth of a second apart
        slider.value = value
    slider.value = 0.2  # after a pause: a second drag
    number.value = 0.25  # a typed entry
    assert explorer.undo() and explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.2)
    assert explorer.undo() and explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.65)
    assert explorer.undo() and explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.4)
    assert not explorer.tree.history.can_undo


def test_sliders_are_wide_step_by_a_hundredth_and_take_typed_numbers_on_enter(explorer: Explorer) -> None:
    explorer.select("transition_deal")
    slider, number, lock = explorer._sliders.rows["guarantees_credible"]
    assert int(slider.layout.width.removesuffix("px")) >= 200 and slider.step == 0.01
    assert number.continuous_update is False  # applied on Enter (or leaving the box), not on every keystroke
    assert lock.description == "Lock"
    labels = [child.value for child in explorer._sliders.children if "st-slider-label" in getattr(child, "value", "")]
    assert any("Guarantees not credible: Putin&#x27;s move" in label for label in labels), "labels in full"
