"""The standalone page opened from ``file://`` in headless Chromium, with every request recorded.

The page of the article's tree is written with :func:`write_page` and opened as a reader would open
an e-mail attachment. The tests click nodes, move a slider with real key presses, reset, step
through the tree, fold and unfold, and compare what the page shows (texts, classes and computed
colours of the drawing, the outcome table, the evaluation) with what Python draws and computes
after the same ``set_probability``.
"""

from __future__ import annotations

import datetime
import math
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import scenario_tree
from scenario_tree.drawing.marks import _number, _probability_text
from scenario_tree.model import node_path
from scenario_tree.sharing.page import MAX_DRAWN_NODES, page_data, write_page
from scenario_tree.synthetic import synthetic_tree

from .conftest import update_picture

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scenario_tree" / "sharing" / "static" / "scenario_page.js"
SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPES = ("polygon", "ellipse", "path", "polyline")
HOSTILE = "</script><img src=x onerror=alert(1)>"
EXPRESSIONS = """
format: scenario-tree/1
title: Launch
actors: [firm, rival]
parameters: {p_hit: 0.3, cost: 4}
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
        - {id: hit, label: Hit, kind: outcome, probability: p_hit, payoff: {firm: "cost * 5", rival: -1}}
        - {id: meh, label: Meh, kind: outcome, probability: 0.2, payoff: {firm: 3, rival: 0}}
        - {id: flop, label: Flop, kind: outcome, probability: "#", payoff: {firm: 0, rival: 2}}
    - {id: stay, label: Stay, kind: outcome, payoff: 0}
"""
SCREENSHOT_SIZE = {"width": 1400, "height": 1000}
SCREENSHOT_DATE = datetime.date(2026, 12, 2)  # fixed, so that docs/page.png does not change with the calendar

# what the page's drawing shows: per group its classes, its shapes' and texts' computed look
DRAWN = """
() => {
  const shapes = new Set(["polygon", "ellipse", "path", "polyline"]);
  const drawn = {};
  for (const group of document.querySelectorAll(".sp-stage g[data-node]")) {
    drawn[group.id] = {
      classes: [...group.classList].filter((name) => !name.startsWith("sp-")).sort(),
      shapes: [...group.children].filter((child) => shapes.has(child.tagName)).map((shape) => {
        const style = getComputedStyle(shape);
        return [style.fill, style.stroke, style.strokeWidth];
      }),
      texts: [...group.querySelectorAll("text:not(.sp-badge)")].map((text) => {
        const style = getComputedStyle(text);
        return [text.getAttribute("class"), text.textContent, style.fill, style.fontWeight];
      }),
    };
  }
  return drawn;
}
"""

OUTCOME_ROWS = """
() => [...document.querySelectorAll(".sp-outcomes tr[data-node]")].map((row) => ({
  id: row.dataset.node,
  policy: Number(row.dataset.policyProbability),
  path: Number(row.dataset.pathProbability),
  value: JSON.parse(row.dataset.value),
  texts: [...row.querySelectorAll("td.sp-num")].map((cell) => cell.textContent),
}))
"""


# -- what Python draws ---------------------------------------------------------------------------


def rgb(colour: str) -> str:
    if colour == "none":
        return "none"
    channels = [int(colour[index:index + 2], 16) for index in (1, 3, 5)]
    return "rgb({}, {}, {})".format(*channels)


def python_drawing(tree: scenario_tree.ScenarioTree, selected: str | None) -> dict[str, Any]:
    """The same summary as ``DRAWN`` of the SVG Python draws for the tree as it is now."""
    svg = tree.to_svg(max_nodes=MAX_DRAWN_NODES, show_title=False, selected=selected)
    drawn = {}
    for group in ElementTree.fromstring(svg).iter(f"{SVG_NS}g"):
        if group.get("data-node") is None:
            continue
        shapes = [child for child in group if child.tag.removeprefix(SVG_NS) in SHAPES]
        drawn[group.get("id")] = {
            "classes": sorted(group.get("class").split()),
            "shapes": [[rgb(shape.get("fill")), rgb(shape.get("stroke")), f"{float(shape.get('stroke-width')):g}px"]
                       for shape in shapes],
            "texts": [[text.get("class"), text.text, rgb(text.get("fill")),
                       "700" if text.get("font-weight") == "bold" else "400"] for text in group.iter(f"{SVG_NS}text")],
        }
    return drawn


