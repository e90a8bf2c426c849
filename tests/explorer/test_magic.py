"""The notebook magics: %%scenario builds a tree from an outline, %scenario opens a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.explorer import Explorer
from scenario_tree.explorer.magic import ScenarioMagicError

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
    with pytest.raises(ScenarioMagicError) as caught:
        scenario_magic("", "? Bet\n  - Pass = zero", namespace)
    # the editor shows "%%scenario" on line 1, so the outline's second line is line 3
    assert str(caught.value) == "scenario-tree: %%scenario cell:3: payoff: found 'zero', expected a number"


def test_an_unknown_actor_names_how_to_declare_actors() -> None:
    from scenario_tree.explorer.magic import scenario_magic

    with pytest.raises(ScenarioMagicError, match=r"cell:3: unknown actor 'firm': the outline declares no actors "
                                                 r"\(add a line 'actors: firm, \.\.\.' before the tree"):
        scenario_magic("launch", "? Launch? @firm\n  - Go = firm: 1\n")
    with pytest.raises(ScenarioMagicError, match=r"unknown actor 'rival' \(must be one of \['firm'\]\)"):
        scenario_magic("launch", "actors: firm\n? Launch? @rival\n  - Go = 1\n")


def test_ipython_shows_the_magics_error_without_a_traceback() -> None:
    from IPython.core.error import UsageError

    assert issubclass(ScenarioMagicError, UsageError)  # IPython prints a UsageError in red, without a traceback
