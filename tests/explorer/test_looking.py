"""Looking at the tree: navigation twins, folding, finding nodes and marking a tag; none of it edits."""

from __future__ import annotations

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer


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


def test_fold_and_click_to_unfold(explorer: Explorer) -> None:
    explorer.fold("containment")
    assert "▸" in explorer.view.svg and "-node-stable_standoff" not in explorer.view.svg
    explorer.click("containment")
    assert "-node-stable_standoff" in explorer.view.svg
    assert explorer.selected.id == "containment"


def test_search_marks_every_hit_and_steps_through_them_without_editing(explorer: Explorer) -> None:
    version = explorer.tree.version
    hits = explorer.search("safe enemy")
    expected = [node.id for node in explorer.tree.nodes()
                if all(word in (node.label + " " + (node.notes or "") + " "
                                + " ".join(quote["text"] for quote in node.quotes) + " " + " ".join(node.tags)).lower()
                       for word in ("safe", "enemy"))]
    assert hits == expected and len(hits) >= 3
    assert explorer.view.hits == hits and explorer.selected.id == hits[0]
    assert explorer.hit_position() == f"1 of {len(hits)}"
    assert explorer.next_hit() == hits[1] and explorer.selected.id == hits[1]
    assert explorer.previous_hit() == hits[0]
    assert explorer.previous_hit() == hits[-1]  # stepping wraps round
    assert explorer.tree.version == version, "looking changed the tree"


def test_search_follows_edits_and_an_empty_query_clears(explorer: Explorer) -> None:
    assert explorer.search("zebra crossing") == [] and explorer.view.hits == []
    assert "Nothing found for “zebra crossing”" in explorer._status.value
    explorer.rename("stable_standoff", "Zebra crossing at the border")
    assert explorer.search("zebra") == ["stable_standoff"]
    explorer.rename("stable_standoff", "Stable stand-off")
    assert explorer.view.hits == [], "a renamed node is no longer a hit"
    explorer.search("")
    assert explorer.view.hits == [] and explorer.hit_position() == "" and explorer.next_hit() is None


def test_mark_tag_marks_its_nodes_says_its_probability_and_toggles(explorer: Explorer) -> None:
    tree = explorer.tree
    carrying = [node.id for node in tree.nodes() if "transition" in node.tags]
    assert explorer.mark_tag("transition") == carrying and explorer.view.tagged == carrying
    total = tree.evaluate().tags()["transition"]
    assert f"“transition”: {len(carrying)} nodes marked" in explorer._status.value
    assert f"{total:.3g} under the chosen policy" in explorer._status.value
    assert explorer.mark_tag("transition") == [] and explorer.view.tagged == []  # a second press clears
    with pytest.raises(scenario_tree.EditError, match="no node carries the tag “nonsense”"):
        explorer.mark_tag("nonsense")


def test_a_large_tree_opens_on_its_main_branches_and_unfolds_on_request() -> None:
    from scenario_tree.drawing.folding import first_view_depth
    from scenario_tree.synthetic import synthetic_tree

    tree = synthetic_tree(1_000, seed=1_000)
    depth = first_view_depth(tree)
    opened = Explorer(tree)
    assert opened.drawing.options.depth == depth == 2
    shown = opened.drawing.marks()[1].rows
    assert len(shown) == 1 + len(tree.root.children) + sum(len(child.children) for child in tree.root.children)
    assert "click one to open it" in opened.view.note
    opened.unfold_all()
    assert len(opened.drawing.marks()[1].rows) == len(tree)
    assert Explorer(tree, max_nodes=400).drawing.options.depth is None, "the reader's own folding wins"
    assert Explorer(scenario_tree.default_tree()).drawing.options.depth is None, "a small tree is shown whole"
