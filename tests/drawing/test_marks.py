"""What a drawing looks like and what it is safe against: shapes, edges, styles, escaping, ids, exports.

Every expectation is computed from the tree (its evaluation and its nodes), never from the
drawing code, and every SVG is read with ``xml.etree.ElementTree``. Tests marked ``exe`` run
Graphviz; they fail (they do not skip) when it is missing, because CI installs it.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pytest

import scenario_tree
from scenario_tree import ScenarioError, default_tree, loads
from scenario_tree.drawing.marks import Numbers
from tests.svg_helpers import SVG, classes, groups, parse, shape_box, texts

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
INJECTIONS = [
    "<b>x</b>",
    '"quoted"',
    "back\\slash",
    "\\N",
    "{ }",
    ";",
    "first line\nsecond line",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;",
    # a few more of the same family: an escaped quote, a trailing backslash, an HTML-like label, entities
    'a\\"b',
    "ends with \\",
    "<<TABLE><TR><TD>t</TD></TR></TABLE>>",
    "&amp; &#60; &#x3c; & <",
    "a long label that certainly has to be wrapped over <several> lines of the drawing",
]


# -- helpers -------------------------------------------------------------------------------------


def children_tagged(group: ElementTree.Element, tag: str) -> list[ElementTree.Element]:
    return [element for element in group if element.tag == f"{SVG}{tag}"]


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def path_width(edge: ElementTree.Element) -> float:
    (path,) = children_tagged(edge, "path")
    return float(path.get("stroke-width"))


def colour(text: str) -> tuple[int, int, int]:
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", text), text
    return tuple(int(text[index:index + 2], 16) for index in (1, 3, 5))


def is_muted(text: str) -> bool:
    """A grey: channels within 16 of each other and no darker than #666 (text off the policy stays readable)."""
    red, green, blue = colour(text)
    return max(red, green, blue) - min(red, green, blue) <= 16 and (red + green + blue) / 3 >= 100


def label_lines(group: ElementTree.Element) -> list[str]:
    """The lines of a node's label: its texts of class ``st-label``."""
    return [element.text or "" for element in group.iter(f"{SVG}text") if element.get("class") == "st-label"]


def kind_of(tree: scenario_tree.ScenarioTree) -> dict[str, str]:
    return {node.id: node.kind for node in tree.nodes()}


def parent_of(tree: scenario_tree.ScenarioTree) -> dict[str, str]:
    return {node.id: node.parent.id for node in tree.nodes() if node.parent is not None}


def centre(group: ElementTree.Element) -> tuple[float, float]:
    """The centre of a node's shape (polygon, ellipse or rounded box)."""
    for element in group:
        box = shape_box(element)
        if box:
            return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    raise AssertionError(f"no shape in {group.get('id')}")


def first_shape(group: ElementTree.Element) -> ElementTree.Element:
    return next(element for element in group if local(element.tag) in ("polygon", "ellipse", "path"))


def _tip_and_base(corners: list[tuple[float, float]]) -> tuple[tuple[float, float], tuple[float, float]]:
    """A triangle's tip (the corner opposite its shortest side) and the middle of that side."""
    sides = [(math.dist(corners[(index + 1) % 3], corners[(index + 2) % 3]), index) for index in range(3)]
    _, tip = min(sides)
    first, second = corners[(tip + 1) % 3], corners[(tip + 2) % 3]
    return corners[tip], ((first[0] + second[0]) / 2, (first[1] + second[1]) / 2)


def dot_labels(dot: str) -> list[str]:
    """The value of every ``label=`` in DOT source, still DOT-escaped."""
    return re.findall(r'\blabel="((?:[^"\\]|\\.)*)"', dot)


def graphviz_texts(dot: str) -> dict[str, list[str]]:
    """The text lines Graphviz itself reads from DOT, by element id (``dot -Tjson``)."""
    done = subprocess.run([shutil.which("dot"), "-Tjson"], input=dot.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout)
    found = {}
    for item in [*data.get("objects", []), *data.get("edges", []), data]:
        if "id" in item:
            found[item["id"]] = [op["text"] for op in item.get("_ldraw_", []) if op["op"] == "T"]
    return found


@pytest.fixture(scope="module")
def article() -> scenario_tree.ScenarioTree:
    """The article tree, drawn with default options once for the read-only tests of this module."""
    return default_tree()


