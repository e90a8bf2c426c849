"""The notebook magics: %%scenario builds a tree from an outline, %scenario opens a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_explore_and_magic_open_explorers(tmp_path: Path) -> None:
    from scenario_tree.explorer.magic import scenario_magic

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
