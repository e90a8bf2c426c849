"""The Edit tab's evidence part: notes, quotes, tags and the source, edited, undone, redone, saved, reloaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz

ARTICLE = Path(scenario_tree.__file__).parent / "files" / "data" / "trump_putin_2017.scenario.yaml"


def test_a_quote_a_note_and_a_tag_are_edited_undone_redone_saved_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "article.scenario.yaml"
    shutil.copyfile(ARTICLE, path)
    explorer = Explorer(path)
    explorer.select("containment")
    form = explorer._evidence_form
    node = explorer.tree.node("containment")
    old_quote, old_notes, old_tags = dict(node.quotes[0]), node.notes, list(node.tags)

    editor = form.quotes.children[0]
    words, paragraph = editor.children[0], editor.children[1]
    assert words.value == old_quote["text"] and paragraph.value == old_quote["paragraph"]
    words.value, paragraph.value = "Containment, with clearly defined parameters.", 18
    editor.children[2].children[0].click()  # Update
    form.notes.value = "Revised: the West's fallback if no deal is possible."
    next(child for child in form.children if "st-save-notes" in child._dom_classes).click()
    form.tags.value = ", ".join([*old_tags, "fallback"])
    next(child for child in form.children if "st-set-tags" in child._dom_classes).click()
    assert explorer.errors == []
    edited = ({"text": "Containment, with clearly defined parameters.", "paragraph": 18},
              "Revised: the West's fallback if no deal is possible.", [*old_tags, "fallback"])
    assert (node.quotes[0], node.notes, node.tags) == edited

    states = [(edited[0], edited[1], old_tags), (edited[0], old_notes, old_tags), (old_quote, old_notes, old_tags)]
    for state in states:  # each edit undone, newest first; the form follows
        explorer.undo()
        assert (node.quotes[0], node.notes, node.tags) == state
        assert form.notes.value == (state[1] or "") and form.tags.value == ", ".join(state[2])
    for state in [*reversed(states[:-1]), edited]:
        explorer.redo()
        assert (node.quotes[0], node.notes, node.tags) == state

    explorer.save()
    again = scenario_tree.load(path).node("containment")
    assert (again.quotes[0], again.notes, again.tags) == edited
    comments = [line for line in ARTICLE.read_text(encoding="utf-8").splitlines() if line.strip().startswith("#")]
    saved = path.read_text(encoding="utf-8").splitlines()
    assert comments and all(line in saved for line in comments), "the file's comments are kept"


def test_quotes_are_added_and_removed_and_the_source_changed(explorer: Explorer) -> None:
    explorer.select("stable_standoff")
    form = explorer._evidence_form
    count = len(explorer.selected.quotes)
    form.new_quote.value, form.new_paragraph.value = "with clearly defined parameters", 17
    next(child for child in form.children if "st-add-quote" in child._dom_classes).click()
    assert explorer.selected.quotes[-1] == {"text": "with clearly defined parameters", "paragraph": 17}
    assert len(form.quotes.children) == count + 1 and form.new_quote.value == ""
    form.quotes.children[-1].children[2].children[1].click()  # Remove
    assert len(explorer.selected.quotes) == count
    form.source["outlet"].value = "WSJ"
    next(child for child in form.children if "st-save-source" in child._dom_classes).click()
    assert explorer.tree.meta["source"]["outlet"] == "WSJ"
    form.source["url"].value = "not an address"
    next(child for child in form.children if "st-save-source" in child._dom_classes).click()
    assert explorer.errors and "http:// or https://" in explorer.errors[-1]
    assert explorer.tree.meta["source"]["url"].startswith("https://"), "a refused edit changes nothing"


def test_typing_survives_a_slider_move(explorer: Explorer) -> None:
    explorer.select("stall_spiral")
    explorer._evidence_form.notes.value = "half-typed"
    explorer.set_probability("stall_spiral", 0.5)
    assert explorer._evidence_form.notes.value == "half-typed"