def mismatches(page_drawing: dict[str, Any], python: dict[str, Any]) -> list[str]:
    assert set(page_drawing) == set(python)
    return [f"{key}: page {page_drawing[key]} != python {python[key]}" for key in python
            if page_drawing[key] != python[key]]


# -- opening pages -------------------------------------------------------------------------------


class OpenPage:
    """A page file opened from ``file://`` in its own tab, with every request it made."""

    def __init__(self, tab: Any, path: Path) -> None:
        self.tab = tab
        self.page = tab.page
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.goto(self.url)
        self.page.wait_for_selector("#scenario-page[data-ready='true']")

    def evaluation(self) -> dict[str, Any]:
        return self.page.evaluate("() => window.scenarioPage.evaluation()")

    def version(self) -> int:
        return int(self.page.get_attribute("#scenario-page", "data-version"))

    def click_node(self, node_id: str) -> None:
        self.page.click(".sp-fit")  # the whole drawing in view, as a reader would before aiming at a far node
        self.page.click(f".sp-stage g.node[data-node='{node_id}']")
        self.page.wait_for_function(f"() => window.scenarioPage.selected() === {node_id!r}")

    def assert_only_itself_was_requested(self) -> None:
        self.page.wait_for_timeout(200)
        assert self.requests == [self.url]
        errors = [line for line in self.tab.console if line.startswith(("[error]", "[pageerror]"))]
        assert not errors, errors  # a blocked load breaks the Content-Security-Policy: it would show here


@pytest.fixture()
def open_page(open_tab: Any, tmp_path: Path) -> Iterator[Any]:
    """Open pages of trees; they are closed after the test (a failure dumps them first)."""
    opened: list[OpenPage] = []

    def open_(tree: scenario_tree.ScenarioTree, name: str = "tree", written: datetime.date | None = None,
              viewport: dict[str, int] | None = None) -> OpenPage:
        path = write_page(tree, tmp_path / f"{name}.html", written=written)
        opened.append(OpenPage(open_tab(f"page-{name}", viewport), path))
        return opened[-1]

    yield open_
    for each in opened:
        each.page.close()


def moved_tree(node_id: str, probability: float) -> scenario_tree.ScenarioTree:
    tree = scenario_tree.default_tree()
    tree.set_probability(node_id, probability)
    return tree


# -- tests ---------------------------------------------------------------------------------------


def test_the_page_requests_nothing_beyond_itself(open_page: Any) -> None:
    opened = open_page(scenario_tree.default_tree())
    opened.click_node("guarantees_credible")
    opened.page.click(".sp-step-in")
    opened.page.click(".sp-fold")
    opened.page.click(".sp-fold")
    opened.page.click(".sp-fit")
    opened.page.mouse.wheel(0, -300)
    opened.assert_only_itself_was_requested()
    assert opened.page.title() == scenario_tree.default_tree().title


