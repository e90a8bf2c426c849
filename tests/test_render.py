"""The drawing machinery: cached layout and instant restyle, deltas, folding, large trees, Graphviz errors.

Expectations are computed independently from the tree (path probabilities, outcome counts, which
nodes a fold hides), and a restyled drawing is compared with a fresh drawing of an equal tree.
Tests marked ``exe`` run Graphviz; they fail (they do not skip) when it is missing.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree

import pytest
from svg_helpers import SVG, classes, groups, parse, texts

import scenario_tree
import scenario_tree.layout
from scenario_tree import GraphvizError, default_tree, loads
from scenario_tree.cli import main
from scenario_tree.drawing import Drawing
from scenario_tree.model import REMAINDER, ScenarioNode
from scenario_tree.synthetic import synthetic_tree
from scenario_tree.tree import ScenarioTree

GEOMETRY = {"points", "d", "cx", "cy", "x", "y", "rx", "ry", "transform", "viewBox", "width", "height"}
NOTE = re.compile(r"(\d+) nodes folded into (\d+) summaries")
FOLDED_LINE = re.compile(r"▸ (\d+) outcomes folded")


# -- helpers -------------------------------------------------------------------------------------


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
        self._original = scenario_tree.layout.run_graphviz
        monkeypatch.setattr("scenario_tree.layout.run_graphviz", self)
        monkeypatch.setattr("scenario_tree.drawing.run_graphviz", self)

    def __call__(self, source, engine="dot", fmt="svg", timeout=60.0, arguments=()):
        self.calls.append((engine, fmt, tuple(arguments)))
        return self._original(source, engine, fmt, timeout, arguments)


def forbid_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("Graphviz was run for a change that needs no new layout")

    monkeypatch.setattr("scenario_tree.layout.run_graphviz", refuse)
    monkeypatch.setattr("scenario_tree.drawing.run_graphviz", refuse)
    monkeypatch.setattr("scenario_tree.layout.subprocess.run", refuse)


# -- instant restyle -----------------------------------------------------------------------------


EDITS = {
    "probability": lambda tree: tree.set_probability("soft_landing", 0.5),
    "probability flips the root's choice": lambda tree: tree.set_probability("guarantees_credible", 0.1),
    "payoff flips a choice": lambda tree: tree.set_payoff("pay_price", {"west": 9, "putin": 5,
                                                                       "russian_society": 0}),
    "payoff of one actor": lambda tree: tree.set_payoff("soft_landing", 20, actor="west"),
    "several": lambda tree: (tree.set_probability("stall_spiral", 0.05), tree.set_probability("tested_lines", 0.9),
                             tree.set_payoff("isolated_decay", {"west": 30}),
                             tree.set_probability("successor_keeps_deal", 1)),
}
OPTIONS = {
    "default": {},
    "widths": {"width_by_probability": True},
    "selected": {"selected": "managed_successor"},
    "folded": {"depth": 2},
    "plain": {"colour_by_tag": False, "show_title": False, "rankdir": "TB"},
}


@pytest.mark.exe
@pytest.mark.parametrize("edit", list(EDITS))
@pytest.mark.parametrize("options", list(OPTIONS))
def test_number_edits_restyle_without_graphviz_like_a_fresh_drawing(monkeypatch, edit, options):
    tree = default_tree()
    drawing = tree.drawing(id_prefix="r", **OPTIONS[options])
    before = drawing.svg()
    assert drawing.layout_runs == 1 and drawing.relaid
    EDITS[edit](tree)
    with monkeypatch.context() as patch:
        forbid_graphviz(patch)
        after = drawing.svg()
    assert drawing.layout_runs == 1 and not drawing.relaid
    assert after != before
    fresh = loads(tree.dumps()).to_svg(id_prefix="r", **OPTIONS[options])
    restyled, expected = looks(after), looks(fresh)
    assert restyled.keys() == expected.keys()
    different = {key: (restyled[key], expected[key]) for key in restyled if restyled[key] != expected[key]}
    assert not different, f"restyled elements differ from a fresh drawing: {different}"
    assert parse(after).get("viewBox") == parse(before).get("viewBox"), "the geometry is the cached one"


@pytest.mark.exe
def test_undo_restyles_back_to_the_same_bytes(monkeypatch):
    tree = default_tree()
    drawing = tree.drawing()
    original = drawing.svg()
    tree.set_probability("guarantees_credible", 0.1)
    tree.set_payoff("refuse_price", 3, actor="west")
    forbid_graphviz(monkeypatch)
    assert drawing.svg() != original
    assert tree.undo() and tree.undo()
    assert drawing.svg() == original
    assert drawing.layout_runs == 1


@pytest.mark.exe
def test_drawing_again_without_edits_reuses_everything(monkeypatch):
    tree = default_tree()
    drawing = tree.drawing()
    first = drawing.svg()
    assert tree.drawing() is drawing, "drawings are cached per options"
    assert tree.drawing(rankdir="TB") is not drawing
    forbid_graphviz(monkeypatch)
    assert drawing.svg() == first == tree.to_svg()
    assert drawing.layout_runs == 1 and not drawing.relaid
    assert drawing.update() == {}
    tree.set_notes("soft_landing", "notes are not drawn")
    assert drawing.svg() == first
    assert drawing.update() == {} and not drawing.relaid


@pytest.mark.exe
@pytest.mark.parametrize("edit", [
    lambda tree: tree.rename("soft_landing", "A renamed outcome"),
    lambda tree: tree.rename("dialogue", "A renamed root"),
    lambda tree: tree.rename("soft_landing", "Soft landing: orderly transfer of powe"),  # same wrap, other text
    lambda tree: tree.add_child("price_for_talks", "new_branch", "A new branch", payoff=1),
    lambda tree: tree.remove("stall_adventure"),
    lambda tree: tree.set_kind("pay_price", "chance"),
], ids=["rename", "rename root", "rename slightly", "add_child", "remove", "set_kind"])
def test_text_and_structure_edits_lay_out_again(edit):
    tree = default_tree()
    drawing = tree.drawing(id_prefix="r")
    drawing.svg()
    edit(tree)
    after = drawing.svg()
    assert drawing.layout_runs == 2 and drawing.relaid
    assert after == loads(tree.dumps()).to_svg(id_prefix="r"), "a re-layout is exactly a fresh drawing"
    drawing.svg()
    assert drawing.layout_runs == 2 and not drawing.relaid


@pytest.mark.exe
def test_a_failed_layout_leaves_the_drawing_usable(monkeypatch):
    tree = default_tree()
    drawing = tree.drawing()
    with monkeypatch.context() as patch:
        def broken(*args, **kwargs):
            raise GraphvizError("broken on purpose")
        patch.setattr("scenario_tree.layout.run_graphviz", broken)
        with pytest.raises(GraphvizError):
            drawing.svg()
    assert drawing.layout_runs == 0
    parse(drawing.svg())
    assert drawing.layout_runs == 1


def test_add_child_under_a_chance_node_rescales_the_siblings():
    """Adding a branch of probability 0.2 leaves 0.8 to share among the siblings in proportion."""
    for parent, before in (("negotiate_exit", [0.75, 0.25]), ("containment", [0.55, 0.3, 0.15])):
        tree = default_tree()
        tree.add_child(parent, "new_branch", "A new branch", probability=0.2, payoff=1)
        shares = [float(child.probability) for child in tree.node(parent).children]
        assert shares == pytest.approx([value * 0.8 for value in before] + [0.2]), f"{parent}: {shares}"
        assert min(shares) >= 0
        loads(tree.dumps())


def test_relaid_is_false_before_anything_was_drawn():
    assert Drawing(default_tree()).relaid is False


# -- deltas --------------------------------------------------------------------------------------


@pytest.mark.exe
def test_update_returns_only_the_changed_groups(monkeypatch):
    tree = default_tree()
    drawing = tree.drawing(id_prefix="u")
    assert drawing.update() == {} and drawing.relaid, "the first update lays out and has nothing to replace"
    before = looks(loads(tree.dumps()).to_svg(id_prefix="u"))
    tree.set_probability("soft_landing", 0.5)
    with monkeypatch.context() as patch:
        forbid_graphviz(patch)
        changed = drawing.update()
        full = drawing.svg()
    after = looks(loads(tree.dumps()).to_svg(id_prefix="u"))
    oracle = {key for key in after if after[key] != before[key]} - {"u-graph"}
    # soft_landing's chance node rescales managed_successor; values change up to the root and nowhere else
    by_hand = {"u-edge-soft_landing", "u-edge-managed_successor", "u-node-soft_landing", "u-node-managed_successor",
               "u-node-negotiate_exit", "u-node-guarantees_credible", "u-node-transition_deal", "u-node-dialogue"}
    assert oracle == by_hand
    assert set(changed) == by_hand
    for key, fragment in changed.items():
        group = ElementTree.fromstring(fragment)
        assert group.tag == "g" and group.get("id") == key, "each delta is one <g> element"
        assert fragment in full, "the delta is exactly the group of the full drawing"
        (placed,) = ElementTree.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg">{fragment}</svg>')
        assert look(placed) == look(groups(parse(full))[key])
    assert drawing.update() == {}


@pytest.mark.exe
def test_update_after_a_relayout_is_empty_and_says_so():
    tree = default_tree()
    drawing = tree.drawing()
    drawing.svg()
    tree.rename("soft_landing", "Renamed")
    assert drawing.update() == {} and drawing.relaid
    assert drawing.update() == {} and not drawing.relaid


@pytest.mark.exe
def test_update_matches_the_difference_of_fresh_drawings_on_random_edits():
    generator = random.Random(7)
    tree = synthetic_tree(150, seed=3)
    drawing = tree.drawing(id_prefix="q")
    drawing.svg()
    before = looks(loads(tree.dumps()).to_svg(id_prefix="q"))
    branches = [node.id for node in tree.nodes() if node.parent is not None and node.parent.kind == "chance"]
    outcomes = [node.id for node in tree.nodes() if node.kind == "outcome"]
    for _ in range(6):
        if generator.random() < 0.5:
            tree.set_probability(generator.choice(branches), round(generator.random(), 3))
        else:
            tree.set_payoff(generator.choice(outcomes), round(generator.uniform(-20, 20), 2))
        changed = drawing.update()
        assert not drawing.relaid
        after = looks(loads(tree.dumps()).to_svg(id_prefix="q"))
        assert set(changed) == {key for key in after if after[key] != before[key]} - {"q-graph"}
        before = after
    assert drawing.layout_runs == 1


# -- folding -------------------------------------------------------------------------------------


FOLDS = [
    {"depth": 0},
    {"depth": 1},
    {"depth": 2},
    {"min_probability": 0.45},
    {"min_probability": 0.5},
    {"min_probability": 0.61},
    {"folded": {"transition_deal"}},
    {"folded": {"guarantees_weak", "containment"}},
    {"depth": 1, "unfolded": {"transition_deal"}},
    {"min_probability": 0.5, "unfolded": {"guarantees_credible", "stall_credible"}},
    {"depth": 1, "folded": {"appeasement"}, "unfolded": {"appeasement"}},
]


@pytest.mark.exe
@pytest.mark.parametrize("options", FOLDS, ids=[str(options) for options in FOLDS])
def test_folding_rules(options):
    tree = default_tree()
    shown, summaries = expected_view(tree, **options)
    assert summaries, "every case folds something"
    svg = tree.to_svg(id_prefix="f", **options)
    drawn = node_groups(svg, "f")
    assert set(drawn) == shown
    assert {node_id for node_id, group in drawn.items() if "folded" in classes(group)} == summaries
    for node_id, group in drawn.items():
        counts = [int(found) for line in texts(group) for found in FOLDED_LINE.findall(line)]
        if node_id in summaries:
            assert counts == [outcome_count(tree.node(node_id))], node_id
            outlines = [shape for shape in group if shape.tag in (f"{SVG}polygon", f"{SVG}path")]
            assert outlines and all(shape.get("stroke-dasharray") for shape in outlines), "a summary is dashed"
            assert " ".join(texts(group)).startswith(tree.node(node_id).label)
        else:
            assert counts == [], node_id
    assert note(svg) == (len(tree) - len(shown), len(summaries))
    edges = {key.removeprefix("f-edge-") for key in groups(parse(svg)) if key.startswith("f-edge-")}
    assert edges == shown - {tree.root.id}


@pytest.mark.exe
def test_unfolded_protects_a_node_from_depth_and_probability_folds():
    tree = default_tree()
    depth_only = node_groups(tree.to_svg(id_prefix="f", depth=1), "f")
    opened = node_groups(tree.to_svg(id_prefix="f", depth=1, unfolded={"transition_deal"}), "f")
    assert "folded" in classes(depth_only["transition_deal"])
    assert "folded" not in classes(opened["transition_deal"])
    assert {"guarantees_credible", "guarantees_weak"} <= set(opened) - set(depth_only)


@pytest.mark.exe
@pytest.mark.parametrize("cap", [1, 2, 5, 10, 20, 35])
def test_max_nodes_caps_what_is_shown(cap):
    tree = default_tree()
    svg = tree.to_svg(id_prefix="m", max_nodes=cap)
    drawn = node_groups(svg, "m")
    assert 1 <= len(drawn) <= cap
    summaries = {node_id for node_id, group in drawn.items() if "folded" in classes(group)}
    assert note(svg) == (len(tree) - len(drawn), len(summaries))
    assert sum(outcome_count(tree.node(node_id)) for node_id, group in drawn.items()
               if "folded" in classes(group) or not tree.node(node_id).children) == outcome_count(tree.root), \
        "every outcome is either shown or counted in exactly one summary"
    for node_id in drawn:
        parent = tree.node(node_id).parent
        assert parent is None or (parent.id in drawn and parent.id not in summaries)
    if cap == 1:
        assert set(drawn) == {"dialogue"} and summaries == {"dialogue"}


@pytest.mark.exe
def test_max_nodes_none_and_a_large_cap_show_everything():
    tree = default_tree()
    for cap in (None, 36, 400):
        svg = tree.to_svg(id_prefix="m", max_nodes=cap)
        assert len(node_groups(svg, "m")) == 36
        assert note(svg) is None
    with pytest.raises(ValueError, match="max_nodes"):
        tree.drawing(max_nodes=0)


@pytest.mark.exe
@pytest.mark.parametrize("cap", [50, 200, None])
def test_max_nodes_on_a_thousand_nodes(cap):
    tree = synthetic_tree(1000, seed=5)
    options = {} if cap is None else {"max_nodes": cap}
    svg = tree.to_svg(id_prefix="m", **options)
    drawn = node_groups(svg, "m")
    assert len(drawn) <= (cap or 400)
    summaries = sum(1 for group in drawn.values() if "folded" in classes(group))
    assert note(svg) == (1000 - len(drawn), summaries)
    assert "1000 nodes" not in svg


def test_bad_options_are_refused():
    tree = default_tree()
    for options in ({"rankdir": "LEFT"}, {"depth": -1}, {"min_probability": 1.5}, {"min_probability": -0.1},
                    {"max_nodes": 0}):
        with pytest.raises(ValueError):
            tree.drawing(**options)
    with pytest.raises(TypeError):
        tree.drawing(colour="red")


# -- large trees ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_thousand() -> ScenarioTree:
    return synthetic_tree(10_000, seed=1)


@pytest.mark.exe
def test_ten_thousand_nodes_draw_folded_by_default_with_a_note(ten_thousand, monkeypatch):
    recorder = Recorder(monkeypatch)
    svg = ten_thousand.to_svg(id_prefix="big")
    drawn = node_groups(svg, "big")
    assert 50 < len(drawn) <= 400
    summaries = sum(1 for group in drawn.values() if "folded" in classes(group))
    assert summaries > 0
    assert note(svg) == (10_000 - len(drawn), summaries)
    assert [call[0] for call in recorder.calls] == ["dot"]


@pytest.mark.exe
def test_ten_thousand_nodes_draw_unfolded_with_the_tidy_layout(ten_thousand, monkeypatch):
    recorder = Recorder(monkeypatch)
    drawing = ten_thousand.drawing(id_prefix="big", max_nodes=None)
    svg = drawing.svg()
    drawn = groups(parse(svg))
    assert sum(1 for key in drawn if key.startswith("big-node-")) == 10_000
    edges = [group for key, group in drawn.items() if key.startswith("big-edge-")]
    assert len(edges) == 9_999
    assert all(texts(group) for group in edges), "every edge keeps its label"
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
    threshold = scenario_tree.layout.TIDY_THRESHOLD
    assert threshold == 1500
    recorder = Recorder(monkeypatch)
    synthetic_tree(threshold, seed=2).to_svg(max_nodes=None)
    synthetic_tree(threshold + 1, seed=2).to_svg(max_nodes=None)
    assert [call[0] for call in recorder.calls] == ["dot", "neato"]


def boxes(svg: str) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The bounding box of every node's shape."""
    found = []
    for key, group in groups(parse(svg)).items():
        if "-node-" not in key:
            continue
        xs, ys = [], []
        for element in group:
            tag = element.tag.removeprefix(SVG)
            if tag == "polygon":
                for point in element.get("points").split():
                    x, y = map(float, point.split(","))
                    xs.append(x)
                    ys.append(y)
            elif tag == "ellipse":
                cx, cy, rx, ry = (float(element.get(name)) for name in ("cx", "cy", "rx", "ry"))
                xs += [cx - rx, cx + rx]
                ys += [cy - ry, cy + ry]
        if xs:
            found.append((key, (min(xs), min(ys), max(xs), max(ys))))
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