@pytest.fixture(scope="module")
def article_svg(article: scenario_tree.ScenarioTree) -> dict[str, ElementTree.Element]:
    if shutil.which("dot") is None:
        pytest.fail("Graphviz 'dot' not found on PATH; these tests need Graphviz (apt-get install graphviz)")
    return groups(parse(article.to_svg(id_prefix="t")))


# -- look and conventions ------------------------------------------------------------------------


@pytest.mark.exe
def test_every_node_and_edge_is_drawn_once(article, article_svg):
    ids = {node.id for node in article.nodes()}
    assert len(ids) == 36
    assert {key.removeprefix("t-node-") for key in article_svg if key.startswith("t-node-")} == ids
    assert {key.removeprefix("t-edge-") for key in article_svg if key.startswith("t-edge-")} == ids - {"dialogue"}
    labels = {node.id: node.label for node in article.nodes()}
    for node_id in ids:
        assert article_svg[f"t-node-{node_id}"].get("data-node") == node_id
        (title,) = children_tagged(article_svg[f"t-node-{node_id}"], "title")
        assert title.text.splitlines()[0] == labels[node_id]  # the tooltip reads the label, not the id
    parents = parent_of(article)
    for child, parent in parents.items():
        assert article_svg[f"t-edge-{child}"].get("data-node") == child
        (title,) = children_tagged(article_svg[f"t-edge-{child}"], "title")
        assert title.text.startswith(f"{labels[parent]} → {labels[child]}")


@pytest.mark.exe
def test_decisions_are_boxes_chances_are_ellipses(article, article_svg):
    kinds = kind_of(article)
    assert set(kinds.values()) == {"decision", "chance", "outcome"}
    for node_id, kind in kinds.items():
        group = article_svg[f"t-node-{node_id}"]
        assert kind in classes(group) and "node" in classes(group)
        polygons, ellipses = children_tagged(group, "polygon"), children_tagged(group, "ellipse")
        if kind == "decision":
            assert len(polygons) == 1 and not ellipses, node_id
            assert len(polygons[0].get("points").split()) == 5, "a box: four corners and the closing point"
            assert polygons[0].get("stroke") != "none"
        elif kind == "chance":
            assert len(ellipses) == 1 and not polygons, node_id
            assert ellipses[0].get("stroke") != "none"
        else:
            assert not ellipses, node_id
            assert all(polygon.get("stroke") == "none" for polygon in polygons), "an outcome has no outline"


@pytest.mark.exe
def test_edges_into_outcomes_end_in_an_inverted_arrowhead(article, article_svg):
    kinds = kind_of(article)
    dot = article.to_dot(id_prefix="t")
    for child, parent in parent_of(article).items():
        edge = article_svg[f"t-edge-{child}"]
        polygons = children_tagged(edge, "polygon")
        (statement,) = [line for line in dot.splitlines() if f'id="t-edge-{child}"' in line]
        if kinds[child] == "outcome":
            assert len(polygons) == 1, f"{child}: an edge into an outcome ends in an arrowhead"
            assert len(polygons[0].get("points").split()) == 4, "a triangle"
            assert "arrowhead=inv" in statement
            # "inv": the flat side faces the outcome and the point faces back towards the parent
            corners = [tuple(map(float, point.split(","))) for point in polygons[0].get("points").split()][:3]
            tip, base = _tip_and_base(corners)
            node = centre(article_svg[f"t-node-{child}"])
            assert math.dist(tip, node) > math.dist(base, node) + 5, f"{child}: the arrowhead is not inverted"
        else:
            assert not polygons, f"{parent}->{child}: only edges into outcomes have an arrowhead"
            assert "arrowhead=none" in statement


@pytest.mark.exe
def test_rankdir_is_lr_by_default_and_tb_on_request():
    tree = default_tree()
    assert re.search(r"\brankdir=LR\b", tree.to_dot())
    assert re.search(r"\brankdir=TB\b", tree.to_dot(rankdir="TB"))
    assert not re.search(r"\brankdir=LR\b", tree.to_dot(rankdir="TB"))
    left_right = groups(parse(tree.to_svg(id_prefix="lr")))
    top_bottom = groups(parse(tree.to_svg(id_prefix="tb", rankdir="TB")))
    for child in ("transition_deal", "appeasement", "containment"):
        root_x, root_y = centre(left_right["lr-node-dialogue"])
        child_x, child_y = centre(left_right[f"lr-node-{child}"])
        assert child_x > root_x + 50, "LR: children are to the right of their parent"
        root_x, root_y = centre(top_bottom["tb-node-dialogue"])
        child_x, child_y = centre(top_bottom[f"tb-node-{child}"])
        assert child_y > root_y + 20, "TB: children are below their parent"
    with pytest.raises(ValueError, match="rankdir"):
        tree.drawing(rankdir="sideways")


