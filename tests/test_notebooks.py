"""The notebooks as committed: they run under nbval (make test), and carry no saved widget state.

Saved widget state holds a copy of the explorer's front-end code and style: a notebook opened in
JupyterLab would show that old copy until its cells run again, so it is never committed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda path: path.name)
def test_no_saved_widget_state(notebook: Path) -> None:
    document = json.loads(notebook.read_text(encoding="utf-8"))
    assert "widgets" not in document.get("metadata", {}), f"{notebook.name}: strip its metadata.widgets"


def test_the_notebooks_are_there() -> None:
    assert {path.name for path in NOTEBOOKS} >= {"explore_trump_putin.ipynb", "analysis.ipynb",
                                                 "build_your_own.ipynb", "published_examples.ipynb",
                                                 "hindsight.ipynb"}
