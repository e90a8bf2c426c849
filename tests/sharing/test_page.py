"""The standalone page's data and document: the JSON contract, escaping, no outside reference, atomic writes."""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import math
import re
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.sharing import page
from scenario_tree.sharing.page import PAGE_FORMAT, page_data, page_html, script_json, write_page
from scenario_tree.synthetic import synthetic_tree
from tests import svg_helpers

HOSTILE = "</script><img src=x onerror=alert(1)>"
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
WRITTEN = datetime.date(2024, 5, 17)

EXPRESSIONS = """
format: scenario-tree/1
title: Launch
actors: [firm, rival]
parameters: {p_hit: 0.3, cost: {value: 4, low: 2, high: 6}, margin: "cost / 2"}
root:
  id: launch
  label: Launch?
  kind: decision
  actor: firm
  children:
    - id: go
      label: Go
      kind: chance
      payoff: "-cost"
      children:
        - {id: hit, label: Hit, kind: outcome, probability: p_hit, payoff: {firm: "margin * 10", rival: -1}}
        - {id: flop, label: Flop, kind: outcome, probability: "#", payoff: {firm: 0, rival: 2}}
    - {id: stay, label: Stay, kind: outcome, payoff: 0}
"""


def hostile_tree() -> scenario_tree.ScenarioTree:
    return scenario_tree.loads(f"""
format: scenario-tree/1
title: "{HOSTILE}"
source: {{title: "{HOSTILE}", url: "https://example.org/a?b=<c>"}}
root:
  id: root
  label: "{HOSTILE}"
  kind: chance
  notes: "<!-- {HOSTILE} \u2028 \u2029"
  quotes: [{{text: "{HOSTILE}", paragraph: 2}}]
  children:
    - {{id: a, label: "{HOSTILE}", kind: outcome, probability: 0.5, payoff: 1}}
    - {{id: b, label: "&amp; </SCRIPT >", kind: outcome, probability: "#", payoff: 0}}
""")


