"""The version is in one place, and the package metadata agrees with it."""

from __future__ import annotations

import re
from pathlib import Path

import tomllib

import scenario_tree
from scenario_tree.version import __version__


def test_one_version_everywhere():
    project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert scenario_tree.__version__ == __version__ == project["project"]["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)
