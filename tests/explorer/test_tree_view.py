"""The drawing view: the browser's messages reach their Python twins, patches go out."""

from __future__ import annotations

import pytest

from scenario_tree.explorer import Explorer
from scenario_tree.model import path_from_root

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_browser_click_message_selects_the_node(explorer: Explorer) -> None:
    explorer._on_view_event({"type": "click", "id": "tested_lines"})
    assert explorer.selected.id == "tested_lines"
    explorer._on_view_event({"type": "click", "id": "no_such_node"})
    assert explorer.selected.id == "tested_lines"
    assert "no_such_node" in explorer._status.value


def test_every_browser_message_has_its_twin(explorer: Explorer, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[dict] = []
    monkeypatch.setattr(explorer.view, "send", sent.append)
    explorer.set_probability("guarantees_credible", 0.6)
    explorer._on_view_event({"type": "key", "key": "undo"})  # Ctrl+Z in the explorer
    assert explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.4)
    explorer._on_view_event({"type": "key", "key": "redo"})  # Ctrl+Shift+Z
    assert explorer.tree.evaluate().probability["guarantees_credible"] == pytest.approx(0.6)
    explorer._on_view_event({"type": "fold_all"})
    assert explorer.drawing.options.depth == 1 and explorer.view.depth == 1
    assert explorer.view.note.endswith("summaries (▸): click one to open it, or choose a depth")
    assert "-node-soft_landing" not in explorer.view.svg
    explorer._on_view_event({"type": "depth", "value": 3})
    assert explorer.drawing.options.depth == 3 and explorer.view.depth == 3
    explorer._on_view_event({"type": "unfold_all"})
    assert explorer.drawing.options.depth is None and explorer.view.note == ""
    assert "-node-soft_landing" in explorer.view.svg
    explorer.select("soft_landing")
    explorer._on_view_event({"type": "download"})
    (download,) = [message for message in sent if message["type"] == "download"]
    assert download["filename"] == "scenario-tree.svg"
    assert 'width="' in download["svg"] and "<desc>" in download["svg"]
    assert "selected" not in download["svg"], "a download carries no selection highlight"


def test_the_view_knows_how_deep_the_tree_is_and_how_it_is_drawn(explorer: Explorer) -> None:
    deepest = max(len(path_from_root(node)) for node in explorer.tree.nodes())
    assert explorer.view.levels == deepest and explorer.view.depth == -1 and explorer.view.rankdir == "LR"
    tall = Explorer(explorer.tree, rankdir="TB")
    assert tall.view.rankdir == "TB"
