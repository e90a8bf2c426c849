"""The explorer's logic through its Python twins: no browser needed."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest

import scenario_tree
from scenario_tree.explorer import Explorer
from tests.explorer.helpers import edge_texts

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_opens_on_the_root_with_a_drawing_and_panels(explorer: Explorer) -> None:
    assert explorer.selected.id == "dialogue"
    assert "<svg" in explorer.view.svg and "-node-dialogue" in explorer.view.svg
    assert "Washington" in explorer._details.value
    assert "Value of the tree" in explorer._outcomes.value


def test_select_updates_the_place_the_branches_the_details_and_the_view(explorer: Explorer) -> None:
    explorer.select("guarantees_credible")
    crumbs = [child.description.removeprefix("› ") for child in explorer._place.children]
    assert crumbs == [explorer.tree.node(i).label for i in ("dialogue", "transition_deal", "guarantees_credible")]
    steps = [child.description for child in explorer._branches.children if isinstance(child, widgets.Button)]
    assert steps == [f"{child.label} ›" for child in explorer.tree.node("guarantees_credible").children]
    assert explorer.view.selected == "guarantees_credible"
    quote = explorer.tree.node("guarantees_credible").quotes[0]
    assert f"(¶{quote['paragraph']})" in explorer._details.value
    assert "Options (Putin chooses by its own value)" in explorer._details.value
    assert "/dialogue" not in explorer._details.value, "the details name nodes by their labels, not their paths"


def test_payoff_rename_kind_add_delete_undo_redo(explorer: Explorer) -> None:
    tree = explorer.tree
    before = tree.dumps()
    explorer.select("stable_standoff")
    form = explorer._edit_form
    form.payoffs["west"].value = 4
    form._set_payoff()
    assert tree.evaluate().value["stable_standoff"]["west"] == 4
    form.label.value = "Standoff <b>holds</b>"
    form._rename()
    assert "Standoff &lt;b&gt;holds&lt;/b&gt;" in explorer.view.svg
    explorer.select("containment")
    form.child_label.value = "Unexpected thaw"
    form._add_child()
    assert tree.node("unexpected_thaw").parent.id == "containment"  # the id is made from the label
    explorer.delete("containment")
    assert form.confirm_box.layout.display == "flex"
    assert "containment" in tree, "nothing is deleted before the confirmation"
    explorer.confirm_delete()
    assert "containment" not in tree and explorer.selected.id == "dialogue"
    for _ in range(4):
        assert explorer.undo()
    assert tree.dumps() == before
    assert explorer.redo()
    assert tree.evaluate().value["stable_standoff"]["west"] == 4


def test_save_is_atomic_and_warns_about_changes_on_disk(tmp_path: Path) -> None:
    original = tmp_path / "tree.yaml"
    scenario_tree.default_tree().save(original)
    explorer = Explorer(str(original))
    explorer.set_probability("guarantees_credible", 0.55)
    original.write_text(original.read_text(encoding="utf-8") + "\n# edited elsewhere\n", encoding="utf-8")
    explorer.guarded(lambda: explorer.save())
    assert "changed on disk" in explorer.errors[-1]
    assert original.read_text(encoding="utf-8").endswith("# edited elsewhere\n")
    assert explorer._save_form.overwrite.layout.display == "inline-flex"
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


