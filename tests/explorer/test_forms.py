"""The Edit and Save forms: they show the selected node without changing it, and their buttons edit."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_showing_a_node_fills_the_form_and_changes_nothing(explorer: Explorer) -> None:
    written = explorer.tree.dumps()
    for node in list(explorer.tree.nodes()):
        explorer.select(node.id)
        form = explorer._edit_form
        assert form.label.value == node.label and form.kind.value == node.kind
    assert explorer.tree.dumps() == written and not explorer.tree.history.can_undo


def test_every_description_is_shown_whole(explorer: Explorer) -> None:
    form = explorer._edit_form
    boxes = [form.label, *form.payoffs.values(), form.kind, form.child_label, form.child_kind,
             explorer._save_form.path, explorer._save_form.export_path]
    assert all(box.style.description_width == "initial" for box in boxes)
    assert [box.description for box in form.payoffs.values()] == ["West", "Putin", "Russian society"]


def test_export_says_where_the_file_went_and_writes_html_too(explorer: Explorer, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    explorer._save_form.export_path.value = "tree.svg"
    explorer.guarded(lambda: explorer.export(explorer._save_form.export_path.value))
    assert f"Exported {tmp_path / 'tree.svg'}" in explorer._status.value
    page = explorer.export("page.html")
    assert page == tmp_path / "page.html" and "<script type=\"module\">" in page.read_text(encoding="utf-8")
    explorer.guarded(lambda: explorer.export("tree.txt"))
    assert "unknown export type: 'txt'" in explorer.errors[-1]


def test_saving_a_tree_with_no_file_needs_a_path() -> None:
    explorer = Explorer(scenario_tree.default_tree())
    explorer.guarded(lambda: explorer.save())
    assert explorer.errors[-1] == "this tree has no file yet: give a path to save to"
