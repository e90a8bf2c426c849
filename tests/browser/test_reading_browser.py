"""The explorer as a reading instrument (issue 10), measured in JupyterLab 4 at 1400x1000 with the file browser open.

On the article's explorer, in JupyterLab Light and JupyterLab Dark: the drawing's text is at least
11 px on screen at the default zoom; no text is cut (ellipsis, hidden overflow, a shortened label, a
sideways scroll) after selecting any chance node; every text has at least 4.5:1 contrast with what is
behind it. On a small file written with ``0.3333 / 0.3333 / #``: clicking every node and stepping
with the explorer's buttons and keys, then saving, leaves every number of the file as written and
Undo disabled. The screenshots in ``docs/`` (light, dark, a 1,000-node tree, the Analysis tab) are
written here; the measurements themselves are in :mod:`tests.browser.measure`.
"""

from __future__ import annotations

import re
import shutil
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from playwright.sync_api import expect

import scenario_tree

from .conftest import (
    ARTIFACTS,
    NOTEBOOK,
    REPO_ROOT,
    first_explorer,
    kernel_value,
    open_notebook_page,
    update_picture,
)
from .measure import (
    DARK_THEME,
    LIGHT_THEME,
    READING_VIEWPORT,
    broken_words,
    clipped_texts,
    contrast_report,
    drawing_contrast_report,
    drawing_text_sizes,
    open_file_browser,
    set_theme,
)

pytestmark = pytest.mark.browser

DOCS = REPO_ROOT / "docs"
EXPLORER = '.scenario-tree-explorer[data-test-explorer="first"]'  # the article's, not the notebook's second one
VIEW = f"{EXPLORER} .scenario-tree-view"
MIN_TEXT_PX = 11.0
MIN_CONTRAST = 4.5
THEMES = {"light": LIGHT_THEME, "dark": DARK_THEME}
ACTION_TIMEOUT_MS = 30_000

THIRDS = """\
format: scenario-tree/1
title: Thirds
actors: [value]
root:
  id: go
  label: Go
  kind: decision
  actor: value
  children:
    - id: try
      label: Try
      kind: chance
      children:
        - id: a
          label: A
          kind: outcome
          probability: 0.3333
          payoff: 3
        - id: b
          label: B
          kind: chance
          probability: 0.3333
          children:
            - id: b_high
              label: B high
              kind: outcome
              probability: 0.3333
              payoff: 4
            - id: b_mid
              label: B middle
              kind: outcome
              probability: 0.3333
              payoff: 1
            - id: b_low
              label: B low
              kind: outcome
              probability: '#'
              payoff: -2
        - id: c
          label: C
          kind: outcome
          probability: '#'
          payoff: 0
    - id: skip
      label: Skip
      kind: outcome
      payoff: 1
"""


# -- pages -----------------------------------------------------------------------------------------