def embedded_json(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="scenario-page-data">(.*?)</script>', html, re.S)
    assert match, "the page has no data block"
    return json.loads(match.group(1))


# -- the data contract ---------------------------------------------------------------------------


@pytest.mark.exe
def test_page_data_follows_the_contract_for_the_article() -> None:
    tree = scenario_tree.default_tree()
    evaluation = tree.evaluate()
    data = page_data(tree, written=WRITTEN)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["format"] == PAGE_FORMAT
    assert (data["title"], data["root"], data["written"]) == (tree.title, tree.root.id, "2024-05-17")
    assert data["source"] == tree.meta["source"]
    assert data["description"] == tree.meta["description"]
    assert data["actors"] == tree.actors and data["abbreviations"] == ["W", "P", "R"]
    assert [node["id"] for node in data["nodes"]] == [node.id for node in tree.nodes()]
    for node, raw in zip(data["nodes"], tree.nodes()):
        assert node["label"] == raw.label and node["kind"] == raw.kind
        assert node["children"] == [child.id for child in raw.children]
        assert node["parent"] == (raw.parent.id if raw.parent else None)
        assert node["probability"] == evaluation.probability[raw.id]
        assert node["actor"] == (tree.actors.index(raw.actor) if raw.kind == "decision" else None)
        assert node["quotes"] == raw.quotes and node["notes"] == raw.notes and node["tags"] == raw.tags
        assert len(node["payoff"]) == 3 and node["payoff_written"] == {}
        assert node["drawn"] and not node["folded"]
    soft = next(node for node in data["nodes"] if node["id"] == "soft_landing")
    assert soft["payoff"] == [8.0, 4.0, 9.0] and soft["written"] == 0.75


@pytest.mark.exe
def test_the_drawing_in_the_data_has_a_group_for_every_node_and_its_prefix() -> None:
    tree = scenario_tree.default_tree()
    data = page_data(tree)
    groups = svg_helpers.groups(svg_helpers.parse(data["svg"]))
    for node in tree.nodes():
        assert f"{data['prefix']}-node-{node.id}" in groups
        if node.parent is not None:
            assert f"{data['prefix']}-edge-{node.id}" in groups
    # every outcome tag drawn in the legend has its fill, which is the tag's colour in the drawing
    assert set(data["style"]["tags"]) == {"transition", "appeasement", "safe-enemy", "containment"}
    assert data["style"]["kinds"]["decision"]["fill"] == "#dbe8f7"


def test_expressions_are_evaluated_and_named_as_written() -> None:
    tree = scenario_tree.loads(EXPRESSIONS)
    data = page_data(tree, drawing=False)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert data["svg"] is None and data["prefix"] is None
    assert data["parameters"] == {"p_hit": 0.3, "cost": 4.0, "margin": 2.0}
    assert data["parameter_expressions"] == {"margin": "cost / 2"}
    assert (nodes["hit"]["probability"], nodes["hit"]["written"]) == (0.3, "p_hit")
    assert nodes["flop"]["written"] == "#" and math.isclose(nodes["flop"]["probability"], 0.7)
    assert nodes["go"]["payoff"] == [-4.0, 0.0] and nodes["go"]["payoff_written"] == {"firm": "-cost"}
    assert nodes["hit"]["payoff"] == [20.0, -1.0] and nodes["hit"]["payoff_written"] == {"firm": "margin * 10"}
    assert nodes["launch"]["probability"] is None and nodes["launch"]["written"] is None
    assert nodes["go"]["written"] is None  # a decision's branch has no probability


def test_the_numbers_are_those_of_the_tree_when_written() -> None:
    tree = scenario_tree.loads(EXPRESSIONS)
    tree.set_probability("hit", 0.6)
    nodes = {node["id"]: node for node in page_data(tree, drawing=False)["nodes"]}
    assert (nodes["hit"]["probability"], nodes["hit"]["written"]) == (0.6, 0.6)
    assert math.isclose(nodes["flop"]["probability"], 0.4)


@pytest.mark.exe
def test_a_large_tree_is_drawn_folded_and_the_data_says_which_nodes() -> None:
    tree = synthetic_tree(2600, seed=3)
    data = page_data(tree)
    drawn = [node for node in data["nodes"] if node["drawn"]]
    folded = [node for node in data["nodes"] if node["folded"]]
    assert len(data["nodes"]) == 2600
    assert 0 < len(drawn) <= page.MAX_DRAWN_NODES and folded
    assert all(node["drawn"] for node in folded)
    assert len(svg_helpers.parse(data["svg"]).findall(f".//{svg_helpers.SVG}g[@data-node]")) > len(drawn)


# -- the document --------------------------------------------------------------------------------


def test_script_json_leaves_nothing_that_ends_a_script() -> None:
    text = script_json({"a": HOSTILE, "b": "<!-- \u2028\u2029 & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": HOSTILE, "b": "<!-- \u2028\u2029 & >"}


@pytest.mark.exe
def test_hostile_text_stays_text_in_the_page() -> None:
    tree = hostile_tree()
    html = page_html(tree, written=WRITTEN)
    assert HOSTILE not in html
    assert len(re.findall(r"</script", html, re.I)) == 2  # the data block's and the module's own
    assert "<img" not in html.lower()
    data = embedded_json(html)
    assert data == page_data(tree, written=WRITTEN)
    assert data["nodes"][0]["label"] == HOSTILE and data["nodes"][0]["quotes"][0]["text"] == HOSTILE
    assert re.search(r"<title>&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;</title>", html)


@pytest.mark.exe
def test_the_page_references_nothing_outside_itself() -> None:
    tree = scenario_tree.default_tree()
    html = page_html(tree)
    assert not re.search(r"""(?:src|href|action|poster|srcset|data)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.I)
    assert "@import" not in html and "<link rel=\"stylesheet\"" not in html
    shown_as_text = {tree.meta["source"]["url"]} | {node.url for node in tree.nodes() if node.url}
    for address in re.findall(r"https?://[^\s\"'<>\\]+", html):
        assert address in NAMESPACES | shown_as_text, address


@pytest.mark.exe
def test_the_content_security_policy_allows_only_the_page_itself() -> None:
    html = page_html(scenario_tree.default_tree())
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "default-src 'none'" in policy and "unsafe" not in policy
    module = re.search(r'<script type="module">(.*?)</script>', html, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
    for text in (module, style):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "export function mount(" in module and "export function evaluate(" in module


# -- writing -------------------------------------------------------------------------------------


@pytest.mark.exe
def test_write_page_writes_the_document(tmp_path: Path) -> None:
    source = tmp_path / "launch.yaml"
    source.write_text(EXPRESSIONS, encoding="utf-8")
    tree = scenario_tree.load(source)
    target = write_page(tree, tmp_path / "launch.html", written=WRITTEN)
    assert target == tmp_path / "launch.html"
    text = target.read_text(encoding="utf-8")
    assert text == page_html(tree, written=WRITTEN)
    assert embedded_json(text)["file"] == "launch.yaml"


def test_write_page_leaves_the_old_file_whole_when_writing_fails(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "tree.html"
    target.write_text("the old page", encoding="utf-8")

    def broken_rename(source: str, destination: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(page, "page_html", lambda tree, written=None: "the new page")
    monkeypatch.setattr("os.replace", broken_rename)
    with pytest.raises(OSError, match="disk full"):
        write_page(scenario_tree.loads(EXPRESSIONS), target)
    assert target.read_text(encoding="utf-8") == "the old page"
    assert [path.name for path in tmp_path.iterdir()] == ["tree.html"]


def test_the_script_and_style_ship_with_the_package() -> None:
    static = Path(page.__file__).parent / "static"
    assert (static / "scenario_page.js").is_file() and (static / "scenario_page.css").is_file()
    assert "</script" not in (static / "scenario_page.js").read_text(encoding="utf-8").lower()
