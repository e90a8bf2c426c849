"""Fixtures for the real-browser tests: a JupyterLab server, a Voilà server and headless Chromium.

The servers run as child processes on 127.0.0.1 on free ports, with no token, no password, no
news or update checks, autosave off and throw-away settings, workspaces and a copy of
``notebooks/`` as their root, so a test never touches the repository's notebook. Their kernels
import ``scenario_tree`` from this checkout (``PYTHONPATH`` is set to the repository root).

Chromium is the system one (``/usr/bin/chromium``); Playwright's own browsers are not needed.
On a failure every open page leaves a screenshot and its console log in ``tests/artifacts/``,
next to the servers' logs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO_ROOT / "notebooks"
ARTIFACTS = REPO_ROOT / "tests" / "artifacts"
NOTEBOOK = "explore_trump_putin.ipynb"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
VIEWPORT = {"width": 1600, "height": 1000}

SERVER_START_TIMEOUT = 120  # seconds: JupyterLab takes 10-30 s to start in CI
PAGE_TIMEOUT_MS = 120_000  # JupyterLab's first load, a kernel start and the first run of the notebook
ACTION_TIMEOUT_MS = 30_000  # one click or key press and the kernel's answer

# JupyterLab settings for a quiet, deterministic run: no autosave (the notebook is a copy, but a
# save while cells run would race the test), no news or update pop-ups, and every cell attached
# to the DOM (the default windowing detaches or hides cells scrolled out of view).
LAB_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {"autosave": False},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


# -- processes ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(tmp: Path) -> dict[str, str]:
    """The environment of a server and its kernels: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO_ROOT), env.get("PYTHONPATH", "")] if p)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    runtime = tmp / "runtime"
    runtime.mkdir(parents=True, exist_ok=True)
    env["JUPYTER_RUNTIME_DIR"] = str(runtime)
    env["PYTHONUNBUFFERED"] = "1"
    for name in ("JUPYTER_TOKEN", "JUPYTER_PASSWORD"):
        env.pop(name, None)
    return env