def write_notebook(folder: Path, name: str, code: str) -> str:
    """A one-cell notebook that shows an explorer; returns its path in the server's root."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, folder / name)
    return name


def open_reading_page(server: Any, open_tab: Any, name: str, notebook: str) -> Any:
    """The notebook in its own JupyterLab workspace at 1400x1000, the file browser open, the explorer in view."""
    page = open_notebook_page(server, open_tab, name, notebook, viewport=READING_VIEWPORT, workspace=name)
    assert first_explorer(page) == EXPLORER
    open_file_browser(page)
    show_explorer(page)
    return page


def show_explorer(page: Any) -> None:
    """Scroll the notebook so that the explorer's top is at the top of the notebook area."""
    page.locator(EXPLORER).evaluate("(element) => element.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(200)


def settle(page: Any) -> None:
    """Wait until the kernel has handled what the page sent, and the page has drawn the answer."""
    kernel_value(page, "None")
    page.wait_for_timeout(300)


CURRENT = f"""
() => [...document.querySelectorAll('{VIEW} svg g.node.st-current')].map((group) => group.dataset.node)
"""


def current_node(page: Any) -> str | None:
    """The id of the node the drawing highlights as selected (``None`` unless exactly one)."""
    highlighted = page.evaluate(CURRENT)
    return highlighted[0] if len(highlighted) == 1 else None


def wait_for_current(page: Any, node_id: str) -> None:
    """Wait until the drawing highlights ``node_id`` as the selected node."""
    deadline = time.monotonic() + ACTION_TIMEOUT_MS / 1000
    while current_node(page) != node_id and time.monotonic() < deadline:
        time.sleep(0.05)
    assert current_node(page) == node_id, (f"the drawing highlights {page.evaluate(CURRENT)}, "
                                           f"not {node_id!r}, {ACTION_TIMEOUT_MS / 1000:.0f} s after selecting it")
    settle(page)


CLICKABLE = """
(group) => {
  const rect = group.getBoundingClientRect();
  const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
  return Boolean(hit && hit.closest("g.node") === group);
}
"""


def click_node(page: Any, node_id: str) -> None:
    """Click a node in the drawing (fitting the drawing first if the node is out of the view), and wait for it."""
    group = page.locator(f'{VIEW} svg g.node[data-node="{node_id}"]')
    expect(group).to_have_count(1)
    if not group.evaluate(CLICKABLE):
        page.locator(f"{VIEW} button", has_text="Fit").click()
    group.click()
    wait_for_current(page, node_id)


def explorer_tabs(page: Any) -> list[str]:
    return page.locator(f"{EXPLORER} .lm-TabBar-tab").all_inner_texts()


def open_explorer_tab(page: Any, title: str) -> None:
    page.locator(f"{EXPLORER} .lm-TabBar-tab", has_text=title).click()
    page.wait_for_timeout(300)


def article_texts() -> list[str]:
    """Every label, id and actor of the article's tree: the full texts a shortened one may stand for."""
    tree = scenario_tree.default_tree()
    return [*(node.label for node in tree.nodes()), *(node.id for node in tree.nodes()), *tree.actors]


def chance_nodes() -> list[str]:
    return [node.id for node in scenario_tree.default_tree().nodes() if node.kind == "chance"]


def listing(rows: list[dict[str, Any]], *keys: str) -> str:
    return "\n".join("  " + " | ".join(str(row.get(key, "")) for key in keys) for row in rows)


def first_of_each(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """The rows without repeats (same values at ``keys``), each where it was first seen."""
    seen: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(tuple(row[key] for key in keys), row)
    return list(seen.values())


def screenshot(page: Any, name: str) -> None:
    """The window to ``tests/artifacts/reading-NAME``, copied to ``docs/NAME`` when it looks different."""
    shot = ARTIFACTS / f"reading-{name}"  # test_explorer_browser writes its own explorer.png there
    shot.unlink(missing_ok=True)
    page.mouse.move(0, 0)  # no hover highlight and no focus ring in the picture
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.screenshot(path=str(shot), animations="disabled")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{shot} is not a PNG"
    update_picture(shot, DOCS / name)


@dataclass
class Article:
    """The article's explorer in JupyterLab, and what its drawing showed before anything was touched."""

    page: Any
    default_sizes: list[dict[str, Any]]
    drawn_texts: int
    view_box: str | None
    theme: str = "light"


@pytest.fixture(scope="module")
def article(jupyter_lab: Any, open_tab: Any) -> Iterator[Article]:
    """The article's notebook (a copy, with its own kernel) at the reading conditions."""
    copy = "reading_explore_trump_putin.ipynb"
    shutil.copy(jupyter_lab.root / NOTEBOOK, jupyter_lab.root / copy)
    page = open_reading_page(jupyter_lab, open_tab, "reading-article", copy)
    drawn = page.evaluate(f"() => [document.querySelectorAll('{VIEW} svg text').length, "
                          f"document.querySelector('{VIEW} svg').getAttribute('viewBox')]")
    yield Article(page, drawing_text_sizes(page, VIEW), *drawn)  # before any click, zoom or theme change
    set_theme(page, LIGHT_THEME)  # the theme is a user setting of the shared server: leave it as found


@pytest.fixture(params=list(THEMES))
def themed(request: pytest.FixtureRequest, article: Article) -> Article:
    """The article's explorer in JupyterLab Light, then in JupyterLab Dark."""
    set_theme(article.page, THEMES[request.param])
    article.theme = request.param
    return article


# -- the article's explorer ------------------------------------------------------------------------


def test_screenshot_of_the_explorer(themed):
    """First in the file, so that the pictures show the explorer as the notebook leaves it (nothing clicked)."""
    page = themed.page
    show_explorer(page)
    screenshot(page, "explorer.png" if themed.theme == "light" else "explorer-dark.png")


def test_drawing_text_is_readable_at_the_default_zoom(article):
    sizes = article.default_sizes
    assert sizes, (f"none of the drawing's {article.drawn_texts} texts is in view at the default zoom (the drawing "
                   f"shows the view box {article.view_box!r})")
    median = statistics.median(size["size"] for size in sizes)
    smallest = sorted(sizes, key=lambda size: size["size"])[:15]
    assert median >= MIN_TEXT_PX, (
        f"the median on-screen size of the drawing's {len(sizes)} visible texts is {median:.1f} px at the default "
        f"zoom (at least {MIN_TEXT_PX} px wanted; scale {sizes[0]['scale']:.2f}); the smallest:\n"
        + listing([{**size, "size": f"{size['size']:.1f} px"} for size in smallest], "size", "text"))


def test_no_text_is_cut_after_selecting_a_chance_node(themed):
    page, texts = themed.page, article_texts()
    open_explorer_tab(page, explorer_tabs(page)[0])
    found = []
    for node_id in chance_nodes():
        click_node(page, node_id)
        show_explorer(page)
        found.extend({**row, "after": node_id} for row in clipped_texts(page, EXPLORER, texts))
    for title in explorer_tabs(page)[1:]:
        open_explorer_tab(page, title)
        found.extend({**row, "after": f"{title} tab"} for row in clipped_texts(page, EXPLORER, texts))
    open_explorer_tab(page, explorer_tabs(page)[0])
    unique = first_of_each(found, "path", "reason", "text")
    assert not unique, (f"{len(unique)} texts of the explorer are cut in {THEMES[themed.theme]} at 1400x1000 "
                        "with the file browser open (reason | text | where | after selecting):\n"
                        + listing(unique, "reason", "text", "path", "after"))


def test_no_word_or_number_is_broken_across_lines(article):
    """Beyond the issue's letter: "3.7" over "5" in a narrow column is as unreadable as a cut text."""
    page = article.page
    set_theme(page, LIGHT_THEME)
    found = []
    for node_id in ("dialogue", "transition_deal", "guarantees_credible", "containment"):
        click_node(page, node_id)
        for title in explorer_tabs(page):
            open_explorer_tab(page, title)
            found.extend({**row, "after": f"{node_id}, {title} tab"} for row in broken_words(page, EXPLORER))
    open_explorer_tab(page, explorer_tabs(page)[0])
    unique = first_of_each(found, "path", "word")
    assert not unique, (f"{len(unique)} words of the explorer are broken across lines at 1400x1000 with the file "
                        "browser open (word | its text | where | shown after):\n"
                        + listing(unique, "word", "text", "path", "after"))


def test_every_html_text_has_enough_contrast(themed):
    page = themed.page
    click_node(page, "transition_deal")  # a chance node: its sliders are shown too
    rows = []
    for title in explorer_tabs(page):
        open_explorer_tab(page, title)
        rows.extend({**row, "tab": title} for row in contrast_report(page, EXPLORER))
    open_explorer_tab(page, explorer_tabs(page)[0])
    assert len(rows) > 20, f"only {len(rows)} texts were measured: {rows}"
    low = [row for row in rows if row["ratio"] < MIN_CONTRAST]
    unique = first_of_each(low, "path", "text")
    assert not unique, (f"{len(unique)} of {len(rows)} texts of the explorer's HTML have less than {MIN_CONTRAST}:1 "
                        f"contrast in {THEMES[themed.theme]} (ratio | colour | background | text | where | tab):\n"
                        + listing(unique, "ratio", "colour", "background", "text", "path", "tab"))


def test_every_drawing_text_has_enough_contrast_with_its_card(themed):
    page = themed.page
    rows = drawing_contrast_report(page, VIEW)
    assert len(rows) > 50, f"only {len(rows)} texts of the drawing were measured"
    low = [row for row in rows if row["ratio"] < MIN_CONTRAST]
    assert not low, (f"{len(low)} of {len(rows)} texts of the drawing have less than {MIN_CONTRAST}:1 contrast in "
                     f"{THEMES[themed.theme]} (ratio | colour | background | on | text):\n"
                     + listing(low, "ratio", "colour", "background", "on", "text"))


def test_screenshot_of_the_analysis_tab(article):
    page = article.page
    set_theme(page, LIGHT_THEME)
    open_explorer_tab(page, "Analysis")
    panel = page.locator(EXPLORER)
    # Earlier tests may have fitted the whole tree into the box; the picture shows it readable
    panel.locator(".scenario-tree-view button.st-natural").click()
    panel.locator("button.st-run-tornado").click()
    expect(panel.locator(".st-tornado svg").first).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    # The number whose threshold the article turns on: the credibility of the guarantees.
    chosen = kernel_value(page, "explorer.analysis.quantity.value = next(label for label, name in "
                                "explorer.analysis.labels.items() if name == 'guarantees_credible')")
    assert chosen is None, f"choosing the number to sweep failed: {chosen}"
    settle(page)
    panel.locator("button.st-run-thresholds").click()
    expect(panel.locator(".st-thresholds li").first).to_be_visible(timeout=ACTION_TIMEOUT_MS)
    settle(page)
    # The thresholds' sentence in the middle of the panel (the tornado's last rows above it), then the
    # explorer's tab bar at the top of the window.
    panel.locator(".st-thresholds").evaluate("(element) => element.scrollIntoView({block: 'center'})")
    page.locator(f"{EXPLORER} .lm-TabBar").first.evaluate("(element) => element.scrollIntoView({block: 'start'})")
    screenshot(page, "explorer-analysis.png")
    open_explorer_tab(page, explorer_tabs(page)[0])


# -- other trees -----------------------------------------------------------------------------------


def test_screenshot_of_a_1000_node_tree(jupyter_lab, open_tab):
    notebook = write_notebook(jupyter_lab.root, "reading_1000.ipynb", (
        "import scenario_tree\nfrom scenario_tree.synthetic import synthetic_tree\n\n"
        "explorer = scenario_tree.explore(synthetic_tree(1000, seed=1))\nexplorer"))
    page = open_reading_page(jupyter_lab, open_tab, "reading-1000", notebook)
    set_theme(page, LIGHT_THEME)
    sizes = drawing_text_sizes(page, VIEW)
    median = statistics.median(size["size"] for size in sizes) if sizes else 0.0
    print(f"\n1,000-node tree: {len(sizes)} visible texts of the drawing, median {median:.1f} px at the default zoom")
    screenshot(page, "explorer-1000.png")


NUMBER_LINE = re.compile(r"^\s*(?:-\s+)?(id|probability|payoff):\s*(.+?)\s*$")


def numbers_as_written(text: str) -> dict[str, dict[str, str]]:
    """``{node id: {"probability": "0.3333", "payoff": "3"}}``, each value exactly as the file writes it."""
    numbers: dict[str, dict[str, str]] = {}
    node = None
    for line in text.splitlines():
        match = NUMBER_LINE.match(line)
        if match and match[1] == "id":
            node = numbers.setdefault(match[2], {})
        elif match and node is not None:
            node[match[1]] = match[2]
    return numbers


def test_clicking_through_keeps_the_numbers_as_written(jupyter_lab, open_tab):
    scenario = jupyter_lab.root / "thirds.scenario.yaml"
    scenario.write_text(THIRDS, encoding="utf-8")
    notebook = write_notebook(jupyter_lab.root, "reading_thirds.ipynb", (
        "import scenario_tree\n\nexplorer = scenario_tree.explore('thirds.scenario.yaml')\nexplorer"))
    page = open_reading_page(jupyter_lab, open_tab, "reading-thirds", notebook)
    set_theme(page, LIGHT_THEME)
    tree = scenario_tree.loads(THIRDS)
    for node in tree.nodes():
        click_node(page, node.id)
    explorer = page.locator(EXPLORER)
    click_node(page, "b")
    explorer.locator("button.st-up").click()  # the explorer's own buttons
    wait_for_current(page, "try")
    explorer.locator("button.st-step", has_text="B").click()
    wait_for_current(page, "b")
    explorer.locator("button.st-step", has_text="B low").click()
    wait_for_current(page, "b_low")
    explorer.locator("button.st-home").click()
    wait_for_current(page, "go")
    explorer.locator("button.st-back").click()
    wait_for_current(page, "b_low")
    explorer.locator("button.st-forward").click()
    wait_for_current(page, "go")
    view = page.locator(VIEW)
    for key in ("ArrowRight", "ArrowRight", "ArrowDown", "ArrowRight", "ArrowDown", "ArrowUp", "ArrowLeft",
                "ArrowLeft", "Home"):  # and its keys
        view.focus()
        view.press(key)
        settle(page)
    assert current_node(page) == "go", f"Home should select the root; the drawing highlights {current_node(page)}"
    settle(page)

    saved = kernel_value(page, "str(explorer.save())")
    assert saved and "thirds.scenario.yaml" in saved, f"explorer.save() answered {saved}"
    after = scenario.read_text(encoding="utf-8")
    assert numbers_as_written(after) == numbers_as_written(THIRDS), (
        "clicking and stepping through the tree changed numbers of the saved file:\n"
        f"written: {numbers_as_written(THIRDS)}\nsaved:   {numbers_as_written(after)}")
    undo = explorer.locator("button.st-undo")
    assert undo.is_disabled(), ("Undo is enabled after only clicks and steps: something was edited "
                                f"(the kernel's can_undo: {kernel_value(page, 'explorer.tree.history.can_undo')})")