@pytest.fixture(scope="module")
def sixteen_hundred() -> ScenarioTree:
    return synthetic_tree(1600, seed=3)


@pytest.mark.exe
@pytest.mark.parametrize("rankdir", ["LR", "TB", "RL", "BT"])
def test_the_tidy_layout_does_not_overlap_nodes(sixteen_hundred, rankdir):
    svg = sixteen_hundred.to_svg(max_nodes=None, rankdir=rankdir)
    found = boxes(svg)
    assert len(found) == 1600
    clashes = overlaps(found)
    assert not clashes, f"{len(clashes)} pairs of nodes overlap with rankdir={rankdir}, e.g. {clashes[:3]}"


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


# -- Graphviz errors -----------------------------------------------------------------------------


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
    monkeypatch.setattr("scenario_tree.layout.shutil.which", lambda name: None)
    with pytest.raises(GraphvizError, match="not found"):
        default_tree().to_svg()


def test_cli_render_without_graphviz_prints_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["render", "-o", str(tmp_path / "tree.svg")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error:") and "Graphviz" in error and "Traceback" not in error
    assert not list(tmp_path.iterdir())


def test_dot_source_does_not_need_graphviz(tmp_path, monkeypatch):
    """The DOT text does not depend on a Graphviz run, so writing it should not need Graphviz."""
    monkeypatch.setenv("PATH", str(tmp_path))
    tree = default_tree()
    dot = tree.to_dot()
    assert dot.startswith("digraph") and all(node.id in dot for node in tree.nodes())
    tree.save(tmp_path / "tree.dot")
    assert (tmp_path / "tree.dot").read_text(encoding="utf-8") == dot


@pytest.mark.exe
def test_a_failing_graphviz_is_a_clear_error():
    with pytest.raises(GraphvizError, match=r"Graphviz dot failed: .*syntax error"):
        scenario_tree.layout.run_graphviz("digraph { a -> ", "dot")
    with pytest.raises(GraphvizError, match="failed"):
        scenario_tree.layout.run_graphviz("digraph { a }", "dot", "no-such-format")


@pytest.mark.exe
def test_a_slow_graphviz_is_stopped(monkeypatch):
    seen = {}

    def slow(command, **kwargs):
        seen.update(kwargs)
        raise subprocess.TimeoutExpired(command, kwargs["timeout"])

    monkeypatch.setattr("scenario_tree.layout.subprocess.run", slow)
    with pytest.raises(GraphvizError, match=r"longer than 7 s.*fold the tree"):
        default_tree().to_svg(timeout=7)
    assert seen["timeout"] == 7


@pytest.mark.exe
def test_a_tiny_timeout_stops_a_real_layout():
    tree = synthetic_tree(1000, seed=4)
    with pytest.raises(GraphvizError, match="longer than"):
        tree.to_svg(max_nodes=None, timeout=0.005)
    parse(tree.to_svg(max_nodes=None))
