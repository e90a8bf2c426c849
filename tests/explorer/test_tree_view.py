"""The drawing view: the browser's messages reach their Python twins, patches go out."""

from __future__ import annotations

import pytest

from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_browser_click_message_selects_the_node(explorer: Explorer) -> None:
    explorer._on_view_event({"type": "click", "id": "tested_lines"})
    assert explorer.selected.id == "tested_lines"
    explorer._on_view_event({"type": "click", "id": "no_such_node"})
    assert explorer.selected.id == "tested_lines"
    assert "no_such_node" in explorer._status.value
