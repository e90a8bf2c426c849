"""The layout: Graphviz run once, the tidy layout for large trees, Graphviz errors."""

from __future__ import annotations

import shutil
import subprocess

import pytest

import scenario_tree
import scenario_tree.drawing.layout
from scenario_tree import GraphvizError, default_tree
from scenario_tree.synthetic import synthetic_tree
from tests.drawing.helpers import Recorder, forbid_graphviz, note
from tests.svg_helpers import groups, parse, shape_box, texts


@pytest.mark.exe
def test_ten_thousand_nodes_draw_unfolded_with_the_tidy_layout(ten_thousand, monkeypatch):
    recorder = Recorder(monkeypatch)
    drawing = ten_thousand.drawing(id_prefix="big", max_nodes=None)
    svg = drawing.svg()
    drawn = groups(parse(svg))
    assert sum(1 for key in drawn if key.startswith("big-node-")) == 10_000
    edges = [group for key, group in drawn.items() if key.startswith("big-edge-")]
    assert len(edges) == 9_999
    chance_branches = {f"big-edge-{node.id}" for node in ten_thousand.nodes()
                       if node.parent is not None and node.parent.kind == "chance"}
    assert all(bool(texts(drawn[key])) == (key in chance_branches) for key in drawn if key.startswith("big-edge-")), \
        "every chance branch keeps its probability, and only they have a label"
    assert note(svg) is None
    assert recorder.calls == [("neato", "svg", ("-n2",))]
    # numbers restyle on the pinned layout without Graphviz
    branch = [node for node in ten_thousand.nodes() if node.parent is not None and node.parent.kind == "chance"][-1]
    ten_thousand.set_probability(branch.id, 0.5)
    with monkeypatch.context() as patch:
        forbid_graphviz(patch)
        changed = drawing.update()
    assert f"big-edge-{branch.id}" in changed and len(changed) < 200
    assert drawing.layout_runs == 1


@pytest.mark.exe
def test_the_tidy_layout_starts_above_the_threshold(monkeypatch):
    threshold = scenario_tree.drawing.layout.TIDY_THRESHOLD
    assert threshold == 1500
    recorder = Recorder(monkeypatch)
    synthetic_tree(threshold, seed=2).to_svg(max_nodes=None)
    synthetic_tree(threshold + 1, seed=2).to_svg(max_nodes=None)
    assert [call[0] for call in recorder.calls] == ["dot", "neato"]


def boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The bounding box of every node's shape."""
    found = []
    for key, group in groups(parse(svg)).items():
        shapes = [box for box in map(shape_box, group) if box] if "-node-" in key else []
        if shapes:
            found.append((key, (min(box[0] for box in shapes), min(box[1] for box in shapes),
                                max(box[2] for box in shapes), max(box[3] for box in shapes))))
    return found


def overlaps(found: list[tuple[str, tuple[float, float, float, float]]]) -> list[tuple[str, str]]:
    found = sorted(found, key=lambda item: item[1][0])
    clashes = []
    for index, (first, (_, bottom, right, top)) in enumerate(found):
        for second, (other_left, other_bottom, _, other_top) in found[index + 1:]:
            if other_left >= right - 0.5:
                break
            if bottom < other_top - 0.5 and other_bottom < top - 0.5:
                clashes.append((first, second))
    return clashes


@pytest.mark.exe
@pytest.mark.parametrize("rankdir", ["LR", "TB", "RL", "BT"])
def test_the_tidy_layout_does_not_overlap_nodes(sixteen_hundred, rankdir):
    svg = sixteen_hundred.to_svg(max_nodes=None, rankdir=rankdir)
    found = boxes(svg)
    assert len(found) == 1600
    clashes = overlaps(found)
    assert not clashes, f"{len(clashes)} pairs of nodes overlap with rankdir={rankdir}, e.g. {clashes[:3]}"


def test_missing_graphviz_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("dot") is None
    tree = default_tree()
    with pytest.raises(GraphvizError, match=r"'dot'.*not found.*install Graphviz"):
        tree.to_svg()
    with pytest.raises(GraphvizError):
        tree.save(tmp_path / "tree.png")
    assert not list(tmp_path.iterdir())


def test_missing_graphviz_through_which(monkeypatch):
    monkeypatch.setattr("scenario_tree.drawing.layout.shutil.which", lambda name: None)
    with pytest.raises(GraphvizError, match="not found"):
        default_tree().to_svg()


@pytest.mark.exe
def test_a_failing_graphviz_is_a_clear_error():
    with pytest.raises(GraphvizError, match=r"Graphviz dot failed: .*syntax error"):
        scenario_tree.drawing.layout.run_graphviz("digraph { a -> ", "dot")
    with pytest.raises(GraphvizError, match="failed"):
        scenario_tree.drawing.layout.run_graphviz("digraph { a }", "dot", "no-such-format")


@pytest.mark.exe
def test_a_slow_graphviz_is_stopped(monkeypatch):
    seen = {}

    def slow(command, **kwargs):
        seen.update(kwargs)
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr("scenario_tree.drawing.layout.subprocess.run", slow)
    with pytest.raises(GraphvizError, match=r"longer than 7 s.*fold the tree"):
        default_tree().to_svg(timeout=7)
    assert seen["timeout"] == 7


@pytest.mark.exe
def test_a_tiny_timeout_stops_a_real_layout():
    tree = synthetic_tree(1000, seed=4)
    with pytest.raises(GraphvizError, match="longer than"):
        tree.to_svg(max_nodes=None, timeout=0.005)
    parse(tree.to_svg(max_nodes=None))


@pytest.mark.exe
def test_export_of_a_pinned_layout_uses_neato(sixteen_hundred, monkeypatch):
    drawing = sixteen_hundred.drawing(max_nodes=None)
    drawing.svg()
    recorder = Recorder(monkeypatch)
    assert drawing.export("pdf").startswith(b"%PDF-")
    assert recorder.calls == [("neato", "pdf", ("-n2",))]
    dot = drawing.dot()
    assert dot.count('!"') >= 1600, "every node is pinned"
    with pytest.raises(ValueError, match="svg"):
        drawing.export("jpg")
