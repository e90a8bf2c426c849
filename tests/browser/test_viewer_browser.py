"""The JupyterLab viewer in headless Chromium: scenario files open drawn in a tab, with no kernel.

JupyterLab runs in a throw-away root holding ``examples/trump_putin_2017.scenario.yaml``, with this
checkout's built extension (``scenario_tree/labextension``, made by ``pip install -e .``) and this
checkout's server config (``jupyter-config/``), so the test sees what the wheel installs.
The tests run in order: the no-kernel checks come before "Open in a notebook" starts one.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

import scenario_tree
from scenario_tree.model import preorder

from .conftest import ARTIFACTS, PAGE_TIMEOUT_MS, REPO_ROOT, Server, running_jupyter_lab

pytestmark = [pytest.mark.browser, pytest.mark.exe]

BUILT_EXTENSION = REPO_ROOT / "scenario_tree" / "labextension"
SCENARIO = "examples/trump_putin_2017.scenario.yaml"
DRAWN_WITHIN_MS = 10_000  # the promise, from the double-click to the drawing
SCREENSHOT_VIEWPORT = {"width": 1400, "height": 1000}
VIEWER = ".jp-ScenarioTreeViewer"
DRAWING = f"{VIEWER} svg g.node"
FACTORY = "Scenario tree"


def example_file() -> Path:
    """The article's tree as shipped."""
    return REPO_ROOT / "examples" / "trump_putin_2017.scenario.yaml"


def extensions_dir(tmp: Path) -> Path:
    """A labextensions folder holding this checkout's build of the extension."""
    if not (BUILT_EXTENSION / "package.json").is_file():
        pytest.fail(f"the JupyterLab extension is not built in {BUILT_EXTENSION}: run 'make setup' "
                    "(pip install -e '.[dev]' builds it; Node.js is needed)")
    folder = tmp / "labextensions"
    folder.mkdir()
    (folder / "scenario-tree").symlink_to(BUILT_EXTENSION, target_is_directory=True)
    return folder