@pytest.mark.exe
def test_labels_are_inside_nodes_and_chance_edges_carry_the_probability(article, article_svg):
    probability = article.evaluate().probability
    chance_edges = decision_edges = 0
    for node in article.nodes():
        shown = texts(article_svg[f"t-node-{node.id}"])
        assert _joined_matches(shown[: len(label_lines(article_svg[f"t-node-{node.id}"]))], node.label), shown
        if node.parent is None:
            continue
        lines = texts(article_svg[f"t-edge-{node.id}"])
        if node.parent.kind == "chance":
            chance_edges += 1
            (line,) = lines
            assert float(line) == pytest.approx(probability[node.id], abs=5e-4), node.id
        else:
            decision_edges += 1
            assert lines == [], "a decision's branch needs no text: its label is in the node"
    kinds = [node.parent.kind for node in article.nodes() if node.parent is not None]
    assert chance_edges == kinds.count("chance") > 10 and decision_edges == kinds.count("decision") > 5


@pytest.mark.exe
def test_chosen_edges_are_marked_and_thicker(article, article_svg):
    best = article.evaluate().best
    chosen = {child for child in best.values() if child}
    for node in article.nodes():
        if node.kind != "decision":
            continue
        siblings = [child.id for child in node.children]
        assert best[node.id] in siblings
        chosen_edge = article_svg[f"t-edge-{best[node.id]}"]
        assert "chosen" in classes(chosen_edge)
        for other in siblings:
            if other != best[node.id]:
                assert "chosen" not in classes(article_svg[f"t-edge-{other}"])
                assert path_width(chosen_edge) > path_width(article_svg[f"t-edge-{other}"])
    marked = {key.removeprefix("t-edge-") for key, group in article_svg.items() if "chosen" in classes(group)}
    assert marked == chosen


@pytest.mark.exe
def test_off_policy_elements_are_marked_and_muted(article, article_svg):
    policy = article.evaluate().policy_probability
    on_colours = {"node": set(), "edge": set()}
    off, loud = 0, []
    for node in article.nodes():
        for role in ("node", "edge"):
            if role == "edge" and node.parent is None:
                continue
            group = article_svg[f"t-{role}-{node.id}"]
            strokes = [element.get("stroke") for element in group if element.get("stroke") not in (None, "none")]
            if policy[node.id] > 0:
                assert "on-policy" in classes(group) and "off-policy" not in classes(group), node.id
                on_colours[role].update(strokes)
            else:
                off += 1
                assert "off-policy" in classes(group) and "on-policy" not in classes(group), node.id
                assert strokes or node.kind == "outcome"
                loud.extend(f"{role} {node.id}: stroke {stroke}" for stroke in strokes if not is_muted(stroke))
                loud.extend(f"{role} {node.id}: text {line.get('fill')}" for line in group.iter(f"{SVG}text")
                            if not is_muted(line.get("fill")))
    assert off > 20
    assert not loud, f"off-policy elements drawn in a colour that is not a muted grey: {loud}"
    assert not any(is_muted(stroke) for strokes in on_colours.values() for stroke in strokes)


@pytest.mark.exe
def test_outcomes_show_policy_or_path_probability(article, article_svg):
    evaluation = article.evaluate()
    seen = set()
    for node in article.nodes():
        if node.kind != "outcome":
            continue
        last = texts(article_svg[f"t-node-{node.id}"])[-1]
        policy, path = evaluation.policy_probability[node.id], evaluation.path_probability[node.id]
        if policy > 0:
            assert re.fullmatch(r"p [0-9.e-]+", last), last
            assert float(last.removeprefix("p ")) == pytest.approx(policy, rel=5e-3)
            seen.add("p")
        else:
            assert re.fullmatch(r"p [0-9.e-]+ if chosen", last), last
            assert float(last.removeprefix("p ").removesuffix(" if chosen")) == pytest.approx(path, rel=5e-3)
            seen.add("p if chosen")
    assert seen == {"p", "p if chosen"}


