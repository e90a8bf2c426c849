"""An exported SVG opened on its own in Chromium (``file://``): the whole tree at its natural size.

The article's tree is exported from Python (``tree.save`` and the explorer's ``export``) and with the
drawing's download button in JupyterLab; each file
must carry ``width``, ``height`` and ``viewBox``, render at exactly that size, fit a window of that
size, have a ``<title>`` and a ``<desc>``, name a generic font family as the fallback, and show no
selection highlight unless exported with ``highlight=True``. A screenshot of each goes to
``tests/artifacts/``.
"""

from __future__ import annotations

import math
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import scenario_tree
from scenario_tree.drawing.options import SELECTED_COLOUR

from .conftest import NOTEBOOK, first_explorer, open_notebook_page

pytestmark = pytest.mark.browser

SVG_NS = "{http://www.w3.org/2000/svg}"
SELECTED_NODE = "transition_deal"
GENERIC_FAMILIES = ("sans-serif", "serif", "monospace", "system-ui")

SHOWN = """
() => {
  const svg = document.documentElement;
  const rect = svg.getBoundingClientRect();
  const drawn = [...svg.querySelectorAll("text, polygon, ellipse, path, rect, circle, polyline")]
    .map((element) => element.getBoundingClientRect()).filter((box) => box.width || box.height);
  return {
    tag: svg.tagName, width: svg.width.baseVal.value, height: svg.height.baseVal.value,
    shown: {width: rect.width, height: rect.height, left: rect.left, top: rect.top},
    window: {width: innerWidth, height: innerHeight},
    scrolls: {width: svg.scrollWidth || document.scrollingElement?.scrollWidth || 0,
              height: svg.scrollHeight || document.scrollingElement?.scrollHeight || 0},
    drawing: drawn.length ? {
      left: Math.min(...drawn.map((box) => box.left)), top: Math.min(...drawn.map((box) => box.top)),
      right: Math.max(...drawn.map((box) => box.right)), bottom: Math.max(...drawn.map((box) => box.bottom)),
    } : null,
    families: [...new Set([...svg.querySelectorAll("text")].map((text) => getComputedStyle(text).fontFamily))],
  };
}
"""

HIGHLIGHTED = """
(selectedColour) => {
  const probe = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  probe.setAttribute("fill", selectedColour);
  document.documentElement.append(probe);
  const target = getComputedStyle(probe).fill;
  probe.remove();
  const marked = [];
  for (const element of document.documentElement.querySelectorAll("*")) {
    const style = getComputedStyle(element);
    const classes = [...element.classList].filter((name) => ["selected", "st-current", "st-selected"].includes(name));
    if (classes.length || style.stroke === target || style.fill === target) {
      const group = element.closest("g[data-node], g[id]");
      const where = group ? group.getAttribute("data-node") || group.id : "the root";
      marked.push(`${element.tagName} ${classes.join(" ")} in ${where}`);
    }
  }
  return marked;
}
"""


def article() -> scenario_tree.ScenarioTree:
    return scenario_tree.default_tree()


def explorer_on_a_node() -> Any:
    from scenario_tree.explorer import Explorer

    explorer = Explorer(article())
    explorer.select(SELECTED_NODE)
    return explorer


EXPORTS: dict[str, tuple[Callable[[Path], Any], bool]] = {
    # name: (write the SVG to the path, whether the selection is highlighted)
    "tree.save": (lambda path: article().save(path), False),
    "tree.save-selected": (lambda path: article().save(path, selected=SELECTED_NODE), False),
    "tree.save-highlight": (lambda path: article().save(path, selected=SELECTED_NODE, highlight=True), True),
    "explorer.export": (lambda path: explorer_on_a_node().export(path), False),
    "explorer.export-highlight": (lambda path: explorer_on_a_node().export(path, highlight=True), True),
}


