"""The drawing machinery: cached layout and instant restyle, deltas, folding, large trees, Graphviz errors.

Expectations are computed independently from the tree (path probabilities, outcome counts, which
nodes a fold hides), and a restyled drawing is compared with a fresh drawing of an equal tree.
Tests marked ``exe`` run Graphviz; they fail (they do not skip) when it is missing.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ElementTree

import pytest

from scenario_tree import GraphvizError, default_tree, loads
from scenario_tree.drawing import Drawing
from scenario_tree.synthetic import synthetic_tree
from tests.drawing.helpers import Recorder, forbid_graphviz, look, looks, node_groups, note
from tests.svg_helpers import classes, groups, parse

# -- helpers -------------------------------------------------------------------------------------


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
def test_marking_the_realised_path_restyles_without_graphviz_like_a_fresh_drawing(monkeypatch):
    tree = default_tree()
    drawing = tree.drawing(id_prefix="h")
    assert drawing.update() == {}
    with monkeypatch.context() as patch:
        forbid_graphviz(patch)
        drawing.options = drawing.options.but(realised="status_quo_adventure")
        changed = drawing.update()
        assert drawing.relaid is False
        full = drawing.svg()
    assert sorted(changed) == sorted(["h-node-dialogue", "h-node-safe_enemy_status_quo", "h-edge-safe_enemy_status_quo",
                                      "h-node-status_quo_adventure", "h-edge-status_quo_adventure"])
    assert looks(full) == looks(loads(tree.dumps()).to_svg(id_prefix="h", realised="status_quo_adventure"))


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
        patch.setattr("scenario_tree.drawing.layout.run_graphviz", broken)
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


# -- large trees ---------------------------------------------------------------------------------


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


# -- Graphviz errors -----------------------------------------------------------------------------


def test_dot_source_does_not_need_graphviz(tmp_path, monkeypatch):
    """The DOT text does not depend on a Graphviz run, so writing it should not need Graphviz."""
    monkeypatch.setenv("PATH", str(tmp_path))
    tree = default_tree()
    dot = tree.to_dot()
    assert dot.startswith("digraph") and all(node.id in dot for node in tree.nodes())
    tree.save(tmp_path / "tree.dot")
    assert (tmp_path / "tree.dot").read_text(encoding="utf-8") == dot