@pytest.mark.exe
def test_width_by_probability_makes_likelier_edges_thicker():
    tree = default_tree()
    path = tree.evaluate().path_probability
    plain = groups(parse(tree.to_svg(id_prefix="a")))
    wide = groups(parse(tree.to_svg(id_prefix="a", width_by_probability=True)))
    assert path_width(wide["a-edge-soft_landing"]) > path_width(wide["a-edge-managed_successor"])
    assert path_width(plain["a-edge-soft_landing"]) == path_width(plain["a-edge-managed_successor"])
    ordinary = sorted((path[node.id], path_width(wide[f"a-edge-{node.id}"])) for node in tree.nodes()
                      if node.parent is not None and "chosen" not in classes(wide[f"a-edge-{node.id}"]))
    for (low, thin), (high, thick) in zip(ordinary, ordinary[1:]):
        assert thick >= thin
        if high - low > 0.02:
            assert thick > thin, f"path p {high} is drawn no thicker than {low}"


def first_tags(tree: scenario_tree.ScenarioTree, shown: set[str]) -> set[str]:
    return {node.tags[0] for node in tree.nodes() if node.kind == "outcome" and node.tags and node.id in shown}


@pytest.mark.exe
@pytest.mark.parametrize("options", [{}, {"depth": 2}, {"folded": {"transition_deal", "containment"}}])
def test_colour_by_tag_adds_one_legend_entry_per_tag_of_shown_outcomes(options):
    tree = default_tree()
    drawn = groups(parse(tree.to_svg(id_prefix="c", **options)))
    shown = {key.removeprefix("c-node-") for key in drawn if key.startswith("c-node-")}
    legend = {key: group for key, group in drawn.items() if key.startswith("c-legend-")}
    tags = first_tags(tree, shown)
    assert tags, "the case should show some tagged outcomes"
    assert len(legend) == len(tags)
    assert {" ".join(texts(group)) for group in legend.values()} == tags
    fill_of = {" ".join(texts(group)): first_shape(group).get("fill") for group in legend.values()}
    assert len(set(fill_of.values())) == len(tags), "each tag has its own colour"
    policy = tree.evaluate().policy_probability
    for node in tree.nodes():
        if node.kind == "outcome" and node.id in shown and node.tags and policy[node.id] > 0:
            shape = first_shape(drawn[f"c-node-{node.id}"])
            assert shape.get("fill") == fill_of[node.tags[0]], node.id
    untagged = groups(parse(tree.to_svg(id_prefix="c", colour_by_tag=False, **options)))
    assert not [key for key in untagged if "-legend-" in key]
    assert "legend" not in tree.to_dot(colour_by_tag=False, **options)


@pytest.mark.exe
def test_selected_marks_exactly_the_path_from_the_root():
    tree = default_tree()
    drawn = groups(parse(tree.to_svg(id_prefix="s", selected="stall_adventure")))
    path, node = set(), tree.node("stall_adventure")
    while node is not None:
        path.add(node.id)
        node = node.parent
    assert path == {"stall_adventure", "stall_credible", "guarantees_credible", "transition_deal", "dialogue"}
    selected_nodes = {key.removeprefix("s-node-") for key, group in drawn.items()
                      if key.startswith("s-node-") and "selected" in classes(group)}
    selected_edges = {key.removeprefix("s-edge-") for key, group in drawn.items()
                      if key.startswith("s-edge-") and "selected" in classes(group)}
    assert selected_nodes == path
    assert selected_edges == path - {"dialogue"}
    assert not [key for key, group in drawn.items() if "selected" in classes(group)
                and not key.startswith(("s-node-", "s-edge-"))]
    plain = groups(parse(tree.to_svg(id_prefix="s")))
    assert not [key for key, group in plain.items() if "selected" in classes(group)]
    # the selection is visible: its edges are drawn in another colour than unselected ones
    assert path_width(drawn["s-edge-stall_adventure"]) > path_width(plain["s-edge-stall_adventure"])
    with pytest.raises(ScenarioError, match="no_such_node"):
        tree.to_svg(selected="no_such_node")