@pytest.fixture(scope="module")
def svg_page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 800, "height": 600})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(EXPORTS))
def test_an_exported_svg_shows_the_whole_tree_at_its_natural_size(name, svg_page, tmp_path, artifacts):
    write, highlighted = EXPORTS[name]
    target = tmp_path / f"{name}.svg"
    write(target)
    check_standalone_svg(svg_page, target, highlighted, artifacts / f"svg-export-{name}.png")


def check_standalone_svg(page: Any, target: Path, highlighted: bool, shot: Path) -> None:
    """Open ``target`` alone in Chromium and check everything a reader of the file alone needs."""
    name = target.name
    root = ET.parse(target).getroot()
    assert root.tag == f"{SVG_NS}svg", f"{name}: the file is not SVG (root {root.tag})"
    missing = [attribute for attribute in ("width", "height", "viewBox") if not root.get(attribute)]
    assert not missing, f"{name}: the root <svg> has no {missing} (it has {sorted(root.attrib)})"
    for tag in ("title", "desc"):
        element = root.find(f"{SVG_NS}{tag}")
        assert element is not None and (element.text or "").strip(), f"{name}: the root <svg> has no <{tag}> child"

    page.goto(target.as_uri())
    natural = page.evaluate(SHOWN)
    page.set_viewport_size({"width": math.ceil(natural["width"]), "height": math.ceil(natural["height"])})
    shown = page.evaluate(SHOWN)
    page.screenshot(path=str(shot))

    assert shown["tag"].lower() == "svg", f"{name}: Chromium did not open it as an SVG document ({shown['tag']})"
    size = (shown["width"], shown["height"])
    box = shown["shown"]
    assert abs(box["width"] - size[0]) < 0.5 and abs(box["height"] - size[1]) < 0.5, (
        f"{name}: shown at {box['width']:.1f}x{box['height']:.1f} px, not at its size {size[0]:.1f}x{size[1]:.1f} px")
    drawing = shown["drawing"]
    assert drawing, f"{name}: nothing is drawn"
    window = shown["window"]
    assert (drawing["left"] >= -0.5 and drawing["top"] >= -0.5 and drawing["right"] <= window["width"] + 0.5
            and drawing["bottom"] <= window["height"] + 0.5), (
        f"{name}: the drawing spans {drawing} but the window of the SVG's size is {window}")
    assert shown["scrolls"]["width"] <= window["width"] and shown["scrolls"]["height"] <= window["height"], (
        f"{name}: the page scrolls ({shown['scrolls']}) in a window of the SVG's size {window}")
    without_fallback = [family for family in shown["families"]
                        if not any(generic in family.lower() for generic in GENERIC_FAMILIES)]
    assert shown["families"] and not without_fallback, (
        f"{name}: texts without a generic font family to fall back on: {without_fallback}")

    marked = page.evaluate(HIGHLIGHTED, SELECTED_COLOUR)
    if highlighted:
        assert marked, f"{name}: exported with highlight=True, yet nothing is styled as selected"
    else:
        assert not marked, f"{name}: styled as selected without highlight=True: {marked[:10]}"


def test_the_download_button_saves_the_whole_tree_without_the_selection(jupyter_lab, open_tab, svg_page, tmp_path,
                                                                         artifacts):
    copy = "svg_download.ipynb"  # its own kernel
    shutil.copy(jupyter_lab.root / NOTEBOOK, jupyter_lab.root / copy)
    page = open_notebook_page(jupyter_lab, open_tab, "svg-download", copy, workspace="svg-download")
    view = page.locator(f"{first_explorer(page)} .scenario-tree-view")
    # The notebook selects a node from Python, so the drawing on the page shows a selection.
    expect(view.locator("svg g.node.st-current")).to_have_count(1)
    with page.expect_download() as waiting:
        view.locator("button.st-download").click()
    target = tmp_path / "download.svg"
    waiting.value.save_as(str(target))
    check_standalone_svg(svg_page, target, False, artifacts / "svg-export-download.png")
