"""Golden DOT files: the DOT of the shipped trees with default options, compared byte for byte.

A change to how trees are drawn shows up here as a diff to review. When the change is intended,
regenerate the files and commit them with the change:

    python -m tests.drawing.test_dot --update              # from the repository root
    SCENARIO_TREE_UPDATE_GOLDEN=1 python -m pytest tests/drawing/test_dot.py

Making DOT runs no Graphviz: these tests pass on a machine without it (one test proves it).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from scenario_tree import ScenarioTree, default_tree, load
from tests.svg_helpers import groups, parse

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
EXAMPLES = HERE.parents[1] / "examples"
UPDATE_VARIABLE = "SCENARIO_TREE_UPDATE_GOLDEN"
REGENERATE = (f"python -m tests.drawing.test_dot --update "
              f"(or {UPDATE_VARIABLE}=1 python -m pytest tests/drawing/test_dot.py)")

TREES: dict[str, Callable[[], ScenarioTree]] = {
    "article": default_tree,
    "texaco_pennzoil": lambda: load(EXAMPLES / "texaco_pennzoil.scenario.yaml"),
    "movie_contract": lambda: load(EXAMPLES / "movie_contract.scenario.yaml"),
}


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.dot"


def current_dot(name: str) -> str:
    return TREES[name]().to_dot()


def write_golden(name: str) -> Path:
    target = golden_path(name)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(current_dot(name).encode("utf-8"))
    return target


def _updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


@pytest.mark.parametrize("name", list(TREES))
def test_dot_matches_the_golden_file(name):
    if _updating():
        write_golden(name)
    target = golden_path(name)
    assert target.exists(), f"{target} is missing; create it with: {REGENERATE}"
    expected = target.read_bytes().decode("utf-8")
    actual = current_dot(name)
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                            f"golden/{name}.dot", "to_dot()", n=1))
        pytest.fail(f"the DOT of {name!r} differs from {target}:\n{diff}\n"
                    f"If the change is intended, regenerate the golden files: {REGENERATE}", pytrace=False)


def test_making_dot_runs_no_graphviz(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("Graphviz was run to make DOT")

    monkeypatch.setattr("scenario_tree.drawing.layout.subprocess.run", refuse)
    monkeypatch.setattr("scenario_tree.drawing.layout.shutil.which", lambda name: None)
    assert current_dot("article").startswith("digraph scenario_tree {")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or regenerate the golden DOT files in tests/drawing/golden.")
    parser.add_argument("--update", action="store_true", help="write the current DOT of every tree")
    options = parser.parse_args(argv)
    status = 0
    for name in TREES:
        if options.update:
            print(f"wrote {write_golden(name)}")
            continue
        same = golden_path(name).exists() and golden_path(name).read_bytes().decode("utf-8") == current_dot(name)
        print(f"{name}: {'ok' if same else 'DIFFERS'}")
        status |= not same
    return status


if __name__ == "__main__":
    sys.exit(main())


@pytest.mark.exe
def test_keyword_node_ids_are_quoted_in_dot():
    tree = default_tree()
    for keyword in ("node", "edge", "graph", "digraph", "subgraph", "strict"):
        tree.add_child("containment", keyword, f"Keyword {keyword}", probability=0.01, payoff=0)
    drawn = groups(parse(tree.to_svg(id_prefix="k")))
    for keyword in ("node", "edge", "graph", "digraph", "subgraph", "strict"):
        assert f"k-node-{keyword}" in drawn and f"k-edge-{keyword}" in drawn