@pytest.mark.exe
def test_realised_path_is_drawn_in_its_own_colour_beside_the_selection():
    tree = default_tree()
    happened = ["dialogue", "safe_enemy_status_quo", "status_quo_adventure"]  # off the chosen policy
    assert [node.id for node in scenario_tree.model.path_from_root(tree.node(happened[-1]))] == happened
    drawn = groups(parse(tree.to_svg(id_prefix="r", realised=happened[-1], selected="stall_adventure")))
    realised = {key.split("-", 2)[2] for key, group in drawn.items() if "realised" in classes(group)}
    assert realised == set(happened)
    edges = {key.removeprefix("r-edge-") for key, group in drawn.items()
             if key.startswith("r-edge-") and "realised" in classes(group)}
    assert edges == set(happened) - {"dialogue"}
    colour = scenario_tree.drawing.options.REALISED_COLOUR
    for node_id in happened[1:]:
        edge = drawn[f"r-edge-{node_id}"]
        assert any(element.get("stroke") == colour for element in edge), node_id
        assert path_width(edge) >= 3.2
        node = first_shape(drawn[f"r-node-{node_id}"])
        assert node.get("stroke") == colour and node.get("fill") != "#f6f6f6", "what happened reads in full"
    # the selection keeps its own colour where the two paths meet
    assert first_shape(drawn["r-node-dialogue"]).get("stroke") == scenario_tree.drawing.options.SELECTED_COLOUR
    plain = groups(parse(tree.to_svg(id_prefix="r")))
    assert not [key for key, group in plain.items() if "realised" in classes(group)]
    with pytest.raises(ScenarioError, match="no_such_node"):
        tree.to_svg(realised="no_such_node")


@pytest.mark.exe
def test_outcomes_below_payoffs_show_their_path_total():
    tree = scenario_tree.load(Path(__file__).resolve().parents[2] / "examples" / "movie_contract.scenario.yaml")
    evaluation = tree.evaluate()
    drawn = groups(parse(tree.to_svg(id_prefix="m")))
    differing = [outcome for outcome in evaluation.outcomes() if outcome["total"] != outcome["value"]]
    assert differing, "the movie contract pays on entering a chance node: some totals differ"
    for outcome in evaluation.outcomes():
        lines = texts(drawn[f"m-node-{outcome['id']}"])
        totals = [line for line in lines if line.startswith("path total")]
        if outcome in differing:
            assert len(totals) == 1, (outcome["id"], lines)
            total = next(iter(outcome["total"].values()))
            assert math.isclose(float(totals[0].removeprefix("path total ").replace(",", "")), total, rel_tol=5e-3)
        else:
            assert totals == [], (outcome["id"], lines)
    article = texts(parse(default_tree().to_svg()))
    assert not [line for line in article if line.startswith("path total")], "the article pays only at outcomes"


@pytest.mark.parametrize("above", [1e-13, -1e-13, 1e-11, 2e-9, 0.5])
def test_a_path_total_is_shown_when_it_is_not_close_to_the_outcomes_own_value(above):
    # math.isclose(total, own, rel_tol=1e-9, abs_tol=1e-12) decides, as the module says
    outcomes = [{"id": "a", "label": "A", "kind": "outcome", "payoff": 4},
                {"id": "b", "label": "B", "kind": "outcome", "payoff": 0}]
    root = {"id": "d", "label": "D", "kind": "decision", "payoff": above, "children": outcomes}
    tree = loads(json.dumps({"format": "scenario-tree/1", "title": "t", "root": root}))
    evaluation = tree.evaluate()
    shown = Numbers.read(evaluation, np.arange(3))
    for row, node in enumerate(evaluation.compiled.nodes[1:], start=1):
        own = node.payoff
        assert shown.own[row] == math.isclose(own + above, own, rel_tol=1e-9, abs_tol=1e-12), (node.id, above)


@pytest.mark.exe
def test_title_and_source_only_when_show_title():
    tree = default_tree()
    source = tree.meta["source"]
    titled = parse(tree.to_svg(id_prefix="h"))
    lines = texts(groups(titled)["h-graph"])
    assert lines[0] == tree.title
    assert any(line.startswith("Source:") and source["author"] in line for line in lines)
    assert titled.get("aria-label") == tree.title
    bare = parse(tree.to_svg(id_prefix="h", show_title=False))
    assert "h-graph" not in groups(bare)
    every_text = " ".join(texts(bare))
    assert tree.title not in every_text and source["author"] not in every_text
    assert "Source:" not in tree.to_dot(show_title=False)


