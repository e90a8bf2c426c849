"""The viewer as pip installs it: the prebuilt JupyterLab extension and the server extension, enabled.

The ``build`` tests build a wheel from a copy of the sources (as in a clean clone: no node packages,
no earlier build), once with Node.js and once without it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
LABEXTENSION = "share/jupyter/labextensions/scenario-tree"
SERVER_CONFIG = "etc/jupyter/jupyter_server_config.d/scenario_tree.json"
# What a clean clone does not have: build output, node packages, environments, caches.
NOT_SOURCES = {".git", ".venv", "node_modules", ".yarn", "lib", "dist", "build", "artifacts", "__pycache__",
               ".pytest_cache", ".ruff_cache", ".hypothesis", ".ipynb_checkpoints", "tsconfig.tsbuildinfo"}
BUILT = REPO_ROOT / "scenario_tree" / "labextension"


def jupyter(*args: str) -> str:
    """Run this environment's ``jupyter`` and return what it printed, without colours."""
    result = subprocess.run([sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)


def test_jupyter_labextension_list_shows_the_extension_enabled() -> None:
    listing = jupyter("labextension", "list")
    assert re.search(r"^\s*scenario-tree v0\.1\.0 enabled OK \(python, scenario-tree\)$", listing, re.MULTILINE), (
        "the scenario-tree JupyterLab extension is not installed in this environment "
        f"(pip install -e '.[dev]', which 'make setup' runs, installs it):\n{listing}")


def test_jupyter_server_extension_list_shows_the_server_extension_enabled() -> None:
    listing = jupyter("server", "extension", "list")
    assert re.search(r"^\s*scenario_tree\.sharing\.server enabled$", listing, re.MULTILINE), listing
    assert re.search(r"^\s*scenario_tree\.sharing\.server\s+OK$", listing, re.MULTILINE), listing


# -- the build hook ---------------------------------------------------------------------------------


def build_hook(root: Path) -> ModuleType:
    """``labextension/hatch_build.py`` of the source tree at ``root``, imported as the build imports it."""
    spec = importlib.util.spec_from_file_location(f"hatch_build_{id(root)}", root / "labextension" / "hatch_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_sources(target: Path) -> Path:
    """The repository as a clean clone has it."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        ignored = {name for name in names if name in NOT_SOURCES}
        if Path(folder).resolve() == REPO_ROOT / "scenario_tree":
            ignored.add("labextension")  # the build output; labextension/ at the root is the source
        return ignored

    shutil.copytree(REPO_ROOT, target, ignore=ignore, symlinks=True)
    return target


def test_without_node_an_existing_build_is_shipped_and_a_missing_one_stops_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = copy_sources(tmp_path / "src")
    hook = build_hook(sources)
    monkeypatch.setattr(hook.shutil, "which", lambda program: None)
    with pytest.raises(RuntimeError, match="needs Node.js") as error:
        hook.build_labextension("wheel", "standard")
    assert "'node' was not found on PATH" in str(error.value)
    hook.OUTPUT.mkdir(parents=True)
    (hook.OUTPUT / "package.json").write_text("{}", encoding="utf-8")
    hook.build_labextension("wheel", "standard")  # uses it, builds nothing
    assert sorted(path.name for path in hook.OUTPUT.iterdir()) == ["package.json"]


def test_a_build_is_stale_when_a_source_is_newer(tmp_path: Path) -> None:
    sources = copy_sources(tmp_path / "src")
    hook = build_hook(sources)
    assert not hook.is_built()
    hook.OUTPUT.mkdir(parents=True)
    (hook.OUTPUT / "package.json").write_text("{}", encoding="utf-8")
    assert hook.is_built()
    page_module = sources / "scenario_tree" / "sharing" / "static" / "scenario_page.js"
    later = (hook.OUTPUT / "package.json").stat().st_mtime + 10
    os.utime(page_module, (later, later))
    assert not hook.is_built()


def build_wheel(sources: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(sources)],
                          capture_output=True, text=True, timeout=900, env=env)


@pytest.mark.build
def test_the_wheel_carries_the_prebuilt_extension_and_the_server_config(tmp_path: Path) -> None:
    sources = copy_sources(tmp_path / "src")
    result = build_wheel(sources, tmp_path / "dist")
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    [wheel] = (tmp_path / "dist").glob("scenario_tree-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        data = next(re.match(r"[^/]+\.data/data/", name).group() for name in names
                    if re.match(r"[^/]+\.data/data/", name))
        package = json.loads(archive.read(f"{data}{LABEXTENSION}/package.json"))
        config = json.loads(archive.read(f"{data}{SERVER_CONFIG}"))
    assert package["name"] == "scenario-tree"
    load = f"{data}{LABEXTENSION}/{package['jupyterlab']['_build']['load']}"
    assert load in names, sorted(names)
    assert f"{data}{LABEXTENSION}/static/style.js" in names
    assert f"{data}{LABEXTENSION}/install.json" in names
    assert config == {"ServerApp": {"jpserver_extensions": {"scenario_tree.sharing.server": True}}}
    assert "scenario_tree/sharing/static/scenario_page.js" in names
    assert not any(name.startswith("scenario_tree/labextension/") for name in names)  # shipped once, as data


@pytest.mark.build
def test_building_without_node_and_without_a_build_stops_with_a_clear_message(tmp_path: Path) -> None:
    sources = copy_sources(tmp_path / "src")
    bare_path = tmp_path / "bin"
    bare_path.mkdir()
    for program in ("python", "python3"):
        (bare_path / program).symlink_to(sys.executable)
    env = {**os.environ, "PATH": str(bare_path)}
    assert shutil.which("node", path=env["PATH"]) is None
    result = build_wheel(sources, tmp_path / "dist", env)
    assert result.returncode != 0
    assert "Building the scenario-tree JupyterLab extension needs Node.js" in result.stdout + result.stderr
    assert not list((tmp_path / "dist").glob("*.whl"))