@pytest.fixture(scope="module")
def viewer_lab(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("viewer-lab")
    root = tmp / "root"
    (root / "examples").mkdir(parents=True)
    shutil.copy(example_file(), root / SCENARIO)
    shutil.copy(example_file(), root / "plain.yaml")
    shutil.copy(REPO_ROOT / "tests" / "files" / "bad" / "chance_sum.yaml", root / "bad.scenario.yaml")
    args = (f"--LabApp.extra_labextensions_path={extensions_dir(tmp)}",)
    env = {"JUPYTER_CONFIG_PATH": str(REPO_ROOT / "jupyter-config")}
    with running_jupyter_lab(tmp, root, artifacts / "viewer-lab-server.log", args, env) as server:
        yield server


@pytest.fixture(scope="module")
def lab(viewer_lab: Server, open_tab: Any) -> Any:
    """JupyterLab in Chromium, started and restored, with the file browser showing the root."""
    page = open_tab("viewer").page
    page.goto(f"{viewer_lab.url}/lab", timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=PAGE_TIMEOUT_MS)
    page.evaluate("async () => { await window.jupyterapp.started; await window.jupyterapp.restored; }")
    expect(page.locator(".jp-DirListing-item", has_text="plain.yaml")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    return page


def api(server: Server, path: str) -> Any:
    with urllib.request.urlopen(server.url + path, timeout=30) as answer:
        return json.loads(answer.read())


def command(page: Any, name: str, args: dict[str, Any]) -> None:
    """Run a JupyterLab command and wait for it (what it returns, often a widget, stays in the page)."""
    page.evaluate("async ([name, args]) => { await window.jupyterapp.commands.execute(name, args); }", [name, args])


def current_viewer(page: Any) -> Any:
    """The viewer in the current tab (other tabs keep theirs in the page, hidden)."""
    widget_id = page.evaluate("() => window.jupyterapp.shell.currentWidget.id")
    return page.locator(f"[id='{widget_id}'] {VIEWER}")


def listing_item(page: Any, name: str) -> Any:
    return page.locator(".jp-DirListing-item").filter(
        has=page.locator(".jp-DirListing-itemText", has_text=re.compile(f"^{re.escape(name)}$")))


def current_widget(page: Any) -> dict[str, Any]:
    return page.evaluate("""() => {
      const widget = window.jupyterapp.shell.currentWidget;
      const context = widget && widget.context;
      return {path: context ? context.path : null, title: widget ? widget.title.label : null,
              viewer: widget ? widget.node.classList.contains("jp-ScenarioTreeDocument") : false,
              notebook: widget ? widget.node.classList.contains("jp-NotebookPanel") : false};
    }""")


def text_outside_drawing(page: Any) -> str:
    """The visible text of the current viewer, without the SVG drawing's own text."""
    return page.evaluate("""(selector) => {
      const viewer = [...document.querySelectorAll(selector)].find((el) => el.offsetParent !== null);
      const copy = viewer.cloneNode(true);
      copy.querySelectorAll("svg").forEach((svg) => svg.remove());
      return copy.textContent;
    }""", VIEWER)


def test_a_scenario_file_opens_drawn_in_a_tab_on_double_click(lab: Any) -> None:
    listing_item(lab, "examples").dblclick()
    item = listing_item(lab, Path(SCENARIO).name)
    expect(item).to_be_visible()
    item.dblclick()
    lab.wait_for_selector(DRAWING, state="visible", timeout=DRAWN_WITHIN_MS)
    widget = current_widget(lab)
    assert widget["path"] == SCENARIO and widget["viewer"], widget
    assert widget["title"] == Path(SCENARIO).name
    styled = lab.evaluate("""() => [...document.styleSheets].some((sheet) => {
      try { return [...sheet.cssRules].some((rule) => (rule.selectorText || "").includes(".scenario-page")); }
      catch { return false; }
    })""")
    assert styled, "the page's stylesheet (scenario_page.css) did not reach JupyterLab"
    tree = scenario_tree.load(example_file())
    drawn = set(lab.eval_on_selector_all(DRAWING, "(groups) => groups.map((g) => g.dataset.node)"))
    assert drawn == {node.id for node in preorder(tree.root)}


def test_no_kernel_and_no_session_is_started(lab: Any, viewer_lab: Server) -> None:
    lab.wait_for_selector(DRAWING, state="visible")
    assert api(viewer_lab, "/api/sessions") == []
    assert api(viewer_lab, "/api/kernels") == []


def test_clicking_a_node_shows_its_label_outside_the_drawing(lab: Any) -> None:
    tree = scenario_tree.load(example_file())
    shown = text_outside_drawing(lab)
    node = next(node for node in preorder(tree.root) if node.label not in shown)
    lab.locator(f"{VIEWER} .sp-fit").click()  # the whole drawing in view, as a reader would before aiming
    lab.locator(f'{VIEWER} svg g.node[data-node="{node.id}"]').click()
    expect(lab.locator(VIEWER)).to_contain_text(node.label)
    assert node.label in text_outside_drawing(lab)


def test_screenshots_in_the_light_and_the_dark_theme(lab: Any) -> None:
    lab.set_viewport_size(SCREENSHOT_VIEWPORT)
    for theme, name in (("JupyterLab Light", "viewer.png"), ("JupyterLab Dark", "viewer-dark.png")):
        command(lab, "apputils:change-theme", {"theme": theme})
        lab.wait_for_function("(theme) => document.body.dataset.jpThemeName === theme", arg=theme)
        lab.wait_for_selector(DRAWING, state="visible")
        expect(lab.locator(".jp-FileBrowser")).to_be_visible()
        lab.locator(f"{VIEWER} .sp-readable").click()  # earlier tests fitted the whole tree; a reader's size
        time.sleep(0.5)  # the theme's stylesheet applies after the attribute changes
        lab.screenshot(path=str(ARTIFACTS / name))
        shutil.copy(ARTIFACTS / name, REPO_ROOT / "docs" / name)
    command(lab, "apputils:change-theme", {"theme": "JupyterLab Light"})


def test_a_bad_file_shows_the_packages_message(lab: Any) -> None:
    command(lab, "docmanager:open", {"path": "bad.scenario.yaml"})
    message = current_viewer(lab).locator(".jp-ScenarioTreeViewer-message[data-kind='error']")
    expect(message).to_be_visible(timeout=DRAWN_WITHIN_MS)
    expect(message).to_contain_text("bad.scenario.yaml:7: /r/c")
    expect(message).to_contain_text("sum to 0.9")


@pytest.mark.parametrize(("name", "default"), [
    ("a.scenario.yaml", True), ("a.scenario.yml", True), ("a.SCENARIO.YAML", True), ("a.scenario.json", True),
    ("a.yaml", False), ("a.yml", False), ("a.json", False),
])
def test_scenario_files_open_in_the_viewer_and_plain_ones_offer_it(lab: Any, name: str, default: bool) -> None:
    factories = lab.evaluate(
        "(name) => window.jupyterapp.docRegistry.preferredWidgetFactories(name).map((f) => f.name)", name)
    assert FACTORY in factories
    assert (factories[0] == FACTORY) is default, factories


def test_a_plain_yaml_file_opens_with_the_viewer_from_open_with(lab: Any) -> None:
    default = lab.evaluate("() => window.jupyterapp.docRegistry.defaultWidgetFactory('plain.yaml').name")
    assert default != FACTORY  # plain YAML still opens as text on a double-click
    command(lab, "filebrowser:go-to-path", {"path": "/"})
    item = listing_item(lab, "plain.yaml")
    item.click(button="right")
    lab.locator(".lm-Menu-item", has_text="Open With").hover()
    lab.locator(".lm-Menu-item", has_text=FACTORY).click()
    lab.wait_for_function("""() => {
      const widget = window.jupyterapp.shell.currentWidget;
      return widget && widget.context && widget.context.path === 'plain.yaml' &&
             widget.node.querySelector('.jp-ScenarioTreeViewer svg g.node') !== null;
    }""", timeout=DRAWN_WITHIN_MS)


def test_the_tab_reloads_when_the_file_changes_on_disk(lab: Any, viewer_lab: Server) -> None:
    command(lab, "docmanager:open", {"path": SCENARIO})
    viewer = current_viewer(lab)
    expect(viewer.locator("svg g.node").first).to_be_visible()
    file = viewer_lab.root / SCENARIO
    tree = scenario_tree.load(file)
    root_label = tree.root.label
    new_label = "Relabelled on disk"
    file.write_text(file.read_text(encoding="utf-8").replace(f"label: {root_label}", f"label: {new_label}", 1),
                    encoding="utf-8")
    assert scenario_tree.load(file).root.label == new_label
    expect(viewer.locator(f'svg g.node[data-node="{tree.root.id}"]')).to_contain_text(new_label,
                                                                                   timeout=DRAWN_WITHIN_MS)


def written_json(path: Path, timeout: float = 30) -> Any:
    """The JSON in ``path`` once the server has written it whole."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            time.sleep(0.2)
    pytest.fail(f"{path} was not written within {timeout} s")


def test_open_in_a_notebook_creates_the_explorer_notebook_next_to_the_file(lab: Any, viewer_lab: Server) -> None:
    command(lab, "docmanager:open", {"path": SCENARIO})
    viewer = current_viewer(lab)
    expect(viewer.locator("svg g.node").first).to_be_visible()
    notebook = viewer_lab.root / "examples" / "trump_putin_2017.ipynb"
    assert not notebook.exists()
    viewer.get_by_role("button", name=re.compile("Open in a notebook")).click()
    cells = written_json(notebook)["cells"]
    assert [cell["cell_type"] for cell in cells] == ["markdown", "code"]
    assert "".join(cells[1]["source"]) == f'import scenario_tree\nscenario_tree.explore("{Path(SCENARIO).name}")'
    lab.wait_for_function("() => window.jupyterapp.shell.currentWidget.context.path === "
                          "'examples/trump_putin_2017.ipynb'")
    assert current_widget(lab)["notebook"]
    # A second click keeps the first notebook and writes another one.
    command(lab, "docmanager:open", {"path": SCENARIO})
    current_viewer(lab).get_by_role("button", name=re.compile("Open in a notebook")).click()
    second = viewer_lab.root / "examples" / "trump_putin_2017-1.ipynb"
    assert written_json(second)["cells"] == cells
    assert written_json(notebook)["cells"] == cells
