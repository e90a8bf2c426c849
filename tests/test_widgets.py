"""The explorer's logic through its Python twins: no browser needed."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.widgets import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def explorer() -> Explorer:
    return Explorer(scenario_tree.default_tree())


def sent_patches(explorer: Explorer, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str]]:
    patches: list[dict[str, str]] = []
    monkeypatch.setattr(explorer.view, "patch", lambda groups: patches.append(groups))
    return patches


def edge_texts(svg: str, child_id: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(f"-edge-{child_id}"))
    return [text.text for text in group.iter(f"{SVG}text")]


def test_opens_on_the_root_with_a_drawing_and_panels(explorer: Explorer) -> None:
    assert explorer.selected.id == "dialogue"
    assert "<svg" in explorer.view.svg and "-node-dialogue" in explorer.view.svg
    assert "Washington" in explorer._details.value
    assert "Value of the tree" in explorer._outcomes.value


def test_select_updates_breadcrumb_details_and_view(explorer: Explorer) -> None:
    explorer.select("guarantees_credible")
    crumbs = [button.tooltip for button in explorer._crumbs.children[1:]]
    assert crumbs == [explorer.tree.node(i).label for i in ("dialogue", "transition_deal", "guarantees_credible")]
    assert explorer.view.selected == "guarantees_credible"
    quote = explorer.tree.node("guarantees_credible").quotes[0]
    assert f"(¶{quote['paragraph']})" in explorer._details.value
    assert "Options (chosen by putin)" in explorer._details.value


def test_decision_details_list_every_option_with_values(explorer: Explorer) -> None:
    explorer.select("dialogue")
    details = explorer._details.value
    for child in explorer.tree.node("dialogue").children:
        assert child.label.replace("'", "&#x27;") in details
    assert details.count("<tr") >= 4 + len(explorer.tree.node("dialogue").children)


def test_history_back_forward_up_home_and_keys(explorer: Explorer) -> None:
    explorer.select("containment")
    explorer.select("stable_standoff")
    explorer.back()
    assert explorer.selected.id == "containment"
    explorer.forward()
    assert explorer.selected.id == "stable_standoff"
    explorer.up()
    assert explorer.selected.id == "containment"
    explorer.key("ArrowDown")  # the next branch of the root, wrapping round to the first
    assert explorer.selected.id == "transition_deal"
    explorer.key("ArrowUp")
    assert explorer.selected.id == "containment"
    explorer.key("ArrowRight")  # into a chance node: its first branch
    assert explorer.selected.id == "stable_standoff"
    explorer.key("ArrowDown")
    assert explorer.selected.id == "tested_lines"
    explorer.key("Backspace")
    assert explorer.selected.id == "stable_standoff"
    explorer.home()
    assert explorer.selected.id == "dialogue"
    explorer.key("ArrowRight")  # steps into the chosen branch of a decision
    assert explorer.selected.id == explorer.tree.evaluate().best["dialogue"]


def test_step_in_refuses_outcomes_and_strangers(explorer: Explorer) -> None:
    explorer.select("soft_landing")
    with pytest.raises(scenario_tree.EditError, match="outcome"):
        explorer.step_in()
    explorer.select("containment")
    with pytest.raises(scenario_tree.EditError, match="not a branch"):
        explorer.step_in("soft_landing")


def test_browser_click_message_selects_the_node(explorer: Explorer) -> None:
    explorer._on_view_event({"type": "click", "id": "tested_lines"})
    assert explorer.selected.id == "tested_lines"
    explorer._on_view_event({"type": "click", "id": "no_such_node"})
    assert explorer.selected.id == "tested_lines"
    assert "no_such_node" in explorer._status.value


def test_slider_edit_restyles_without_graphviz_and_patches(explorer: Explorer, monkeypatch) -> None:
    explorer.select("transition_deal")
    patches = sent_patches(explorer, monkeypatch)
    runs = explorer.drawing.layout_runs
    slider, number, _ = explorer._slider_rows["guarantees_credible"]
    slider.value = 0.7
    assert explorer.drawing.layout_runs == runs
    assert patches, "a probability edit sends the changed SVG groups"
    patched = "".join(patches[-1].values())
    assert ">0.7<" in patched and ">0.3<" in patched
    assert explorer._slider_rows["guarantees_weak"][0].value == pytest.approx(0.3)
    assert number.value == pytest.approx(0.7)
    assert "0.700" in explorer._details.value or "0.7" in explorer._outcomes.value
    assert edge_texts(explorer.drawing.current_svg(), "guarantees_credible")[-1] == "0.7"


def test_lock_keeps_a_branch_and_reset_restores_file_values(explorer: Explorer) -> None:
    explorer.select("containment")
    explorer._slider_rows["tested_lines"][2].value = True  # the lock toggle
    assert "tested_lines" in explorer.tree.locked
    explorer._slider_rows["stable_standoff"][0].value = 0.6
    probabilities = explorer.tree.evaluate().probability
    assert probabilities["tested_lines"] == pytest.approx(0.3)
    assert probabilities["isolated_decay"] == pytest.approx(0.1)
    explorer.reset_probabilities()
    assert explorer.tree.node("isolated_decay").probability == "#"
    assert explorer.tree.evaluate().probability["stable_standoff"] == pytest.approx(0.55)


def test_impossible_slider_value_is_shown_not_swallowed(explorer: Explorer) -> None:
    explorer.select("transition_deal")
    explorer.lock("guarantees_weak")
    explorer._slider_rows["guarantees_credible"][0].value = 0.9
    assert explorer.errors and "locked" in explorer.errors[-1]
    assert "st-error" in explorer._status.value
    assert explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.4)
    assert explorer._slider_rows["guarantees_credible"][0].value == pytest.approx(0.9)


def test_payoff_rename_kind_add_delete_undo_redo(explorer: Explorer) -> None:
    tree = explorer.tree
    before = tree.dumps()
    explorer.select("stable_standoff")
    explorer._payoff_boxes["west"].value = 4
    explorer._apply_payoff()
    assert tree.evaluate().value["stable_standoff"]["west"] == 4
    explorer._label_text.value = "Standoff <b>holds</b>"
    explorer._apply_label()
    assert "Standoff &lt;b&gt;holds&lt;/b&gt;" in explorer.view.svg
    explorer.select("containment")
    explorer._child_id.value = "thaw"
    explorer._child_label.value = "Unexpected thaw"
    explorer._apply_child()
    assert tree.node("thaw").parent.id == "containment"
    explorer.delete("containment")
    assert explorer._confirm_box.layout.display == "flex"
    assert "containment" in tree._by_id, "nothing is deleted before the confirmation"
    explorer.confirm_delete()
    assert "containment" not in tree._by_id and explorer.selected.id == "dialogue"
    for _ in range(4):
        assert explorer.undo()
    assert tree.dumps() == before
    assert explorer.redo()
    assert tree.evaluate().value["stable_standoff"]["west"] == 4


def test_fold_and_click_to_unfold(explorer: Explorer) -> None:
    explorer.fold("containment")
    assert "▸" in explorer.view.svg and "-node-stable_standoff" not in explorer.view.svg
    explorer.click("containment")
    assert "-node-stable_standoff" in explorer.view.svg
    assert explorer.selected.id == "containment"


def test_save_is_atomic_and_warns_about_changes_on_disk(tmp_path: Path) -> None:
    original = tmp_path / "tree.yaml"
    scenario_tree.default_tree().save(original)
    explorer = Explorer(str(original))
    explorer.set_probability("guarantees_credible", 0.55)
    original.write_text(original.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
    explorer._guarded(lambda: explorer.save())
    assert "changed on disk" in explorer.errors[-1]
    assert original.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    assert explorer._overwrite.layout.display == "inline-flex"
    explorer.save(overwrite=True)
    assert scenario_tree.load(original).evaluate().probability["guarantees_credible"] == pytest.approx(0.55)
    explorer.set_probability("guarantees_credible", 0.5)
    explorer.save()  # the file is ours again: no warning
    assert scenario_tree.load(original).node("guarantees_credible").probability == pytest.approx(0.5)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tree.yaml"]


def test_export_writes_the_edited_drawing(explorer: Explorer, tmp_path: Path) -> None:
    explorer.set_probability("guarantees_credible", 0.65)
    target = explorer.export(tmp_path / "view.svg")
    assert edge_texts(target.read_text(encoding="utf-8"), "guarantees_credible")[-1] == "0.65"
    assert explorer.export(tmp_path / "view.png").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(scenario_tree.ScenarioError, match="must be one of"):
        explorer.export(tmp_path / "view.gif")


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
    assert [button.description for button in explorer._crumbs.children[1:]][-1].startswith("<img")


def test_explore_and_magic_open_explorers(tmp_path: Path) -> None:
    from scenario_tree.magic import scenario_magic

    assert isinstance(scenario_tree.explore(), Explorer)
    namespace: dict[str, object] = {}
    shown = scenario_magic("coin", "? Bet\n  * Flip\n    - Heads [0.5] = 1\n    - Tails [#] = -1\n  - Pass = 0",
                           namespace)
    assert namespace["coin"] is shown and shown.evaluate().best["bet"] == "flip"
    explored = scenario_magic("coin --explore", "? Bet\n  - Pass = 0", namespace)
    assert isinstance(explored, Explorer)
    path = tmp_path / "coin.yaml"
    shown.save(path)
    assert isinstance(scenario_magic(str(path)), Explorer)
    error = scenario_magic("", "? Bet\n  - Pass = zero", namespace)
    assert "payoff: found 'zero', expected a number" in repr(error) and "Traceback" not in repr(error)


def test_analysis_tab_twins_follow_the_edited_tree(explorer: Explorer) -> None:
    bars = explorer.analysis.tornado("west")
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)
    assert "<svg" in explorer.analysis.tornado_view.value and "width:100%" in explorer.analysis.tornado_view.value
    result = explorer.analysis.thresholds("guarantees_credible")
    assert [flip.decision for flip in result.thresholds] == ["dialogue"]
    threshold = result.thresholds[0].value
    explorer.set_probability("guarantees_credible", threshold + 1e-6)
    assert explorer.tree.evaluate().best["dialogue"] == result.thresholds[0].after
    explorer.set_probability("guarantees_credible", threshold - 1e-6)
    assert explorer.tree.evaluate().best["dialogue"] == result.thresholds[0].before
    assert f"{threshold:.9g}" in explorer.analysis.threshold_view.value
    seen: list[int] = []
    explorer.analysis.progress.observe(lambda change: seen.append(change["new"]), "value")
    sampled = explorer.analysis.monte_carlo(20_000, seed=3)
    assert seen[-1] == 100 and seen == sorted(seen) and len(seen) > 2
    assert sampled.samples == 20_000 and "<svg" in explorer.analysis.histogram_view.value
    explorer.rename("stable_standoff", "Renamed")
    explorer.add_child("containment", "thaw", "Thaw", probability=0.1)
    assert "thaw" in explorer.analysis.quantity.options
