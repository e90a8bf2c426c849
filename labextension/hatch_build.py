"""Build step of the JupyterLab extension, run by hatch-jupyter-builder when a wheel is built.

``pip install .``, ``pip install -e .`` and ``python -m build`` call :func:`build_labextension`
(see ``[tool.hatch.build.hooks.jupyter-builder]`` in pyproject.toml). It builds the extension from
TypeScript with ``jlpm`` (the yarn that ``jupyter-builder`` ships) and ``@jupyterlab/builder`` from
the npm registry into ``scenario_tree/labextension/``, which the wheel ships as
``share/jupyter/labextensions/scenario-tree``:

- with Node.js: builds when the output is missing or older than any of its sources, else reuses it;
- without Node.js: reuses an existing build (an sdist carries one) with a warning, and otherwise
  stops with a message saying to install Node.js; it never ships a wheel without the extension.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUTPUT = ROOT / "scenario_tree" / "labextension"
SOURCES = [
    HERE / "src",
    HERE / "style",
    HERE / "package.json",
    HERE / "yarn.lock",
    HERE / "tsconfig.json",
    HERE / "webpack.config.js",
    ROOT / "scenario_tree" / "sharing" / "static",  # the page module the extension bundles
]
NO_NODE = (
    "Building the scenario-tree JupyterLab extension needs Node.js (>= 18) and the npm registry, "
    "and 'node' was not found on PATH. Install Node.js (e.g. 'apt-get install nodejs npm', "
    "'brew install node', 'conda install nodejs') and build again, or install from a wheel or sdist, "
    "which carry the built extension."
)

log = logging.getLogger(__name__)


def _newest_mtime(paths: list[Path]) -> float:
    newest = 0.0
    for path in paths:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        newest = max([newest, *(file.stat().st_mtime for file in files)])
    return newest


def is_built() -> bool:
    """Whether the build output exists and is newer than every source."""
    built = OUTPUT / "package.json"
    return built.is_file() and _newest_mtime([OUTPUT]) >= _newest_mtime(SOURCES)


def build_labextension(target_name: str, version: str, **_: object) -> None:
    """Build the extension when needed (hatch-jupyter-builder's build-function signature)."""
    if shutil.which("node") is None:
        if (OUTPUT / "package.json").is_file():
            log.warning("Node.js not found: shipping the JupyterLab extension already built in %s", OUTPUT)
            return
        raise RuntimeError(NO_NODE)
    if is_built():
        log.info("The JupyterLab extension in %s is up to date", OUTPUT)
        return
    # jlpm and jupyter-builder are installed next to the Python running this build (its isolated environment).
    os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    # Imported here: the build environment has hatch-jupyter-builder, the checks above need nothing.
    from hatch_jupyter_builder import npm_builder

    npm_builder(target_name, version, path=str(HERE), build_cmd="build:prod", npm=["jlpm"], force=True)