@pytest.mark.exe
def test_title_lines_are_separate_text_lines():
    """A title with a line break is drawn as two lines, and the source line keeps its own place."""
    data = default_tree().to_dict()
    data["title"] = "Trump and Putin\nthe deal"  # a file may hold this, e.g. as a YAML block scalar
    tree = loads(json.dumps(data))
    assert tree.title == "Trump and Putin\nthe deal"
    lines = texts(groups(parse(tree.to_svg(id_prefix="h")))["h-graph"])
    assert not [line for line in lines if "\n" in line], f"a text element holds a line break: {lines}"
    assert lines[:2] == ["Trump and Putin", "the deal"]
    assert lines[2].startswith("Source:")


# -- safety --------------------------------------------------------------------------------------


def _joined_matches(lines: list[str], label: str) -> bool:
    """The label's wrapped lines give back the label: joined at spaces, line breaks or a broken long word."""
    return label in (" ".join(lines), "\n".join(lines), "".join(lines))


@pytest.mark.exe
@pytest.mark.parametrize("label", INJECTIONS)
def test_labels_are_shown_literally_and_never_become_markup(label):
    tree = default_tree()
    tree.rename("dialogue", label)  # the root (a decision)
    tree.rename("stable_standoff", label)  # an outcome under a chance node
    tree.rename("appeasement", label)  # a branch of a decision
    dot = tree.to_dot(id_prefix="x")
    # DOT: no HTML-like label, no raw '<' anywhere, and Graphviz reads back exactly the label
    assert "label=<" not in dot
    assert "<" not in dot
    assert all("<" not in value for value in dot_labels(dot))
    read_back = graphviz_texts(dot)
    assert _joined_matches(read_back["x-node-dialogue"][:-1], label), read_back["x-node-dialogue"]
    assert _joined_matches(read_back["x-node-stable_standoff"][:-2], label), read_back["x-node-stable_standoff"]
    assert _joined_matches(read_back["x-node-appeasement"][:-1], label), read_back["x-node-appeasement"]
    # SVG: parses, holds the text as text, and no element came from a label
    svg = tree.to_svg(id_prefix="x")
    root = parse(svg)
    tags = {local(element.tag) for element in root.iter()}
    assert not tags & {"script", "b", "img", "table", "foreignobject", "a"}, tags
    assert tags <= {"svg", "g", "title", "desc", "polygon", "ellipse", "path", "polyline", "text"}
    drawn = groups(root)
    for node_id in ("dialogue", "stable_standoff", "appeasement"):
        assert _joined_matches(label_lines(drawn[f"x-node-{node_id}"]), label), node_id
    assert not [element for element in root.iter() if any(name.lower().startswith("on") for name in element.attrib)]
    for node in tree.nodes():  # the tooltip is the label and what the node is, never the id
        (title,) = children_tagged(drawn[f"x-node-{node.id}"], "title")
        assert title.text.splitlines()[0] == node.label.splitlines()[0]
        assert drawn[f"x-node-{node.id}"].get("data-node") == node.id


@pytest.mark.exe
@pytest.mark.parametrize("label", [label for label in INJECTIONS if "\n" not in label])
def test_titles_and_tags_are_shown_literally(label):
    tree = default_tree()
    tree.meta["title"] = label
    root = parse(tree.to_svg(id_prefix="x"))
    assert root.get("aria-label") == label
    assert texts(groups(root)["x-graph"])[0] == label
    assert not {local(element.tag) for element in root.iter()} & {"script", "b", "img", "table"}
    assert "<" not in tree.to_dot(id_prefix="x")


@pytest.mark.exe
def test_node_ids_that_look_like_internal_names_are_drawn():
    """Ids may contain '-': one ending in '-label' is an ordinary node (see layout.parse_svg)."""
    tree = default_tree()
    tree.add_child("containment", "standoff-label", "A node whose id ends in -label", probability=0.1, payoff=1)
    tree.add_child("containment", "stable_standoff-label", "Another one", probability=0.1, payoff=2)
    drawn = groups(parse(tree.to_svg(id_prefix="x")))
    for node_id in ("standoff-label", "stable_standoff-label", "stable_standoff"):
        assert f"x-node-{node_id}" in drawn, node_id
        assert f"x-edge-{node_id}" in drawn, node_id
    assert label_lines(drawn["x-node-stable_standoff-label"]) == ["Another one"]
    assert "Another one" not in texts(drawn["x-node-stable_standoff"])


# -- determinism ---------------------------------------------------------------------------------


# -- exports -------------------------------------------------------------------------------------


