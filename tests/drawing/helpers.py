"""What the drawing tests share: reading drawn groups, the expected view, a Graphviz recorder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

import scenario_tree
import scenario_tree.drawing.layout
from scenario_tree import ScenarioTree
from scenario_tree.model import REMAINDER, ScenarioNode
from tests.svg_helpers import groups, parse, texts

GEOMETRY = {"points", "d", "cx", "cy", "x", "y", "rx", "ry", "transform", "viewBox", "width", "height"}
NOTE = re.compile(r"(\d+) nodes folded into (\d+) summaries")


FOLDED_LINE = re.compile(r"▸ (\d+) outcomes folded")


def look(group: ElementTree.Element) -> tuple:
    """Everything of a group except geometry: class, title, and each child's tag, style and text."""
    children = []
    for element in group:
        style = tuple(sorted((name, value) for name, value in element.attrib.items() if name not in GEOMETRY))
        children.append((element.tag, style, (element.text or "").strip()))
    return group.get("class"), children


def looks(svg: str) -> dict[str, tuple]:
    return {key: look(group) for key, group in groups(parse(svg)).items()}


def node_groups(svg: str, prefix: str) -> dict[str, ElementTree.Element]:
    return {key.removeprefix(f"{prefix}-node-"): group for key, group in groups(parse(svg)).items()
            if key.startswith(f"{prefix}-node-")}


def note(svg: str) -> tuple[int, int] | None:
    found = NOTE.findall(" ".join(texts(parse(svg))))
    assert len(found) <= 1
    return tuple(map(int, found[0])) if found else None


def branch_probabilities(node: ScenarioNode) -> list[float]:
    """A chance node's branch probabilities with the remainder ``#`` resolved (computed here, not by the package)."""
    given = [child.probability for child in node.children]
    rest = 1.0 - sum(float(value) for value in given if value not in (None, REMAINDER))
    shares = sum(1 for value in given if value == REMAINDER)
    return [rest / shares if value == REMAINDER else float(value or 0.0) for value in given]


def path_probabilities(tree: ScenarioTree) -> dict[str, float]:
    result, stack = {tree.root.id: 1.0}, [tree.root]
    while stack:
        node = stack.pop()
        weights = branch_probabilities(node) if node.kind == "chance" else [1.0] * len(node.children)
        for child, weight in zip(node.children, weights):
            result[child.id] = result[node.id] * weight
            stack.append(child)
    return result


def outcome_count(node: ScenarioNode) -> int:
    count, stack = 0, [node]
    while stack:
        current = stack.pop()
        if current.children:
            stack.extend(current.children)
        else:
            count += 1
    return count


def expected_view(tree: ScenarioTree, depth=None, min_probability=None, folded=(), unfolded=()):
    """Which nodes are shown and which of them are folded, from the documented rules (no size cap)."""
    path = path_probabilities(tree)
    shown, summaries, stack = set(), set(), [(tree.root, 0)]
    while stack:
        node, level = stack.pop()
        shown.add(node.id)
        if not node.children:
            continue
        stop = ((depth is not None and level >= depth) or (min_probability is not None and
                                                           path[node.id] < min_probability))
        if node.id in unfolded:
            stop = False
        if node.id in folded:
            stop = True
        if stop:
            summaries.add(node.id)
        else:
            stack.extend((child, level + 1) for child in node.children)
    return shown, summaries


class Recorder:
    """Wraps ``layout.run_graphviz`` to record which programs ran with which arguments."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, str, tuple[str, ...]]] = []
        self._original = scenario_tree.drawing.layout.run_graphviz
        monkeypatch.setattr("scenario_tree.drawing.layout.run_graphviz", self)
        monkeypatch.setattr("scenario_tree.drawing.drawing.run_graphviz", self)

    def __call__(self, source, engine="dot", fmt="svg", timeout=60.0, arguments=()):
        self.calls.append((engine, fmt, tuple(arguments)))
        return self._original(source, engine, fmt, timeout, arguments)


def forbid_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("Graphviz was run for a change that needs no new layout")

    monkeypatch.setattr("scenario_tree.drawing.layout.run_graphviz", refuse)
    monkeypatch.setattr("scenario_tree.drawing.drawing.run_graphviz", refuse)
    monkeypatch.setattr("scenario_tree.drawing.layout.subprocess.run", refuse)