def _children_of() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'
        fields = text[text.rindex(")") + 2:].split()
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (Linux ``/proc``; elsewhere an empty list)."""
    if not Path("/proc").is_dir():
        return []
    tree, found, todo = _children_of(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(process: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop a server and everything it started (its kernels run in sessions of their own)."""
    if process.poll() is not None:
        return
    children = descendants(process.pid)
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)  # the server shuts its kernels down on SIGTERM
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=grace)
    for pid in children:  # whatever did not go away with its server
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def wait_until_serving(url: str, process: subprocess.Popen, log: Path, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Poll ``url`` until it answers 200, failing early (with the log) if the server exits."""
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode} before serving {url}; "
                        f"log {log}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
                last = f"HTTP {answer.status}"
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {timeout} s (last: {last}); log {log}:\n{tail(log)}")


def wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = SERVER_START_TIMEOUT) -> None:
    """Wait until something accepts connections on the port (for servers without a cheap status URL)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with code {process.returncode}; log {log}:\n{tail(log)}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
            return
        time.sleep(0.5)
    pytest.fail(f"nothing listened on 127.0.0.1:{port} within {timeout} s; log {log}:\n{tail(log)}")


def copy_notebooks(target: Path) -> Path:
    """A private copy of ``notebooks/`` (without checkpoints) for a server to work in.

    ``examples/`` is copied beside it, as in the repository: the notebooks read the examples from their
    parent folder (they ``%cd ..`` so that paths read as in the README).
    """
    if not (NOTEBOOKS / NOTEBOOK).is_file():
        pytest.fail(f"the notebook under test is missing: {NOTEBOOKS / NOTEBOOK}")
    shutil.copytree(NOTEBOOKS, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    shutil.copytree(REPO_ROOT / "examples", target.parent / "examples", dirs_exist_ok=True)
    return target


@dataclass
class Server:
    url: str
    port: int
    root: Path
    process: subprocess.Popen
    log: Path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@contextlib.contextmanager
def running_jupyter_lab(tmp: Path, root: Path, log: Path, extra_args: tuple[str, ...] = (),
                        extra_env: dict[str, str] | None = None) -> Iterator[Server]:
    """A real ``jupyter lab`` on a free port of 127.0.0.1 working in ``root``, stopped on exit."""
    settings, user_settings, workspaces = tmp / "app-settings", tmp / "user-settings", tmp / "workspaces"
    for folder in (settings, user_settings, workspaces):
        folder.mkdir()
    (settings / "overrides.json").write_text(json.dumps(LAB_OVERRIDES, indent=2), encoding="utf-8")
    port = free_port()
    command = [
        sys.executable, "-m", "jupyter", "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.allow_root=True",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.expose_app_in_browser=True",  # window.jupyterapp
        "--JupyterNotebookApp.expose_app_in_browser=True",  # the same in Notebook 7
        f"--LabApp.app_settings_dir={settings}",
        f"--LabApp.user_settings_dir={user_settings}",
        f"--LabApp.workspaces_dir={workspaces}",
        *extra_args,
    ]
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=root, env={**server_env(tmp), **(extra_env or {})}, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", port, root, process, log)
    try:
        wait_until_serving(f"{server.url}/api/status", process, log)
        yield server
    finally:
        kill_tree(process)


@pytest.fixture(scope="session")
def jupyter_lab(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[Server]:
    """A real ``jupyter lab`` on a free port of 127.0.0.1, working in a copy of ``notebooks/``."""
    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = copy_notebooks(tmp / "notebooks")
    with running_jupyter_lab(tmp, root, artifacts / "jupyterlab-server.log") as server:
        yield server


@pytest.fixture(scope="session")
def voila_server(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[Server]:
    """Voilà serving a copy of the notebook on a free port of 127.0.0.1."""
    tmp = tmp_path_factory.mktemp("voila")
    root = copy_notebooks(tmp / "notebooks")
    port = free_port()
    command = [
        sys.executable, "-m", "voila", str(root / NOTEBOOK),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    log = artifacts / "voila-server.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=root, env=server_env(tmp), stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", port, root, process, log)
    try:
        # Voilà runs the notebook for every GET of its page, so only wait for the port here.
        wait_for_port(port, process, log)
        yield server
    finally:
        kill_tree(process)


# -- the browser ----------------------------------------------------------------------------------


@dataclass
class Tab:
    """A page with its console log, dumped to ``tests/artifacts/`` when a test fails."""

    name: str
    page: Any
    console: list[str] = field(default_factory=list)

    def dump(self, label: str) -> list[Path]:
        stem = re.sub(r"[^\w.-]+", "_", f"{label}-{self.name}")
        saved = []
        shot = ARTIFACTS / f"{stem}.png"
        try:
            self.page.screenshot(path=str(shot), full_page=True, timeout=15_000)
            saved.append(shot)
        except Exception as error:  # noqa: BLE001 - a dump must never hide the real failure
            self.console.append(f"[dump] screenshot failed: {error}")
        log = ARTIFACTS / f"{stem}.console.log"
        log.write_text("\n".join(self.console) + "\n", encoding="utf-8")
        saved.append(log)
        return saved


_OPEN_TABS: list[Tab] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless system Chromium through Playwright's sync API."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def open_tab(browser: Any, artifacts: Path) -> Iterator[Any]:
    """Open a new page (own context, 1600x1000 unless a viewport is given) that records its console.

    Every page is closed at the end of the session.
    """
    contexts = []

    def open_(name: str, viewport: dict[str, int] | None = None) -> Tab:
        context = browser.new_context(viewport=viewport or VIEWPORT, accept_downloads=True)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        tab = Tab(name, page)
        page.on("console", lambda message: tab.console.append(f"[{message.type}] {message.text}"))
        page.on("pageerror", lambda error: tab.console.append(f"[pageerror] {error}"))
        page.on("requestfailed", lambda request: tab.console.append(
            f"[requestfailed] {request.method} {request.url}: {request.failure}"))
        _OPEN_TABS.append(tab)
        return tab

    yield open_
    for tab in _OPEN_TABS:  # kept after a green run too: warnings from the widget show up here
        (artifacts / f"console-{tab.name}.log").write_text("\n".join(tab.console) + "\n", encoding="utf-8")
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()
    _OPEN_TABS.clear()


def dump_open_tabs(label: str) -> list[Path]:
    saved: list[Path] = []
    for tab in list(_OPEN_TABS):
        if not tab.page.is_closed():
            saved.extend(tab.dump(label))
    return saved


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call") and item.get_closest_marker("browser"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        saved = dump_open_tabs(f"FAILED-{item.name}-{report.when}")
        if saved:
            report.sections.append(("browser artifacts", "\n".join(str(path) for path in saved)))


# -- JupyterLab -----------------------------------------------------------------------------------

OPEN_AND_RUN = """
async ({path, timeout}) => {
  const within = (promise, what) => Promise.race([
    promise,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), timeout)),
  ]);
  const app = window.jupyterapp;
  await within(app.started, "JupyterLab start");
  await within(app.restored, "JupyterLab restore");
  const panel = await within(app.commands.execute("docmanager:open", {path}), "opening " + path);
  await within(panel.context.ready, "notebook load");
  app.shell.activateById(panel.id);
  const current = app.shell.currentWidget;
  if (current !== panel) throw new Error(`the current widget is ${current && current.id}, not the notebook`);
  const session = current.sessionContext;
  await within(session.ready, "session ready");
  const kernel = session.session && session.session.kernel;
  if (!kernel) throw new Error("the notebook has no kernel (kernel preference: " +
                               JSON.stringify(session.kernelPreference) + ")");
  const info = await within(kernel.info, "kernel info");
  await within(app.commands.execute("notebook:run-all-cells"), "run all cells");
  return {kernel: kernel.name, language: info.language_info.name};
}
"""

RUN_STATE = """
() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter((cell) => cell.model.type === "code");
  const errors = [];
  for (const cell of cells) {
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i).toJSON();
      if (output.output_type === "error") {
        errors.push(`${output.ename}: ${output.evalue}\\n${(output.traceback || []).join("\\n")}`);
      }
    }
  }
  return {
    status: kernel ? kernel.status : "no kernel",
    pending: cells.filter((cell) => cell.model.executionCount === null).length,
    errors: errors.map((text) => text.replace(/\\u001b\\[[0-9;]*m/g, "")),
  };
}
"""


def wait_for_notebook_run(page: Any, timeout_s: float = PAGE_TIMEOUT_MS / 1000) -> dict[str, Any]:
    """Wait until every code cell has run and the kernel is idle; fail on any error output."""
    deadline = time.monotonic() + timeout_s
    state: dict[str, Any] = {}
    while time.monotonic() < deadline:
        state = page.evaluate(RUN_STATE)
        if state["errors"]:
            pytest.fail("a notebook cell raised:\n" + "\n\n".join(state["errors"]))
        if state["pending"] == 0 and state["status"] == "idle":
            return state
        time.sleep(0.25)
    pytest.fail(f"the notebook did not finish running within {timeout_s} s: {state}")


def open_notebook_page(server: Server, open_tab: Any, name: str, notebook: str,
                       viewport: dict[str, int] | None = None, workspace: str | None = None) -> Any:
    """A new JupyterLab page with ``notebook`` (a path in the server's root) open and all its cells run.

    ``workspace`` opens a fresh, named JupyterLab workspace (``/lab/workspaces/NAME?reset``), so the
    page does not restore the tabs another page left open; without it the default workspace is used.
    """
    tab = open_tab(name, viewport)  # on a failure here, the first test's setup report dumps it
    page = tab.page
    url = f"{server.url}/lab/workspaces/{workspace}?reset" if workspace else f"{server.url}/lab"
    page.goto(url, timeout=PAGE_TIMEOUT_MS)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=PAGE_TIMEOUT_MS)
    result = page.evaluate(OPEN_AND_RUN, {"path": notebook, "timeout": PAGE_TIMEOUT_MS})
    tab.console.append(f"[test] kernel {result}")
    wait_for_notebook_run(page)  # fails at once, with the traceback, if a cell raised
    page.wait_for_selector(".scenario-tree-explorer .scenario-tree-view svg g.node", state="attached",
                           timeout=PAGE_TIMEOUT_MS)
    return page


MARK_FIRST_EXPLORER = """
() => {
  const first = document.querySelector(".scenario-tree-explorer");
  first.dataset.testExplorer = "first";
  return document.querySelectorAll(".scenario-tree-explorer").length;
}
"""


def first_explorer(page: Any) -> str:
    """A CSS selector of the page's first explorer (a notebook may show several), which it marks."""
    page.evaluate(MARK_FIRST_EXPLORER)
    return '.scenario-tree-explorer[data-test-explorer="first"]'


KERNEL_VALUE = """
async (code) => {
  const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
  const future = kernel.requestExecute({code, silent: false, store_history: false});
  let result = null;
  future.onIOPub = (message) => {
    const type = message.header.msg_type;
    if (type === "execute_result") result = message.content.data["text/plain"];
    if (type === "error") result = `${message.content.ename}: ${message.content.evalue}`;
  };
  await future.done;
  return result;
}
"""


def update_picture(shot: Path, picture: Path) -> None:
    """Copy a screenshot over the documentation's picture when it looks different, not for antialiasing noise.

    A pixel counts as changed when a channel moved by more than 24 of 255; the picture is replaced
    when the size changed or more than 1 pixel in 2,000 did.
    """
    from PIL import Image, ImageChops  # Pillow comes with matplotlib (the analysis extra)

    if picture.exists():
        with Image.open(shot) as new, Image.open(picture) as old:
            same_size = new.size == old.size
            changed = ImageChops.difference(new.convert("RGB"), old.convert("RGB")).convert("L").point(
                lambda level: 255 if level > 24 else 0).histogram()[255] if same_size else None
        if same_size and changed <= new.size[0] * new.size[1] // 2000:
            return
    shutil.copyfile(shot, picture)


def kernel_value(page: Any, code: str) -> str | None:
    """Run ``code`` in the current notebook's kernel; the ``repr`` of its value, or ``"Error: ..."``.

    The kernel handles messages in order, so the answer also means that every widget message the
    page sent before it (a click, a key) has been handled.
    """
    return page.evaluate(KERNEL_VALUE, code)


@pytest.fixture(scope="module")
def lab_page(jupyter_lab: Server, open_tab: Any) -> Any:
    """JupyterLab in Chromium with the copied notebook open and all its cells run."""
    return open_notebook_page(jupyter_lab, open_tab, "jupyterlab", NOTEBOOK)