def test_the_page_states_the_title_source_and_that_its_numbers_are_the_files(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    header = opened.page.inner_text(".sp-header")
    assert tree.title in header
    for key in ("author", "outlet", "date", "url"):
        assert tree.meta["source"][key] in header
    assert "The numbers are those of" in header and "Reset brings the file's numbers back" in header
    assert not opened.page.is_visible(".sp-changed")


def test_the_drawing_starts_as_python_draws_it(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    found = mismatches(opened.page.evaluate(DRAWN), python_drawing(tree, selected=tree.root.id))
    assert not found, "\n".join(found[:10])


def test_clicking_a_node_shows_its_label_and_quotes_outside_the_drawing(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    node = tree.node("guarantees_credible")
    opened.click_node(node.id)
    assert opened.page.inner_text(".sp-side .sp-details h2") == node.label
    quotes = opened.page.locator(".sp-side .sp-quote")
    assert quotes.count() == len(node.quotes)
    assert node.quotes[0]["text"] in quotes.first.inner_text()
    assert opened.page.locator(".sp-stage .sp-quote").count() == 0
    assert node.notes in opened.page.inner_text(".sp-details .sp-notes")


def test_hostile_labels_stay_text(open_page: Any) -> None:
    tree = scenario_tree.loads(f"""
format: scenario-tree/1
title: "{HOSTILE}"
root:
  id: root
  label: "{HOSTILE}"
  kind: chance
  quotes: [{{text: "<b onmouseover=alert(2)>{HOSTILE}</b>", paragraph: 1}}]
  children:
    - {{id: a, label: "{HOSTILE}", kind: outcome, probability: 0.5, payoff: 1}}
    - {{id: b, label: "<svg onload=alert(3)>", kind: outcome, probability: "#", payoff: 0}}
""")
    opened = open_page(tree, "hostile")
    opened.click_node("a")
    assert opened.page.inner_text(".sp-details h2") == HOSTILE
    opened.click_node("root")
    assert HOSTILE in opened.page.inner_text(".sp-quote")
    assert opened.page.evaluate("() => document.querySelectorAll('img, b, .sp-side svg, .sp-results svg').length") == 0
    assert opened.dialogs == []
    opened.assert_only_itself_was_requested()


def test_moving_a_slider_updates_the_drawing_and_outcomes_as_python_would(open_page: Any) -> None:
    opened = open_page(scenario_tree.default_tree())
    page = opened.page
    before = page.evaluate(DRAWN)
    opened.click_node("transition_deal")
    slider = page.locator("input.sp-slider[data-node='guarantees_credible']")
    assert slider.input_value() == "0.4"
    slider.focus()
    for _ in range(200):  # real key presses: the browser fires an input event for each step of 0.001
        page.keyboard.press("ArrowLeft")
    moved = float(slider.input_value())
    assert math.isclose(moved, 0.2)

    tree = moved_tree("guarantees_credible", moved)
    expected = tree.evaluate()
    assert expected.best["dialogue"] != scenario_tree.default_tree().evaluate().best["dialogue"]  # a new policy
    found = mismatches(page.evaluate(DRAWN), python_drawing(tree, selected="transition_deal"))
    assert not found, "\n".join(found[:10])
    assert page.evaluate(DRAWN) != before
    assert_evaluation_equal(opened.evaluation(), expected.to_dict(), tree.actors)
    assert_outcome_table(page.evaluate(OUTCOME_ROWS), expected.to_dict()["outcomes"])
    assert page.is_visible(".sp-changed")
    policy = page.locator(".sp-policy-list li[data-node='dialogue']").get_attribute("data-choice")
    assert policy == expected.best["dialogue"]
    opened.assert_only_itself_was_requested()


def test_the_number_box_moves_a_branch_too(open_page: Any) -> None:
    opened = open_page(scenario_tree.default_tree())
    opened.click_node("soft_landing")
    box = opened.page.locator("input.sp-number[data-node='soft_landing']")
    box.fill("0.35")
    box.press("Enter")
    tree = moved_tree("soft_landing", 0.35)
    assert_evaluation_equal(opened.evaluation(), tree.evaluate().to_dict(), tree.actors)
    found = mismatches(opened.page.evaluate(DRAWN), python_drawing(tree, selected="soft_landing"))
    assert not found, "\n".join(found[:10])


def test_reset_returns_to_the_files_numbers(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    page = opened.page
    opened.click_node("containment")
    slider = page.locator("input.sp-slider[data-node='stable_standoff']")
    slider.focus()
    for _ in range(30):
        page.keyboard.press("ArrowRight")
    assert page.evaluate(DRAWN) != python_drawing(tree, selected="containment")
    page.click(".sp-reset")
    found = mismatches(page.evaluate(DRAWN), python_drawing(tree, selected="containment"))
    assert not found, "\n".join(found[:10])
    assert_evaluation_equal(opened.evaluation(), tree.evaluate().to_dict(), tree.actors)
    assert slider.input_value() == "0.55"
    assert not page.is_visible(".sp-changed") and page.is_disabled(".sp-reset")


def test_showing_or_clicking_a_rounded_slider_writes_nothing_back(open_page: Any) -> None:
    tree = moved_tree("soft_landing", 2 / 3)  # its sibling, written "#", is 1/3: the slider shows 0.333
    opened = open_page(tree, "thirds")
    page = opened.page
    opened.click_node("managed_successor")
    slider = page.locator("input.sp-slider[data-node='managed_successor']")
    assert slider.input_value() == "0.333"
    before = opened.evaluation()
    version = opened.version()
    box = slider.bounding_box()
    thumb = 8  # Chromium's range thumb is 16 px wide: its centre sits 8 px in from either end
    page.mouse.click(box["x"] + thumb + (box["width"] - 2 * thumb) * 0.333, box["y"] + box["height"] / 2)
    page.locator("input.sp-number[data-node='managed_successor']").click()
    page.locator("input.sp-number[data-node='managed_successor']").press("Tab")
    assert opened.evaluation() == before
    assert opened.evaluation()["probability"]["managed_successor"] == tree.evaluate().probability["managed_successor"]
    assert opened.version() == version and not page.is_visible(".sp-changed")


def test_a_move_the_locks_forbid_is_refused_next_to_the_slider(open_page: Any) -> None:
    opened = open_page(scenario_tree.default_tree())
    page = opened.page
    opened.click_node("transition_deal")
    page.check("input.sp-lock[data-node='guarantees_weak']")
    slider = page.locator("input.sp-slider[data-node='guarantees_credible']")
    slider.focus()
    page.keyboard.press("ArrowRight")
    message = page.inner_text(".sp-message[data-node='guarantees_credible']")
    assert "its locked siblings hold 0.6, so it can be at most 0.4" in message  # as Python says it
    assert slider.input_value() == "0.4"  # snapped back
    assert opened.evaluation()["probability"]["guarantees_credible"] == 0.4
    assert not page.is_visible(".sp-changed")


def test_step_in_up_and_back(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    page = opened.page
    selected = lambda: page.evaluate("() => window.scenarioPage.selected()")  # noqa: E731
    page.click(".sp-step-in")
    assert selected() == tree.evaluate().best["dialogue"] == "transition_deal"
    assert page.inner_text(".sp-details h2") == tree.node("transition_deal").label
    page.click(".sp-path button.sp-step[data-node='guarantees_weak']")
    assert selected() == "guarantees_weak"
    page.click(".sp-up")
    assert selected() == "transition_deal"
    page.click(".sp-back")
    assert selected() == "guarantees_weak"
    page.click(".sp-home")
    assert selected() == "dialogue"
    page.focus("#scenario-page")
    page.keyboard.press("ArrowRight")
    assert selected() == "transition_deal"
    page.keyboard.press("ArrowDown")
    assert selected() == "appeasement"
    page.keyboard.press("ArrowLeft")
    assert selected() == "dialogue"


def test_fold_and_unfold_hide_and_show_a_subtree(open_page: Any) -> None:
    tree = scenario_tree.default_tree()
    opened = open_page(tree)
    page = opened.page
    below = [node.id for node in tree.nodes() if node.id != "transition_deal" and "/transition_deal/" in
             node_path(node) + "/"]
    opened.click_node("transition_deal")
    page.click(".sp-fold")
    for node_id in below:
        assert page.locator(f".sp-stage g.node[data-node='{node_id}']").is_hidden()
        assert page.locator(f".sp-stage g.edge[data-node='{node_id}']").is_hidden()
    assert page.locator(".sp-stage g.node[data-node='appeasement']").is_visible()
    outcomes = sum(1 for node_id in below if tree.node(node_id).kind == "outcome")
    assert page.text_content(".sp-stage text.sp-badge") == f"▸ {outcomes} outcomes folded"
    assert page.inner_text(".sp-fold") == "Unfold"
    page.click(".sp-fold")
    assert all(page.locator(f".sp-stage g.node[data-node='{node_id}']").is_visible() for node_id in below)
    assert page.locator(".sp-stage text.sp-badge").count() == 0
    page.click(".sp-fold")
    opened.click_node("transition_deal")  # a click on a folded node unfolds it, as in the explorer
    assert page.locator(".sp-stage g.node[data-node='soft_landing']").is_visible()


def test_expression_branches_stay_and_say_why(open_page: Any) -> None:
    opened = open_page(scenario_tree.loads(EXPRESSIONS), "expressions")
    page = opened.page
    opened.click_node("hit")
    assert "(written as p_hit)" in page.inner_text(".sp-details")
    assert "(written as cost * 5)" in page.inner_text(".sp-details")
    slider = page.locator("input.sp-slider[data-node='hit']")
    assert slider.is_disabled() and "Written as p_hit" in slider.get_attribute("title")
    refused = page.evaluate("() => { try { window.scenarioPage.setProbability('hit', 0.5); } "
                            "catch (error) { return error.message; } }")
    assert "written as p_hit in the file: it cannot be moved" in refused
    other = page.locator("input.sp-slider[data-node='meh']")
    other.focus()
    for _ in range(100):
        page.keyboard.press("ArrowRight")
    tree = scenario_tree.loads(EXPRESSIONS)
    tree.lock("hit")  # the page keeps an expression's value, as a locked branch
    tree.set_probability("meh", float(other.input_value()))
    assert_evaluation_equal(opened.evaluation(), tree.evaluate().to_dict(), tree.actors)
    assert opened.evaluation()["probability"]["hit"] == 0.3


def test_a_large_tree_says_what_the_writer_folded_and_still_evaluates_all(open_page: Any) -> None:
    tree = synthetic_tree(2600, seed=3)
    opened = open_page(tree, "large")
    page = opened.page
    note = page.inner_text(".sp-folded-note")
    assert "2600 nodes" in note and "folded when the page was written" in note
    assert page.locator(f".sp-stage g.node[data-node='{tree.root.id}'] text.st-values").is_visible()
    folded = page.get_attribute(".sp-stage g.node.folded", "data-node")
    page.evaluate(f"() => window.scenarioPage.select({folded!r})")
    assert "folded when the page was written" in page.inner_text(".sp-details")
    chance = next(node for node in tree.nodes() if node.kind == "chance")
    branch = chance.children[0]
    page.evaluate(f"() => window.scenarioPage.select({branch.id!r})")
    slider = page.locator(f"input.sp-slider[data-node='{branch.id}']")
    slider.focus()
    for _ in range(40):
        page.keyboard.press("ArrowRight")
    tree.set_probability(branch.id, float(slider.input_value()))
    assert_evaluation_equal(opened.evaluation(), tree.evaluate().to_dict(), tree.actors)
    root_values = page.text_content(f".sp-stage g.node[data-node='{tree.root.id}'] text.st-values")
    assert root_values == _number(tree.evaluate().root_value[tree.actors[0]])


def test_screenshot_of_the_page(open_page: Any, artifacts: Path) -> None:
    opened = open_page(scenario_tree.default_tree(), written=SCREENSHOT_DATE, viewport=SCREENSHOT_SIZE)
    page = opened.page
    # As a reader meets it: the first view at a readable size, then a step into the deal
    page.click(".sp-step[data-node='transition_deal']")
    page.wait_for_function("() => window.scenarioPage.selected() === 'transition_deal'")
    page.evaluate("() => document.activeElement.blur()")
    page.mouse.move(0, 0)
    shot = artifacts / "page.png"
    page.screenshot(path=str(shot), animations="disabled")
    assert shot.stat().st_size > 20_000
    assert opened.page.inner_text(".sp-details h2") == scenario_tree.default_tree().node("transition_deal").label
    update_picture(shot, REPO_ROOT / "docs" / "page.png")


def test_mount_shares_a_document_and_leaves_no_trace(open_tab: Any) -> None:
    """Two trees in one document (as in JupyterLab tabs): independent, themed by --jp-*, destroyed cleanly."""
    page = open_tab("page-mount").page
    page.set_content("<!DOCTYPE html><html><body style='--jp-ui-font-color1: rgb(1, 2, 3)'>"
                     "<div id='one'></div><div id='two'></div></body></html>")
    page.add_style_tag(content=SCRIPT.with_suffix(".css").read_text(encoding="utf-8"))
    page.add_script_tag(content=f"{SCRIPT.read_text(encoding='utf-8')}\nwindow.mountPage = mount;\n", type="module")
    page.wait_for_function("() => window.mountPage !== undefined")
    data = page_data(scenario_tree.default_tree())
    page.evaluate("""(data) => {
      window.opened = [];
      window.one = window.mountPage(document.getElementById("one"), data,
                                    {onOpenNotebook: (given) => window.opened.push(given.title)});
      window.two = window.mountPage(document.getElementById("two"), data);
    }""", data)
    assert page.locator("#one .sp-notebook").count() == 1 and page.locator("#two .sp-notebook").count() == 0
    page.click("#one .sp-notebook")
    assert page.evaluate("() => window.opened") == [data["title"]]
    page.click("#two .sp-stage g.node[data-node='containment']")
    assert page.evaluate("() => [window.one.selected(), window.two.selected()]") == ["dialogue", "containment"]
    assert page.evaluate("() => getComputedStyle(document.querySelector('#one .sp-title')).color") == "rgb(1, 2, 3)"
    page.evaluate("() => window.one.destroy()")
    assert page.evaluate("() => [document.getElementById('one').childElementCount, "
                         "document.getElementById('one').className]") == [0, ""]
    page.click("#two .sp-step-in")
    assert page.evaluate("() => window.two.selected()") == tree_best("containment")


# -- comparisons ---------------------------------------------------------------------------------


def tree_best(node_id: str) -> str:
    tree = scenario_tree.default_tree()
    node = tree.node(node_id)
    return tree.evaluate().best[node_id] or node.children[0].id


def assert_evaluation_equal(page: dict[str, Any], python: dict[str, Any], actors: list[str]) -> None:
    for node_id, expected in python["nodes"].items():
        values = [expected["value"][actor] for actor in actors]
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(page["value"][node_id], values)), node_id
        assert page["best"][node_id] == expected["best"], node_id
        if expected["probability"] is None:
            assert page["probability"][node_id] is None
        else:
            assert math.isclose(page["probability"][node_id], expected["probability"], abs_tol=1e-9), node_id
        assert math.isclose(page["pathProbability"][node_id], expected["path_probability"], abs_tol=1e-9)
        assert math.isclose(page["policyProbability"][node_id], expected["policy_probability"], abs_tol=1e-9)


def assert_outcome_table(rows: list[dict[str, Any]], outcomes: list[dict[str, Any]]) -> None:
    assert [row["id"] for row in rows] == [outcome["id"] for outcome in outcomes]
    for row, outcome in zip(rows, outcomes):
        values = list(outcome["value"].values())
        assert math.isclose(row["policy"], outcome["policy_probability"], abs_tol=1e-9)
        assert math.isclose(row["path"], outcome["path_probability"], abs_tol=1e-9)
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(row["value"], values))
        shown = [_probability_text(outcome["policy_probability"]), _probability_text(outcome["path_probability"]),
                 *map(_number, values)]
        assert row["texts"] == shown, outcome["id"]


def test_a_large_tree_opens_readable_and_100_percent_brings_the_text_back_after_fit(open_page: Any) -> None:
    opened = open_page(scenario_tree.default_tree(), viewport=SCREENSHOT_SIZE)
    page = opened.page
    label_px = "() => document.querySelector('.sp-stage svg').getScreenCTM().a * 12"  # 12 pt node labels
    assert page.evaluate(label_px) >= 11, "the first view shows the labels at a readable size"
    page.click(".sp-fit")
    assert page.evaluate(label_px) < 11, "the whole article tree does not fit 1400x1000 at a readable size"
    page.click(".sp-readable")
    assert page.evaluate(label_px) >= 11
    shown = page.evaluate("""() => {
      const stage = document.querySelector('.sp-stage svg').getBoundingClientRect();
      const node = document.querySelector(`.sp-stage g.node[data-node="${window.scenarioPage.selected()}"]`);
      const box = node.getBoundingClientRect();
      return box.left >= stage.left && box.right <= stage.right && box.top >= stage.top && box.bottom <= stage.bottom;
    }""")
    assert shown, "the selected node is in sight at the readable size"


def test_the_details_show_the_certainty_equivalent_of_an_actor_with_a_utility(open_page: Any) -> None:
    tree = scenario_tree.load(REPO_ROOT / "examples" / "risk_tolerance.scenario.yaml")  # R = 150
    opened = open_page(tree, "risk")
    opened.click_node("take")
    details = opened.page.inner_text(".sp-details")
    # -100 + (300 | 0) with even chances, by hand: -150 ln(0.5 exp(-200/150) + 0.5 exp(100/150)) = -15.07
    expected = -150 * math.log(0.5 * math.exp(-200 / 150) + 0.5 * math.exp(100 / 150))
    assert "value (investor)\t50" in details
    assert f"certainty equivalent (investor)\t{expected:.4g}" in details
    assert opened.evaluation()["best"]["gamble"] == "decline"
