"""The search box and the tag buttons call the explorer's twins and show where the stepping is."""

from __future__ import annotations

from scenario_tree.explorer import Explorer


def test_the_search_box_searches_on_enter_and_the_arrows_step(explorer: Explorer) -> None:
    bar = explorer._find
    assert bar.previous.disabled and bar.next.disabled and bar.position.value == ""
    bar.query.value = "safe enemy"  # what Enter in the box sends (continuous_update is off)
    hits = explorer.view.hits
    assert len(hits) >= 3 and explorer.selected.id == hits[0]
    assert bar.position.value == f"1 of {len(hits)} found" and not bar.next.disabled
    bar.next.click()
    assert explorer.selected.id == hits[1] and bar.position.value == f"2 of {len(hits)} found"
    bar.previous.click()
    assert explorer.selected.id == hits[0]
    bar.query.value = "qwertyuiop"
    assert bar.position.value == "nothing found" and bar.next.disabled


def test_tag_buttons_mark_a_tag_and_press_again_to_clear(explorer: Explorer) -> None:
    buttons = {made.description: made for made in explorer._tags._buttons.children}
    assert list(buttons) == explorer.tree_tags() and "containment" in buttons
    buttons["containment"].click()
    assert explorer.view.tagged == [node.id for node in explorer.tree.nodes() if "containment" in node.tags]
    pressed = {made.description: made for made in explorer._tags._buttons.children}["containment"]
    assert "st-tag-on" in pressed._dom_classes
    pressed.click()
    assert explorer.view.tagged == []
    assert all("st-tag-on" not in made._dom_classes for made in explorer._tags._buttons.children)
